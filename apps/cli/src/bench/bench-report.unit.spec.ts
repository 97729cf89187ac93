import type { BenchCase } from './bench-cases.js';
import { parseBenchOptions } from './bench-options.js';
import { benchReport, reportLine } from './bench-report.js';
import type { Measurement } from './measure-cases.js';
import { type ResultRow, resultRows, skippedRows } from './result-row.js';
import type { BenchTarget } from './bench-target.js';
import type { Subject } from './subject.js';
import { formatTable } from './table.js';

const options = parseBenchOptions([], {});
const nowhere = {} as BenchTarget;
const benchCase = (id: string): BenchCase => ({ id, label: () => `label of ${id}`, unit: 'events/s', setUp: () => async () => 0 });
const measured = (caseId: string, subjectKey: string, median: number): Measurement => ({ caseId, subjectKey, runs: [median], median });

const SUBJECTS: Subject[] = [
  { key: 'adapter', role: 'adapter', variant: '', target: nowhere },
  { key: 'raw', role: 'raw', variant: '', target: nowhere },
  { key: 'adapter-off', role: 'adapter', variant: 'group-commit-off', target: nowhere, onlyCases: ['append-single-1-writer'] },
];

describe('result rows', () => {
  const rows = resultRows(
    'sqlite',
    [benchCase('append-single-1-writer'), benchCase('read-all'), benchCase('append-batch-10')],
    SUBJECTS,
    [
      measured('append-single-1-writer', 'adapter', 2100),
      measured('append-single-1-writer', 'raw', 2500),
      measured('append-single-1-writer', 'adapter-off', 2000),
      measured('read-all', 'adapter', 150_000),
      measured('read-all', 'raw', 400_000),
      measured('append-batch-10', 'adapter', 9000),
      measured('append-batch-10', 'raw', 20_000),
    ],
    options,
  );

  it('compares adapter with raw and judges the case against its target', () => {
    expect(rows[0]).toMatchObject({ case: 'append-single-1-writer', adapter: 2100, raw: 2500, ratio: 0.84, target: '>=3,000/s & >=70% raw', pass: false });
    // Fast enough on its own, but under half of what the driver does.
    expect(rows[2]).toMatchObject({ case: 'read-all', ratio: 0.375, target: '>=100,000/s & >=50% raw', pass: false });
  });

  it('adds a row for a variant, compared with the main baseline, without a target', () => {
    expect(rows[1]).toMatchObject({ case: 'append-single-1-writer:group-commit-off', adapter: 2000, raw: 2500, ratio: 0.8, target: null, pass: null });
    expect(rows[1]?.label).toContain('group-commit-off');
  });

  it('leaves pass empty for a case without a target', () => {
    expect(rows[3]).toMatchObject({ case: 'append-batch-10', target: null, pass: null });
  });
});

describe('the table', () => {
  const rows: ResultRow[] = [
    { engine: 'sqlite', case: 'a', label: 'append 1 event', unit: 'events/s', adapter: 3456.4, raw: 4000, ratio: 0.8641, target: '>=70% raw', pass: true },
    { engine: 'sqlite', case: 'b', label: 'read', unit: 'events/s', adapter: 123_456.7, raw: 300_000, ratio: 0.41, target: '>=50% raw', pass: false },
    ...skippedRows('postgres', [benchCase('c')], 'cannot reach PostgreSQL at db:5432/test (ECONNREFUSED)', options),
  ];
  const lines = formatTable(rows).split('\n');

  it('shows rates with thousands separators, the ratio as a percentage, and PASS or FAIL', () => {
    expect(lines[2]).toMatch(/^sqlite\s+append 1 event\s+3,456\s+4,000\s+86%\s+>=70% raw\s+PASS$/);
    expect(lines[3]).toMatch(/123,457\s+300,000\s+41%\s+>=50% raw\s+FAIL$/);
  });

  it('says why an engine was skipped', () => {
    expect(lines[4]).toMatch(/^postgres\s+label of c\s+-\s+-\s+-\s+skipped: cannot reach PostgreSQL at db:5432\/test \(ECONNREFUSED\)$/);
  });

  it('lines the columns up: every rate ends where its header does', () => {
    const end = (lines[0] ?? '').indexOf('adapter') + 'adapter'.length;
    for (const line of lines.slice(2, 4)) expect(line[end - 1]).toMatch(/\d/);
    // Under each run of dashes sits exactly one header.
    const columns = [...(lines[1] ?? '').matchAll(/-+/g)].map((m) => (lines[0] ?? '').slice(m.index, m.index + m[0].length).trim());
    expect(columns).toEqual(['engine', 'case', 'adapter', 'raw', 'adapter/raw', 'target', 'pass']);
  });
});

describe('the JSON report', () => {
  const rows: ResultRow[] = [
    { engine: 'sqlite', case: 'append', label: 'x', unit: 'events/s', adapter: 2999.6, raw: 3333.3, ratio: 0.899_912, target: '>=70% raw', pass: true },
    ...skippedRows('postgres', [benchCase('append-single-concurrent')], 'not reachable', options),
  ];
  const line = reportLine(benchReport(rows, { cpus: 2, node: 'v20.20.2' }));

  it('is one line of JSON with whole rates and ratios to two places', () => {
    expect(line).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    expect(parsed).toEqual({
      bench: 'store',
      machine: { cpus: 2, node: 'v20.20.2' },
      results: [
        { engine: 'sqlite', case: 'append', unit: 'events/s', adapter: 3000, raw: 3333, ratio: 0.9, target: '>=70% raw', pass: true },
        { engine: 'postgres', case: 'append-single-concurrent', unit: 'events/s', adapter: null, raw: null, ratio: null, target: '>=50% raw', pass: null, skipped: 'not reachable' },
      ],
    });
  });
});
