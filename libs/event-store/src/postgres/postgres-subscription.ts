import type { RecordedEvent } from '../event-envelope.js';
import type { Subscription } from '../event-store.port.js';
import type { AppendSignal } from './postgres-append-signal.js';

export interface PostgresSubscriptionSource {
  /** Durable events with a position greater than `after`, at most `limit`, in position order. */
  readAfter(after: number, limit: number): Promise<RecordedEvent[]>;
  readonly signal: AppendSignal;
  /** Told when the subscription starts and stops waiting for events, so the store holds a LISTEN connection only while needed. */
  started(subscription: PostgresSubscription): void;
  /** Asked before each wait: reconnect LISTEN if it broke. */
  waiting(): void;
  /** Told once, when the subscription ends; `started` says whether `started()` was called before. */
  ended(subscription: PostgresSubscription, started: boolean): void;
  /** Told of a read that failed and will be tried again (a dropped connection, a server restart). */
  readFailed(error: Error): void;
}

/** How a subscription rides out failed reads: consecutive failures before it gives up, and the longest pause. */
export interface ReadRetryPolicy {
  readonly maxFailures: number;
  readonly maxDelayMs: number;
}
const DEFAULT_READ_RETRY: ReadRetryPolicy = { maxFailures: 20, maxDelayMs: 5000 };

/**
 * Catches up in batches, then sleeps until an append signal (this process, or NOTIFY from another) or the poll
 * interval. Reading "after the last position delivered" misses nothing because positions become visible strictly in
 * order (see postgres-event-store.ts), and only durable events are ever read.
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private started = false;
  private stopWaiting: (() => void) | undefined;
  private reading: Promise<unknown> | undefined;

  constructor(
    private readonly source: PostgresSubscriptionSource,
    private after: number,
    private readonly batchSize: number,
    private readonly pollIntervalMs: number,
    private readonly retry: ReadRetryPolicy = DEFAULT_READ_RETRY,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent, void, undefined> {
    if (this.started) throw new Error('a subscription can be iterated only once');
    this.started = true;
    if (this.closed) return;
    this.source.started(this);
    let failures = 0;
    try {
      while (!this.closed) {
        const seen = this.source.signal.current;
        const reading = this.source.readAfter(this.after, this.batchSize);
        this.reading = reading;
        let batch: RecordedEvent[];
        try {
          batch = await reading;
          failures = 0;
        } catch (error) {
          // A dropped connection must not end a subscriber that is meant to follow the log for good: report it and
          // read again from the same checkpoint (nothing is skipped or repeated), backing off, up to a limit.
          this.reading = undefined;
          if (this.closed) return;
          failures += 1;
          if (failures >= this.retry.maxFailures) throw error;
          this.source.readFailed(error instanceof Error ? error : new Error(String(error)));
          const wait = this.source.signal.wait(this.source.signal.current, Math.min(this.retry.maxDelayMs, this.pollIntervalMs * 2 ** (failures - 1)));
          this.stopWaiting = wait.stop;
          await wait.done;
          this.stopWaiting = undefined;
          continue;
        }
        this.reading = undefined;
        for (const event of batch) {
          if (this.closed) return;
          this.after = event.metadata.position;
          yield event;
        }
        if (this.closed || batch.length === this.batchSize) continue;
        this.source.waiting();
        const wait = this.source.signal.wait(seen, this.pollIntervalMs);
        this.stopWaiting = wait.stop;
        await wait.done;
        this.stopWaiting = undefined;
      }
    } finally {
      // Also reached when the consumer breaks out of its loop.
      this.end();
    }
  }

  /** Ends the iteration (a pending `next()` resolves as done) and lets go of the LISTEN connection when last. */
  async close(): Promise<void> {
    this.end();
    // A read in flight finishes on its own pooled connection; wait so close() leaves nothing running.
    await this.reading?.catch(() => undefined);
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWaiting?.();
    this.source.ended(this, this.started);
  }
}
