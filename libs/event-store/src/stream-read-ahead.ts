import type { LogEvent } from './event-envelope.js';
import type { EventStore, StreamCursor } from './event-store.port.js';
import { checkReadOptions, handled } from './log-read-ahead.js';

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

/** Where a read by stream starts when it is given no cursor: every stream id sorts after '' at any revision. */
export const FROM_THE_START: StreamCursor = Object.freeze({ streamId: '', revision: -1 });

/** Where a read by stream goes on from after `event`. */
function cursorOf(event: LogEvent): StreamCursor {
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
export function readStreamsAhead(store: EventStore, upTo: number, chunkSize: number): WholeStreams | undefined {
  checkReadOptions('upTo', upTo, chunkSize);
  if (store.readLogByStreamAhead) return new WholeStreams(store.readLogByStreamAhead(upTo, chunkSize));
  const read = store.readLogByStream?.bind(store);
  if (!read) return undefined;
  return new WholeStreams(new PrefetchedStreamChunks((after) => read({ upTo, maxCount: chunkSize, ...(after ? { after } : {}) }), chunkSize));
}

/** Chunks of a read by stream handed over as whole streams: each stream's events together, never split. */
export class WholeStreams {
  /** The chunk being handed over, from `offset` on. */
  private buffer: LogEvent[] = [];
  private offset = 0;
  /** The start of a stream whose end may be in the next chunk. */
  private carried: LogEvent[] = [];
  private ended = false;

  constructor(private readonly chunks: StreamChunks) {}

  /**
   * Whole streams, in order, holding at least `minEvents` events between them (the stream that reaches it may take
   * more), fewer only at the end; an empty list once every stream has been handed over.
   */
  async next(minEvents: number): Promise<LogEvent[][]> {
    const streams: LogEvent[][] = [];
    let count = 0;
    const complete = (stream: LogEvent[]): boolean => {
      streams.push(stream);
      count += stream.length;
      return count >= minEvents;
    };
    for (;;) {
      if (this.offset >= this.buffer.length) {
        if (this.ended) {
          if (this.carried.length > 0) complete(this.carried);
          this.carried = [];
          return streams;
        }
        const chunk = await this.chunks.next();
        this.buffer = chunk;
        this.offset = 0;
        if (chunk.length === 0) this.ended = true;
        continue;
      }
      const buffer = this.buffer;
      const start = this.offset;
      const streamId = (buffer[start] as LogEvent).metadata.streamId;
      if (this.carried.length > 0 && (this.carried[0] as LogEvent).metadata.streamId !== streamId) {
        // The stream carried over ended with the chunk before.
        const carried = this.carried;
        this.carried = [];
        if (complete(carried)) return streams;
      }
      let end = start + 1;
      while (end < buffer.length && (buffer[end] as LogEvent).metadata.streamId === streamId) end += 1;
      const run = buffer.slice(start, end);
      this.offset = end;
      const stream = this.carried.length > 0 ? this.carried.concat(run) : run;
      this.carried = [];
      // A run reaching the end of the chunk may go on in the next one.
      if (end === buffer.length) this.carried = stream;
      else if (complete(stream)) return streams;
    }
  }

  async close(): Promise<void> {
    this.buffer = [];
    this.carried = [];
    await this.chunks.close();
  }
}
