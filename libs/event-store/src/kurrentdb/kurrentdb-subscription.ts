import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../event-envelope.js';
import { StoreUnavailableError } from '../event-store.errors.js';
import type { Subscription } from '../event-store.port.js';
import { parseRecord, toStoreError } from './kurrentdb-mapping.js';

/** What the adapter needs of the client's `$all` subscription (a Node Readable); a test double can provide it. */
export interface SubscriptionSource extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

/**
 * The port's Subscription over a KurrentDB catch-up subscription to `$all`. KurrentDB does the catching up and the
 * switch to live itself; this class turns its records into envelopes, drops what is not this store's, and guarantees
 * each position is delivered once and in order even if the server resends the record at the checkpoint.
 */
export class KurrentDbSubscription implements Subscription {
  #closed = false;
  #closing: Promise<void> | undefined;
  #iterator: AsyncGenerator<RecordedEvent> | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly prefix: string,
    private readonly after: number,
    private readonly onClosed: (subscription: KurrentDbSubscription) => void = () => undefined,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    // One consumer: iterating twice continues the same stream rather than opening a second one.
    this.#iterator ??= this.#run();
    return this.#iterator;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#release();
    return this.#closing;
  }

  async #release(): Promise<void> {
    try {
      await this.source.unsubscribe();
    } catch {
      // Already gone (server dropped it, or the client was disposed): nothing left to release.
    }
    // Destroying ends a pending `for await` over the source; `#run` treats that as the end, not as a failure.
    this.source.destroy();
    this.onClosed(this);
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    let last = this.after;
    try {
      for await (const resolved of this.source) {
        if (this.#closed) return;
        if (!resolved.event) continue;
        const parsed = parseRecord(resolved.event, this.prefix);
        if (parsed.kind === 'foreign') continue;
        if (parsed.kind === 'malformed') {
          throw new StoreUnavailableError(`event at revision ${parsed.revision} of stream ${parsed.streamId} cannot be read: ${parsed.detail}`);
        }
        const position = parsed.event.metadata.position;
        if (position <= last) continue;
        last = position;
        yield parsed.event;
      }
      if (!this.#closed) throw new StoreUnavailableError('KurrentDB ended the subscription; resume from the last checkpoint');
    } catch (error) {
      if (this.#closed) return;
      throw toStoreError(error);
    } finally {
      // Reached when the consumer breaks out of its loop too: give the server its subscription back.
      await this.close();
    }
  }
}
