/** What one request's hit on a key answered. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the key's window ends (for `Retry-After`). */
  readonly retryAfterSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

/** Windows are swept of expired keys once the map holds this many, so idle users and addresses cost nothing. */
const SWEEP_AT = 10_000;

/**
 * Fixed-window request counting per key (`user:<id>` or `ip:<address>`), in this process's memory. Several API
 * processes each count their own requests: the limit is per process, which bounds what one user can make one
 * process do. A limit of 0 turns counting off for that kind of key.
 *
 * Written here rather than taken from @nestjs/throttler: that package is CommonJS requiring Nest 12's ESM-only
 * modules, which Node 20 loads but Jest on Node 20 cannot, so the API could not be tested in-process with it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError('windowMs must be a positive number');
  }

  hit(key: string, limit: number): RateDecision {
    const now = this.now();
    if (limit <= 0) return { allowed: true, limit, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    return { allowed: window.count <= limit, limit, remaining: Math.max(0, limit - window.count), retryAfterSeconds };
  }

  /** Keys currently counted (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
