// A separate OS process appending to a shared SQLite event store file through the real SqliteEventStore.
// Usage: node append-worker.mjs <filename> <worker name> <rounds>
// Prints one JSON line: { "appended": number of events it wrote, "retries": optimistic retries it needed }.
// Test-only (see sqlite-event-store.int.spec.ts).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
const { SqliteEventStore } = await import('../sqlite-event-store.ts');

const [filename, worker, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText);
const actor = { userId: `user-${worker}`, role: 'social-worker', team: 'test-team' };
const event = (id, type, data) => ({
  id,
  type,
  data,
  metadata: { occurredAt: '2025-01-15', actor, correlationId: `corr-${id}`, causationId: `cmd-${id}`, schemaVersion: 1, machineVersion: 1 },
});

const store = new SqliteEventStore({ filename, busyTimeoutMs: 30_000 });
await store.init();
let appended = 0;
let retries = 0;
for (let round = 0; round < rounds; round++) {
  // Its own stream, with exact expected revisions: nobody else writes there.
  const size = 1 + (round % 3);
  const own = Array.from({ length: size }, (_, k) => event(`${worker}-own-${round}-${k}`, 'CinVisitMade', { round, k }));
  const expected = round === 0 ? 'no_stream' : (await store.streamRevision(`worker-${worker}`));
  await store.append(`worker-${worker}`, own, { expectedRevision: expected });
  appended += size;

  // A stream every process appends to without a check.
  await store.append('shared-any', [event(`${worker}-any-${round}`, 'ContactReceived', { worker, round })], { expectedRevision: 'any' });
  appended += 1;

  // A stream every process appends to with optimistic concurrency: read, append at that revision, retry on conflict.
  for (;;) {
    const revision = await store.streamRevision('shared-counter');
    try {
      await store.append('shared-counter', [event(`${worker}-count-${round}`, 'SupervisionRecorded', { worker, round })], {
        expectedRevision: revision === -1 ? 'no_stream' : revision,
      });
      appended += 1;
      break;
    } catch (error) {
      if (error?.code !== 'WRONG_EXPECTED_REVISION') throw error;
      retries += 1;
    }
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ appended, retries })}\n`);
