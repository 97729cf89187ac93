import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AsyncMutex } from '../async-mutex.js';
import { LiveTables, bookkeepingDdl, readCatalogue } from '../read-model-catalogue.js';
import type { ReadModelStore, ReadModelTx, RunResult, SqlValue, StagedBatch, TransactionOptions } from '../read-model-store.js';
import { ReadModelStoreUnavailableError, TransactionEndedError } from '../projection.errors.js';
import { TableNames } from '../table-names.js';
import { EXEC, RUN, RUN_ROWS, SqliteWriterThread, type WriteOp } from './sqlite-writer-thread.js';

export interface SqliteReadModelStoreOptions {
  /**
   * The read models' own file, e.g. `./data/read-models.db` (its directory is created when missing), never the event
   * store's: read models are disposable, and their write load must not hold up appends. `:memory:` works for tests,
   * but then reads share the writer's connection and can see a transaction that has not committed yet.
   */
  readonly filename: string;
  /**
   * Default false (`synchronous=NORMAL`): a power cut may lose the last commits, never tear one, and the checkpoint
   * travels with the rows it vouches for, so the runner just replays those events. True waits for the disk on
   * every commit (`FULL`).
   */
  readonly durable?: boolean;
  /** How long to wait for another process's write lock. Default 10 s. */
  readonly busyTimeoutMs?: number;
}

interface TxState {
  open: boolean;
  catalogueChanged: boolean;
}

/**
 * How many pages of write-ahead log a commit lets build up before it copies them back into the database file (a
 * checkpoint: it waits for the disk twice, for the log and then the file). Live commits are small and keep SQLite's
 * default (4 MB), so each copy is short. A build's commits write thousands of pages each; at the default every one
 * of them paid for a checkpoint, which measured as much as the rest of the commit and most of the I/O wait of a
 * rebuild, so they copy back every 64 MB instead (and pages rewritten by several batches are copied once).
 *
 * Safe: a checkpoint moves committed pages, it does not make anything committed. What `synchronous=NORMAL` may lose
 * to a power cut is the last commits, whole, in order (never half of one, never one without the ones before it), and
 * each commit carries its own checkpoint: the runner applies those events again. A crash of the process loses nothing
 * written. A swap is one commit, so a generation is live with all of its rows or not at all.
 */
const LIVE_CHECKPOINT_PAGES = 1000;
const BULK_CHECKPOINT_PAGES = 16_384;

/** Prepared once per SQL text and connection; a projection's hot path is then a map lookup and a step. */
class StatementCache {
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(private readonly limit = 2000) {}

  get(db: Database.Database, sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare<unknown[]>(sql);
      if (this.statements.size >= this.limit) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  clear(): void {
    this.statements.clear();
  }
}

/**
 * By shape, not `instanceof`: the native addon keeps the error class of whichever copy of better-sqlite3 loaded it
 * first, which under a test runner can belong to another realm (another `Error`).
 */
function isMissingTable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'SQLITE_ERROR' && typeof message === 'string' && message.startsWith('no such table');
}

class SqliteTx implements ReadModelTx {
  readonly dialect = 'sqlite' as const;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
    private readonly tables: TableNames,
    private readonly state: TxState,
  ) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return { changes: this.statement(sql).run(...params).changes };
  }

  async all<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  async get<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(sql).get(...params) as T | undefined;
  }

  async exec(sql: string): Promise<void> {
    this.check();
    this.db.exec(this.tables.names(sql));
  }

  withTables(tables: TableNames): ReadModelTx {
    return new SqliteTx(this.db, this.statements, tables, this.state);
  }

  catalogueChanged(): void {
    this.state.catalogueChanged = true;
  }

  tableName(logical: string): string {
    return this.tables.table(logical);
  }

  async runExpecting(sql: string, params: readonly SqlValue[], changes: number, mismatch: () => Error): Promise<void> {
    if (this.statement(sql).run(...params).changes !== changes) throw mismatch();
  }

  private statement(sql: string): Database.Statement<unknown[]> {
    this.check();
    return this.statements.get(this.db, this.tables.sql(sql));
  }

  private check(): void {
    // A transaction object kept past its callback would otherwise write into whatever transaction runs next.
    if (!this.state.open) throw new TransactionEndedError();
  }
}

/** What `run` answers in a staged batch: the count is only known when the writer commits. */
const CHANGES_UNKNOWN: RunResult = Object.freeze({
  get changes(): number {
    throw new Error('a staged write does not know how many rows it changed: use runExpecting');
  },
});

/** The writes of one staged batch, in order, with the texts they use. */
class StagedWrites {
  readonly texts: string[] = [];
  readonly ops: WriteOp[] = [];
  readonly mismatches = new Map<number, () => Error>();
  catalogueChanged = false;
  private readonly indexes = new Map<string, number>();

  text(sql: string): number {
    let index = this.indexes.get(sql);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(sql);
      this.indexes.set(sql, index);
    }
    return index;
  }
}

/**
 * A staged batch's transaction: writes are kept for the writer thread; reads go through the reader connection once
 * every batch staged earlier has committed.
 */
class StagingTx implements ReadModelTx {
  readonly dialect = 'sqlite' as const;
  /** Reads go through the reader connection, as the store's own reads do. */
  private readonly reads: SqliteTx;

  constructor(
    private readonly reader: Database.Database,
    private readonly statements: StatementCache,
    private readonly tables: TableNames,
    private readonly state: TxState,
    private readonly writes: StagedWrites,
    private readonly earlier: Promise<void>,
  ) {
    this.reads = new SqliteTx(reader, statements, tables, state);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    this.check();
    this.writes.ops.push([RUN, this.writes.text(this.tables.sql(sql)), params]);
    return CHANGES_UNKNOWN;
  }

  async runRows(sql: string, rows: readonly (readonly SqlValue[])[], rowsPerStatement: number): Promise<void> {
    this.check();
    if (rows.length % rowsPerStatement !== 0) throw new RangeError(`${rows.length} rows do not make statements of ${rowsPerStatement}`);
    this.writes.ops.push([RUN_ROWS, this.writes.text(this.tables.sql(sql)), rows, rowsPerStatement]);
  }

  async runExpecting(sql: string, params: readonly SqlValue[], changes: number, mismatch: () => Error): Promise<void> {
    this.check();
    this.writes.mismatches.set(this.writes.ops.length, mismatch);
    this.writes.ops.push([RUN, this.writes.text(this.tables.sql(sql)), params, changes]);
  }

  async exec(sql: string): Promise<void> {
    this.check();
    this.writes.ops.push([EXEC, this.writes.text(this.tables.names(sql))]);
  }

  async all<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.earlier;
    return this.reads.all<T>(sql, params);
  }

  async get<T extends object = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    await this.earlier;
    return this.reads.get<T>(sql, params);
  }

  withTables(tables: TableNames): ReadModelTx {
    return new StagingTx(this.reader, this.statements, tables, this.state, this.writes, this.earlier);
  }

  catalogueChanged(): void {
    this.writes.catalogueChanged = true;
  }

  tableName(logical: string): string {
    return this.tables.table(logical);
  }

  private check(): void {
    if (!this.state.open) throw new TransactionEndedError();
  }
}

/** An error the writer thread reported, with the name and code the driver gave it. */
function writerError(error: { readonly name: string; readonly code: string | undefined; readonly message: string }): Error {
  const failure = new Error(error.message) as Error & { code?: string };
  failure.name = error.name;
  if (error.code !== undefined) failure.code = error.code;
  return failure;
}

/**
 * Read models in one SQLite file (WAL). Two connections: transactions go through the writer, one at a time (async
 * handlers could otherwise interleave two transactions on one connection); reads outside a transaction go through a
 * reader that sees only committed data, so a reader never observes half of a batch.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly dialect = 'sqlite' as const;
  private readonly filename: string;
  private readonly durable: boolean;
  private readonly busyTimeoutMs: number;
  private writer: Database.Database | undefined;
  private reader: Database.Database | undefined;
  private readonly writerStatements = new StatementCache();
  private readonly readerStatements = new StatementCache();
  private readonly mutex = new AsyncMutex();
  private readonly live = new LiveTables('sqlite', () => readCatalogue(this.readerTx()), isMissingTable);
  private closed = false;
  /** The writer's `wal_autocheckpoint`, as last set. */
  private checkpointPages = LIVE_CHECKPOINT_PAGES;
  /** Commits staged batches (started on first use). */
  private writerThread: SqliteWriterThread | undefined;
  /** Settles (never rejects) once every batch staged so far has committed or failed. */
  private staged: Promise<void> = Promise.resolve();

  constructor(options: SqliteReadModelStoreOptions) {
    this.filename = options.filename;
    this.durable = options.durable ?? false;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  }

  async init(): Promise<void> {
    if (this.closed) throw new ReadModelStoreUnavailableError('SQLite read-model store is closed');
    if (this.writer) return;
    const memory = this.filename === ':memory:';
    if (!memory) mkdirSync(dirname(resolve(this.filename)), { recursive: true });
    const writer = new Database(this.filename, { timeout: this.busyTimeoutMs });
    try {
      writer.pragma('journal_mode = WAL');
      writer.pragma(`synchronous = ${this.durable ? 'FULL' : 'NORMAL'}`);
      // Rebuilds touch many pages; a larger page cache keeps them off the disk until commit.
      writer.pragma('cache_size = -32768');
      writer.pragma(`wal_autocheckpoint = ${LIVE_CHECKPOINT_PAGES}`);
      writer.transaction(() => {
        for (const ddl of bookkeepingDdl('sqlite')) writer.exec(ddl);
      }).immediate();
      const reader = memory ? writer : new Database(this.filename, { timeout: this.busyTimeoutMs });
      if (!memory) reader.pragma('query_only = ON');
      this.writer = writer;
      this.reader = reader;
    } catch (error) {
      writer.close();
      throw error;
    }
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  async all<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.live.use((tables) => this.readerTx(tables).all<T>(sql, params));
  }

  async get<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.live.use((tables) => this.readerTx(tables).get<T>(sql, params));
  }

  async transaction<T>(work: (tx: ReadModelTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.live.use((tables) => this.mutex.run(() => this.inTransaction(tables, work, options?.bulk === true)));
  }

  /**
   * Applies `work` now; its writes are committed by a thread of their own, behind every transaction and staged batch
   * before them (the same queue as `transaction`), so the caller's next batch is applied while this one is written.
   * An in-memory database has no second connection: there the batch commits at once, as a transaction.
   */
  async stage(work: (tx: ReadModelTx) => Promise<void>): Promise<StagedBatch> {
    if (this.filename === ':memory:') {
      await this.transaction(work, { bulk: true });
      return { committed: Promise.resolve() };
    }
    const { reader } = this.open();
    const tables = await this.live.get();
    const writes = new StagedWrites();
    const state: TxState = { open: true, catalogueChanged: false };
    try {
      await work(new StagingTx(reader, this.readerStatements, tables, state, writes, this.staged));
    } finally {
      state.open = false;
    }
    // Encoded here, while the caller waits anyway; parsed on the writer's thread.
    const ops = JSON.stringify(writes.ops);
    const thread = (this.writerThread ??= new SqliteWriterThread({
      filename: resolve(this.filename),
      synchronous: this.durable ? 'FULL' : 'NORMAL',
      busyTimeoutMs: this.busyTimeoutMs,
      checkpointPages: BULK_CHECKPOINT_PAGES,
    }));
    const committed = this.mutex.run(async () => {
      this.open();
      const reply = await thread.commit(writes.texts, ops);
      if (!reply.ok) {
        if ('mismatch' in reply) throw (writes.mismatches.get(reply.mismatch.op) as () => Error)();
        throw writerError(reply.error);
      }
      if (writes.catalogueChanged) {
        this.live.invalidate();
        this.readerStatements.clear();
        this.writerStatements.clear();
      }
    });
    this.staged = committed.catch(() => undefined);
    return { committed };
  }

  async liveTables(): Promise<ReadonlyMap<string, string>> {
    return (await this.live.get()).entries();
  }

  async ping(): Promise<void> {
    this.open().reader.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Behind any transaction still running, so none is cut off half way.
    await this.mutex.run(async () => {
      await this.writerThread?.close();
      if (this.reader && this.reader !== this.writer) this.reader.close();
      this.writer?.close();
      this.reader = undefined;
      this.writer = undefined;
    });
  }

  private async inTransaction<T>(tables: TableNames, work: (tx: ReadModelTx) => Promise<T>, bulk: boolean): Promise<T> {
    const { writer } = this.open();
    const state: TxState = { open: true, catalogueChanged: false };
    // IMMEDIATE takes the write lock up front: another process writing the same file makes us wait at BEGIN
    // (busy timeout) instead of failing half way through a batch.
    writer.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(new SqliteTx(writer, this.writerStatements, tables, state));
      const pages = bulk ? BULK_CHECKPOINT_PAGES : LIVE_CHECKPOINT_PAGES;
      if (pages !== this.checkpointPages) {
        // Read at commit: this commit checkpoints (or not) by the threshold of its own kind.
        writer.pragma(`wal_autocheckpoint = ${pages}`);
        this.checkpointPages = pages;
      }
      writer.exec('COMMIT');
      return result;
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      throw error;
    } finally {
      state.open = false;
      if (state.catalogueChanged) {
        this.live.invalidate();
        // Statements on tables of a dropped generation would only fail; start afresh.
        this.readerStatements.clear();
        this.writerStatements.clear();
      }
    }
  }

  /** Reads through the reader connection; its "transaction" is just autocommit reads, always open. */
  private readerTx(tables?: TableNames): SqliteTx {
    const { reader } = this.open();
    const names = tables ?? EMPTY_TABLES;
    return new SqliteTx(reader, this.readerStatements, names, ALWAYS_OPEN);
  }

  private open(): { writer: Database.Database; reader: Database.Database } {
    if (this.closed) throw new ReadModelStoreUnavailableError('SQLite read-model store is closed');
    if (!this.writer || !this.reader) throw new ReadModelStoreUnavailableError('SQLite read-model store is not initialised: call init() first');
    return { writer: this.writer, reader: this.reader };
  }
}

const ALWAYS_OPEN: TxState = { open: true, catalogueChanged: false };
const EMPTY_TABLES = new TableNames('sqlite', new Map(), 'the bookkeeping tables');
