import type { BenchCase } from './bench-cases.js';
import type { BenchOptions } from './bench-options.js';
import { median, timeRun } from './stats.js';
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
 * Runs every case on every side that takes part, interleaving the sides run by run: on a shared, noisy machine a
 * slow minute then hurts both sides alike instead of whichever happened to be measured during it.
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
    for (let r = 0; r < options.repeats; r++) {
      for (const side of rotation(sides, r)) {
        const work = benchCase.setUp(side.target, { runId: `${benchCase.id}-${side.key}-${r}`, options });
        runs.get(side.key)?.push(await timeRun(work));
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
