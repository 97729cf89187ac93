import pg from 'pg';
import { ReadModelStoreUnavailableError, TransactionEndedError } from '../projection.errors.js';
import { LiveTables, bookkeepingDdl, readCatalogue } from '../read-model-catalogue.js';
import type { ReadModelStore, ReadModelTx, RunResult, SqlValue, TransactionOptions } from '../read-model-store.js';
import { TableNames } from '../table-names.js';

export interface PostgresReadModelStoreOptions {
  readonly connectionString: string;
  /** The schema this store's tables live in (created when missing). Default `read_models`. */
  readonly schema?: string;
  /** Connections in the pool. Default 4: one for the runner's batches, one for a rebuild, the rest for readers. */
  readonly poolSize?: number;
}

interface TxState {
  open: boolean;
  catalogueChanged: boolean;
}

type Queryable = pg.Pool | pg.PoolClient;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/**
 * BIGINT (and COUNT(*)) read back as numbers, as on SQLite: positions and counts stay far below 2^53, and read models
 * compare equal across engines.
 */
const types = new pg.TypeOverrides();
types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));

/** undefined_table. */
function isMissingTable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42P01';
}

class PostgresTx implements ReadModelTx {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly client: Queryable,
    private readonly tables: TableNames,
    private readonly state: TxState,
  ) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const result = await this.query(sql, params);
    return { changes: result.rowCount ?? 0 };
  }

  async all<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async exec(sql: string): Promise<void> {
    this.check();
    await this.client.query(this.tables.names(sql));
  }

  withTables(tables: TableNames): ReadModelTx {
    return new PostgresTx(this.client, tables, this.state);
  }

  catalogueChanged(): void {
    this.state.catalogueChanged = true;
  }

  tableName(logical: string): string {
    return this.tables.table(logical);
  }

  async runExpecting(sql: string, params: readonly SqlValue[], changes: number, mismatch: () => Error): Promise<void> {
    if ((await this.run(sql, params)).changes !== changes) throw mismatch();
  }

  private query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    this.check();
    return this.client.query(this.tables.sql(sql), params as SqlValue[]);
  }

  private check(): void {
    if (!this.state.open) throw new TransactionEndedError();
  }
}

/**
 * Read models in a PostgreSQL schema of their own (a schema per store), reached through a pool whose connections
 * put that schema first on the search path, so the same unqualified table names work on both engines.
 */
export class PostgresReadModelStore implements ReadModelStore {
  readonly dialect = 'postgres' as const;
  readonly schema: string;
  private readonly connectionString: string;
  private readonly poolSize: number;
  private pool: pg.Pool | undefined;
  private readonly live = new LiveTables('postgres', () => readCatalogue(this.poolTx()), isMissingTable);
  private closed = false;

  constructor(options: PostgresReadModelStoreOptions) {
    this.connectionString = options.connectionString;
    this.schema = options.schema ?? 'read_models';
    this.poolSize = options.poolSize ?? 4;
    if (!SCHEMA_NAME.test(this.schema)) {
      throw new ReadModelStoreUnavailableError('PostgreSQL read-model schema must be lower case letters, digits and _');
    }
  }

  async init(): Promise<void> {
    if (this.closed) throw new ReadModelStoreUnavailableError('PostgreSQL read-model store is closed');
    if (this.pool) return;
    const pool = new pg.Pool({
      connectionString: this.connectionString,
      max: this.poolSize,
      options: `-c search_path=${this.schema}`,
      types,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Two processes starting together must not both try to create the schema.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cje-read-models:${this.schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        for (const ddl of bookkeepingDdl('postgres')) await client.query(ddl);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    this.pool = pool;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.live.use((tables) => this.poolTx(tables).run(sql, params));
  }

  async all<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.live.use((tables) => this.poolTx(tables).all<T>(sql, params));
  }

  async get<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.live.use((tables) => this.poolTx(tables).get<T>(sql, params));
  }

  /** `options.bulk` changes nothing here: PostgreSQL has no per-commit housekeeping to put off. */
  async transaction<T>(work: (tx: ReadModelTx) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    return this.live.use((tables) => this.inTransaction(tables, work));
  }

  async liveTables(): Promise<ReadonlyMap<string, string>> {
    return (await this.live.get()).entries();
  }

  async ping(): Promise<void> {
    await this.open().query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private async inTransaction<T>(tables: TableNames, work: (tx: ReadModelTx) => Promise<T>): Promise<T> {
    const client = await this.open().connect();
    const state: TxState = { open: true, catalogueChanged: false };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresTx(client, tables, state));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // A connection that cannot even roll back goes back to the pool as broken, to be discarded.
        broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
      }
      throw error;
    } finally {
      state.open = false;
      client.release(broken);
      if (state.catalogueChanged) this.live.invalidate();
    }
  }

  private poolTx(tables: TableNames = EMPTY_TABLES): PostgresTx {
    return new PostgresTx(this.open(), tables, ALWAYS_OPEN);
  }

  private open(): pg.Pool {
    if (this.closed) throw new ReadModelStoreUnavailableError('PostgreSQL read-model store is closed');
    if (!this.pool) throw new ReadModelStoreUnavailableError('PostgreSQL read-model store is not initialised: call init() first');
    return this.pool;
  }
}

const ALWAYS_OPEN: TxState = { open: true, catalogueChanged: false };
const EMPTY_TABLES = new TableNames('postgres', new Map(), 'the bookkeeping tables');
