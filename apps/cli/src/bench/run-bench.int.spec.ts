import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_CASES } from './bench-cases.js';
import { postgresEngine, sqliteEngine } from './bench-engines.js';
import { type BenchOptions, parseBenchOptions } from './bench-options.js';
import { runBench } from './run-bench.js';

// Sizes far too small to mean anything: these tests check that every case runs on each side and that everything the
// bench creates is removed, not how fast anything is.
const TINY = ['--repeats', '1', '--single', '5', '--writers', '4', '--concurrent', '8', '--batch10', '20', '--batch100', '200', '--reads', '200', '--read-batch', '50'];
const dir = mkdtempSync(join(tmpdir(), 'cje-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tiny(env: Record<string, string | undefined> = {}): BenchOptions {
  return parseBenchOptions([...TINY, '--dir', dir], { DATABASE_URL: process.env.DATABASE_URL, ...env });
}
const silent = (): void => undefined;

describe('bench:store', () => {
  it('measures every case on SQLite, adapter and raw, with the group-commit-off rows, and leaves no files behind', async () => {
    const { rows, report } = await runBench([sqliteEngine], tiny(), silent);
    expect(rows.filter((r) => !r.case.includes(':')).map((r) => r.case)).toEqual(BENCH_CASES.map((c) => c.id));
    for (const row of rows) {
      expect(row.adapter).toBeGreaterThan(0);
      expect(row.raw).toBeGreaterThan(0);
    }
    expect(rows.filter((r) => r.case.endsWith(':group-commit-off')).map((r) => r.case)).toEqual([
      'append-single-1-writer:group-commit-off',
      'append-single-concurrent:group-commit-off',
    ]);
    expect(report.results.filter((r) => r.target !== null).every((r) => typeof r.pass === 'boolean')).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports PostgreSQL as skipped, with the reason and without credentials, when it cannot be reached', async () => {
    const { rows, report } = await runBench([postgresEngine], tiny({ DATABASE_URL: 'postgres://bench:secret@127.0.0.1:1/none' }), silent);
    expect(rows).toHaveLength(BENCH_CASES.length);
    for (const row of report.results) {
      expect(row).toMatchObject({ engine: 'postgres', adapter: null, raw: null, ratio: null, pass: null });
      expect(row.skipped).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/none/);
      expect(row.skipped).not.toContain('secret');
    }
  });

  it('measures PostgreSQL in schemas of its own and drops them afterwards', async () => {
    const options = tiny();
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      const benchSchemas = async () =>
        (await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%' ORDER BY 1")).rows.map((r) => r.nspname);
      const before = await benchSchemas();
      const { rows } = await runBench([postgresEngine], options, silent);
      expect(rows.filter((r) => !r.case.includes(':')).map((r) => r.case)).toEqual(BENCH_CASES.map((c) => c.id));
      for (const row of rows) expect(row.ratio).toBeGreaterThan(0);
      expect(await benchSchemas()).toEqual(before);
    } finally {
      await client.end();
    }
  });
});
