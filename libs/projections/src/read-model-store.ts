import type { TableNames } from './table-names.js';

/** Which SQL engine a read-model store speaks; projections pick their DDL by it. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Parameter values both engines bind the same way. Booleans are 1/0, dates ISO strings. */
export type SqlValue = string | number | null;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  readonly changes: number;
}

/**
 * Queries written once for both engines: `?` placeholders (numbered for PostgreSQL behind the scenes) and
 * `{{t:name}}` for read-model tables (resolved to the live generation, or to the generation a projection is
 * building). Integer columns read back as numbers on both engines (PostgreSQL BIGINT included).
 */
export interface SqlQueries {
  readonly dialect: SqlDialect;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  all<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
}

/** One open transaction. Valid only until the `transaction` callback settles. */
export interface ReadModelTx extends SqlQueries {
  /** Statements without parameters (DDL, several statements at once); `{{t:name}}` is resolved, `?` is not. */
  exec(sql: string): Promise<void>;
  /** The same transaction, resolving `{{t:name}}` through other table names (a projection's generation). */
  withTables(tables: TableNames): ReadModelTx;
  /** Say the catalogue of live tables changed in this transaction: the store reloads it as soon as it commits. */
  catalogueChanged(): void;
}

export interface TransactionOptions {
  /**
   * One of a run of large transactions (building or catching up a read model): the store may put off housekeeping
   * it would otherwise do at every commit (SQLite: copying the write-ahead log back into the database file).
   */
  readonly bulk?: boolean;
}

/**
 * Where read models live. Reads outside a transaction resolve `{{t:name}}` through the catalogue of live tables
 * (cached; reloaded when a rebuild swaps generations, or when a table turns out to be gone because another process
 * swapped it).
 */
export interface ReadModelStore extends SqlQueries {
  /** Opens the store and creates its own bookkeeping tables; safe to call more than once. */
  init(): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: ReadModelTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Logical read-model table name → the physical table readers see now. */
  liveTables(): Promise<ReadonlyMap<string, string>>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
