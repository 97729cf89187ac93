import type { RecordedEvent } from '../event-envelope.js';
import type { Subscription } from '../event-store.port.js';

export interface SqliteSubscriptionSource {
  /** Events with a position greater than `after`, at most `limit`, in position order. */
  readAfter(after: number, limit: number): RecordedEvent[];
  /** Calls `wake` whenever this process commits to the same file; returns the function that stops listening. */
  listen(wake: () => void): () => void;
  /** Told when the subscription ends, so the store stops tracking it. */
  ended(subscription: SqliteSubscription): void;
}

/**
 * Catches up from the checkpoint in batches, then waits for an append in this process or the next poll (for appends
 * by other processes). Positions are assigned under SQLite's single write lock, so an event can never become visible
 * with a position lower than one already delivered: reading "after the last position seen" misses nothing.
 */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private started = false;
  /** Set by every append notification; a notification that lands while we deliver a batch must not be slept through. */
  private appended = false;
  private wake: (() => void) | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly source: SqliteSubscriptionSource,
    private after: number,
    private readonly batchSize: number,
    private readonly pollIntervalMs: number,
  ) {
    this.stopListening = source.listen(() => {
      this.appended = true;
      this.wake?.();
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent, void, undefined> {
    if (this.started) throw new Error('a subscription can be iterated only once');
    this.started = true;
    try {
      while (!this.closed) {
        this.appended = false;
        const batch = this.source.readAfter(this.after, this.batchSize);
        for (const event of batch) {
          if (this.closed) return;
          this.after = event.metadata.position;
          yield event;
        }
        if (batch.length < this.batchSize && !this.appended && !this.closed) await this.waitForAppendOrPoll();
      }
    } finally {
      // Reached when the consumer breaks out of its loop too: stop listening either way.
      this.end();
    }
  }

  async close(): Promise<void> {
    this.end();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.source.ended(this);
    this.wake?.();
  }

  private waitForAppendOrPoll(): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }
}
