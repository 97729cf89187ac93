import type { Provider } from '@nestjs/common';
import { AppConfig } from '@cje/runtime';
import { PersonMatchStore } from './person-match-store.js';
import { PostgresPersonMatchStore } from './postgres-person-match-store.js';
import { SqlitePersonMatchStore, personMatchFileFor } from './sqlite-person-match-store.js';

/**
 * Match keys sit beside the configured store: a table in the PostgreSQL database, or a SQLite file next to the
 * embedded store's file (KurrentDB has no tables, so with it they use the SQLite file too).
 */
export const personMatchStoreProvider: Provider = {
  provide: PersonMatchStore,
  inject: [AppConfig],
  useFactory: createPersonMatchStore,
};

/** The match key store the configuration puts beside the event store (also for the command line's seeding). */
export function createPersonMatchStore(config: AppConfig): PersonMatchStore {
  switch (config.EVENT_STORE) {
    case 'postgres':
      return new PostgresPersonMatchStore(config.DATABASE_URL ?? '');
    case 'sqlite':
    case 'kurrentdb':
      return new SqlitePersonMatchStore(personMatchFileFor(config.SQLITE_FILE));
    default: {
      const unknownKind: never = config.EVENT_STORE;
      throw new Error(`unknown event store ${String(unknownKind)}`);
    }
  }
}
