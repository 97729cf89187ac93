import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '@cje/runtime';
import type { SeedProgress, SeedStatistics } from './bulk-seed.js';
import type { DemoSeedSettings } from './demo-seed.js';
import { openSeeding } from './open-seeding.js';

/** What the API hands its demo seeding thread: the configuration's values and the authority to seed. */
export interface DemoSeedWorkerData {
  readonly config: AppConfig;
  readonly settings: DemoSeedSettings;
  readonly batchEvents: number;
}

export type ToDemoSeedWorker = { readonly kind: 'stop' };
export type FromDemoSeedWorker =
  | { readonly kind: 'progress'; readonly progress: SeedProgress }
  | { readonly kind: 'done'; readonly statistics: SeedStatistics }
  | { readonly kind: 'failed'; readonly name: string };

/*
 * The API's demo seeding on a thread of its own, with its own connections to the store: the API's thread only
 * serves requests and runs projections meanwhile. This thread writes the batches; the generating and deciding run
 * on a further thread of their own (see bulkSeed).
 */
const port = parentPort;
if (port) {
  const { config, settings, batchEvents } = workerData as DemoSeedWorkerData;
  const stop = new AbortController();
  port.on('message', (message: ToDemoSeedWorker) => {
    if (message.kind === 'stop') stop.abort();
  });
  const send = (message: FromDemoSeedWorker): void => port.postMessage(message);
  try {
    const seeding = await openSeeding(config);
    let statistics: SeedStatistics;
    try {
      statistics = await seeding.seed(settings, { onProgress: (progress) => send({ kind: 'progress', progress }), signal: stop.signal, batchEvents });
    } finally {
      await seeding.close();
    }
    // Only once the seed's connections are closed (and its SQLite log checkpointed).
    send({ kind: 'done', statistics });
  } catch (error) {
    // The name only: a message may quote what was being written.
    send({ kind: 'failed', name: error instanceof Error ? error.name : 'Error' });
  }
  port.close();
}
