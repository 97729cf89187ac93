#!/usr/bin/env node
// `npm run bench:quickstart`: the README's quick start measured. The built API starts on an empty folder as
// `npm start` starts it, seeds its demo authority and builds its read models while `/health` is polled. The table
// goes to stdout with the JSON summary as its last line; progress goes to stderr.
import { QUICKSTART_TARGET_SECONDS, type QuickstartRun, runQuickstartBench } from './bench/quickstart/run-quickstart-bench.js';
import { benchEntryPoint } from './bench/bench-main.js';

const USAGE = `Usage: npm run bench:quickstart -- [--runs N]
Starts the built API (dist/) on an empty SQLite folder, as \`npm start\` does (development, demo seeding on), and
reports, per run and as medians: launch to ready, to seeded (two years of an average authority), to every read model
caught up, and /health latency meanwhile. Default 3 runs. Target: seeded within ${QUICKSTART_TARGET_SECONDS} s of launch.`;

function runsOption(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at === -1) return 3;
  const value = Number(argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error('--runs takes a positive whole number');
  return value;
}

function row(label: string, run: QuickstartRun): string {
  const cells = [
    label.padEnd(8),
    `${run.readySeconds.toFixed(1)} s`.padStart(8),
    `${run.seededSeconds.toFixed(1)} s`.padStart(8),
    `${run.seedSeconds.toFixed(1)} s`.padStart(8),
    `${run.caughtUpSeconds.toFixed(1)} s`.padStart(10),
    run.events.toLocaleString('en-GB').padStart(9),
    `${run.health.p50} / ${run.health.p99} / ${run.health.max} ms`.padStart(22),
  ];
  return cells.join('  ');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let runs: number;
  try {
    runs = runsOption(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const report = await runQuickstartBench({ runs, timeoutMs: 10 * 60_000 }, (line) => void process.stderr.write(`${line}\n`));
  const header = ['run'.padEnd(8), 'ready'.padStart(8), 'seeded'.padStart(8), 'seed'.padStart(8), 'caught up'.padStart(10), 'events'.padStart(9), '/health p50/p99/max'.padStart(22)].join('  ');
  process.stdout.write(
    [
      `Quick start on embedded SQLite (${report.machine.cpus} CPUs, Node ${report.machine.node}); times from launch`,
      '',
      header,
      '-'.repeat(header.length),
      ...report.runs.map((run, i) => row(String(i + 1), run)),
      '',
      `median: seeded ${report.seededSeconds} s after launch (target < ${QUICKSTART_TARGET_SECONDS} s: ${report.pass ? 'PASS' : 'FAIL'}), read models complete ${report.caughtUpSeconds} s, /health p50 ${report.healthP50Ms} ms, p99 ${report.healthP99Ms} ms`,
      'seed: the seeder\'s own time, from its start once the API is up. caught up: every read model live, no lag.',
      '',
      JSON.stringify(report),
      '',
    ].join('\n'),
  );
  return 0;
}

benchEntryPoint('bench:quickstart', main);
