#!/usr/bin/env node
// One full rebuild for `npm run bench:projections`, in a process of its own, as the API runs it when it starts with
// a read model to build: `node rebuild-process.js <event store file> <read-model file> <cache size> <stream|position>`
// (`stream`: built stream by stream, as the API builds from zero; `position`: in position order, for comparison). The
// result is sent to the parent (IPC) as one message; the read-model file is left for the parent to query.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SqliteEventStore } from '@cje/event-store';
import { CaseFactsProjection, ProjectionRunner, READ_MODEL_REBUILD_BATCH_SIZE, SqliteReadModelStore, childIndexProjection } from '@cje/projections';

export interface RebuildResult {
  readonly events: number;
  readonly ms: number;
  readonly stats: { readonly stepped: number; readonly replays: number; readonly restores: number; readonly built: number };
  readonly peakRss: number;
}

/** Runs this file as a child process (the parent's node flags, `--max-semi-space-size` above all, passed on). */
export type RebuildOrder = 'stream' | 'position';

export function rebuildInOwnProcess(eventsFile: string, readModelFile: string, cacheSize: number, order: RebuildOrder = 'stream'): Promise<RebuildResult> {
  return new Promise<RebuildResult>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [eventsFile, readModelFile, String(cacheSize), order], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: RebuildResult | undefined;
    child.on('message', (message: RebuildResult) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`the rebuild process ended (${signal ?? `exit ${code}`}) without a result`));
    });
  });
}

async function rebuild(eventsFile: string, readModelFile: string, cacheSize: number, order: RebuildOrder): Promise<RebuildResult> {
  const events = new SqliteEventStore({ filename: eventsFile, durable: false });
  await events.init();
  const readModels = new SqliteReadModelStore({ filename: readModelFile });
  try {
    const head = await events.headPosition();
    const facts = new CaseFactsProjection({ events, cacheSize });
    // As the API runs them (manager.module.ts).
    const runner = new ProjectionRunner({ events, readModels, projections: [childIndexProjection, facts], rebuildBatchSize: READ_MODEL_REBUILD_BATCH_SIZE, buildByStream: order === 'stream' });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 200);
    const started = performance.now();
    await runner.start();
    await runner.waitFor(head, 60 * 60_000);
    const ms = performance.now() - started;
    clearInterval(sampler);
    const status = await runner.status();
    await runner.stop();
    if (status.some((s) => s.state !== 'live' || s.checkpoint !== head)) throw new Error(`a projection did not finish: ${JSON.stringify(status)}`);
    return { events: head, ms, stats: { ...facts.stats }, peakRss };
  } finally {
    await readModels.close();
    await events.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [eventsFile, readModelFile, cacheSize, order] = process.argv.slice(2);
  if (!eventsFile || !readModelFile || !cacheSize || (order !== 'stream' && order !== 'position') || !process.send) {
    process.stderr.write('usage: node rebuild-process.js <event store file> <read-model file> <cache size> <stream|position> (forked by bench:projections)\n');
    process.exit(2);
  }
  rebuild(eventsFile, readModelFile, Number(cacheSize), order)
    .then((result) => process.send?.(result, () => process.exit(0)))
    .catch((error: unknown) => {
      process.stderr.write(`rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
