import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startApiProcess } from '../commands/api-process.js';
import { percentile } from '../commands/latency.js';
import { median } from '../stats.js';

/** The "well under a minute" for seeding two years of an average authority, from launch. */
export const QUICKSTART_TARGET_SECONDS = 60;

export interface HealthLatency {
  readonly polls: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface QuickstartRun {
  /** Launch to the API answering `/health`. */
  readonly readySeconds: number;
  /** Launch to the log saying the demo authority is seeded. */
  readonly seededSeconds: number;
  /** The seed's own time, as it logs it (from its start, after the API is up). */
  readonly seedSeconds: number;
  readonly events: number;
  readonly rejected: number;
  /** Launch to every read model live with no lag: the dashboard complete. */
  readonly caughtUpSeconds: number;
  /** `/health` polled every 250 ms from ready to caught up: how the API answers while it seeds and projects. */
  readonly health: HealthLatency;
}

export interface QuickstartReport {
  readonly runs: readonly QuickstartRun[];
  readonly seededSeconds: number;
  readonly caughtUpSeconds: number;
  readonly healthP50Ms: number;
  readonly healthP99Ms: number;
  readonly pass: boolean;
  readonly machine: { readonly cpus: number; readonly node: string };
}

/** The seeder's closing log line, if it has been written. */
export function seededLine(log: string): { events: number; rejected: number; seconds: number } | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"demo authority seeded"')) continue;
    const entry = JSON.parse(line) as { events?: unknown; rejected?: unknown; seconds?: unknown };
    if (typeof entry.events === 'number' && typeof entry.seconds === 'number') {
      return { events: entry.events, rejected: typeof entry.rejected === 'number' ? entry.rejected : 0, seconds: entry.seconds };
    }
  }
  return undefined;
}

/** Whether `/health`'s read models are all live and level with the log (terminus body, 200 or 503). */
export function readModelsCaughtUp(body: unknown): boolean {
  const models = (body as { info?: { readModels?: { degraded?: unknown; lag?: unknown } } } | null)?.info?.readModels;
  return models !== undefined && models.degraded === false && models.lag === 0;
}

function latency(samples: readonly number[]): HealthLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { polls: sorted.length, p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? Number.NaN) };
}

const seconds = (fromMs: number): number => Math.round((performance.now() - fromMs) / 100) / 10;

/** One quick start: the built API on an empty folder, as `npm start` runs it, until its read models are complete. */
async function oneRun(progress: (line: string) => void, timeoutMs: number): Promise<QuickstartRun> {
  const launched = performance.now();
  // As `npm start` runs it (package.json).
  const api = await startApiProcess('info', { demoSeed: true, nodeArgs: ['--max-semi-space-size=64'] });
  try {
    const readySeconds = seconds(launched);
    const samples: number[] = [];
    let seeded: { at: number; line: { events: number; rejected: number; seconds: number } } | undefined;
    for (;;) {
      const asked = performance.now();
      const response = await fetch(new URL('/health', api.url));
      const body: unknown = await response.json();
      samples.push(performance.now() - asked);
      if (!seeded) {
        const line = seededLine(readFileSync(join(api.dir, 'api.log'), 'utf8'));
        if (line) {
          seeded = { at: seconds(launched), line };
          progress(`  seeded ${line.events.toLocaleString('en-GB')} events ${seeded.at} s after launch`);
        }
      }
      if (seeded && readModelsCaughtUp(body)) {
        return {
          readySeconds,
          seededSeconds: seeded.at,
          seedSeconds: seeded.line.seconds,
          events: seeded.line.events,
          rejected: seeded.line.rejected,
          caughtUpSeconds: seconds(launched),
          health: latency(samples),
        };
      }
      if (performance.now() - launched > timeoutMs) throw new Error(`the quick start did not finish within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await api.stop();
  }
}

export async function runQuickstartBench(options: { runs: number; timeoutMs: number }, progress: (line: string) => void): Promise<QuickstartReport> {
  const runs: QuickstartRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    progress(`quick start ${i + 1}/${options.runs}`);
    runs.push(await oneRun(progress, options.timeoutMs));
  }
  const seededSeconds = median(runs.map((r) => r.seededSeconds));
  return {
    runs,
    seededSeconds,
    caughtUpSeconds: median(runs.map((r) => r.caughtUpSeconds)),
    healthP50Ms: median(runs.map((r) => r.health.p50)),
    healthP99Ms: median(runs.map((r) => r.health.p99)),
    pass: seededSeconds < QUICKSTART_TARGET_SECONDS && runs.every((r) => r.rejected === 0),
    machine: { cpus: availableParallelism(), node: process.version },
  };
}
