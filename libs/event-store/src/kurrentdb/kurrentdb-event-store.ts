/**
 * KurrentDB (formerly EventStoreDB) adapter of the EventStore port, for running on a KurrentDB cluster (3 nodes,
 * leader election, `$all` as the global log) through the official gRPC client `@kurrent/kurrentdb-client` 1.x.
 *
 * How the port's guarantees are kept on an engine that was not built around them:
 *
 * - Hash chain. KurrentDB stores an event's data and a free-form metadata document; `recordedAt`, `prevHash`, `hash`
 *   and the rest of the envelope live in that metadata (layout: `StoredMetadata` in kurrentdb-mapping.ts). A hash
 *   needs the previous event's hash, so every append reads the stream, chains the batch onto its head and sends it
 *   with the EXACT head as `streamState` (`no_stream` or the head revision), whatever the caller asked for. If another
 *   writer got in first KurrentDB refuses the append (nothing written), so no two events can ever claim the same
 *   `prevHash`. The adapter then recomputes on the new head and tries again only when the caller's own expectation
 *   still holds ('any', 'exists'); an exact revision or 'no_stream' no longer does, and the client's
 *   WrongExpectedVersionError becomes the port's ConcurrencyError with the caller's expectation and the actual head.
 *   Under heavy contention an 'any' append gives up after a bounded number of rounds with a ConcurrencyError.
 *
 * - Positions. A `$all` position is `{ commit, prepare }`, two byte offsets into the transaction log. Events appended
 *   over gRPC are implicit transactions whose commit and prepare offsets coincide, so the commit offset alone names
 *   an event: it is the port's `position` (exact up to 2^53 bytes of log). Positions are therefore unique and
 *   increase in commit order, but are NOT gapless on this engine (they jump by the size of each record, and other
 *   programs' and system events sit between ours). A checkpoint `after = n` resumes from `{ commit: n, prepare: n }`,
 *   and anything at or before it is dropped, whether or not the server treats the start position as inclusive.
 *   A record whose two offsets differ (only legacy explicit transactions write those) is refused rather than given an
 *   ambiguous number. Stream reads need KurrentDB 22.6 or later, which returns positions on them.
 *
 * - Idempotency. KurrentDB only de-duplicates event ids inside a short window and only for the same expected
 *   version, which the exact-head appends above never repeat. So the adapter checks itself: the stream it reads for
 *   the head is searched for the batch's ids. All of them, stored by this very batch (same order and size, recorded
 *   in the metadata) → the original events are answered with `idempotentReplay: true`; some of them, or in another
 *   batch → IdempotencyConflictError. An id must also not be used in two streams, and KurrentDB has no index by
 *   event id: before its first write of a new batch the adapter reserves each id by creating the stream
 *   `<prefix>@event-id:<id>` with `no_stream` (a race between two streams has one winner); an id reserved for
 *   another stream → IdempotencyConflictError, nothing written. A reservation whose append then lost (a
 *   ConcurrencyError) stays, pointing at the stream the caller meant: retrying there works, using that id
 *   elsewhere is refused. KurrentDB ids must be UUIDs: a UUID event id is used as is, any other id becomes a
 *   name-based UUID; the caller's id is kept in the metadata and is what reads return.
 *
 * - Cost of an append: one read of the whole stream (head and id check), one small reservation write per event
 *   (in parallel), the append, and a read of the events just written (KurrentDB answers an append with one
 *   position, the port wants each event's). Child streams are short, and the command handler reads the stream
 *   anyway to fold it. The reservations double the number of streams in the database.
 *
 * - Integrity. verifyStream recomputes the chain of one stream; verifyAll walks `$all` (system streams `$…`,
 *   other prefixes and events this adapter did not write are skipped), checks positions increase, then verifies
 *   every stream it met. KurrentDB offers no way to edit a stored event, so there is no tamper hook for the contract
 *   suite; deleting or truncating a stream from outside shows up as a revision gap or broken link.
 *
 * - Subscriptions. A KurrentDB catch-up subscription to `$all` from the checkpoint, exposed as the port's
 *   AsyncIterable; `close()` unsubscribes. It, readAll and verifyAll filter `$all` on the server by stream name
 *   (`^<prefix>[A-Za-z0-9]`: this store's event streams, so no system streams `$…`, no other prefix, no id
 *   reservations) and check again on the client, which also drops system event types (links) and events this adapter
 *   did not write. `batchSize` becomes the buffer size of the client stream (KurrentDB pushes; there are no batches).
 *
 * - Reads are served by whichever node the connection string prefers (`nodePreference`, leader by default); the
 *   reads an append depends on always go to the leader. Reading `$all` needs a user allowed to (by default `$admins`).
 *
 * Nothing is sent before the batch passes the shared `validateAppend`.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import { ConcurrencyError, IdempotencyConflictError, StoreUnavailableError } from '../event-store.errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { DEFAULT_EVENT_LIMITS, validateAppend, validateBatch, validateStreamId, type EventLimits } from '../event-validation.js';
import { NO_STREAM_REVISION, revisionMatches } from '../expected-revision.js';
import { verifyChain, type IntegrityProblem, type IntegrityReport } from '../integrity.js';
import {
  checkRetry,
  eventStreamsRegex,
  isAfter,
  isBefore,
  isStreamNotFound,
  isWrongExpectedVersion,
  kurrentStreamName,
  mayRetryOnConflict,
  parseRecord,
  planAppend,
  reservationEvent,
  reservationStreamName,
  reservedFor,
  revisionOfState,
  streamStateForHead,
  toReadPosition,
  toStoreError,
  validateExpectedRevision,
  validateStreamPrefix,
  type KurrentRecord,
  type StoredIdentity,
} from './kurrentdb-mapping.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

export interface KurrentDbEventStoreSettings {
  /** System clock for `recordedAt`; injected so tests can fix time. */
  readonly clock?: () => Date;
  readonly limits?: EventLimits;
  /**
   * Prepended to every stream name so several stores (e.g. test runs) can share one database. Two stores' prefixes
   * must not be prefixes of each other; a store without a prefix owns every stream whose name starts with a letter
   * or digit.
   */
  readonly streamPrefix?: string;
}

export type KurrentDbEventStoreOptions = KurrentDbEventStoreSettings &
  (
    | {
        /** e.g. `kurrentdb://node1:2113,node2:2113,node3:2113?tls=false`, or `kurrentdb+discover://cluster.dns:2113`. */
        readonly connectionString: string;
      }
    | {
        /** A client configured elsewhere (shared, or with a credentials provider); the caller disposes it. */
        readonly client: KurrentDBClient;
      }
  );

/** Appends of a batch to different streams sent at once; one stream's appends always go one after another. */
const BATCH_STREAMS_IN_FLIGHT = 16;
/** Rounds an 'any'/'exists' append is recomputed on a new head before it gives up. */
const MAX_APPEND_ATTEMPTS = 25;
/** Events per page when walking `$all`. */
const PAGE_SIZE = 500;
/** Records per backwards page when looking for the newest event of this store (normally the very first). */
const HEAD_PAGE_SIZE = 20;

interface StreamReadOptions {
  readonly direction: typeof FORWARDS | typeof BACKWARDS;
  readonly fromRevision: typeof START | typeof END | bigint;
  readonly maxCount?: number;
  /** Reads an append depends on must see the latest writes, which only the leader is sure to have. */
  readonly requiresLeader?: boolean;
}

type ParsedOwn = Exclude<ReturnType<typeof parseRecord>, { kind: 'foreign' }>;

/** A stream read back in full: the parsed events plus what the retry check needs. */
interface StreamSnapshot {
  readonly stored: readonly StoredIdentity[];
  readonly headRevision: number;
  readonly headHash: string;
}

export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb';
  readonly #client: KurrentDBClient;
  readonly #ownsClient: boolean;
  readonly #clock: () => Date;
  readonly #limits: EventLimits;
  readonly #prefix: string;
  readonly #subscriptions = new Set<KurrentDbSubscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    this.#prefix = options.streamPrefix ?? '';
    validateStreamPrefix(this.#prefix);
    this.#clock = options.clock ?? (() => new Date());
    this.#limits = options.limits ?? DEFAULT_EVENT_LIMITS;
    if ('client' in options) {
      this.#client = options.client;
      this.#ownsClient = false;
    } else {
      this.#client = KurrentDBClient.connectionString(options.connectionString);
      this.#ownsClient = true;
    }
  }

  /** Streams come into being on their first append: nothing to create. */
  async init(): Promise<void> {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const dataJson = validateAppend(streamId, events, this.#limits);
    const expected = validateExpectedRevision((options as Partial<AppendOptions> | undefined)?.expectedRevision);
    const name = kurrentStreamName(this.#prefix, streamId);
    const ids = events.map((e) => e.id);
    let lastHead = NO_STREAM_REVISION;
    let reserved = false;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const snapshot = await this.#snapshot(streamId);
      const retry = checkRetry(snapshot.stored, ids);
      if (retry.kind === 'conflict') throw retry.error;
      if (retry.kind === 'replay') return result(streamId, retry.events, true);
      if (!revisionMatches(expected, snapshot.headRevision)) throw new ConcurrencyError(streamId, expected, snapshot.headRevision);
      if (!reserved) {
        await this.#reserveIds(streamId, ids);
        reserved = true;
      }

      const plan = planAppend({
        streamId,
        events,
        dataJson,
        headRevision: snapshot.headRevision,
        headHash: snapshot.headHash,
        recordedAt: this.#clock().toISOString(),
      });
      let conflict: number | undefined;
      try {
        const answer = await this.#client.appendToStream(name, plan.eventData, {
          streamState: streamStateForHead(snapshot.headRevision),
          requiresLeader: true,
        });
        // With `throwOnAppendFailure=false` in the connection string a refused append resolves instead of throwing;
        // its reported revision is not reliable on every client path, so the head is read again below.
        if (!answer.success) conflict = await this.#headRevision(streamId, true);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw toStoreError(error, { streamId, expected });
        conflict = revisionOfState(error.actualState);
      }
      if (conflict === undefined) return result(streamId, await this.#readBack(streamId, snapshot.headRevision + 1, plan.drafts.map((d) => d.id)), false);
      lastHead = conflict;
      if (!mayRetryOnConflict(expected)) throw new ConcurrencyError(streamId, expected, conflict);
      await jitter(attempt);
    }
    throw new ConcurrencyError(streamId, expected, lastHead);
  }

  /**
   * KurrentDB has no transaction across streams, so a batch is its appends, each atomic and checked as `append`
   * checks it: different streams' appends go in parallel (a few at a time), one stream's in the order given. Every
   * append is validated before the first is sent; after a failure no further append starts, those under way finish,
   * and the first failure is thrown (appends that finished stay written).
   */
  async appendBatch(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    validateBatch(appends, this.#limits);
    const results: AppendResult[] = new Array<AppendResult>(appends.length);
    const byStream = new Map<string, number[]>();
    appends.forEach((a, i) => byStream.set(a.streamId, [...(byStream.get(a.streamId) ?? []), i]));
    const queue = [...byStream.values()];
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined && !failure; next = queue.shift()) {
        for (const i of next) {
          if (failure) return;
          const append = appends[i] as StreamAppend;
          try {
            results[i] = await this.append(append.streamId, append.events, { expectedRevision: append.expectedRevision });
          } catch (error) {
            failure ??= { error };
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_STREAMS_IN_FLIGHT, queue.length) }, worker));
    if (failure) throw failure.error;
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (!isStreamId(streamId)) return [];
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount === undefined ? undefined : Math.floor(options.maxCount);
    const fromRevision = options.fromRevision !== undefined && Number.isFinite(options.fromRevision) ? Math.floor(options.fromRevision) : undefined;
    if (maxCount !== undefined && !(maxCount > 0)) return [];
    if (direction === 'backwards' && fromRevision !== undefined && fromRevision < 0) return [];
    const from = fromRevision === undefined ? (direction === 'forwards' ? START : END) : BigInt(Math.max(0, fromRevision));
    const records = await this.#readStreamRecords(streamId, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: from,
      ...(maxCount === undefined ? {} : { maxCount }),
    });
    return records.map((r) => this.#ownEvent(r));
  }

  async streamRevision(streamId: string): Promise<number> {
    if (!isStreamId(streamId)) return NO_STREAM_REVISION;
    return this.#headRevision(streamId, false);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount === undefined ? Number.POSITIVE_INFINITY : Math.floor(options.maxCount);
    const events: RecordedEvent[] = [];
    if (!(limit > 0)) return events;
    for await (const event of this.#walkAll(options.after ?? 0, limit)) events.push(event);
    return events;
  }

  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.#readAllPage({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE_SIZE });
      for (const resolved of page) {
        const record = resolved.event;
        if (!record?.position || !isBefore(record.position, from)) continue;
        const parsed = parseRecord(record, this.#prefix);
        if (parsed.kind === 'event') return parsed.event.metadata.position;
        if (parsed.kind === 'malformed') throw malformedError(parsed);
      }
      const last = page[page.length - 1]?.event?.position;
      if (page.length < HEAD_PAGE_SIZE || !last) return 0;
      from = last;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const after = options.after ?? 0;
    const source = this.#client.subscribeToAll(
      { fromPosition: toReadPosition(after), filter: this.#filter() },
      options.batchSize === undefined ? {} : { highWaterMark: Math.max(1, options.batchSize) },
    );
    const subscription = new KurrentDbSubscription(source, this.#prefix, after, (s) => this.#subscriptions.delete(s));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    if (!isStreamId(streamId)) return { ok: true, streamsChecked: 0, eventsChecked: 0, problems: [] };
    const records = await this.#readStreamRecords(streamId, { direction: FORWARDS, fromRevision: START });
    const problems: IntegrityProblem[] = [];
    const events: RecordedEvent[] = [];
    for (const record of records) {
      const parsed = parseRecord(record, this.#prefix);
      if (parsed.kind === 'event') {
        events.push(parsed.event);
      } else {
        // Left out of the chain, so the next event also shows a broken link: the chain really is broken there.
        const detail = parsed.kind === 'malformed' ? parsed.detail : 'event was not written by this store';
        problems.push({ kind: 'hash_mismatch', streamId, revision: Number(record.revision), position: null, detail });
      }
    }
    problems.push(...verifyChain(streamId, events));
    return { ok: problems.length === 0, streamsChecked: records.length > 0 ? 1 : 0, eventsChecked: records.length, problems };
  }

  async verifyAll(): Promise<IntegrityReport> {
    const problems: IntegrityProblem[] = [];
    const streams = new Set<string>();
    let previous = 0;
    for await (const parsed of this.#walkAllParsed(0)) {
      if (parsed.kind === 'malformed') {
        streams.add(parsed.streamId);
        continue; // verifyStream below reports it with the rest of that stream.
      }
      const m = parsed.event.metadata;
      if (m.position <= previous) {
        problems.push({ kind: 'position_gap', streamId: m.streamId, revision: m.revision, position: m.position, detail: `position does not increase after ${previous}` });
      }
      previous = m.position;
      streams.add(m.streamId);
    }
    let eventsChecked = 0;
    for (const streamId of streams) {
      const report = await this.verifyStream(streamId);
      eventsChecked += report.eventsChecked;
      problems.push(...report.problems);
    }
    return { ok: problems.length === 0, streamsChecked: streams.size, eventsChecked, problems };
  }

  async ping(): Promise<void> {
    await this.#readAllPage({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }, false);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    if (this.#ownsClient) await this.#client.dispose();
  }

  // ------------------------------------------------------------------------------------------------------ internals

  #filter(): Filter {
    // Filtering on the server saves shipping other streams' events; the client side checks again (parseRecord).
    return streamNameFilter({ regex: eventStreamsRegex(this.#prefix) });
  }

  /** Claims each id for this stream (see the top of the file); throws IdempotencyConflictError when one is taken. */
  async #reserveIds(streamId: string, ids: readonly string[]): Promise<void> {
    const outcomes = await Promise.allSettled(ids.map((id) => this.#reserveId(streamId, id)));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async #reserveId(streamId: string, id: string): Promise<void> {
    const name = reservationStreamName(this.#prefix, id);
    try {
      const answer = await this.#client.appendToStream(name, [reservationEvent(streamId, id)], { streamState: 'no_stream', requiresLeader: true });
      if (answer.success) return;
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw toStoreError(error, { streamId });
    }
    // Taken: by this stream (an earlier attempt of the same append) is fine, by any other stream is a conflict.
    const [first] = await this.#readRecords(name, { direction: FORWARDS, fromRevision: START, maxCount: 1, requiresLeader: true });
    const owner = first ? reservedFor(first) : null;
    if (owner !== streamId) {
      throw new IdempotencyConflictError(id, owner === null ? 'its reservation cannot be read' : 'it is already stored in another stream');
    }
  }

  #ownEvent(record: KurrentRecord): RecordedEvent {
    const parsed = parseRecord(record, this.#prefix);
    switch (parsed.kind) {
      case 'event':
        return parsed.event;
      case 'malformed':
        throw malformedError(parsed);
      case 'foreign':
        throw foreignError(record);
    }
  }

  #readStreamRecords(streamId: string, options: StreamReadOptions): Promise<KurrentRecord[]> {
    return this.#readRecords(kurrentStreamName(this.#prefix, streamId), options, streamId);
  }

  async #readRecords(name: string, options: StreamReadOptions, streamId?: string): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    try {
      for await (const resolved of this.#client.readStream(name, options)) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toStoreError(error, streamId === undefined ? {} : { streamId });
    }
    return records;
  }

  async #headRevision(streamId: string, requiresLeader: boolean): Promise<number> {
    const [last] = await this.#readStreamRecords(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader });
    return last ? Number(last.revision) : NO_STREAM_REVISION;
  }

  /** The whole stream, from the leader: the head to chain onto and the ids a retry would match. */
  async #snapshot(streamId: string): Promise<StreamSnapshot> {
    const records = await this.#readStreamRecords(streamId, { direction: FORWARDS, fromRevision: START, requiresLeader: true });
    const stored: StoredIdentity[] = [];
    for (const record of records) {
      const parsed = parseRecord(record, this.#prefix);
      // Chaining onto an event this adapter cannot read would hide the problem; refuse the append instead.
      if (parsed.kind === 'malformed') throw malformedError(parsed);
      if (parsed.kind === 'foreign') throw foreignError(record);
      stored.push(parsed);
    }
    const head = stored[stored.length - 1]?.event.metadata;
    return { stored, headRevision: head?.revision ?? NO_STREAM_REVISION, headHash: head?.hash ?? '' };
  }

  async #readBack(streamId: string, fromRevision: number, ids: readonly string[]): Promise<RecordedEvent[]> {
    const records = await this.#readStreamRecords(streamId, {
      direction: FORWARDS,
      fromRevision: BigInt(fromRevision),
      maxCount: ids.length,
      requiresLeader: true,
    });
    const events = records.map((r) => this.#ownEvent(r));
    if (events.length !== ids.length || events.some((e, i) => e.id !== ids[i])) {
      throw new StoreUnavailableError(
        `stream ${streamId} was appended to but the events could not be read back; retrying with the same event ids answers the stored result`,
      );
    }
    return events;
  }

  async #readAllPage(
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition; maxCount: number },
    filtered = true,
  ): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of this.#client.readAll({ ...options, ...(filtered ? { filter: this.#filter() } : {}) })) page.push(resolved);
    } catch (error) {
      throw toStoreError(error);
    }
    return page;
  }

  /**
   * `$all` forwards after a checkpoint, page by page. Pages continue from the last record seen, ours or not, so
   * records skipped on the client never make a page look like the end of the log.
   */
  async *#walkAllParsed(after: number, wanted = Number.POSITIVE_INFINITY): AsyncGenerator<ParsedOwn> {
    let from = toReadPosition(after);
    let remaining = wanted;
    for (;;) {
      // One more than still wanted: the server may include the record at the start position, which is skipped.
      const maxCount = Math.min(PAGE_SIZE, remaining + 1);
      const page = await this.#readAllPage({ direction: FORWARDS, fromPosition: from, maxCount });
      let fresh = 0;
      for (const resolved of page) {
        const record = resolved.event;
        if (!record?.position || !isAfter(record.position, from)) continue;
        fresh++;
        const parsed = parseRecord(record, this.#prefix);
        if (parsed.kind === 'foreign' || (parsed.kind === 'event' && parsed.event.metadata.position <= after)) continue;
        if (remaining <= 0) return;
        remaining--;
        yield parsed;
      }
      const last = page[page.length - 1]?.event?.position;
      if (page.length < maxCount || fresh === 0 || remaining <= 0 || !last) return;
      from = last;
    }
  }

  async *#walkAll(after: number, wanted: number): AsyncGenerator<RecordedEvent> {
    for await (const parsed of this.#walkAllParsed(after, wanted)) {
      if (parsed.kind === 'malformed') throw malformedError(parsed);
      yield parsed.event;
    }
  }
}

/** No stream with an invalid id can have been written, so reads answer "nothing there" without asking the server. */
function isStreamId(streamId: string): boolean {
  try {
    validateStreamId(streamId);
    return true;
  } catch {
    return false;
  }
}

function result(streamId: string, events: readonly RecordedEvent[], idempotentReplay: boolean): AppendResult {
  const last = events[events.length - 1];
  if (!last) throw new StoreUnavailableError(`append to stream ${streamId} produced no events`);
  return { streamId, nextExpectedRevision: last.metadata.revision, position: last.metadata.position, events, idempotentReplay };
}

function malformedError(parsed: { streamId: string; revision: number; detail: string }): StoreUnavailableError {
  return new StoreUnavailableError(`event at revision ${parsed.revision} of stream ${parsed.streamId} cannot be read: ${parsed.detail}`);
}

function foreignError(record: KurrentRecord): StoreUnavailableError {
  return new StoreUnavailableError(`event at revision ${record.revision} of stream ${record.streamId} was not written by this store`);
}

/** Spreads competing writers apart so the same ones do not collide again on the next round. */
function jitter(attempt: number): Promise<void> {
  const ms = Math.floor(Math.random() * Math.min(50, 2 * attempt));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
