/** Middle value (mean of the two middle ones for an even count): one slow run on a shared machine does not move it. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** Work done per second; a run too fast for the clock counts as unmeasurable rather than infinite. */
export function perSecond(count: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return Number.NaN;
  return (count * 1000) / elapsedMs;
}

/** adapter / raw, or null when either side is missing or the raw side did nothing. */
export function ratio(adapter: number | null, raw: number | null): number | null {
  if (adapter === null || raw === null || !(raw > 0) || !Number.isFinite(adapter)) return null;
  return adapter / raw;
}

/** Times one piece of `work`, which answers how many events it handled. */
export async function timeWork(work: () => Promise<number>): Promise<{ count: number; elapsedMs: number }> {
  const started = performance.now();
  const count = await work();
  return { count, elapsedMs: performance.now() - started };
}
