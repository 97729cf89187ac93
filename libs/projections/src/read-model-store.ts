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
  /**
   * Optional: runs `sql`, a statement for `rowsPerStatement` rows, over `rows` (a multiple of that many, each row's
   * values in order), as `run` would with each statement's rows flattened into its parameters. A store that writes
   * elsewhere takes the rows as they are.
   */
  runRows?(sql: string, rows: readonly (readonly SqlValue[])[], rowsPerStatement: number): Promise<void>;
  /** Statements without parameters (DDL, several statements at once); `{{t:name}}` is resolved, `?` is not. */
  exec(sql: string): Promise<void>;
  /** The same transaction, resolving `{{t:name}}` through other table names (a projection's generation). */
  withTables(tables: TableNames): ReadModelTx;
  /** Say the catalogue of live tables changed in this transaction: the store reloads it as soon as it commits. */
  catalogueChanged(): void;
  /** The physical table `{{t:logical}}` stands for in this transaction. */
  tableName(logical: string): string;
  /**
   * A write that must change exactly `changes` rows, or the transaction fails with `mismatch()` and keeps nothing
   * (a checkpoint moved by someone else, say). Checked at once, or when a staged batch commits.
   */
  runExpecting(sql: string, params: readonly SqlValue[], changes: number, mismatch: () => Error): Promise<void>;
}

/** A batch handed over by `ReadModelStore.stage`. */
export interface StagedBatch {
  /**
   * Resolves once the batch has committed; rejects when it could not, and then nothing of it was kept. Batches
   * commit in the order they were staged: one that follows a failed one fails too, if it depended on it (its
   * `runExpecting` checks do not hold).
   */
  readonly committed: Promise<void>;
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
  /**
   * Optional (a store that can write on another thread): runs `work` now and commits its writes in the background,
   * as one transaction, after every batch staged before it, so the caller can go on to its next batch while this one
   * is written. Resolves once `work` has finished and its writes are handed over (rejects, keeping nothing, when
   * `work` throws); `committed` tells when they are in. Within `work`:
   * - reads see what is committed once every batch staged before has committed (they wait for that), and never this
   *   batch's own writes;
   * - `run` cannot tell how many rows it changed (reading `changes` throws): `runExpecting` checks that at commit.
   * Meant for large catch-up batches of projections that read only rows of earlier batches.
   */
  stage?(work: (tx: ReadModelTx) => Promise<void>): Promise<StagedBatch>;
  /** Logical read-model table name → the physical table readers see now. */
  liveTables(): Promise<ReadonlyMap<string, string>>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
