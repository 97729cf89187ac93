import { parseArgs } from 'node:util';

export interface CommandBenchOptions {
  /** Children driven through their journeys in each measured phase. */
  readonly children: number;
  /** Requests in flight in the throughput phase (and at most in the latency phase). */
  readonly concurrency: number;
  /** Commands per second offered in the latency phase: the target rate. */
  readonly rate: number;
  /** Children driven before measuring, to warm the server up. */
  readonly warmupChildren: number;
  /** Folds of the 500-event stream timed for the median. */
  readonly foldRuns: number;
  readonly foldEvents: number;
  readonly logLevel: string;
}

export const COMMAND_BENCH_USAGE = `Usage: npm run bench:commands -- [--quick] [--children N] [--concurrency N] [--rate N] [--warmup-children N] [--fold-runs N] [--log-level L]
  --children         children per measured phase (default 1000)
  --concurrency      requests in flight in the throughput phase (default 64)
  --rate             commands per second offered in the latency phase (default 1000, the target)
  --warmup-children  children driven before measuring (default 100)
  --fold-runs        timed folds of the 500-event stream (default 50)
  --log-level        the API's log level (default info, as in production)
  --quick            a short run: 200 children, 30 warm-up, 10 folds`;

export class CommandBenchUsageError extends Error {}

const whole = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CommandBenchUsageError(`--${name} must be a whole number above 0, not ${value}`);
  return Number(value);
};

export function parseCommandBenchOptions(argv: readonly string[]): CommandBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        children: { type: 'string' },
        concurrency: { type: 'string' },
        rate: { type: 'string' },
        'warmup-children': { type: 'string' },
        'fold-runs': { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CommandBenchUsageError((error as Error).message);
  }
  const quick = values.quick === true;
  return {
    children: whole('children', values.children, quick ? 200 : 1000),
    concurrency: whole('concurrency', values.concurrency, 64),
    rate: whole('rate', values.rate, 1000),
    warmupChildren: whole('warmup-children', values['warmup-children'], quick ? 30 : 100),
    foldRuns: whole('fold-runs', values['fold-runs'], quick ? 10 : 50),
    foldEvents: 500,
    logLevel: values['log-level'] ?? 'info',
  };
}
