import { BulkUpsert } from './bulk-upsert.js';
import type { RunResult, SqlQueries, SqlValue } from './read-model-store.js';

/** Records the statements a writer runs. */
function recorder(): SqlQueries & { readonly runs: Array<{ sql: string; params: readonly SqlValue[] }> } {
  const runs: Array<{ sql: string; params: readonly SqlValue[] }> = [];
  return {
    dialect: 'sqlite',
    runs,
    async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
      runs.push({ sql, params });
      return { changes: params.length };
    },
    all: async () => [],
    get: async () => undefined,
  };
}

describe('BulkUpsert', () => {
  const upsert = new BulkUpsert('INSERT INTO {{t:t}} (k, v)', 2, 'ON CONFLICT (k) DO UPDATE SET v = excluded.v');

  it('writes rows in statements of 64, 8 and 1 rows, every value once and in order', async () => {
    const rows = Array.from({ length: 75 }, (_, i) => [`k${i}`, i]);
    const tx = recorder();
    await upsert.write(tx, rows);
    expect(tx.runs.map((r) => r.params.length / 2)).toEqual([64, 8, 1, 1, 1]);
    expect(tx.runs.flatMap((r) => r.params)).toEqual(rows.flat());
    expect(tx.runs[0]?.sql).toBe(
      `INSERT INTO {{t:t}} (k, v) VALUES ${new Array(64).fill('(?, ?)').join(', ')} ON CONFLICT (k) DO UPDATE SET v = excluded.v`,
    );
    expect(tx.runs[4]?.sql).toBe(upsert.singleRowSql);
  });

  it('lets other work run between statements of a long write (requests to the same process are not held up)', async () => {
    const rows = Array.from({ length: 64 * 64 * 3 }, (_, i) => [`k${i}`, i]);
    const tx = recorder();
    let turns = 0;
    const seenAt: number[] = [];
    const counting = { ...tx, run: async (sql: string, params?: readonly SqlValue[]) => (seenAt.push(turns), tx.run(sql, params)) };
    let ticking = true;
    const tick = (): void => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await upsert.write(counting, rows);
    ticking = false;
    expect(tx.runs).toHaveLength(64 * 3);
    // Without turns every statement would run before the first tick.
    expect(new Set(seenAt).size).toBeGreaterThanOrEqual(3);
  });

  it('runs nothing for no rows, and refuses a row of the wrong width', async () => {
    const tx = recorder();
    await upsert.write(tx, []);
    expect(tx.runs).toEqual([]);
    await expect(upsert.write(tx, [['k', 1, 'extra']])).rejects.toThrow('a row of 3 values for 2 columns');
  });

  it('hands the same statements to a store that takes rows whole, and still refuses a row of the wrong width', async () => {
    const rows = Array.from({ length: 75 }, (_, i) => [`k${i}`, i]);
    const tx = recorder();
    const handed: Array<{ sql: string; rows: readonly (readonly SqlValue[])[]; per: number }> = [];
    const whole = { ...tx, runRows: async (sql: string, given: readonly (readonly SqlValue[])[], per: number) => void handed.push({ sql, rows: given, per }) };
    await upsert.write(whole, rows);
    expect(tx.runs).toEqual([]);
    expect(handed.map((h) => [h.rows.length, h.per])).toEqual([
      [64, 64],
      [8, 8],
      [3, 1],
    ]);
    expect(handed.flatMap((h) => h.rows)).toEqual(rows);
    expect(handed[0]?.sql).toBe(`INSERT INTO {{t:t}} (k, v) VALUES ${new Array(64).fill('(?, ?)').join(', ')} ON CONFLICT (k) DO UPDATE SET v = excluded.v`);
    expect(handed[2]?.sql).toBe(upsert.singleRowSql);
    await expect(upsert.write(whole, [['k', 1], ['k2', 2, 'extra']])).rejects.toThrow('a row of 3 values for 2 columns');
    expect(handed).toHaveLength(3);
  });
});
