import type { LogEvent, NewEvent, RecordedEvent } from './event-envelope.js';
import type { ExpectedRevision } from './expected-revision.js';
import type { IntegrityReport } from './integrity.js';
import type { LogReadAhead } from './log-read-ahead.js';
import type { StreamChunks } from './stream-read-ahead.js';

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

/** One stream's part of a batch append (`appendBatch`). */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  readonly streamId: string;
  /** Last revision of the stream after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or found, for a retried append). */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
  /** True when every event id was already stored: nothing new was written. */
  readonly idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards defaults to 0, backwards to the end of the stream. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this. 0 (default) reads from the start. */
  readonly after?: number;
  readonly maxCount?: number;
}

/** An event's place in a read of the log stream by stream: its stream and its revision there. */
export interface StreamCursor {
  readonly streamId: string;
  readonly revision: number;
}

export interface ReadByStreamOptions {
  /** Only events at or before this position: the log as it stood at a head read beforehand. */
  readonly upTo: number;
  /** Exclusive: events after this one, in stream order. Default: from the first event of the first stream. */
  readonly after?: StreamCursor;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: the last position already processed. Events after it are delivered. */
  readonly after?: number;
  /** How many events are read per catch-up batch. */
  readonly batchSize?: number;
}

/**
 * Every event after the checkpoint, once each, in position order, including events appended while catching up.
 * Iterate with `for await`; `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** The port every adapter implements; the shared contract suite checks each one. */
export interface EventStore {
  /** Which engine this is: 'sqlite' | 'postgres' | 'kurrentdb'. */
  readonly kind: string;
  /** Create tables and the like; safe to call more than once. */
  init(): Promise<void>;
  /** Append atomically: all the events or none. */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to many streams in one call, for bulk loads (seeding, imports). Each append is checked and written as
   * `append` would write it (validation, expected revision, hash chain, idempotency by event id), in the order given;
   * a stream may come more than once, each append following the one before it. Answers one result per append, in
   * order; an empty batch writes nothing. Validation happens before anything is written, so an invalid event leaves
   * the store as it was. SQLite and PostgreSQL write the whole batch in one transaction: all of it or none, with one
   * durable commit. KurrentDB has no transaction across streams: there each append is atomic on its own, and an append
   * that fails (wrong revision, idempotency conflict) may leave other appends of the batch written.
   */
  appendBatch(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Last revision of a stream, -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /** Events of every stream in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: `readAll` as `LogEvent`s, for rebuilding read models: a store that keeps events in columns reads only
   * the columns a read model uses, a good part less work over a long log. Readers fall back on `readAll`.
   */
  readLog?(options?: ReadAllOptions): Promise<LogEvent[]>;
  /**
   * Optional: the log read forwards from `after` in chunks of `chunkSize`, for long reads such as rebuilding a read
   * model (`readAhead` uses it where the store has it, and checks the options first). What it hands over is exactly
   * what `readLog` would. SQLite reads a long way to the head on a thread of its own.
   */
  readLogAhead?(after: number, chunkSize: number): LogReadAhead;
  /**
   * Optional: the log up to a position, stream by stream (streams in the store's order of their ids, each stream's
   * events in revision order), as `LogEvent`s: for building a read model from zero one stream at a time, which keeps
   * each stream's state in hand rather than every stream's at once. Every event at or before `upTo` comes exactly
   * once, whatever is appended meanwhile (positions are committed in order, so none at or before it can appear later).
   */
  readLogByStream?(options: ReadByStreamOptions): Promise<LogEvent[]>;
  /**
   * Optional: `readLogByStream` from the start, chunk by chunk, one chunk ahead of the caller (`readStreamsAhead`
   * uses it where the store has it). SQLite reads on a thread of its own.
   */
  readLogByStreamAhead?(upTo: number, chunkSize: number): StreamChunks;
  /** Position of the last committed event, 0 when the store is empty. */
  headPosition(): Promise<number>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Recompute the hash chain of one stream. */
  verifyStream(streamId: string): Promise<IntegrityReport>;
  /** Recompute every chain and check the global order has no holes. */
  verifyAll(): Promise<IntegrityReport>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
