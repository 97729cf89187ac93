#!/usr/bin/env node
// `npm run bench:commands`: the command API over HTTP on the embedded SQLite store. The table goes to stdout with
// the JSON summary as its last line; progress goes to stderr.
import { COMMAND_BENCH_USAGE, CommandBenchUsageError, parseCommandBenchOptions } from './bench/commands/commands-options.js';
import { formatCommandTable } from './bench/commands/commands-report.js';
import { runCommandBench } from './bench/commands/run-command-bench.js';
import { benchEntryPoint } from './bench/bench-main.js';

const LEGEND = [
  'throughput: closed loop, each in-flight slot drives one child’s journey step after step (POST /children, then its commands).',
  'latency: open loop, commands due at the offered rate whether or not the server keeps up; each latency counts from when',
  '  the command was due, so waiting behind a slow server counts. The p99 target is judged at the target rate.',
  'fold: upcast + fold of one child’s 500-event stream, as a command does when the child is not in the cache.',
  'Journeys: 35% end at the MASH, 25% child in need, 25% child protection, 15% care and adoption (about 11 commands a child).',
];

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${COMMAND_BENCH_USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseCommandBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CommandBenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n${COMMAND_BENCH_USAGE}\n`);
    return 2;
  }
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const report = await runCommandBench(options, progress);
  process.stdout.write(
    [
      `Command API (${report.store}; ${report.machine.cpus} CPUs shared with the load generator, Node ${report.machine.node})`,
      `${report.children.toLocaleString('en-GB')} children per phase; errors: ${report.throughput.errors + report.atTargetRate.errors}`,
      '',
      formatCommandTable(report),
      '',
      ...LEGEND,
      '',
      JSON.stringify(report),
      '',
    ].join('\n'),
  );
  return 0;
}

benchEntryPoint('bench:commands', main);
