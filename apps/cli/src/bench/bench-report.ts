import type { ResultRow } from './result-row.js';

export interface MachineInfo {
  readonly cpus: number;
  readonly node: string;
}

export interface BenchReport {
  readonly bench: 'store';
  readonly machine: MachineInfo;
  readonly results: readonly ReportResult[];
}

export interface ReportResult {
  readonly engine: string;
  readonly case: string;
  readonly unit: string;
  readonly adapter: number | null;
  readonly raw: number | null;
  readonly ratio: number | null;
  readonly target: string | null;
  readonly pass: boolean | null;
  readonly skipped?: string;
}

const whole = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : Math.round(value));
const twoPlaces = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : Math.round(value * 100) / 100);

/** The machine-readable summary: rates rounded to whole events per second, ratios to two decimals. */
export function benchReport(rows: readonly ResultRow[], machine: MachineInfo): BenchReport {
  return {
    bench: 'store',
    machine,
    results: rows.map((row) => ({
      engine: row.engine,
      case: row.case,
      unit: row.unit,
      adapter: whole(row.adapter),
      raw: whole(row.raw),
      ratio: twoPlaces(row.ratio),
      target: row.target,
      pass: row.pass,
      ...(row.skipped === undefined ? {} : { skipped: row.skipped }),
    })),
  };
}

/** One line, so a script can take the last line of the output and parse it. */
export function reportLine(report: BenchReport): string {
  return JSON.stringify(report);
}
