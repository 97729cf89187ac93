import { resolve } from 'node:path';
import { SqliteEventStore, type EventStore } from '@cje/event-store';
import { createEventStore, type AppConfig } from '@cje/runtime';
import { londonDate } from '../children/london-time.js';
import { createPersonMatchStore } from '../children/person-match/person-match-store.provider.js';
import { PersonMatching } from '../children/person-match/person-matching.js';
import type { SeedProgress, SeedStatistics } from './bulk-seed.js';
import { seedDemoAuthority, type DemoSeedSettings } from './demo-seed.js';

/** What seeding writes to, opened from the configuration as the API opens it. */
export interface Seeding {
  readonly store: EventStore;
  /** Today in England: the default end date. */
  today(): string;
  seed(settings: DemoSeedSettings, options?: { onProgress?: (progress: SeedProgress) => void; signal?: AbortSignal; batchEvents?: number }): Promise<SeedStatistics>;
  /** Makes the load durable and compact (SQLite: one checkpoint), then closes what was opened. */
  close(): Promise<void>;
}

/**
 * SQLite connection settings for a bulk load, on the seed's own connection only. A seed's batches insert thousands
 * of random ids into the indexes: with the default 2 MiB page cache each insert reads its page back from the file,
 * and with the default checkpoint interval every commit copies thousands of pages twice. Measured on 200,000 events
 * in batches of 20,000 (same machine, same run): 12.4 s with the defaults, 7.8 s with these. Commits stay durable
 * (synchronous=FULL): with batches this large a commit's fsync is no longer what costs.
 */
const BULK_CACHE_KIB = 256 * 1024;
const BULK_WAL_CHECKPOINT_PAGES = 20_000;

/**
 * Opens the event store and the person-match keys beside it as the API would (same configuration, same salt), on
 * connections of the seed's own, without the rest of the API (no HTTP, no read models catching up meanwhile). Used
 * by `cje seed`, and by the API's demo seeding on a thread of its own.
 */
export async function openSeeding(config: AppConfig): Promise<Seeding> {
  const sqlite =
    config.EVENT_STORE === 'sqlite'
      ? new SqliteEventStore({ filename: resolve(config.SQLITE_FILE), cacheSizeKiB: BULK_CACHE_KIB, walAutocheckpointPages: BULK_WAL_CHECKPOINT_PAGES })
      : undefined;
  const store = sqlite ?? createEventStore(config);
  await store.init();
  const matching = new PersonMatching(createPersonMatchStore(config), config);
  try {
    await matching.onModuleInit();
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    today: () => londonDate(new Date()),
    seed: (settings, options = {}) => seedDemoAuthority(settings, { store, matching, ...options }),
    async close() {
      try {
        await sqlite?.checkpoint();
      } finally {
        await matching.onApplicationShutdown();
        await store.close();
      }
    },
  };
}
