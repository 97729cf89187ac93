import { availableParallelism } from 'node:os';
import { BENCH_CASES } from './bench-cases.js';
import type { BenchEngine } from './bench-engines.js';
import type { BenchOptions } from './bench-options.js';
import { type BenchReport, benchReport } from './bench-report.js';
import { measureCases } from './measure-cases.js';
import { type ResultRow, resultRows, skippedRows } from './result-row.js';

export interface BenchRun {
  readonly rows: readonly ResultRow[];
  readonly report: BenchReport;
}

/** Each engine in turn: open its sides, measure every case, put everything away even when a case fails. */
export async function runBench(engines: readonly BenchEngine[], options: BenchOptions, progress: (line: string) => void): Promise<BenchRun> {
  const rows: ResultRow[] = [];
  for (const engine of engines.filter((e) => options.engines.includes(e.name))) {
    progress(`${engine.name}: opening`);
    const setup = await engine.open(options);
    if ('skipped' in setup) {
      progress(`${engine.name}: skipped, ${setup.skipped}`);
      rows.push(...skippedRows(engine.name, BENCH_CASES, setup.skipped, options));
      continue;
    }
    try {
      const measurements = await measureCases(BENCH_CASES, setup.subjects, options, progress);
      rows.push(...resultRows(engine.name, BENCH_CASES, setup.subjects, measurements, options));
    } finally {
      await setup.dispose();
    }
  }
  return { rows, report: benchReport(rows, { cpus: availableParallelism(), node: process.version }) };
}
