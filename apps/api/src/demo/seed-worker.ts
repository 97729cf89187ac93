import { parentPort, workerData } from 'node:worker_threads';
import type { AuthorityOptions } from '@cje/testing';
import { produceSeedBatches, type ProductionStatistics, type SeedBatch } from './seed-batches.js';

/** What the thread that writes hands the worker (plain data: functions cannot cross threads). */
export interface SeedWorkerData {
  readonly authority: Omit<AuthorityOptions, 'decide'>;
  readonly requestId: string;
  readonly batchEvents: number;
  /** Batches handed over and not yet written that the worker may run ahead by. */
  readonly ahead: number;
}

export type ToWorker = { readonly kind: 'written' } | { readonly kind: 'stop' };
export type FromWorker =
  | { readonly kind: 'batch'; readonly batch: SeedBatch }
  | { readonly kind: 'done'; readonly statistics: ProductionStatistics }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string };

/*
 * The seed's generating and deciding, on a thread of its own: the thread that writes (the API's, or the command
 * line's) stays free to write batches, answer requests and run projections while the next batches are decided.
 */
const port = parentPort;
if (port) {
  const data = workerData as SeedWorkerData;
  let credit = data.ahead;
  let stop = false;
  let wake: (() => void) | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'written') credit++;
    else stop = true;
    wake?.();
  });
  const send = (message: FromWorker): void => port.postMessage(message);
  try {
    const statistics = await produceSeedBatches(
      { authority: data.authority, requestId: data.requestId, now: () => new Date(), batchEvents: data.batchEvents },
      async (batch) => {
        while (credit === 0 && !stop) await new Promise<void>((resolve) => (wake = resolve));
        if (stop) return;
        credit--;
        send({ kind: 'batch', batch });
      },
      // Nothing else runs on this thread: no slicing, only the waits for the writer.
      { stopped: () => stop, sliceMs: Number.POSITIVE_INFINITY },
    );
    send({ kind: 'done', statistics });
  } catch (error) {
    send({ kind: 'failed', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
  }
  port.close();
}
