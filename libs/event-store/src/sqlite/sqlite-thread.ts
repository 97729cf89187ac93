import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Starts a thread running `source` (CommonJS, evaluated: the same code whether the caller runs built or from
 * TypeScript sources), with `driver` (better-sqlite3's path) and `data` as its `workerData`. Unreferenced: an idle
 * thread keeps no process alive (the caller refs it while it waits for a reply). The thread must close its connection
 * and port when sent `{ close: true }` (see `closeSqliteThread`).
 */
export function startSqliteThread(source: string, data: Record<string, unknown>): Worker {
  const worker = new Worker(source, { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), ...data } });
  worker.unref();
  return worker;
}

/** Asks a thread of `startSqliteThread` to close its connection, and waits until it has exited. */
export async function closeSqliteThread(worker: Worker | undefined): Promise<void> {
  if (!worker) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.ref();
  worker.postMessage({ close: true });
  await exited;
}

/** Calls `gone` with why, once the thread has failed or exited (closed or not): whatever waited on it must fail. */
export function whenSqliteThreadGone(worker: Worker, gone: (cause: string) => void): void {
  worker.on('error', (error: unknown) => gone(`failed (${error instanceof Error ? error.name : typeof error})`));
  worker.on('exit', (code) => gone(`exited (code ${code})`));
}
