import type { BenchCase } from './bench-cases.js';
import type { BenchOptions } from './bench-options.js';
import { median, perSecond, timeWork } from './stats.js';
import { type Subject, takesPart } from './subject.js';

export interface Measurement {
  readonly caseId: string;
  readonly subjectKey: string;
  /** Events per second of each run, in the order they ran. */
  readonly runs: readonly number[];
  readonly median: number;
}

/** Order of the sides in run `r`: rotated each time, so no side always runs first (or straight after a checkpoint). */
export function rotation<T>(items: readonly T[], r: number): T[] {
  if (items.length === 0) return [];
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Runs every case on every side that takes part, interleaving the sides run by run (and slice by slice within a
 * run): on a shared, noisy machine a slow moment then hurts every side alike instead of whichever was being measured.
 */
export async function measureCases(
  cases: readonly BenchCase[],
  subjects: readonly Subject[],
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (const benchCase of cases) {
    const sides = subjects.filter((s) => takesPart(s, benchCase.id));
    for (const side of sides) await benchCase.prepare?.(side.target, options);
    const runs = new Map<string, number[]>(sides.map((s) => [s.key, []]));
    const slices = benchCase.slices ?? 1;
    for (let r = 0; r < options.repeats; r++) {
      const done = new Map(sides.map((s) => [s.key, { count: 0, elapsedMs: 0 }]));
      for (let slice = 0; slice < slices; slice++) {
        for (const side of rotation(sides, r + slice)) {
          const work = benchCase.setUp(side.target, { runId: `${benchCase.id}-${side.key}-${r}-${slice}`, options, share: 1 / slices });
          const { count, elapsedMs } = await timeWork(work);
          const total = done.get(side.key);
          if (total) {
            total.count += count;
            total.elapsedMs += elapsedMs;
          }
        }
      }
      for (const side of sides) {
        const total = done.get(side.key);
        if (total) runs.get(side.key)?.push(perSecond(total.count, total.elapsedMs));
      }
    }
    for (const side of sides) {
      const own = runs.get(side.key) ?? [];
      const m = { caseId: benchCase.id, subjectKey: side.key, runs: own, median: median(own) };
      measurements.push(m);
      progress(`  ${benchCase.id} ${side.key}: median ${Math.round(m.median)} events/s of [${own.map((v) => Math.round(v)).join(', ')}]`);
    }
  }
  return measurements;
}
