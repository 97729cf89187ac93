import type { Provider } from '@nestjs/common';
import { AppConfig } from '@cje/runtime';
import { AccessLogStore } from './access-log-store.js';
import { PostgresAccessLogStore } from './postgres-access-log-store.js';
import { SqliteAccessLogStore, accessLogFileFor } from './sqlite-access-log-store.js';

/**
 * The access log sits beside the configured event store: tables in the PostgreSQL database, or a SQLite file next
 * to the embedded store's file (KurrentDB has no tables, so with it the SQLite file is used too).
 */
export const accessLogStoreProvider: Provider = {
  provide: AccessLogStore,
  inject: [AppConfig],
  useFactory: (config: AppConfig): AccessLogStore => {
    switch (config.EVENT_STORE) {
      case 'postgres':
        return new PostgresAccessLogStore(config.DATABASE_URL ?? '');
      case 'sqlite':
      case 'kurrentdb':
        return new SqliteAccessLogStore(accessLogFileFor(config.SQLITE_FILE));
      default: {
        const unknownKind: never = config.EVENT_STORE;
        throw new Error(`unknown event store ${String(unknownKind)}`);
      }
    }
  },
};
