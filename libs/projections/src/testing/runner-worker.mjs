// A separate OS process running the real ProjectionRunner over SQLite files, for crash tests (SIGKILL).
// Usage: node runner-worker.mjs <run|complete> <events.db> <read-models.db> <batch size> <event-tally version> [staged]
//   run:      start, print "started", and keep applying until killed;
//   complete: start, wait until every projection has reached the head of the log, stop cleanly, print "complete";
//   staged:   the tally keeps its batch in memory and lets the runner stage catch-up batches (committed on the store's
//             writer thread while the next batch is applied); otherwise it writes every event in the transaction.
// Test-only (see projection-runner.kill.int.spec.ts).
import { register } from 'node:module';

register('../../../event-store/src/sqlite/testing/ts-hooks.mjs', import.meta.url);
register('./cje-paths-hooks.mjs', import.meta.url);
const { SqliteEventStore } = await import('../../../event-store/src/sqlite/sqlite-event-store.ts');
const { SqliteReadModelStore } = await import('../sqlite/sqlite-read-model-store.ts');
const { ProjectionRunner } = await import('../projection-runner.ts');
const { childIndexProjection } = await import('../child-index/child-index.projection.ts');
const { batchedTallyProjection, eventTallyProjection } = await import('./event-tally.projection.ts');

const [mode, eventsFile, readModelsFile, batchText, tallyVersionText, writes] = process.argv.slice(2);
const tallyVersion = Number(tallyVersionText);
const batchSize = Number(batchText);
const events = new SqliteEventStore({ filename: eventsFile, durable: false, pollIntervalMs: 20 });
await events.init();
const readModels = new SqliteReadModelStore({ filename: readModelsFile });
const runner = new ProjectionRunner({
  events,
  readModels,
  projections: [
    childIndexProjection,
    writes === 'staged' ? batchedTallyProjection({ version: tallyVersion, staged: true }) : eventTallyProjection(tallyVersion),
  ],
  batchSize,
  rebuildBatchSize: batchSize,
  retryDelayMs: 20,
  onError: (failure) => process.stderr.write(`${JSON.stringify(failure)}\n`),
});
await runner.start();
process.stdout.write('started\n');
if (mode === 'complete') {
  await runner.waitFor(await events.headPosition(), 120_000);
  await runner.stop();
  await readModels.close();
  await events.close();
  process.stdout.write('complete\n');
}
