import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_SIZE } from '@cje/projections';

export interface ProjectionBenchOptions {
  /** Events in the synthetic county's log. */
  readonly events: number;
  readonly years: number;
  readonly from: string;
  readonly seed: number;
  /** Full rebuilds measured; the table shows their median. */
  readonly rebuilds: number;
  /** Rebuilds in position order (as before stream-by-stream builds), measured beside them for comparison. */
  readonly positionRebuilds: number;
  /** Raw reads of the log measured; the table shows their median. */
  readonly rawReads: number;
  /** Open deadlines the "overdue now" queries run against (the read model is topped up with synthetic ones if short). */
  readonly openDeadlines: number;
  /** Queries per query case. */
  readonly queries: number;
  /** Children kept in the case-facts projection's memory. */
  readonly cacheSize: number;
  readonly dir: string;
  readonly quick: boolean;
}

const FULL = { events: 1_000_000, rebuilds: 3, positionRebuilds: 1, rawReads: 3, openDeadlines: 100_000, queries: 400 };
const QUICK = { events: 60_000, rebuilds: 1, positionRebuilds: 1, rawReads: 1, openDeadlines: 10_000, queries: 60 };

export const PROJECTION_BENCH_USAGE = `Usage: npm run bench:projections -- [--quick] [--events N] [--years N] [--seed N] [--rebuilds N]
       [--position-rebuilds N] [--raw-reads N] [--open-deadlines N] [--queries N] [--cache-size N] [--dir PATH]
--quick is a smoke run (${QUICK.events.toLocaleString('en-GB')} events). Defaults: ${FULL.events.toLocaleString('en-GB')} events over 10 years from 2015-04-01,
${FULL.rebuilds} rebuilds stream by stream (as the API builds) and ${FULL.positionRebuilds} in position order, ${FULL.openDeadlines.toLocaleString('en-GB')} open deadlines, ${FULL.queries} queries per case. The SQLite files go to a fresh folder in
--dir (default the system temp folder), removed afterwards.`;

export class ProjectionBenchUsageError extends Error {
  readonly code = 'BENCH_USAGE';
}

/** A whole number of at least `least` (1 unless a flag may be 0). */
function wholeNumber(text: string, flag: string, least: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < least || text.trim() === '') {
    throw new ProjectionBenchUsageError(`--${flag} must be ${least === 1 ? 'a positive whole number' : `a whole number (${least} or more)`}, got '${text}'`);
  }
  return n;
}

export function parseProjectionBenchOptions(argv: readonly string[]): ProjectionBenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        events: { type: 'string' },
        years: { type: 'string' },
        seed: { type: 'string' },
        rebuilds: { type: 'string' },
        'position-rebuilds': { type: 'string' },
        'raw-reads': { type: 'string' },
        'open-deadlines': { type: 'string' },
        queries: { type: 'string' },
        'cache-size': { type: 'string' },
        dir: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new ProjectionBenchUsageError((error as Error).message);
  }
  const quick = values.quick === true;
  const base = quick ? QUICK : FULL;
  const number = (flag: string, fallback: number, least = 1): number => (typeof values[flag] === 'string' ? wholeNumber(values[flag], flag, least) : fallback);
  return {
    events: number('events', base.events),
    years: number('years', 10),
    from: '2015-04-01',
    seed: number('seed', 2015),
    rebuilds: number('rebuilds', base.rebuilds),
    positionRebuilds: number('position-rebuilds', base.positionRebuilds, 0),
    rawReads: number('raw-reads', base.rawReads),
    openDeadlines: number('open-deadlines', base.openDeadlines),
    queries: number('queries', base.queries),
    cacheSize: number('cache-size', DEFAULT_CACHE_SIZE),
    dir: typeof values.dir === 'string' ? values.dir : tmpdir(),
    quick,
  };
}
