/**
 * Holds a read back until everything it saw is durable. Appends commit with `synchronous_commit = off` (so the log's
 * single writer slot is not held through an fsync) and flush the WAL in a second transaction before they answer;
 * in between, another session can already see their events. A reader that may have seen such a commit asks for a
 * WAL flush of its own before answering: WAL is flushed in order, so a synchronous commit of a transaction that
 * writes WAL (`pg_logical_emit_message(true, …)`, which also takes a transaction id) makes every earlier commit
 * durable too.
 *
 * The rule: a flush proves durability only for commits that finished before the flush was sent. So a caller joins
 * a flush that has not been sent yet, or asks for a new one. Callers in the same turn of the event loop share one;
 * several flushes may be in flight at once, so nobody waits for a flush that began too early to count for them.
 * PostgreSQL merges concurrent flushes into one fsync.
 */
export class DurabilityBarrier {
  private waiting: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  private scheduled = false;
  private inFlight = 0;
  private readonly drained = new Set<() => void>();

  /** `flushWal()` commits one synchronous transaction that writes WAL. */
  constructor(
    private readonly flushWal: () => Promise<void>,
    private readonly maxInFlight = 4,
  ) {}

  /** Resolves once a WAL flush sent after this call has completed. */
  flush(): Promise<void> {
    if (!this.waiting) {
      let resolve: () => void = () => undefined;
      let reject: (error: unknown) => void = () => undefined;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.waiting = { promise, resolve, reject };
    }
    this.schedule();
    return this.waiting.promise;
  }

  /** Resolves when no flush is running or waiting (for a tidy close). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && !this.waiting) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  /** Sends the waiting flush after the callers of this turn have joined it, if a slot is free. */
  private schedule(): void {
    if (this.scheduled || !this.waiting || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    const batch = this.waiting;
    if (!batch || this.inFlight >= this.maxInFlight) return;
    this.waiting = undefined;
    this.inFlight += 1;
    void this.flushWal()
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.inFlight -= 1;
        this.schedule();
        if (this.inFlight === 0 && !this.waiting) {
          for (const resolve of this.drained) resolve();
          this.drained.clear();
        }
      });
  }
}
