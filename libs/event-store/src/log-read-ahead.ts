import type { LogEvent } from './event-envelope.js';
import type { EventStore } from './event-store.port.js';

export interface ReadAheadOptions {
  /** Exclusive: the reader starts with the first event after this position. */
  readonly after: number;
  /** Events per read of the log. Default 1,000. */
  readonly chunkSize?: number;
}

/**
 * The log read forwards from a position while the caller works on what it was handed: the next read is under way
 * before it is asked for. For long sequential reads such as a projection catching up or being rebuilt; what it hands
 * over is exactly the events `readAll` would, in the same order, as `LogEvent`s.
 */
export interface LogReadAhead {
  /** Position of the last event handed over (the `after` it started from before the first). */
  readonly position: number;
  /**
   * Up to `max` next events, none after `until`; fewer than `max` only when the log, as it stood when read, has no
   * more up to `until`. Events after `until` are kept for a later call.
   */
  next(max: number, until: number): Promise<LogEvent[]>;
  /** True once the reader has reached the end of the log as it stood and handed everything over. */
  readonly exhausted: boolean;
  /** Stops reading ahead and lets go of buffered events. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_CHUNK = 1000;

/**
 * A reader over the chunks a source delivers in position order. `pull(after)` answers the chunk that follows `after`
 * (an empty or short chunk at the end of the log as it stood); the next pull starts as soon as a chunk arrives, so
 * one read is always under way while the caller works.
 */
export class ChunkedReadAhead implements LogReadAhead {
  private buffer: LogEvent[] = [];
  private offset = 0;
  private pending: Promise<LogEvent[]> | undefined;
  private nextAfter: number;
  private ended = false;
  private closed = false;
  private last: number;

  constructor(
    private readonly pull: (after: number) => Promise<LogEvent[]>,
    private readonly chunkSize: number,
    after: number,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {
    this.last = after;
    this.nextAfter = after;
  }

  get position(): number {
    return this.last;
  }

  get exhausted(): boolean {
    return this.ended && this.pending === undefined && this.offset >= this.buffer.length;
  }

  async next(max: number, until: number): Promise<LogEvent[]> {
    if (this.closed) throw new Error('the log reader is closed');
    const out: LogEvent[] = [];
    while (out.length < max) {
      if (this.offset >= this.buffer.length) {
        if (!(await this.refill())) break;
        continue;
      }
      const event = this.buffer[this.offset] as LogEvent;
      if (event.metadata.position > until) break;
      out.push(event);
      this.offset += 1;
    }
    const lastOut = out[out.length - 1];
    if (lastOut) this.last = lastOut.metadata.position;
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffer = [];
    this.offset = 0;
    // A read under way is let go: its result (or failure) is no one's concern now.
    this.pending?.catch(() => undefined);
    this.pending = undefined;
    await this.onClose();
  }

  /** The next chunk into the buffer; false at the end of the log as it stood. */
  private async refill(): Promise<boolean> {
    if (this.pending === undefined) {
      if (this.ended) return false;
      this.pending = handled(this.pull(this.nextAfter));
    }
    const read = this.pending;
    this.pending = undefined;
    const chunk = await read;
    if (this.closed) return false;
    if (chunk.length < this.chunkSize) this.ended = true;
    const lastRead = chunk[chunk.length - 1];
    if (lastRead) this.nextAfter = lastRead.metadata.position;
    // The next read starts while this chunk is worked on.
    if (!this.ended) this.pending = handled(this.pull(this.nextAfter));
    this.buffer = chunk;
    this.offset = 0;
    return chunk.length > 0;
  }
}

/** Refuses a position (`name`: which option) or a chunk size a read forwards cannot take. */
export function checkReadOptions(name: string, position: number, chunkSize = 1): void {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`${name} must be a position (a whole number, 0 or more)`);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive whole number');
}

/** The same promise, marked as handled: a read ahead that fails before it is awaited is not an unhandled rejection. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The log read forwards from `after`, one read of `chunkSize` events ahead of the caller (the store's own
 * `readLogAhead` where it has one, else `readLog` where it has it, else `readAll`): for a store across a network
 * (PostgreSQL, KurrentDB) the next round trip overlaps the caller's work on the events it was handed.
 */
export function readAhead(store: EventStore, options: ReadAheadOptions): LogReadAhead {
  const { after } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  checkReadOptions('after', after, chunkSize);
  if (store.readLogAhead) return store.readLogAhead(after, chunkSize);
  const read = store.readLog ? store.readLog.bind(store) : store.readAll.bind(store);
  return new ChunkedReadAhead((from) => read({ after: from, maxCount: chunkSize }), chunkSize, after);
}
