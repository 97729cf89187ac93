/*
 * PostgreSQL adapter of the event store port.
 *
 * The trap: a reader that follows the log by a sequence-numbered position can skip an event. Writer A takes position
 * 7, writer B takes 8, B commits first; a reader sees 8, moves its checkpoint past 7, and never sees 7 when A commits.
 *
 * Chosen design: positions are issued by one counter row (`log_head`) whose row lock an append holds from the moment
 * it takes its positions until its commit. Positions are therefore gapless and in commit order: when a reader can
 * see position n, every position below n is already visible. Reading "after my checkpoint" misses and reorders
 * nothing, and `verifyAll` can treat a hole in the positions (or a counter above the last event) as a deletion.
 *
 * The price of one writer slot is that transactions pass through it one at a time. Three things keep that cheap
 * (see postgres-schema.ts for the procedure, postgres-append-group.ts, postgres-durability.ts):
 * - Group commit: concurrent appends in this process go to the database together, one CALL per group, so the slot
 *   is taken once per group, not once per append. Each append keeps its own compare-and-set.
 * - No fsync inside the slot: the group commits with `synchronous_commit = off`, and the same CALL then commits a
 *   second, synchronous transaction that writes WAL, which flushes the WAL up to and past the group. Durability is
 *   that of a synchronous commit: append() resolves only once its events are on disk (and on synchronous standbys,
 *   if configured); a crash before that loses them and the caller sees an error, as for a connection lost during
 *   COMMIT. WAL replays as a prefix, so a crash never keeps a later event without an earlier one.
 * - Reads never show what a crash could take back: between the two commits another session can see the group, so a
 *   read whose snapshot may include WAL not yet on disk waits for a flush before answering (one shared flush, and
 *   only while writes are under way).
 * With the counter but a plain synchronous commit per append, 16 concurrent writers reached about 30% of the same
 * INSERTs issued directly; see the report for the figures of this design.
 *
 * Rejected: (b) a sequence plus the writing transaction's xid8, readers stopping below
 * `pg_snapshot_xmin(pg_current_snapshot())`. It never misses an event, but only if readers order by (xid, sequence),
 * so positions are neither gapless nor increasing in the order readers see them, which the port promises; and a
 * deleted event no longer shows as a position gap. A transaction-scoped advisory lock instead of the counter row
 * measured slower here and forgets positions deleted from the tail.
 *
 * Expected revision is a compare-and-set on the stream's head row inside the procedure, so two writers expecting
 * revision n cannot both win: the loser's UPDATE waits for the winner's commit, re-checks, and writes nothing. The
 * hash chain is computed here (canonical JSON, event-hash.ts) from the head the caller believes in; a recently seen
 * head is remembered per stream, so a typical append is one round trip, and a wrong guess costs one retry.
 */
import pg from 'pg';
import type { LogEvent, NewEvent, NewEventMetadata, RecordedEvent } from '../event-envelope.js';
import { eventHash } from '../event-hash.js';
import {
  ConcurrencyError,
  EventStoreError,
  IdempotencyConflictError,
  InvalidEventError,
  StoreUnavailableError,
} from '../event-store.errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadByStreamOptions,
  ReadStreamOptions,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { DEFAULT_EVENT_LIMITS, type EventLimits, validateAppend, validateBatch } from '../event-validation.js';
import { type ExpectedRevision, NO_STREAM_REVISION, revisionMatches } from '../expected-revision.js';
import { integrityReport, missingHeadProblem, type IntegrityProblem, type IntegrityReport, verifyChain } from '../integrity.js';
import { type AppendOutcome, AppendGroupWriter, type PendingAppend, type StreamHead } from './postgres-append-group.js';
import { AppendListener, AppendSignal, asError } from './postgres-append-signal.js';
import { DurabilityBarrier } from './postgres-durability.js';
import {
  APPEND_CHANNEL,
  EVENT_COLUMNS,
  type EventRow,
  LOG_EVENT_COLUMNS,
  type LogEventRow,
  checkSchemaName,
  schemaStatements,
  toLogEvent,
  toRecordedEvent,
} from './postgres-schema.js';
import { PostgresSubscription } from './postgres-subscription.js';
import { checkReadOptions } from '../log-read-ahead.js';
import { FROM_THE_START } from '../stream-read-ahead.js';

export interface PostgresEventStoreOptions {
  /** Used to open a pool of its own (closed by close()). Give this or `pool`. */
  readonly connectionString?: string;
  /** A pool owned by the caller: close() leaves it open. */
  readonly pool?: pg.Pool;
  /** Size of the pool opened from `connectionString`. Default 10. */
  readonly poolSize?: number;
  /** Where the tables live. Default `event_store`. */
  readonly schema?: string;
  /** Source of `recordedAt`; the system clock unless a test or an import supplies one. */
  readonly clock?: () => Date;
  readonly limits?: EventLimits;
  /** How often a caught-up subscription looks for new events when no notification arrives. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Told about connection failures that no caller is waiting on (an idle pooled connection, the LISTEN connection). */
  readonly onError?: (error: Error) => void;
}

interface AppendGroupRow {
  readonly r_appended: boolean[];
  readonly r_first_positions: (string | null)[];
  readonly r_head_revisions: (number | null)[];
  readonly r_head_hashes: (string | null)[];
}

type Durable = { readonly durable: boolean };

/** What a batch does with one of its appends: answer an earlier identical append, or write new events. */
type BatchPlan =
  | { readonly kind: 'replay'; readonly result: AppendResult }
  | { readonly kind: 'write'; readonly events: RecordedEvent[]; readonly dataJson: readonly string[] };

const DEFAULT_SCHEMA = 'event_store';
const DEFAULT_BATCH_SIZE = 1000;
/** Heads remembered for a single-round-trip append; a wrong guess only costs a retry. */
const HEAD_CACHE_SIZE = 10_000;
/** A group is one CALL: bounded so that it stays quick and its parameters small. */
const GROUP_LIMITS = { maxInFlight: 2, maxAppends: 100, maxEvents: 5000, maxDataChars: 8 * 1024 * 1024 };
/** Compare-and-set retries for `any`/`exists` before giving up on a stream that keeps moving. */
const MAX_APPEND_ATTEMPTS = 100;
/** Rows fetched per query while verifying the whole log. */
const VERIFY_PAGE = 2000;
/** An unpaired UTF-16 surrogate would be stored as U+FFFD, silently changing what the hash covers. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * True when every commit a statement could see is already flushed to the WAL on local disk. (With synchronous
 * replication this does not wait for the standbys; appends themselves do.)
 */
const DURABLE = '(SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()) AS durable';

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly clock: () => Date;
  private readonly limits: EventLimits;
  private readonly pollIntervalMs: number;
  private readonly onError: (error: Error) => void;
  private readonly poolErrorHandler: (error: Error) => void;
  private readonly sql: ReturnType<typeof statements>;
  private readonly heads = new Map<string, StreamHead>();
  private readonly durability: DurabilityBarrier;
  private readonly groups: AppendGroupWriter;
  private readonly signal = new AppendSignal();
  private readonly listener: AppendListener;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private initialised = false;
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    this.schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (!options.connectionString) throw new StoreUnavailableError('PostgreSQL event store needs a connection string or a pool');
      this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
      this.ownsPool = true;
    }
    this.clock = options.clock ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_EVENT_LIMITS;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.onError = options.onError ?? (() => undefined);
    // An idle pooled connection that breaks emits 'error' on the pool; unhandled, that would end the process.
    this.poolErrorHandler = (error) => this.onError(error);
    this.pool.on('error', this.poolErrorHandler);
    this.sql = statements(`"${this.schema}"`);
    this.durability = new DurabilityBarrier(() => this.flushWal());
    this.groups = new AppendGroupWriter((group) => this.writeGroup(group), GROUP_LIMITS);
    this.listener = new AppendListener(this.pool, this.schema, this.signal, this.pollIntervalMs, this.onError);
  }

  async init(): Promise<void> {
    this.checkOpen();
    await this.inTransaction('initialise its schema', 'BEGIN', async (client) => {
      for (const statement of schemaStatements(this.schema)) await client.query(statement);
    });
    this.initialised = true;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const dataJson = validateAppend(streamId, events, this.limits);
    const expected = checkExpectedRevision(options);
    const metadata = events.map((event, i) => storableMetadata(event.metadata, i));
    this.checkReady();
    const recordedAt = this.clock().toISOString();

    let head = this.guessHead(streamId, expected) ?? (await this.readHead(streamId));
    for (let attempt = 1; ; attempt++) {
      if (!revisionMatches(expected, head.revision)) {
        const replay = await this.replayIfRetried(streamId, events);
        if (replay) return replay;
        throw new ConcurrencyError(streamId, expected, head.revision);
      }
      const recorded = chain(streamId, events, dataJson, metadata, head, recordedAt);
      let outcome: AppendOutcome;
      try {
        outcome = await this.groups.submit({ streamId, head, recordedAt, events: recorded, dataJson });
      } catch (error) {
        if (constraintOf(error) === 'events_event_id_unique') {
          const replay = await this.replayIfRetried(streamId, events);
          if (replay) return replay;
          // Another append stored one of these ids and then vanished before we could read it: not ours to merge.
          throw new IdempotencyConflictError(events[0]?.id ?? '', 'an event id was taken by another append at the same time');
        }
        if (constraintOf(error) === 'events_stream_revision_unique') {
          // The head row disagrees with the events (only after tampering): trust the events and try again.
          head = await this.readHead(streamId, true);
          if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyError(streamId, expected, head.revision);
          continue;
        }
        throw unavailable(error, 'confirm the append, which may or may not be stored: retry it with the same event ids');
      }
      if (!outcome.appended) {
        head = outcome.head;
        this.remember(streamId, head);
        if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyError(streamId, expected, head.revision);
        continue;
      }
      const first = outcome.firstPosition;
      const stored = recorded.map(
        (e, i): RecordedEvent => ({ ...e, metadata: { ...e.metadata, position: first + i } }),
      );
      const last = stored[stored.length - 1]?.metadata ?? missing('the append answered no events');
      this.remember(streamId, { revision: last.revision, hash: last.hash });
      // Durable already: the append procedure flushed the WAL and notified other processes before answering.
      this.signal.raise();
      return { streamId, nextExpectedRevision: last.revision, position: last.position, events: stored, idempotentReplay: false };
    }
  }

  /**
   * One transaction on one connection, a handful of statements whatever the batch's size: the streams' head rows are
   * locked in stream order (as the append procedure locks them, so neither can deadlock the other) and checked here,
   * the events are chained onto them, then the heads, the positions (the log_head slot, as for any append) and the
   * events are written with one statement each. The commit is an ordinary synchronous one, so the writer slot is
   * held through one fsync per batch: right for a bulk load, which is why single appends keep the group procedure.
   */
  async appendBatch(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const dataJson = validateBatch(appends, this.limits);
    const metadata = appends.map((a) => a.events.map((event, i) => storableMetadata(event.metadata, i)));
    this.checkReady();
    if (appends.length === 0) return [];
    const recordedAt = this.clock().toISOString();
    const written = await this.inTransaction('append a batch', 'BEGIN', async (client) => {
      const ids = appends.flatMap((a) => a.events.map((e) => e.id));
      const stored = new Map((await client.query<EventRow>(this.sql.byIds, [ids])).rows.map((row) => [row.event_id, toRecordedEvent(row)] as const));
      const streamIds = [...new Set(appends.map((a) => a.streamId))].sort(byCodePoint);
      const locked = await client.query<{ stream_id: string; revision: number; hash: string }>(this.sql.lockHeads, [streamIds]);
      const existing = new Set(locked.rows.map((r) => r.stream_id));
      const heads = new Map<string, StreamHead>(locked.rows.map((r) => [r.stream_id, { revision: r.revision, hash: r.hash }]));
      const plans = appends.map((append, i): BatchPlan => {
        const replay = storedRetry(append.streamId, append.events, stored);
        if (replay) return { kind: 'replay', result: replay };
        const head = heads.get(append.streamId) ?? { revision: NO_STREAM_REVISION, hash: '' };
        if (!revisionMatches(append.expectedRevision, head.revision)) throw new ConcurrencyError(append.streamId, append.expectedRevision, head.revision);
        const events = chain(append.streamId, append.events, dataJson[i] ?? [], metadata[i] ?? [], head, recordedAt);
        const last = events[events.length - 1]?.metadata ?? missing('a batch append without events');
        heads.set(append.streamId, { revision: last.revision, hash: last.hash });
        return { kind: 'write', events, dataJson: dataJson[i] ?? [] };
      });
      const fresh = plans.flatMap((p) => (p.kind === 'write' ? [p] : []));
      const count = fresh.reduce((n, p) => n + p.events.length, 0);
      if (count > 0) {
        const touched = streamIds.filter((id) => fresh.some((p) => p.events[0]?.metadata.streamId === id));
        const head = (id: string): StreamHead => heads.get(id) ?? missing('a head for a written stream');
        const updated = touched.filter((id) => existing.has(id));
        await client.query(this.sql.updateHeads, [updated, updated.map((id) => head(id).revision), updated.map((id) => head(id).hash)]);
        const created = touched.filter((id) => !existing.has(id));
        const inserted = await client.query<{ stream_id: string }>(this.sql.insertHeads, [created, created.map((id) => head(id).revision), created.map((id) => head(id).hash)]);
        if (inserted.rowCount !== created.length) {
          // Another writer created one of these streams since the heads were locked: it has events now.
          const taken = created.find((id) => !inserted.rows.some((r) => r.stream_id === id)) ?? '';
          throw new ConcurrencyError(taken, appends.find((a) => a.streamId === taken)?.expectedRevision ?? 'no_stream', await this.lockedRevision(client, taken));
        }
        const { rows } = await client.query<{ base: string }>(this.sql.takePositions, [count]);
        const base = Number(rows[0]?.base ?? missing('no log head'));
        const events = fresh.flatMap((p) => p.events);
        const column = <T>(pick: (e: RecordedEvent) => T): T[] => events.map(pick);
        try {
          await client.query(this.sql.insertEvents, [
            base,
            column((e) => e.id),
            column((e) => e.metadata.streamId),
            column((e) => e.metadata.revision),
            column((e) => e.type),
            fresh.flatMap((p) => p.dataJson),
            column((e) => e.metadata.occurredAt),
            recordedAt,
            column((e) => e.metadata.actor.userId),
            column((e) => e.metadata.actor.role),
            column((e) => e.metadata.actor.team),
            column((e) => e.metadata.correlationId),
            column((e) => e.metadata.causationId),
            column((e) => e.metadata.schemaVersion),
            column((e) => e.metadata.machineVersion),
            column((e) => e.metadata.prevHash),
            column((e) => e.metadata.hash),
          ]);
        } catch (error) {
          // An id stored by another append after this batch looked them up: not ours to merge.
          if (constraintOf(error) === 'events_event_id_unique') throw new IdempotencyConflictError(ids[0] ?? '', 'an event id was taken by another append at the same time');
          throw error;
        }
        await client.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, this.schema]);
        let next = base + 1;
        for (const p of fresh) {
          p.events.forEach((e, i) => ((e.metadata as { position: number }).position = next + i));
          next += p.events.length;
        }
      }
      return plans;
    });
    const results = written.map((p): AppendResult => {
      if (p.kind === 'replay') return p.result;
      const last = p.events[p.events.length - 1]?.metadata ?? missing('a batch append without events');
      this.remember(last.streamId, { revision: last.revision, hash: last.hash });
      return { streamId: last.streamId, nextExpectedRevision: last.revision, position: last.position, events: p.events, idempotentReplay: false };
    });
    if (results.some((r) => !r.idempotentReplay)) this.signal.raise();
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkReady();
    const limit = sqlLimit(options.maxCount);
    const rows =
      options.direction === 'backwards'
        ? await this.read<EventRow>('read a stream', this.sql.streamBackwards, [streamId, options.fromRevision ?? 2_147_483_647, limit])
        : await this.read<EventRow>('read a stream', this.sql.streamForwards, [streamId, options.fromRevision ?? 0, limit]);
    const events = rows.map(toRecordedEvent);
    // A whole stream read forwards ends at its head: remember it for the append that usually follows.
    const last = events[events.length - 1]?.metadata;
    if (last && options.direction !== 'backwards' && options.maxCount === undefined) this.remember(streamId, last);
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    this.checkReady();
    const rows = await this.read<{ revision: number }>('read a stream revision', this.sql.head, [streamId]);
    return rows[0]?.revision ?? NO_STREAM_REVISION;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkReady();
    return this.readAfter(options.after ?? 0, sqlLimit(options.maxCount));
  }

  /** `readAll` reading only the columns a `LogEvent` has. */
  async readLog(options: ReadAllOptions = {}): Promise<LogEvent[]> {
    this.checkReady();
    const rows = await this.read<LogEventRow>('read the log', this.sql.logAfter, [options.after ?? 0, sqlLimit(options.maxCount)]);
    return rows.map(toLogEvent);
  }

  async readLogByStream(options: ReadByStreamOptions): Promise<LogEvent[]> {
    this.checkReady();
    const { upTo, after = FROM_THE_START } = options;
    checkReadOptions('upTo', upTo);
    const rows = await this.read<LogEventRow>('read the log', this.sql.logByStream, [after.streamId, after.revision, upTo, sqlLimit(options.maxCount)]);
    return rows.map(toLogEvent);
  }

  async headPosition(): Promise<number> {
    this.checkReady();
    const rows = await this.read<{ head_position: string | null }>('read the head position', this.sql.headPosition, []);
    return Number(rows[0]?.head_position ?? 0);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.checkReady();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const subscription = new PostgresSubscription(
      {
        readAfter: (after, limit) => this.readAfter(after, limit),
        readFailed: (error) => this.onError(error),
        signal: this.signal,
        started: () => this.listener.acquire(),
        waiting: () => this.listener.ensure(),
        ended: (s, started) => {
          this.subscriptions.delete(s);
          if (started) this.listener.release();
        },
      },
      options.after ?? 0,
      batchSize,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    this.checkReady();
    return this.inReadSnapshot('verify a stream', async (client) => {
      const heads = await client.query<{ revision: number; hash: string }>(this.sql.head, [streamId]);
      const head = heads.rows[0];
      const rows = await client.query<EventRow>(this.sql.streamForwards, [streamId, 0, null]);
      const events = rows.rows.map(toRecordedEvent);
      const problems = verifyChain(streamId, events, head);
      if (!head && events.length > 0) problems.push(missingHeadProblem(streamId, events));
      return integrityReport(head || events.length > 0 ? 1 : 0, events.length, problems);
    });
  }

  /** One consistent snapshot of the whole log, read in pages so memory stays bounded by the largest stream. */
  async verifyAll(): Promise<IntegrityReport> {
    this.checkReady();
    return this.inReadSnapshot('verify the log', async (client) => {
      const problems = await this.positionGaps(client);
      const heads = new Map(
        (await client.query<{ stream_id: string; revision: number; hash: string }>(this.sql.allHeads)).rows.map(
          (h) => [h.stream_id, { revision: h.revision, hash: h.hash }] as const,
        ),
      );
      let streamsChecked = 0;
      let eventsChecked = 0;
      let current: string | undefined;
      let events: RecordedEvent[] = [];
      const checkStream = (): void => {
        if (current === undefined) return;
        const head = heads.get(current);
        problems.push(...verifyChain(current, events, head));
        if (!head) problems.push(missingHeadProblem(current, events));
        heads.delete(current);
        streamsChecked += 1;
      };
      let cursor: [string, number] = ['', -1];
      for (;;) {
        const page = (await client.query<EventRow>(this.sql.eventsByStream, [...cursor, VERIFY_PAGE])).rows;
        for (const row of page) {
          if (row.stream_id !== current) {
            checkStream();
            current = row.stream_id;
            events = [];
          }
          events.push(toRecordedEvent(row));
          eventsChecked += 1;
          cursor = [row.stream_id, row.revision];
        }
        if (page.length < VERIFY_PAGE) break;
      }
      checkStream();
      // Heads left over belong to streams whose every event is gone.
      for (const [orphan, head] of heads) {
        problems.push(...verifyChain(orphan, [], head));
        streamsChecked += 1;
      }
      return integrityReport(streamsChecked, eventsChecked, problems);
    });
  }

  async ping(): Promise<void> {
    this.checkOpen();
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw unavailable(error, 'answer a ping');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    await this.listener.close();
    await this.groups.idle();
    await this.durability.idle();
    this.pool.off('error', this.poolErrorHandler);
    if (this.ownsPool) {
      // Late errors from connections being torn down must still not reach the process.
      this.pool.on('error', () => undefined);
      await this.pool.end();
    }
  }

  /** One call of the group function: per-append arrays, then per-event arrays (see postgres-schema.ts). */
  private async writeGroup(group: readonly PendingAppend[]): Promise<AppendOutcome[]> {
    const events = group.flatMap((a) => a.events);
    const column = <T>(pick: (e: RecordedEvent) => T): T[] => events.map(pick);
    const { rows } = await this.pool.query<AppendGroupRow>(this.sql.appendGroup, [
      group.map((a) => a.streamId),
      group.map((a) => a.head.revision),
      group.map((a) => a.head.hash),
      group.map((a) => a.events.length),
      group.map((a) => a.recordedAt),
      group.flatMap((a, i) => a.events.map(() => i + 1)),
      column((e) => e.metadata.revision),
      column((e) => e.id),
      column((e) => e.type),
      group.flatMap((a) => a.dataJson),
      column((e) => e.metadata.occurredAt),
      column((e) => e.metadata.actor.userId),
      column((e) => e.metadata.actor.role),
      column((e) => e.metadata.actor.team),
      column((e) => e.metadata.correlationId),
      column((e) => e.metadata.causationId),
      column((e) => e.metadata.schemaVersion),
      column((e) => e.metadata.machineVersion),
      column((e) => e.metadata.prevHash),
      column((e) => e.metadata.hash),
      this.schema,
    ]);
    const answer = rows[0] ?? missing('the append procedure answered nothing');
    return answer.r_appended.map((appended, i): AppendOutcome =>
      appended
        ? { appended: true, firstPosition: Number(answer.r_first_positions[i]) }
        : { appended: false, head: { revision: answer.r_head_revisions[i] ?? NO_STREAM_REVISION, hash: answer.r_head_hashes[i] ?? '' } },
    );
  }

  /**
   * Some ids may already be stored. A retry must resend the whole earlier append, in order, to the same stream; it
   * then answers what the first attempt answered. Anything else would silently merge two different appends.
   * Undefined when none of the ids is stored.
   */
  private async replayIfRetried(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const rows = await this.read<EventRow>('look up event ids', this.sql.byIds, [events.map((e) => e.id)]);
    return storedRetry(streamId, events, new Map(rows.map((row) => [row.event_id, toRecordedEvent(row)] as const)));
  }

  private async lockedRevision(client: pg.PoolClient, streamId: string): Promise<number> {
    const { rows } = await client.query<{ revision: number }>(this.sql.head, [streamId]);
    return rows[0]?.revision ?? NO_STREAM_REVISION;
  }

  /** The remembered head when it can satisfy `expected`; otherwise undefined, and the database decides. */
  private guessHead(streamId: string, expected: ExpectedRevision): StreamHead | undefined {
    if (expected === 'no_stream') return { revision: NO_STREAM_REVISION, hash: '' };
    const known = this.heads.get(streamId);
    return known && revisionMatches(expected, known.revision) ? known : undefined;
  }

  /** The stream's head row, or the last event's revision and hash when `fromEvents` (the head row was tampered with). */
  /** A guess for the compare-and-set (and the `actual` of a ConcurrencyError): it does not wait for durability. */
  private async readHead(streamId: string, fromEvents = false): Promise<StreamHead> {
    try {
      const { rows } = await this.pool.query<StreamHead>(fromEvents ? this.sql.lastEvent : this.sql.head, [streamId]);
      return rows[0] ?? { revision: NO_STREAM_REVISION, hash: '' };
    } catch (error) {
      throw unavailable(error, 'read a stream head');
    }
  }

  private remember(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    if (head.revision === NO_STREAM_REVISION) return;
    this.heads.set(streamId, { revision: head.revision, hash: head.hash });
    if (this.heads.size > HEAD_CACHE_SIZE) {
      const oldest = this.heads.keys().next();
      if (oldest.done !== true) this.heads.delete(oldest.value);
    }
  }

  private async readAfter(after: number, limit: number | null): Promise<RecordedEvent[]> {
    const rows = await this.read<EventRow>('read the log', this.sql.after, [after, limit]);
    return rows.map(toRecordedEvent);
  }

  /** A read whose answer is held back until everything it saw is durable (appends commit asynchronously). */
  private async read<T extends pg.QueryResultRow>(what: string, text: string, values: readonly unknown[]): Promise<T[]> {
    let rows: (T & Durable)[];
    try {
      rows = (await this.pool.query<T & Durable>(text, values as unknown[])).rows;
    } catch (error) {
      throw unavailable(error, what);
    }
    if (rows.length > 0 && rows[0]?.durable === false) await this.makeDurable();
    return rows;
  }

  private async makeDurable(): Promise<void> {
    try {
      await this.durability.flush();
    } catch (error) {
      throw new StoreUnavailableError(
        `PostgreSQL event store could not confirm the write reached disk (${explain(error)}); it may or may not be stored: retry with the same event ids`,
      );
    }
  }

  private async flushWal(): Promise<void> {
    await this.pool.query(this.sql.flush);
  }

  /** Verification reads several statements from one snapshot, so a concurrent append cannot look like tampering. */
  private async inReadSnapshot<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.inTransaction(what, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const result = await work(client);
      const durable = await client.query<Durable>(`SELECT ${DURABLE}`);
      if (durable.rows[0]?.durable === false) await this.makeDurable();
      return result;
    });
  }

  /**
   * Several statements on one checked-out connection. While it is checked out the pool does not listen for its
   * errors, and a connection that breaks between two statements would otherwise throw 'error' at the process.
   */
  private async inTransaction<T>(what: string, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailable(error, what);
    }
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
      this.onError(error);
    };
    client.on('error', onError);
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw unavailable(error, what);
    } finally {
      client.off('error', onError);
      // A broken connection is destroyed rather than handed back to the pool.
      client.release(broken);
    }
  }

  /** Holes in the global order, including a deleted tail (log_head remembers the highest position issued). */
  private async positionGaps(client: pg.PoolClient): Promise<IntegrityProblem[]> {
    const { rows } = await client.query<{ from: string; to: string }>(this.sql.positionGaps);
    return rows.map(({ from, to }) => ({
      kind: 'position_gap',
      streamId: '',
      revision: null,
      position: Number(from),
      detail: from === to ? `position ${from} is missing` : `positions ${from} to ${to} are missing`,
    }));
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('PostgreSQL event store is closed');
  }

  private checkReady(): void {
    this.checkOpen();
    if (!this.initialised) throw new StoreUnavailableError('PostgreSQL event store is not initialised: call init() first');
  }
}

function statements(s: string) {
  const select = `SELECT ${EVENT_COLUMNS}, ${DURABLE} FROM ${s}.events`;
  return {
    appendGroup: `CALL ${s}.append_group($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
      NULL, NULL, NULL, NULL)`,
    head: `SELECT revision, hash, ${DURABLE} FROM ${s}.streams WHERE stream_id = $1`,
    lastEvent: `SELECT revision, hash, ${DURABLE} FROM ${s}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
    byIds: `${select} WHERE event_id = ANY($1::text[])`,
    streamForwards: `${select} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    streamBackwards: `${select} WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
    after: `${select} WHERE position > $1 ORDER BY position LIMIT $2`,
    logAfter: `SELECT ${LOG_EVENT_COLUMNS}, ${DURABLE} FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT $2`,
    // The order of the (stream_id, revision) unique index, which the row comparison walks.
    logByStream: `SELECT ${LOG_EVENT_COLUMNS}, ${DURABLE} FROM ${s}.events
                  WHERE (stream_id, revision) > ($1, $2) AND position <= $3 ORDER BY stream_id, revision LIMIT $4`,
    headPosition: `SELECT max(position)::text AS head_position, ${DURABLE} FROM ${s}.events`,
    allHeads: `SELECT stream_id, revision, hash FROM ${s}.streams`,
    eventsByStream: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE (stream_id, revision) > ($1, $2) ORDER BY stream_id, revision LIMIT $3`,
    positionGaps: `SELECT (prev + 1)::text AS "from", (position - 1)::text AS "to" FROM (
                     SELECT position, lag(position, 1, 0::bigint) OVER (ORDER BY position) AS prev FROM ${s}.events
                     UNION ALL SELECT position + 1, (SELECT coalesce(max(position), 0) FROM ${s}.events) FROM ${s}.log_head
                   ) AS p WHERE position > prev + 1 ORDER BY prev`,
    flush: `SELECT pg_logical_emit_message(true, '${APPEND_CHANNEL}', '')`,
    lockHeads: `SELECT stream_id, revision, hash FROM ${s}.streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
    updateHeads: `UPDATE ${s}.streams AS st SET revision = u.revision, hash = u.hash
                  FROM unnest($1::text[], $2::integer[], $3::text[]) AS u(stream_id, revision, hash) WHERE st.stream_id = u.stream_id`,
    insertHeads: `INSERT INTO ${s}.streams (stream_id, revision, hash)
                  SELECT * FROM unnest($1::text[], $2::integer[], $3::text[]) AS u(stream_id, revision, hash) ORDER BY stream_id
                  ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
    takePositions: `UPDATE ${s}.log_head SET position = position + $1 WHERE id RETURNING (position - $1)::text AS base`,
    insertEvents: `INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, data, occurred_at, recorded_at,
                     actor_user_id, actor_role, actor_team, correlation_id, causation_id, schema_version, machine_version, prev_hash, hash)
                   SELECT $1::bigint + t.n, t.event_id, t.stream_id, t.revision, t.type, t.data, t.occurred_at, $8::text, t.actor_user_id,
                     t.actor_role, t.actor_team, t.correlation_id, t.causation_id, t.schema_version, t.machine_version, t.prev_hash, t.hash
                   FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $9::text[], $10::text[],
                       $11::text[], $12::text[], $13::text[], $14::integer[], $15::integer[], $16::text[], $17::text[])
                     WITH ORDINALITY AS t(event_id, stream_id, revision, type, data, occurred_at, actor_user_id, actor_role, actor_team,
                       correlation_id, causation_id, schema_version, machine_version, prev_hash, hash, n)`,
  };
}

/** No limit is SQL NULL; a caller's negative count reads nothing rather than everything. */
function sqlLimit(maxCount: number | undefined): number | null {
  if (maxCount === undefined) return null;
  return Math.max(0, Math.trunc(maxCount));
}

function checkExpectedRevision(options: AppendOptions | undefined): ExpectedRevision {
  const expected: unknown = options?.expectedRevision;
  if (expected === 'no_stream' || expected === 'any' || expected === 'exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidEventError('expected revision must be no_stream, any, exists or a revision number of 0 or more');
}

/** Only the fields the port defines, checked for text PostgreSQL would refuse or silently alter (which would break the hash). */
function storableMetadata(m: NewEventMetadata, i: number): NewEventMetadata {
  const own: NewEventMetadata = {
    occurredAt: m.occurredAt,
    actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
    correlationId: m.correlationId,
    causationId: m.causationId,
    schemaVersion: m.schemaVersion,
    machineVersion: m.machineVersion,
  };
  const texts = { 'actor.userId': own.actor.userId, 'actor.role': own.actor.role, 'actor.team': own.actor.team, correlationId: own.correlationId, causationId: own.causationId };
  for (const [field, text] of Object.entries(texts)) {
    if (text.includes('\0') || LONE_SURROGATE.test(text)) throw new InvalidEventError(`event ${i}: metadata.${field} holds a NUL or an unpaired surrogate`);
  }
  return own;
}

/** The events as they will be stored if `head` is still the stream's head: revisions and the hash chain. */
function chain(
  streamId: string,
  events: readonly NewEvent[],
  dataJson: readonly string[],
  metadata: readonly NewEventMetadata[],
  head: StreamHead,
  recordedAt: string,
): RecordedEvent[] {
  let prevHash = head.hash;
  return events.map((event, i): RecordedEvent => {
    const revision = head.revision + 1 + i;
    const meta = metadata[i] ?? missing('metadata of an event');
    // Read back from the canonical text, so the answer equals what a later read returns.
    const data = JSON.parse(dataJson[i] ?? 'null') as Record<string, unknown>;
    const hash = eventHash({ id: event.id, type: event.type, data, streamId, revision, recordedAt, metadata: meta }, prevHash, dataJson[i]);
    const recorded: RecordedEvent = { id: event.id, type: event.type, data, metadata: { ...meta, streamId, revision, position: 0, recordedAt, prevHash, hash } };
    prevHash = hash;
    return recorded;
  });
}

/** Sorts as PostgreSQL's "C" collation would not necessarily; only a consistent order matters for the locks. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The stored events of an append retried in a batch (its ids were all stored by one earlier append of this stream,
 * in order), or undefined when none of its ids is stored; anything between is an idempotency conflict.
 */
function storedRetry(streamId: string, events: readonly NewEvent[], stored: ReadonlyMap<string, RecordedEvent>): AppendResult | undefined {
  if (!events.some((e) => stored.has(e.id))) return undefined;
  const recorded: RecordedEvent[] = [];
  for (const { id } of events) {
    const event = stored.get(id);
    if (!event) throw new IdempotencyConflictError(id, 'only part of this append was stored before, so it is neither new nor a retry');
    if (event.metadata.streamId !== streamId) throw new IdempotencyConflictError(id, 'it belongs to another stream');
    const previous = recorded[recorded.length - 1];
    if (previous && event.metadata.revision !== previous.metadata.revision + 1) {
      throw new IdempotencyConflictError(id, 'the earlier append held these events in a different order or batch');
    }
    recorded.push(event);
  }
  const last = recorded[recorded.length - 1]?.metadata ?? missing('a replay found no events');
  return { streamId, nextExpectedRevision: last.revision, position: last.position, events: recorded, idempotentReplay: true };
}

function constraintOf(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError && error.code === '23505' ? error.constraint : undefined;
}

function explain(error: unknown): string {
  if (error instanceof pg.DatabaseError) return `${error.code ?? 'error'}: ${error.message}`;
  return asError(error).message;
}

/** Store errors pass through; anything from the driver becomes StoreUnavailableError (message without row data). */
function unavailable(error: unknown, what: string): Error {
  if (error instanceof EventStoreError) return error;
  return new StoreUnavailableError(`PostgreSQL event store could not ${what} (${explain(error)})`);
}

function missing(what: string): never {
  throw new StoreUnavailableError(`PostgreSQL event store answered unexpectedly: ${what}`);
}
