import { dirname, join, resolve } from 'node:path';
import { PostgresReadModelStore, type ReadModelStore, SqliteReadModelStore } from '@cje/projections';
import type { AppConfig } from '@cje/runtime';

/** The read models' own SQLite file: `read-models.db` in the event store's folder (never the event store's file). */
export function readModelFile(config: AppConfig): string {
  return join(dirname(resolve(config.SQLITE_FILE)), 'read-models.db');
}

/**
 * Read models go where the events are: PostgreSQL schema `read_models` when the events are in PostgreSQL, otherwise
 * an SQLite file beside the embedded store (with KurrentDB, the API's own folder: the cluster holds no tables).
 */
export function createReadModelStore(config: AppConfig): ReadModelStore {
  if (config.EVENT_STORE === 'postgres') {
    return new PostgresReadModelStore({ connectionString: config.DATABASE_URL ?? '', schema: 'read_models' });
  }
  return new SqliteReadModelStore({ filename: readModelFile(config) });
}
