import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

export const ENGINE_NAMES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface BenchOptions {
  /** Runs of every measurement per side; the table shows their median. */
  readonly repeats: number;
  /** Events appended one per append by a single writer, per run. */
  readonly singleEvents: number;
  /** Concurrent writers for the many-writers case. */
  readonly writers: number;
  /** Events appended one per append by all the concurrent writers together, per run. */
  readonly concurrentEvents: number;
  /** Events appended in batches of 10, per run. */
  readonly batch10Events: number;
  /** Events appended in batches of 100, per run. */
  readonly batch100Events: number;
  /** Events seeded (streams of 100) and then read by each read case, per run. */
  readonly readEvents: number;
  /** Events per readAll call and per subscription catch-up batch. */
  readonly readBatch: number;
  /**
   * An append run stops early after this long (its rate is what it did meanwhile), so a slow disk makes the bench
   * less precise rather than longer.
   */
  readonly maxRunMs: number;
  readonly engines: readonly EngineName[];
  readonly databaseUrl: string;
  /** Where the SQLite files go (a fresh folder inside it, removed afterwards). */
  readonly dir: string;
}

const FULL = {
  repeats: 5,
  singleEvents: 600,
  writers: 16,
  concurrentEvents: 3200,
  batch10Events: 4000,
  batch100Events: 20_000,
  readEvents: 20_000,
  readBatch: 1000,
  maxRunMs: 2000,
};
const QUICK = {
  repeats: 2,
  singleEvents: 60,
  writers: 16,
  concurrentEvents: 320,
  batch10Events: 400,
  batch100Events: 2000,
  readEvents: 2000,
  readBatch: 500,
  maxRunMs: 500,
};

/** Flag, its environment variable, and the option it sets. */
const SIZES = [
  ['repeats', 'BENCH_REPEATS', 'repeats'],
  ['single', 'BENCH_SINGLE', 'singleEvents'],
  ['writers', 'BENCH_WRITERS', 'writers'],
  ['concurrent', 'BENCH_CONCURRENT', 'concurrentEvents'],
  ['batch10', 'BENCH_BATCH10', 'batch10Events'],
  ['batch100', 'BENCH_BATCH100', 'batch100Events'],
  ['reads', 'BENCH_READS', 'readEvents'],
  ['read-batch', 'BENCH_READ_BATCH', 'readBatch'],
  ['max-run-ms', 'BENCH_MAX_RUN_MS', 'maxRunMs'],
] as const;

export const BENCH_USAGE = `Usage: npm run bench:store -- [--quick] [--engines sqlite,postgres] [--repeats N] [--single N] [--writers N]
       [--concurrent N] [--batch10 N] [--batch100 N] [--reads N] [--read-batch N] [--max-run-ms N] [--dir PATH]
Sizes are events per run; an append run also stops after --max-run-ms. Each flag also reads from the environment:
BENCH_QUICK=1, BENCH_ENGINES, BENCH_REPEATS, BENCH_SINGLE, BENCH_WRITERS, BENCH_CONCURRENT, BENCH_BATCH10,
BENCH_BATCH100, BENCH_READS, BENCH_READ_BATCH, BENCH_MAX_RUN_MS, BENCH_DIR; flags win.
PostgreSQL is taken from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).`;

export class BenchUsageError extends Error {
  readonly code = 'BENCH_USAGE';
}

function positiveInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new BenchUsageError(`${what} must be a positive whole number, got '${text}'`);
  return n;
}

function engineList(text: string): EngineName[] {
  const names = text.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  const known = new Set<string>(ENGINE_NAMES);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0 || names.length === 0) throw new BenchUsageError(`engines must be a list of ${ENGINE_NAMES.join(', ')}, got '${text}'`);
  return ENGINE_NAMES.filter((n) => names.includes(n));
}

/** Defaults, then `--quick`, then environment, then flags. */
export function parseBenchOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        engines: { type: 'string' },
        dir: { type: 'string' },
        ...Object.fromEntries(SIZES.map(([flag]) => [flag, { type: 'string' as const }])),
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const quick = values.quick === true || env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const sizes: Record<(typeof SIZES)[number][2], number> = { ...(quick ? QUICK : FULL) };
  for (const [flag, variable, option] of SIZES) {
    const flagValue = values[flag];
    const text = typeof flagValue === 'string' ? flagValue : env[variable];
    if (text !== undefined && text !== '') sizes[option] = positiveInteger(text, `--${flag}`);
  }
  if (sizes.concurrentEvents < sizes.writers) throw new BenchUsageError('--concurrent must be at least --writers (every writer appends)');
  const engines = typeof values.engines === 'string' ? values.engines : env.BENCH_ENGINES;
  const dir = typeof values.dir === 'string' ? values.dir : env.BENCH_DIR;
  return {
    ...sizes,
    engines: engines ? engineList(engines) : [...ENGINE_NAMES],
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    dir: dir || tmpdir(),
  };
}
