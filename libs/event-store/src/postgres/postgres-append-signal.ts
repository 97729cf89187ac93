import type pg from 'pg';
import { APPEND_CHANNEL } from './postgres-schema.js';

/**
 * "Something may have been appended": raised by appends in this process and by NOTIFY from other processes.
 * A subscription notes the generation before it reads, so a signal that lands while it delivers is not slept through.
 */
export class AppendSignal {
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  raise(): void {
    this.generation += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the first signal after generation `since`, after `timeoutMs`, or when `stop` is called. */
  wait(since: number, timeoutMs: number): { done: Promise<void>; stop: () => void } {
    let stop: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      if (this.generation !== since) {
        resolve();
        return;
      }
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.waiters.add(finish);
      stop = finish;
    });
    return { done, stop: () => stop() };
  }
}

/**
 * One LISTEN connection per store, held only while some subscription is waiting for events. If it breaks, the
 * subscriptions carry on polling and the next wait reconnects (at most once per poll interval).
 */
export class AppendListener {
  private client: pg.PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private users = 0;
  private lastAttempt = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly signal: AppendSignal,
    private readonly retryMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  acquire(): void {
    this.users += 1;
    this.ensure();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.drop(undefined);
  }

  /** Connects when someone needs it and no connection is up or on its way; rate-limited after failures. */
  ensure(): void {
    if (this.users === 0 || this.client || this.connecting) return;
    const now = Date.now();
    if (now - this.lastAttempt < this.retryMs) return;
    this.lastAttempt = now;
    this.connecting = this.connect()
      .catch((error: unknown) => this.onError(asError(error)))
      .finally(() => {
        this.connecting = undefined;
      });
  }

  /** Waits for a connection attempt in flight, then lets go of the connection. */
  async close(): Promise<void> {
    this.users = 0;
    await this.connecting;
    this.drop(undefined);
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', (error) => {
      this.onError(error);
      if (this.client === client) this.drop(error);
    });
    client.on('notification', (message) => {
      if (message.channel === APPEND_CHANNEL && message.payload === this.schema) this.signal.raise();
    });
    try {
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      client.release(asError(error));
      throw error;
    }
    if (this.users === 0) {
      client.release(true);
      return;
    }
    this.client = client;
    // Appends that notified before LISTEN took effect would otherwise wait for the next poll.
    this.signal.raise();
  }

  private drop(error: Error | undefined): void {
    const client = this.client;
    this.client = undefined;
    // Never hand a LISTENing connection back to the pool: destroy it.
    client?.release(error ?? true);
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
