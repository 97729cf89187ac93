#!/usr/bin/env node
// `npm run bench:projections`: a synthetic county's log into a temporary SQLite store, then a raw read of it (the
// baseline), full rebuilds of every read model the API runs, and the managers' "overdue now" queries. The table goes
// to stdout with the JSON summary as its last line; progress goes to stderr.
import { PROJECTION_BENCH_USAGE, ProjectionBenchUsageError, parseProjectionBenchOptions } from './bench/projections/projection-bench-options.js';
import { projectionBenchTable } from './bench/projections/projection-bench-table.js';
import { runProjectionBench } from './bench/projections/run-projection-bench.js';
import { benchEntryPoint } from './bench/bench-main.js';

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${PROJECTION_BENCH_USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseProjectionBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ProjectionBenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n${PROJECTION_BENCH_USAGE}\n`);
    return 2;
  }
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const report = await runProjectionBench(options, progress);
  process.stdout.write(
    [
      `Projection rebuild and manager queries (SQLite; ${report.machine.cpus} CPUs, Node ${report.machine.node}; ${report.seconds} s${options.quick ? '; --quick smoke run' : ''})`,
      '',
      projectionBenchTable(report),
      '',
      'The event store is written with durable=false to keep generation short; reads and rebuilds do not depend on it.',
      'Rebuild: a fresh read-model file, the API\'s projections (child-index, case-facts) started from position 0 until both are live, each rebuild in a process of its own (the same node flags) as the API runs one when it starts; peak RSS is that process\'s.',
      JSON.stringify(report),
      '',
    ].join('\n'),
  );
  return 0;
}

benchEntryPoint('bench:projections', main);
