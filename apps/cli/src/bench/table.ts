import type { ResultRow } from './result-row.js';

const HEADERS = ['engine', 'case', 'adapter', 'raw', 'adapter/raw', 'target', 'pass'] as const;
/** Columns holding numbers are right-aligned. */
const RIGHT = new Set<number>([2, 3, 4]);

export function formatRate(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-GB');
}

export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '-' : `${Math.round(value * 100)}%`;
}

function passText(row: ResultRow): string {
  if (row.skipped !== undefined) return 'skipped';
  if (row.pass === null) return '';
  return row.pass ? 'PASS' : 'FAIL';
}

function cells(row: ResultRow): string[] {
  if (row.skipped !== undefined) return [row.engine, row.label, '-', '-', '-', row.target ?? '', `skipped: ${row.skipped}`];
  return [row.engine, row.label, formatRate(row.adapter), formatRate(row.raw), formatRatio(row.ratio), row.target ?? '', passText(row)];
}

/** A plain-text table, one line per row, columns padded to their widest cell; rates are events per second. */
export function formatTable(rows: readonly ResultRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (RIGHT.has(i) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
