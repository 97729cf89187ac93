import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KurrentDbEventStore, PostgresEventStore, SqliteEventStore, type EventStore } from '@cje/event-store';
import type { AppConfig } from './app-config.js';

/** Opens the adapter the configuration names; SQLite is the embedded default. */
export function createEventStore(config: AppConfig): EventStore {
  switch (config.EVENT_STORE) {
    case 'sqlite': {
      const filename = resolve(config.SQLITE_FILE);
      mkdirSync(dirname(filename), { recursive: true });
      return new SqliteEventStore({ filename });
    }
    case 'postgres':
      return new PostgresEventStore({ connectionString: config.DATABASE_URL ?? '' });
    case 'kurrentdb':
      return new KurrentDbEventStore({ connectionString: config.KURRENTDB_CONNECTION_STRING ?? '' });
    default: {
      const unknownKind: never = config.EVENT_STORE;
      throw new Error(`unknown event store ${String(unknownKind)}`);
    }
  }
}
