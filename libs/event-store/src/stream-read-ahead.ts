import type { LogEvent } from './event-envelope.js';
import type { EventStore, StreamCursor } from './event-store.port.js';
import { handled } from './log-read-ahead.js';

/**
 * The log up to a position read stream by stream in chunks (`EventStore.readLogByStream`), one chunk ahead of the
 * caller. A chunk may end part way through a stream; `WholeStreams` puts streams back together.
 */
export interface StreamChunks {
  /** The next chunk: `chunkSize` events, fewer (or none) only at the end. */
  next(): Promise<LogEvent[]>;
  /** Stops reading ahead. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_CHUNK = 1000;

/** Where a read by stream goes on from after `event`. */
export function cursorOf(event: LogEvent): StreamCursor {
  return { streamId: event.metadata.streamId, revision: event.metadata.revision };
}

/**
 * Chunks pulled from a source one ahead: `pull(after)` answers the chunk that follows `after` (undefined: from the
 * start); the next pull starts as soon as a chunk arrives.
 */
export class PrefetchedStreamChunks implements StreamChunks {
  private pending: Promise<LogEvent[]> | undefined;
  private ended = false;
  private closed = false;

  constructor(
    private readonly pull: (after: StreamCursor | undefined) => Promise<LogEvent[]>,
    private readonly chunkSize: number,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async next(): Promise<LogEvent[]> {
    if (this.closed) throw new Error('the log reader is closed');
    if (this.ended && this.pending === undefined) return [];
    const read = this.pending ?? handled(this.pull(undefined));
    this.pending = undefined;
    const chunk = await read;
    if (this.closed) return [];
    const last = chunk[chunk.length - 1];
    if (chunk.length < this.chunkSize || last === undefined) this.ended = true;
    else this.pending = handled(this.pull(cursorOf(last)));
    return chunk;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending?.catch(() => undefined);
    this.pending = undefined;
    await this.onClose();
  }
}

/**
 * The log up to `upTo`, stream by stream, one chunk of `chunkSize` events ahead (the store's own
 * `readLogByStreamAhead` where it has one, else `readLogByStream`), or undefined when the store cannot read by
 * stream (its callers then read in position order).
 */
export function readStreamsAhead(store: EventStore, upTo: number, chunkSize = DEFAULT_CHUNK): WholeStreams | undefined {
  if (!Number.isSafeInteger(upTo) || upTo < 0) throw new RangeError('upTo must be a position (a whole number, 0 or more)');
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive whole number');
  if (store.readLogByStreamAhead) return new WholeStreams(store.readLogByStreamAhead(upTo, chunkSize));
  const read = store.readLogByStream?.bind(store);
  if (!read) return undefined;
  return new WholeStreams(new PrefetchedStreamChunks((after) => read({ upTo, maxCount: chunkSize, ...(after ? { after } : {}) }), chunkSize));
}

/** Chunks of a read by stream handed over as whole streams: each stream's events together, never split. */
export class WholeStreams {
  /** Events read but not handed over: the start of a stream whose end is in a later chunk. */
  private carried: LogEvent[] = [];
  private ended = false;

  constructor(private readonly chunks: StreamChunks) {}

  /**
   * Whole streams, in order, holding at least `minEvents` events between them (one stream may take more), fewer only
   * at the end; an empty list once every stream has been handed over.
   */
  async next(minEvents: number): Promise<LogEvent[][]> {
    const streams: LogEvent[][] = [];
    let count = 0;
    while (count < minEvents) {
      if (this.ended) {
        if (this.carried.length > 0) streams.push(this.carried);
        this.carried = [];
        break;
      }
      const chunk = await this.chunks.next();
      if (chunk.length === 0) {
        this.ended = true;
        continue;
      }
      let start = 0;
      let current = this.carried;
      const first = chunk[0] as LogEvent;
      if (current.length > 0 && (current[0] as LogEvent).metadata.streamId !== first.metadata.streamId) {
        streams.push(current);
        count += current.length;
        current = [];
      }
      for (let i = 1; i <= chunk.length; i++) {
        if (i < chunk.length && (chunk[i] as LogEvent).metadata.streamId === (chunk[start] as LogEvent).metadata.streamId) continue;
        // chunk[start, i) is one stream's run; the last run may go on in the next chunk.
        const run = chunk.slice(start, i);
        const whole = current.length > 0 ? current.concat(run) : run;
        current = [];
        if (i === chunk.length) {
          current = whole;
        } else {
          streams.push(whole);
          count += whole.length;
        }
        start = i;
      }
      this.carried = current;
    }
    return streams;
  }

  async close(): Promise<void> {
    this.carried = [];
    await this.chunks.close();
  }
}
