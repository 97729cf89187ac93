import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { LogEvent, NewEvent, NewEventMetadata, RecordedEvent } from '../event-envelope.js';
import { eventHash } from '../event-hash.js';
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
import {
  ConcurrencyError,
  IdempotencyConflictError,
  InvalidEventError,
  StoreUnavailableError,
} from '../event-store.errors.js';
import { DEFAULT_EVENT_LIMITS, type EventLimits, validateAppend, validateBatch } from '../event-validation.js';
import { type ExpectedRevision, NO_STREAM_REVISION, revisionMatches } from '../expected-revision.js';
import { integrityReport, missingHeadProblem, type IntegrityProblem, type IntegrityReport, verifyChain } from '../integrity.js';
import { announceAppend, listenForAppends } from './sqlite-append-notifier.js';
import { type CommitOutcome, GroupCommitter } from './sqlite-group-commit.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  LOG_EVENT_BY_STREAM_JSON_SQL,
  LOG_EVENT_BY_STREAM_WHERE,
  LOG_EVENT_COLUMNS,
  LOG_EVENT_JSON_SQL,
  type LogEventRow,
  SQLITE_SCHEMA_VERSION,
  createSchema,
  toLogEvent,
  toRecordedEvent,
} from './sqlite-schema.js';
import { SqliteSubscription } from './sqlite-subscription.js';
import { SqliteLogReaderThread } from './sqlite-log-reader-thread.js';
import { ChunkedReadAhead, type LogReadAhead, checkReadOptions } from '../log-read-ahead.js';
import { FROM_THE_START, PrefetchedStreamChunks, type StreamChunks } from '../stream-read-ahead.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file (not `:memory:`: verification reads through a second connection); its directory is created when missing. Several processes may open the same file. */
  readonly filename: string;
  /** Source of `recordedAt`; the system clock unless a test or an import supplies one. */
  readonly clock?: () => Date;
  readonly limits?: EventLimits;
  /**
   * Default true: an append resolves only once the commit is on disk (`synchronous=FULL`). False (`NORMAL`) is faster
   * but a power cut may lose the last few commits (never corrupts the file).
   */
  readonly durable?: boolean;
  /** How often a caught-up subscription looks for events appended by other processes. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** How long to wait for another process's write lock before giving up. Default 10 s. */
  readonly busyTimeoutMs?: number;
  /**
   * Default true: appends made in the same turn of the event loop share one transaction and one fsync (each still
   * all-or-nothing on its own). False commits every append by itself, in the call; benchmarks compare the two.
   */
  readonly groupCommit?: boolean;
  /**
   * Page cache of this connection, in KiB (SQLite's default is 2 MiB). A bulk load into a large store wants the
   * indexes in memory: their keys are random ids, so each insert touches a different page.
   */
  readonly cacheSizeKiB?: number;
  /**
   * WAL pages after which a commit copies the WAL back into the database file (SQLite's default is 1,000, 4 MiB).
   * Each batch of a bulk load dirties thousands of index pages, so the default checkpoints after every commit;
   * a larger value lets the WAL grow that far between checkpoints (see `checkpoint()` for the end of the load).
   */
  readonly walAutocheckpointPages?: number;
  /**
   * How far behind the head (in events) a read forwards (`readLogAhead`, a read model being rebuilt) starts to read
   * on a thread of its own. Default 50,000, about a fifth of a second of reading: closer, a thread is not worth it.
   */
  readonly threadedReadMinEvents?: number;
}

/** Connection settings as SQLite reports them, for health checks and operators. */
export interface SqliteSettings {
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  readonly busyTimeoutMs: number;
}

type HeadRow = [revision: number, hash: string];
type Statements = ReturnType<typeof prepareStatements>;

/** An append that passed validation and waits for its group's transaction. */
interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly dataJson: readonly string[];
  readonly expected: ExpectedRevision;
}
type CommitGroup = (group: readonly PendingAppend[]) => CommitOutcome<AppendResult>[];
type CommitBatch = (batch: readonly PendingAppend[]) => AppendResult[];

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
const DEFAULT_BATCH_SIZE = 1000;
/** Bounds how long one group holds the write lock; a larger burst is committed over several turns. */
const MAX_GROUP_SIZE = 500;
/** Events verified between yields to the event loop, so a long verification does not stall an API in the same process. */
const VERIFY_SLICE = 5000;
/** Default `threadedReadMinEvents`. */
const THREADED_READ_MIN_EVENTS = 50_000;

function prepareStatements(db: Database.Database) {
  const select = `SELECT ${EVENT_COLUMNS} FROM events`;
  return {
    insertEvent: db.prepare<
      [string, string, number, string, string, string, string, string, string, string, string, string, number, number | null, string, string]
    >(
      `INSERT INTO events (id, stream_id, revision, type, data, occurred_at, recorded_at, actor_user_id, actor_role,
         actor_team, correlation_id, causation_id, schema_version, machine_version, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertHead: db.prepare<[string, number, string]>(
      `INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
    ),
    head: db.prepare<[string], HeadRow>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true),
    byId: db.prepare<[string], EventRow>(`${select} WHERE id = ?`).raw(true),
    streamForwards: db
      .prepare<[string, number, number], EventRow>(`${select} WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`)
      .raw(true),
    streamBackwards: db
      .prepare<[string, number, number], EventRow>(`${select} WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
      .raw(true),
    after: db.prepare<[number, number], EventRow>(`${select} WHERE position > ? ORDER BY position LIMIT ?`).raw(true),
    logAfter: db
      .prepare<[number, number], LogEventRow>(`SELECT ${LOG_EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(true),
    logByStream: db
      .prepare<[string, number, number, number], LogEventRow>(`SELECT ${LOG_EVENT_COLUMNS} FROM events ${LOG_EVENT_BY_STREAM_WHERE}`)
      .raw(true),
    headPosition: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(true),
  };
}

function positiveInteger(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive whole number`);
  return value;
}

/** A negative or missing count means "no limit" to SQLite; a caller's negative count should read nothing, not everything. */
function sqlLimit(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  return Math.max(0, Math.trunc(maxCount));
}

function checkExpectedRevision(options: AppendOptions | undefined): ExpectedRevision {
  const expected: unknown = options?.expectedRevision;
  if (expected === 'no_stream' || expected === 'any' || expected === 'exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidEventError('expected revision must be no_stream, any, exists or a revision number of 0 or more');
}

/** Only the fields the port defines: a caller's extra properties are neither stored nor hashed. */
function ownMetadata(m: NewEventMetadata): NewEventMetadata {
  return {
    occurredAt: m.occurredAt,
    actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
    correlationId: m.correlationId,
    causationId: m.causationId,
    schemaVersion: m.schemaVersion,
    machineVersion: m.machineVersion,
  };
}

/**
 * Recognised by shape, not `instanceof`: better-sqlite3 hands its native addon the SqliteError class of whichever copy
 * of the module loaded first, so where a process holds several copies (test runners' module registries) the class
 * of a thrown error need not be the one this file imported.
 */
function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' ? code : undefined;
}

function unavailable(error: unknown, what: string): unknown {
  const code = sqliteErrorCode(error);
  if (code !== undefined) return new StoreUnavailableError(`SQLite event store could not ${what} (${code})`);
  const message = (error as { message?: unknown } | null)?.message;
  if ((error as { name?: unknown } | null)?.name === 'TypeError' && typeof message === 'string' && /database connection is not open/.test(message)) {
    return new StoreUnavailableError(`SQLite event store could not ${what}: it is closed`);
  }
  return error;
}

/**
 * The embedded adapter: one SQLite file in WAL mode. Appends take the write lock up front (`BEGIN IMMEDIATE`), so
 * the revision check, the hash chain and the position all come from a state no other process can change
 * mid-append; positions are the table's rowid, assigned under that lock, hence unique and gapless across processes.
 *
 * Concurrent appends in one process are group-committed (see GroupCommitter): one transaction, each append inside
 * its own savepoint, so a wrong expected revision or an idempotency conflict undoes and rejects that append alone.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly filename: string;
  private readonly fileKey: string;
  private readonly clock: () => Date;
  private readonly limits: EventLimits;
  private readonly durable: boolean;
  private readonly pollIntervalMs: number;
  private readonly busyTimeoutMs: number;
  private readonly cacheSizeKiB: number | undefined;
  private readonly walAutocheckpointPages: number | undefined;
  private readonly threadedReadMinEvents: number;
  private db: Database.Database | undefined;
  private statements: Statements | undefined;
  private commitGroupTransaction: CommitGroup | undefined;
  private commitBatchTransaction: CommitBatch | undefined;
  private readonly committer: GroupCommitter<PendingAppend, AppendResult>;
  private closed = false;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly logReaders = new Set<SqliteLogReaderThread>();

  constructor(options: SqliteEventStoreOptions) {
    this.filename = options.filename;
    this.fileKey = resolve(options.filename);
    this.clock = options.clock ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_EVENT_LIMITS;
    this.durable = options.durable ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.cacheSizeKiB = positiveInteger(options.cacheSizeKiB, 'cacheSizeKiB');
    this.walAutocheckpointPages = positiveInteger(options.walAutocheckpointPages, 'walAutocheckpointPages');
    this.threadedReadMinEvents = positiveInteger(options.threadedReadMinEvents, 'threadedReadMinEvents') ?? THREADED_READ_MIN_EVENTS;
    this.committer = new GroupCommitter((group) => this.commitGroup(group), {
      grouped: options.groupCommit ?? true,
      maxGroupSize: MAX_GROUP_SIZE,
    });
  }

  async init(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('SQLite event store is closed');
    if (this.statements) return;
    try {
      mkdirSync(dirname(this.fileKey), { recursive: true });
      const db = new Database(this.filename, { timeout: this.busyTimeoutMs });
      this.db = db;
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${this.durable ? 'FULL' : 'NORMAL'}`);
      if (this.cacheSizeKiB !== undefined) db.pragma(`cache_size = -${this.cacheSizeKiB}`);
      if (this.walAutocheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${this.walAutocheckpointPages}`);
      db.transaction(() => {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version > SQLITE_SCHEMA_VERSION) {
          throw new StoreUnavailableError(`the file was written by a newer version (schema ${version}, this code knows ${SQLITE_SCHEMA_VERSION})`);
        }
        if (version < SQLITE_SCHEMA_VERSION) createSchema(db);
      }).immediate();
      const st = prepareStatements(db);
      this.commitGroupTransaction = this.prepareGroupTransaction(db, st);
      // No savepoints: any failure rolls the whole batch back, which is what a batch promises.
      this.commitBatchTransaction = db.transaction((batch: readonly PendingAppend[]) => {
        // One instant for the whole batch: its events were recorded together.
        const recordedAt = this.clock().toISOString();
        return batch.map((p) => this.appendLocked(st, p.streamId, p.events, p.dataJson, p.expected, recordedAt));
      }).immediate;
      this.statements = st;
    } catch (error) {
      this.db?.close();
      this.db = undefined;
      throw unavailable(error, 'open its file');
    }
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const dataJson = validateAppend(streamId, events, this.limits);
    const expected = checkExpectedRevision(options);
    this.open();
    return this.committer.submit({ streamId, events, dataJson, expected });
  }

  /**
   * One transaction for the whole batch, so one fsync however many streams it touches: bulk loads pay the disk's
   * commit latency once per batch instead of once per append. It holds the write lock while it runs, so a caller
   * keeps batches to a few thousand events to let other writers (and processes) in between.
   */
  async appendBatch(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const dataJson = validateBatch(appends, this.limits);
    this.open();
    if (appends.length === 0) return [];
    const batch = appends.map((a, i): PendingAppend => ({ streamId: a.streamId, events: a.events, dataJson: dataJson[i] ?? [], expected: a.expectedRevision }));
    // Appends handed over earlier and still waiting for their group commit go first, in the order they came.
    this.committer.flush();
    let results: AppendResult[];
    try {
      const { commitBatchTransaction } = this;
      if (this.closed || !commitBatchTransaction) throw new StoreUnavailableError('SQLite event store is closed');
      results = commitBatchTransaction(batch);
    } catch (error) {
      throw unavailable(error, 'append a batch');
    }
    if (results.some((r) => !r.idempotentReplay)) announceAppend(this.fileKey);
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { st } = this.open();
    const limit = sqlLimit(options.maxCount);
    try {
      const rows =
        options.direction === 'backwards'
          ? st.streamBackwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
          : st.streamForwards.all(streamId, options.fromRevision ?? 0, limit);
      return rows.map(toRecordedEvent);
    } catch (error) {
      throw unavailable(error, 'read a stream');
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    const { st } = this.open();
    try {
      return st.head.get(streamId)?.[0] ?? NO_STREAM_REVISION;
    } catch (error) {
      throw unavailable(error, 'read a stream revision');
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    try {
      return this.readAfter(options.after ?? 0, sqlLimit(options.maxCount));
    } catch (error) {
      throw unavailable(error, 'read the log');
    }
  }

  /** `readAll` reading only the columns a `LogEvent` has: about a fifth less work per event over a long log. */
  async readLog(options: ReadAllOptions = {}): Promise<LogEvent[]> {
    const { st } = this.open();
    try {
      return st.logAfter.all(options.after ?? 0, sqlLimit(options.maxCount)).map(toLogEvent);
    } catch (error) {
      throw unavailable(error, 'read the log');
    }
  }

  /**
   * The log read forwards (see `readAhead`). A long way from the head (a read model being rebuilt), each chunk is read
   * and encoded on a thread of its own, with a connection of its own, while the caller works on the chunk before;
   * close to it, on the caller's thread (`readLog`), which costs no thread for a few chunks.
   */
  readLogAhead(after: number, chunkSize: number): LogReadAhead {
    const here = (from: number): Promise<LogEvent[]> => this.readLog({ after: from, maxCount: chunkSize });
    if (this.head() - after < this.threadedReadMinEvents) return new ChunkedReadAhead(here, chunkSize, after);
    // The thread itself starts with the first read.
    const thread = this.logReaderThread(LOG_EVENT_JSON_SQL);
    return new ChunkedReadAhead((from) => thread.read([from, chunkSize], () => here(from)), chunkSize, after, () => this.closeLogReader(thread));
  }

  async readLogByStream(options: ReadByStreamOptions): Promise<LogEvent[]> {
    const { st } = this.open();
    const { upTo, after = FROM_THE_START } = options;
    checkReadOptions('upTo', upTo);
    try {
      return st.logByStream.all(after.streamId, after.revision, upTo, sqlLimit(options.maxCount)).map(toLogEvent);
    } catch (error) {
      throw unavailable(error, 'read the log');
    }
  }

  /**
   * `readLogByStream` from the start, chunk by chunk. Over a long log each chunk is read and encoded on a thread of
   * its own while the caller works on the one before, as `readLogAhead` does.
   */
  readLogByStreamAhead(upTo: number, chunkSize: number): StreamChunks {
    const here = (after: ReadByStreamOptions['after']): Promise<LogEvent[]> => this.readLogByStream({ upTo, maxCount: chunkSize, ...(after ? { after } : {}) });
    if (upTo < this.threadedReadMinEvents) return new PrefetchedStreamChunks(here, chunkSize);
    const thread = this.logReaderThread(LOG_EVENT_BY_STREAM_JSON_SQL);
    return new PrefetchedStreamChunks(
      (after = FROM_THE_START) => thread.read([after.streamId, after.revision, upTo, chunkSize], () => here(after)),
      chunkSize,
      () => this.closeLogReader(thread),
    );
  }

  private logReaderThread(sql: string): SqliteLogReaderThread {
    this.open();
    const thread = new SqliteLogReaderThread({ filename: this.filename, busyTimeoutMs: this.busyTimeoutMs, sql });
    this.logReaders.add(thread);
    return thread;
  }

  private async closeLogReader(thread: SqliteLogReaderThread): Promise<void> {
    this.logReaders.delete(thread);
    await thread.close();
  }

  async headPosition(): Promise<number> {
    return this.head();
  }

  private head(): number {
    const { st } = this.open();
    try {
      return st.headPosition.get() ?? 0;
    } catch (error) {
      throw unavailable(error, 'read the head position');
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.open();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const subscription = new SqliteSubscription(
      {
        readAfter: (after, limit) => this.readAfter(after, limit),
        listen: (wake) => listenForAppends(this.fileKey, wake),
        ended: (s) => this.subscriptions.delete(s),
      },
      options.after ?? 0,
      batchSize,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    const { db, st } = this.open();
    try {
      return db.transaction(() => {
        const head = st.head.get(streamId);
        const events = st.streamForwards.all(streamId, 0, -1).map(toRecordedEvent);
        const problems = verifyChain(streamId, events, head ? { revision: head[0], hash: head[1] } : undefined);
        if (!head && events.length > 0) problems.push(missingHeadProblem(streamId, events));
        return integrityReport(head || events.length > 0 ? 1 : 0, events.length, problems);
      }).deferred();
    } catch (error) {
      throw unavailable(error, 'verify a stream');
    }
  }

  /**
   * Reads through a connection of its own inside one read transaction: a consistent snapshot even while this
   * process keeps appending, and the work is sliced so the event loop keeps serving in between.
   */
  async verifyAll(): Promise<IntegrityReport> {
    this.open();
    let reader: Database.Database | undefined;
    try {
      reader = new Database(this.filename, { readonly: true, fileMustExist: true, timeout: this.busyTimeoutMs });
      reader.exec('BEGIN');
      return await verifyEverything(reader);
    } catch (error) {
      throw unavailable(error, 'verify the log');
    } finally {
      // Closing ends the read transaction too.
      reader?.close();
    }
  }

  async ping(): Promise<void> {
    const { db } = this.open();
    try {
      db.prepare('SELECT 1').get();
    } catch (error) {
      throw unavailable(error, 'answer a ping');
    }
  }

  /**
   * Copies the WAL back into the database file and empties it, waiting for other connections' writes to finish: the
   * end of a bulk load that let the WAL grow (`walAutocheckpointPages`). Answers whether every page was copied (false
   * when a reader still needed part of the WAL; what was committed is durable either way).
   */
  async checkpoint(): Promise<boolean> {
    const { db } = this.open();
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      return result !== undefined && result.busy === 0;
    } catch (error) {
      throw unavailable(error, 'checkpoint its log');
    }
  }

  /** What SQLite says the connection runs with: WAL, durability and lock waiting. */
  settings(): SqliteSettings {
    const { db } = this.open();
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[synchronous] ?? 'FULL',
      busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed, not dropped.
    this.committer.flush();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    for (const reader of [...this.logReaders]) await reader.close();
    this.logReaders.clear();
    this.statements = undefined;
    this.commitGroupTransaction = undefined;
    this.commitBatchTransaction = undefined;
    this.db?.close();
    this.db = undefined;
  }

  private open(): { db: Database.Database; st: Statements } {
    if (this.closed) throw new StoreUnavailableError('SQLite event store is closed');
    if (!this.db || !this.statements) throw new StoreUnavailableError('SQLite event store is not initialised: call init() first');
    return { db: this.db, st: this.statements };
  }

  /**
   * A lone append runs directly in the transaction (its failure rolls the transaction back, as it always did); in a
   * group each runs in a savepoint, and only a failure that ended the whole transaction fails the whole group.
   */
  private prepareGroupTransaction(db: Database.Database, st: Statements): CommitGroup {
    const apply = (p: PendingAppend): AppendResult => this.appendLocked(st, p.streamId, p.events, p.dataJson, p.expected);
    const applyInSavepoint = db.transaction(apply);
    return db
      .transaction((group: readonly PendingAppend[]): CommitOutcome<AppendResult>[] => {
        const [only] = group;
        if (group.length === 1 && only) return [{ ok: true, value: apply(only) }];
        return group.map((p): CommitOutcome<AppendResult> => {
          try {
            return { ok: true, value: applyInSavepoint(p) };
          } catch (error) {
            if (!db.inTransaction) throw error;
            return { ok: false, error: unavailable(error, 'append') };
          }
        });
      })
      .immediate;
  }

  /** Called by the group committer; its promises settle when this returns, so only after the COMMIT. */
  private commitGroup(group: readonly PendingAppend[]): CommitOutcome<AppendResult>[] {
    let outcomes: CommitOutcome<AppendResult>[];
    try {
      if (this.closed || !this.commitGroupTransaction) throw new StoreUnavailableError('SQLite event store is closed');
      outcomes = this.commitGroupTransaction(group);
    } catch (error) {
      const failure = unavailable(error, 'append');
      return group.map(() => ({ ok: false, error: failure }));
    }
    if (outcomes.some((o) => o.ok && !o.value.idempotentReplay)) announceAppend(this.fileKey);
    return outcomes;
  }

  private readAfter(after: number, limit: number): RecordedEvent[] {
    return this.open().st.after.all(after, limit).map(toRecordedEvent);
  }

  /** Runs inside the write lock: nothing read here can change before the commit. */
  private appendLocked(
    st: Statements,
    streamId: string,
    events: readonly NewEvent[],
    dataJson: readonly string[],
    expected: ExpectedRevision,
    batchRecordedAt?: string,
  ): AppendResult {
    const stored = events.map((e) => st.byId.get(e.id));
    if (stored.some((row) => row !== undefined)) return this.replay(streamId, events, stored);

    const head = st.head.get(streamId);
    const current = head?.[0] ?? NO_STREAM_REVISION;
    if (!revisionMatches(expected, current)) throw new ConcurrencyError(streamId, expected, current);

    // One instant per append (or per batch of appends): the events of a batch were recorded together.
    const recordedAt = batchRecordedAt ?? this.clock().toISOString();
    let prevHash = head?.[1] ?? '';
    const recorded = events.map((event, i): RecordedEvent => {
      const revision = current + 1 + i;
      const json = dataJson[i] ?? '';
      const data = JSON.parse(json) as Record<string, unknown>;
      const metadata = ownMetadata(event.metadata);
      const hash = eventHash({ id: event.id, type: event.type, data, streamId, revision, recordedAt, metadata }, prevHash, json);
      const { actor } = metadata;
      const { lastInsertRowid } = st.insertEvent.run(
        event.id,
        streamId,
        revision,
        event.type,
        json,
        metadata.occurredAt,
        recordedAt,
        actor.userId,
        actor.role,
        actor.team,
        metadata.correlationId,
        metadata.causationId,
        metadata.schemaVersion,
        metadata.machineVersion,
        prevHash,
        hash,
      );
      const recordedEvent = {
        id: event.id,
        type: event.type,
        data,
        // Spelt out rather than spread: this runs for every event of a bulk load, where the spread cost half as much as the insert.
        metadata: {
          occurredAt: metadata.occurredAt,
          actor,
          correlationId: metadata.correlationId,
          causationId: metadata.causationId,
          schemaVersion: metadata.schemaVersion,
          machineVersion: metadata.machineVersion,
          streamId,
          revision,
          position: Number(lastInsertRowid),
          recordedAt,
          prevHash,
          hash,
        },
      };
      prevHash = hash;
      return recordedEvent;
    });
    const last = recorded[recorded.length - 1]?.metadata;
    if (!last) throw new InvalidEventError('an append needs at least one event');
    st.upsertHead.run(streamId, last.revision, last.hash);
    return { streamId, nextExpectedRevision: last.revision, position: last.position, events: recorded, idempotentReplay: false };
  }

  /**
   * Some ids are already stored. A retry must resend the whole earlier append, in order, to the same stream; it then
   * answers what the first attempt answered. Anything else would silently merge two different appends.
   */
  private replay(streamId: string, events: readonly NewEvent[], stored: readonly (EventRow | undefined)[]): AppendResult {
    const recorded: RecordedEvent[] = [];
    for (const [i, row] of stored.entries()) {
      const id = events[i]?.id ?? '';
      if (!row) throw new IdempotencyConflictError(id, 'only part of this append was stored before, so it is neither new nor a retry');
      const event = toRecordedEvent(row);
      if (event.metadata.streamId !== streamId) throw new IdempotencyConflictError(id, 'it belongs to another stream');
      const previous = recorded[recorded.length - 1];
      if (previous && event.metadata.revision !== previous.metadata.revision + 1) {
        throw new IdempotencyConflictError(id, 'the earlier append held these events in a different order or batch');
      }
      recorded.push(event);
    }
    const last = recorded[recorded.length - 1]?.metadata;
    if (!last) throw new InvalidEventError('an append needs at least one event');
    return { streamId, nextExpectedRevision: last.revision, position: last.position, events: recorded, idempotentReplay: true };
  }
}

/** Holes in the global order, including a deleted tail (the rowid counter remembers the highest position issued). */
function positionGaps(db: Database.Database): IntegrityProblem[] {
  const gaps = db
    .prepare<[], [number, number]>(
      `SELECT prev + 1, position - 1 FROM (
         SELECT position, lag(position, 1, 0) OVER (ORDER BY position) AS prev FROM events
       ) WHERE position > prev + 1`,
    )
    .raw(true)
    .all();
  const highest = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(true).get() ?? 0;
  const issued = db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'events'").pluck(true).get() ?? 0;
  if (issued > highest) gaps.push([highest + 1, issued]);
  return gaps.map(([from, to]) => ({
    kind: 'position_gap',
    streamId: '',
    revision: null,
    position: from,
    detail: from === to ? `position ${from} is missing` : `positions ${from} to ${to} are missing`,
  }));
}

async function verifyEverything(db: Database.Database): Promise<IntegrityReport> {
  const problems = positionGaps(db);
  const heads = new Map(
    db
      .prepare<[], [string, number, string]>('SELECT stream_id, revision, hash FROM streams')
      .raw(true)
      .all()
      .map(([streamId, revision, hash]) => [streamId, { revision, hash }] as const),
  );
  let streamsChecked = 0;
  let eventsChecked = 0;
  let streamId: string | undefined;
  let events: RecordedEvent[] = [];
  const checkStream = (): void => {
    if (streamId === undefined) return;
    const head = heads.get(streamId);
    problems.push(...verifyChain(streamId, events, head));
    if (!head) problems.push(missingHeadProblem(streamId, events));
    heads.delete(streamId);
    streamsChecked += 1;
  };
  const rows = db.prepare<[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY stream_id, revision`).raw(true).iterate();
  for (const row of rows) {
    const event = toRecordedEvent(row);
    if (event.metadata.streamId !== streamId) {
      checkStream();
      streamId = event.metadata.streamId;
      events = [];
    }
    events.push(event);
    eventsChecked += 1;
    if (eventsChecked % VERIFY_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  checkStream();
  // Heads left over belong to streams whose every event is gone.
  for (const [orphan, head] of heads) {
    problems.push(...verifyChain(orphan, [], head));
    streamsChecked += 1;
  }
  return integrityReport(streamsChecked, eventsChecked, problems);
}
