import { ReadModelNotReadyError, UnknownTableError } from './projection.errors.js';
import type { SqlDialect, SqlQueries } from './read-model-store.js';
import { TableNames } from './table-names.js';

/**
 * The store's own bookkeeping, in every read-model store:
 * - `rm_checkpoints`: one row per projection generation: the projection version it was built with, the last event
 *   position applied to it, its role (`live`: what readers see; `building`: a rebuild in progress; `retired`: swapped
 *   out, its tables about to be dropped) and its physical tables. A row changes in the same transaction as the
 *   read-model rows it vouches for.
 * - `rm_catalogue`: logical table name → physical table of the live generation. Swapping a rebuilt generation in is
 *   one transaction over these two tables, so readers switch from one complete generation to the next.
 */
export const CHECKPOINTS_TABLE = 'rm_checkpoints';
export const CATALOGUE_TABLE = 'rm_catalogue';

export function bookkeepingDdl(dialect: SqlDialect): string[] {
  const position = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS_TABLE} (
       projection TEXT    NOT NULL,
       generation INTEGER NOT NULL,
       version    INTEGER NOT NULL,
       position   ${position} NOT NULL,
       role       TEXT    NOT NULL,
       tables     TEXT    NOT NULL,
       PRIMARY KEY (projection, generation)
     )`,
    `CREATE TABLE IF NOT EXISTS ${CATALOGUE_TABLE} (
       logical_name  TEXT    PRIMARY KEY,
       projection    TEXT    NOT NULL,
       generation    INTEGER NOT NULL,
       physical_name TEXT    NOT NULL
     )`,
  ];
}

export async function readCatalogue(queries: SqlQueries): Promise<Map<string, string>> {
  const rows = await queries.all<{ logical_name: string; physical_name: string }>(
    `SELECT logical_name, physical_name FROM ${CATALOGUE_TABLE}`,
  );
  return new Map(rows.map((r) => [r.logical_name, r.physical_name]));
}

/**
 * The cached catalogue a store resolves readers' table names through. Invalidated by this process's own swaps;
 * another process's swap shows up as a table that is unknown or gone, which reloads the cache and retries once.
 */
export class LiveTables {
  private current: TableNames | undefined;
  private loading: Promise<TableNames> | undefined;
  /** Bumped by every invalidation, so a load that began before a swap cannot install the old names afterwards. */
  private epoch = 0;

  constructor(
    private readonly dialect: SqlDialect,
    private readonly load: () => Promise<Map<string, string>>,
    /** Does this driver error say a table does not exist? */
    private readonly isMissingTable: (error: unknown) => boolean,
  ) {}

  get(): Promise<TableNames> {
    return this.current ? Promise.resolve(this.current) : this.reload();
  }

  invalidate(): void {
    this.epoch += 1;
    this.current = undefined;
    this.loading = undefined;
  }

  /** Runs `action` with the live tables; a table unknown or gone reloads the catalogue and runs it once more. */
  async use<T>(action: (tables: TableNames) => Promise<T>): Promise<T> {
    const tables = await this.get();
    try {
      return await action(tables);
    } catch (error) {
      if (!(error instanceof UnknownTableError) && !this.isMissingTable(error)) throw error;
      this.invalidate();
      const fresh = await this.reload();
      try {
        return await action(fresh);
      } catch (retryError) {
        if (retryError instanceof UnknownTableError) throw new ReadModelNotReadyError(retryError.table);
        throw retryError;
      }
    }
  }

  private reload(): Promise<TableNames> {
    if (this.loading) return this.loading;
    const epoch = this.epoch;
    const loading = this.load().then(
      (map) => {
        const tables = new TableNames(this.dialect, map, 'the live read models');
        if (epoch === this.epoch) {
          this.current = tables;
          this.loading = undefined;
        }
        return tables;
      },
      (error: unknown) => {
        if (epoch === this.epoch) this.loading = undefined;
        throw error;
      },
    );
    this.loading = loading;
    return loading;
  }
}
