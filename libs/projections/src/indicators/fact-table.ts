import { BulkUpsert } from '../bulk-upsert.js';
import type { ProjectionTx } from '../projection.js';
import type { SqlDialect, SqlQueries, SqlValue } from '../read-model-store.js';

/** One row, its values in the table's column order (`child_id` first). */
export type FactRow = readonly SqlValue[];

/** A row's key among the rows of its child (`FactTable.childKeyOf`). */
export type ChildKey = string | number;

export type ColumnType = 'key' | 'text' | 'date' | 'int' | 'real';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** NOT NULL; key columns always are. */
  readonly required?: boolean;
}

/**
 * A read-model table whose rows all belong to one child: keyed by `child_id` plus a few columns, written as whole
 * rows. The SQL is the same on both engines; only the column types differ (PostgreSQL text that is sorted or
 * paged through uses the "C" collation, so pages come out in the same order as on SQLite).
 */
export class FactTable {
  readonly columnNames: readonly string[];
  readonly upsertSql: string;
  readonly selectByChildSql: string;
  readonly deleteByChildSql: string;
  readonly deleteRowSql: string;
  readonly selectRowSql: string;
  private readonly keyIndexes: readonly number[];
  private readonly bulk: BulkUpsert;

  constructor(
    /** Logical table name (the `{{t:…}}` placeholder). */
    readonly name: string,
    readonly columns: readonly Column[],
    /** Primary key columns, `child_id` first. */
    readonly key: readonly string[],
    /** Extra DDL (indexes), `{{t:…}}` placeholders included. */
    private readonly indexes: readonly string[] = [],
  ) {
    this.columnNames = columns.map((c) => c.name);
    if (this.columnNames[0] !== 'child_id' || key[0] !== 'child_id') throw new Error(`${name}: child_id must come first`);
    this.keyIndexes = key.map((k) => {
      const index = this.columnNames.indexOf(k);
      if (index < 0) throw new Error(`${name}: key column ${k} is not a column`);
      return index;
    });
    const t = `{{t:${name}}}`;
    const cols = this.columnNames.join(', ');
    const marks = this.columnNames.map(() => '?').join(', ');
    const others = this.columnNames.filter((c) => !key.includes(c));
    const set = others.length > 0 ? `DO UPDATE SET ${others.map((c) => `${c} = excluded.${c}`).join(', ')}` : 'DO NOTHING';
    this.upsertSql = `INSERT INTO ${t} (${cols}) VALUES (${marks}) ON CONFLICT (${key.join(', ')}) ${set}`;
    this.bulk = new BulkUpsert(`INSERT INTO ${t} (${cols})`, this.columnNames.length, `ON CONFLICT (${key.join(', ')}) ${set}`);
    this.selectByChildSql = `SELECT ${cols} FROM ${t} WHERE child_id = ?`;
    this.deleteByChildSql = `DELETE FROM ${t} WHERE child_id = ?`;
    const byKey = key.map((k) => `${k} = ?`).join(' AND ');
    this.deleteRowSql = `DELETE FROM ${t} WHERE ${byKey}`;
    this.selectRowSql = `SELECT ${cols} FROM ${t} WHERE ${byKey}`;
  }

  ddl(dialect: SqlDialect): string[] {
    const columns = this.columns.map((c) => `${c.name} ${columnType(c.type, dialect)}${c.required || this.key.includes(c.name) ? ' NOT NULL' : ''}`);
    // A plain rowid table, not WITHOUT ROWID: rows are wide and keyed by child, and appending them in rowid order
    // with a narrow key index measured a third cheaper on SQLite than keeping whole rows in a random-keyed b-tree.
    return [`CREATE TABLE {{t:${this.name}}} (\n  ${[...columns, `PRIMARY KEY (${this.key.join(', ')})`].join(',\n  ')}\n)`, ...this.indexes];
  }

  /**
   * A row's key among its child's rows (for maps of one child's rows): the key without `child_id`, as is when that
   * leaves one column (a clock key, a sequence number), NUL-joined when more, '' when none. Key columns are never null.
   */
  childKeyOf(row: FactRow): ChildKey {
    const indexes = this.keyIndexes;
    if (indexes.length === 1) return '';
    if (indexes.length === 2) return row[indexes[1] as number] ?? '';
    let key = String(row[indexes[1] as number]);
    for (let i = 2; i < indexes.length; i++) key += `\u0000${String(row[indexes[i] as number])}`;
    return key;
  }

  /** `childKeyOf` a row with these key values (in key order, `child_id` first). */
  childKeyOfValues(values: readonly SqlValue[]): ChildKey {
    if (values.length <= 1) return '';
    if (values.length === 2) return values[1] ?? '';
    return values.slice(1).map(String).join('\u0000');
  }

  keyValues(row: FactRow): SqlValue[] {
    return this.keyIndexes.map((i) => row[i] ?? null);
  }

  /** The child's rows as stored, as value arrays in column order. */
  async rowsOf(queries: SqlQueries, childId: string): Promise<FactRow[]> {
    return this.rowsWhere(queries, this.selectByChildSql, [childId]);
  }

  /** Rows read by a `SELECT` of every column in table order (`selectByChildSql` with more conditions, say). */
  async rowsWhere(queries: SqlQueries, sql: string, params: readonly SqlValue[]): Promise<FactRow[]> {
    const rows = await queries.all<Record<string, SqlValue>>(sql, params);
    return rows.map((row) => this.columnNames.map((c) => normalise(row[c])));
  }

  /** Upserts whole rows, several to a statement. Their keys must be distinct. */
  async upsertRows(tx: ProjectionTx, rows: readonly FactRow[]): Promise<void> {
    await this.bulk.write(tx, rows);
  }
}

function columnType(type: ColumnType, dialect: SqlDialect): string {
  switch (type) {
    case 'key':
    case 'date':
      // Keys and ISO dates are compared and paged through: byte order on both engines.
      return dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
    case 'text':
      return 'TEXT';
    case 'int':
      return dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    case 'real':
      return dialect === 'postgres' ? 'DOUBLE PRECISION' : 'REAL';
    default: {
      const unknown: never = type;
      throw new Error(`unknown column type ${String(unknown)}`);
    }
  }
}

function normalise(value: SqlValue | undefined): SqlValue {
  return value === undefined ? null : value;
}

export function sameRow(a: FactRow, b: FactRow): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const flag = (value: boolean): number => (value ? 1 : 0);
