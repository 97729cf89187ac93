import { randomUUID } from 'node:crypto';
import type { AccessLogEntry, AccessLogInput, PendingAccessLogEntry } from './access-log-entry.js';
import { AccessLogUnavailableError } from './access-log.errors.js';
import type { AccessLogStore } from './access-log-store.js';

export interface AccessLogWriterOptions {
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Reads waiting to be logged before new ones are refused (503) rather than queued without bound. */
  readonly maxPending?: number;
  /** Entries per transaction. */
  readonly maxBatch?: number;
  /** Told why a batch failed (the reads themselves fail with a 503). */
  readonly onFailure?: (error: unknown, entries: number) => void;
}

interface Waiting {
  readonly entry: PendingAccessLogEntry;
  readonly resolve: (entry: AccessLogEntry) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for the access log. Each read waits until its entry is durably written, but reads arriving together
 * share one transaction (one fsync): the first read of a quiet moment is written at once, and whatever arrives
 * while a write is in progress goes into the next one. A read whose entry cannot be written is refused, never
 * answered with its entry silently lost.
 */
export class AccessLogWriter {
  private readonly queue: Waiting[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly maxPending: number;
  private readonly maxBatch: number;

  constructor(
    private readonly store: AccessLogStore,
    private readonly options: AccessLogWriterOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.maxPending = options.maxPending ?? 10_000;
    this.maxBatch = options.maxBatch ?? 1_000;
  }

  /** Resolves once the entry is written; rejects with AccessLogUnavailableError when it could not be. */
  record(input: AccessLogInput): Promise<AccessLogEntry> {
    if (this.closed || this.queue.length >= this.maxPending) return Promise.reject(new AccessLogUnavailableError());
    const entry: PendingAccessLogEntry = {
      id: this.newId(),
      at: this.now().toISOString(),
      userId: input.userId,
      role: input.role,
      team: input.team,
      childId: input.childId,
      view: input.view,
      requestId: input.requestId,
    };
    return new Promise<AccessLogEntry>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is queued, then refuses new entries. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) await (this.flushing ?? this.flush());
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // After this turn's I/O callbacks: reads that arrived together are written together.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return this.flushing ?? Promise.resolve();
    const batch = this.queue.splice(0, this.maxBatch);
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    let written: AccessLogEntry[];
    try {
      written = await this.store.append(batch.map((w) => w.entry));
      if (written.length !== batch.length) throw new Error(`the access log wrote ${written.length} of ${batch.length} entries`);
    } catch (error) {
      this.options.onFailure?.(error, batch.length);
      for (const w of batch) w.reject(new AccessLogUnavailableError());
      return;
    }
    batch.forEach((w, i) => {
      const entry = written[i];
      if (entry) w.resolve(entry);
    });
  }
}
