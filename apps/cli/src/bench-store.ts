#!/usr/bin/env node
// `npm run bench:store`: event store throughput, each adapter beside a raw-driver baseline. The table goes to
// stdout with the JSON summary as its last line; progress goes to stderr.
import { BENCH_ENGINES } from './bench/bench-engines.js';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './bench/bench-options.js';
import { reportLine } from './bench/bench-report.js';
import { runBench } from './bench/run-bench.js';
import { formatTable } from './bench/table.js';
import { benchEntryPoint } from './bench/bench-main.js';

const LEGEND = [
  'raw: the same inserts and selects issued straight through the driver (better-sqlite3, pg) on equivalent tables, with the',
  '  same durability (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on) and concurrency; no validation or hashing.',
  '  The PostgreSQL baseline takes positions from an identity column, so its writers never wait for one another.',
  '[adapter group-commit-off]: the SQLite adapter committing every append in its own transaction (before group commit).',
  '[raw gapless-counter]: a PostgreSQL baseline taking positions from a counter row locked until commit (gapless, as the adapter).',
];

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  progress(`bench:store: ${options.repeats} runs per side, medians; engines ${options.engines.join(', ')}`);
  const { rows, report } = await runBench(BENCH_ENGINES, options, progress);
  const seconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(
    [
      `Event store throughput (events/s, median of ${options.repeats} interleaved runs, append runs capped at ${options.maxRunMs} ms; ${report.machine.cpus} CPUs, Node ${report.machine.node}; ${seconds} s)`,
      '',
      formatTable(rows),
      '',
      ...LEGEND,
      '',
      reportLine(report),
      '',
    ].join('\n'),
  );
  return 0;
}

benchEntryPoint('bench:store', main);
