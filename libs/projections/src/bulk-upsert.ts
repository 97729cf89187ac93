import type { ReadModelTx, SqlQueries, SqlValue } from './read-model-store.js';

/**
 * Rows per statement, largest first. A handful of fixed sizes keeps the prepared statements (and PostgreSQL's parsed
 * texts) few: a run of 75 rows is one statement of 64, one of 8 and three single rows. 64 rows of the widest
 * read-model table are about 1,100 parameters, well inside both engines' limits.
 */
const CHUNKS = [64, 8, 1] as const;
/**
 * Statements between turns of the event loop: a batch of 50,000 events can leave tens of thousands of rows to write,
 * and SQLite writes them synchronously; about 4,000 rows at a time keeps requests to the same process waiting tens of
 * milliseconds rather than the whole write.
 */
const STATEMENTS_PER_TURN = 64;

/**
 * An `INSERT … VALUES (…), (…) ON CONFLICT …` of one shape, for writing the rows a projection kept for a batch in a
 * few statements instead of one per row: one call into SQLite (one round trip to PostgreSQL) per chunk. The rows of
 * one call must have distinct conflict keys (PostgreSQL refuses to update a row twice in one statement); the batch
 * writers keep the last row per key, so they do.
 */
export class BulkUpsert {
  private readonly sql = new Map<number, string>();

  constructor(
    /** `INSERT INTO {{t:name}} AS alias (columns)`. */
    private readonly head: string,
    /** Values per row (the number of columns). */
    private readonly width: number,
    /** `ON CONFLICT (…) DO …`, `excluded.` and the alias available. */
    private readonly tail: string,
  ) {
    const marks = `(${new Array<string>(width).fill('?').join(', ')})`;
    for (const size of CHUNKS) this.sql.set(size, `${head} VALUES ${new Array<string>(size).fill(marks).join(', ')} ${tail}`);
  }

  /** The single-row statement (the same text as a one-row chunk). */
  get singleRowSql(): string {
    return this.sql.get(1) as string;
  }

  async write(tx: SqlQueries & Pick<ReadModelTx, 'runRows'>, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (tx.runRows) return this.writeRows(tx as Required<Pick<ReadModelTx, 'runRows'>>, rows);
    let index = 0;
    let statements = 0;
    for (const size of CHUNKS) {
      const sql = this.sql.get(size) as string;
      while (rows.length - index >= size) {
        const params: SqlValue[] = new Array<SqlValue>(size * this.width);
        let p = 0;
        for (let r = index; r < index + size; r++) {
          const row = this.checked(rows[r] as readonly SqlValue[]);
          for (let c = 0; c < this.width; c++) params[p++] = row[c] as SqlValue;
        }
        await tx.run(sql, params);
        index += size;
        statements += 1;
        if (statements % STATEMENTS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  private checked(row: readonly SqlValue[]): readonly SqlValue[] {
    if (row.length !== this.width) throw new RangeError(`a row of ${row.length} values for ${this.width} columns (${this.head})`);
    return row;
  }

  /** The same statements, handed to a store that takes the rows whole (`runRows`). */
  private async writeRows(tx: Required<Pick<ReadModelTx, 'runRows'>>, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    for (const row of rows) this.checked(row);
    let index = 0;
    for (const size of CHUNKS) {
      const count = Math.floor((rows.length - index) / size) * size;
      if (count === 0) continue;
      await tx.runRows(this.sql.get(size) as string, index === 0 && count === rows.length ? rows : rows.slice(index, index + count), size);
      index += count;
    }
  }
}
