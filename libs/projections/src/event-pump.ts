import type { EventStore, LogEvent, Subscription } from '@cje/event-store';

/**
 * Reads a subscription ahead of the runner and hands it events in batches: as many as are already there, up to the
 * batch size, so one transaction covers a whole backlog slice while catching up and a single event when live.
 * Stops reading ahead at `highWater` buffered events.
 */
export class EventPump {
  private readonly subscription: Subscription;
  private readonly done: Promise<void>;
  private buffer: LogEvent[] = [];
  private readIndex = 0;
  private ended = false;
  private failed = false;
  private failure: unknown;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(store: EventStore, after: number, private readonly highWater: number) {
    this.subscription = store.subscribeToAll({ after, batchSize: highWater });
    this.done = this.pump();
  }

  /** No event is waiting: everything the subscription delivered so far has been taken. */
  get drained(): boolean {
    return this.buffered === 0;
  }

  /** The next events, at most `max`; waits for at least one. `undefined` once closed. Throws what the subscription threw. */
  async take(max: number): Promise<LogEvent[] | undefined> {
    while (this.buffered === 0) {
      if (this.failed) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
    // One turn of the event loop lets the subscription hand over what it has already read, filling the batch.
    if (this.buffered < max && !this.ended) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(this.buffer.length, this.readIndex + max);
    const batch = this.buffer.slice(this.readIndex, end);
    this.readIndex = end;
    if (this.readIndex === this.buffer.length) {
      this.buffer = [];
      this.readIndex = 0;
    }
    this.wake('producer');
    return batch;
  }

  async close(): Promise<void> {
    this.ended = true;
    this.wake('producer');
    this.wake('consumer');
    await this.subscription.close();
    await this.done;
  }

  private get buffered(): number {
    return this.buffer.length - this.readIndex;
  }

  private async pump(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.ended) break;
        this.buffer.push(event);
        this.wake('consumer');
        while (this.buffered >= this.highWater && !this.ended) {
          await new Promise<void>((resolve) => {
            this.wakeProducer = resolve;
          });
        }
      }
    } catch (error) {
      this.failed = true;
      this.failure = error;
    } finally {
      this.ended = true;
      this.wake('consumer');
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
