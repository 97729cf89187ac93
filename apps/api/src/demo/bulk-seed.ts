import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '@cje/event-store';
import type { AuthorityOptions, DriveRejection, GenerationReport } from '@cje/testing';
import type { WorkingDayCalendar } from '@cje/timescales';
import type { PersonIdentity } from '../children/person-match/match-key.js';
import type { PersonMatchEntry } from '../children/person-match/person-match-store.js';
import { produceSeedBatches, type ProductionStatistics, type SeedBatch } from './seed-batches.js';
import type { FromWorker, SeedWorkerData, ToWorker } from './seed-worker.js';

/** Person matching as a bulk load uses it: the key of a new child, and filing many children at once. */
export interface PersonMatchFiling {
  keyOf(identity: PersonIdentity): string | null;
  fileAll(entries: readonly PersonMatchEntry[]): Promise<void>;
}

export interface BulkSeedOptions {
  readonly store: EventStore;
  readonly matching: PersonMatchFiling;
  /** The synthetic authority to seed. */
  readonly authority: Omit<AuthorityOptions, 'decide'>;
  /** Correlation id of every event, as the request id of a command over HTTP. */
  readonly requestId: string;
  /**
   * `worker` (default): generate and decide on a worker thread while this one writes, when the compiled worker is
   * at hand (a build); otherwise, and with `thread`, in this thread between turns of the event loop.
   */
  readonly run?: 'worker' | 'thread';
  /** In this thread only (a worker reads the system clock): the command side's clock. Default the system clock. */
  readonly now?: () => Date;
  /** In this thread only: the calendar to decide with. Default the API command side's. */
  readonly calendar?: WorkingDayCalendar;
  /**
   * Events per batch append (default 20,000): one transaction and one durable commit each. Large batches keep
   * commits and checkpoints few; a SQLite transaction this size takes about a second at most.
   */
  readonly batchEvents?: number;
  /** In this thread only: longest stretch of work before the event loop gets a turn (default 20 ms). */
  readonly sliceMs?: number;
  /** Called with counts only, after the batch that takes the commands written past each `progressEvery` (default 50,000). */
  readonly onProgress?: (progress: SeedProgress) => void;
  readonly progressEvery?: number;
  /** Aborting stops the seed after the batch being written; what was written is whole commands, every stream intact. */
  readonly signal?: AbortSignal;
}

/** Counts only: never a child's details. */
export interface SeedProgress {
  readonly commands: number;
  readonly events: number;
  readonly children: number;
  readonly rejected: number;
}

export interface SeedStatistics {
  /** Commands accepted (and written) or refused. */
  submitted: number;
  accepted: number;
  rejected: number;
  readonly rejectedByCode: Record<string, number>;
  /** The first refusals (at most 20), ids only. */
  readonly rejections: DriveRejection[];
  events: number;
  /** New children's records opened. */
  children: number;
  batches: number;
  /** True when `signal` ended the seed early. */
  stoppedEarly: boolean;
  /** Where the generating and deciding ran. */
  ranIn: 'worker' | 'thread';
  seconds: number;
  /** What the generation made: volumes by type, open cases at the start, commands left as not yet typed up. */
  report: GenerationReport | null;
}

const WORKER = new URL('./seed-worker.js', import.meta.url);

/**
 * The generation allocates a great many short-lived objects (journey snapshots, commands, events): a young generation
 * of 192 MB (V8's default is about a sixth of that) cut the seed's garbage collection enough to make the whole seed
 * about 14% faster (median of three, two years of an average authority: 32.2 s against 37.3 s).
 */
export const SEED_THREAD_LIMITS = { maxYoungGenerationSizeMb: 192 } as const;
/** Batches the worker may have ready beyond the one being written: enough to keep both threads busy. */
const WORKER_AHEAD = 2;

/**
 * Seeds a synthetic authority in bulk through the command side's own decision (see produceSeedBatches): every
 * event written was accepted by the machine, with the metadata the command path gives it, and every new child's
 * match key is filed as the new-child path files it (before its record is written). The events go to the store in
 * `appendBatch`es of a few thousand: one transaction and one durable commit each, instead of one per command.
 * Durable commits are kept: a batch's fsync costs about as much as deciding a few dozen commands, so turning
 * durability off for the seed would save little and risk a torn store.
 *
 * Meant for an empty store (callers check): command ids are the generation's, fixed by its seed, so seeding the
 * same authority again writes nothing new (each batch is answered as a replay).
 */
export async function bulkSeed(options: BulkSeedOptions): Promise<SeedStatistics> {
  const started = performance.now();
  const { store, matching } = options;
  const batchEvents = Math.max(1, options.batchEvents ?? 20_000);
  const signal = options.signal ?? new AbortController().signal;
  const every = Math.max(1, options.progressEvery ?? 50_000);
  const written = { commands: 0, events: 0, children: 0, batches: 0 };

  const write = async (batch: SeedBatch): Promise<void> => {
    const keys: PersonMatchEntry[] = [];
    for (const { childId, identity } of batch.newChildren) {
      const key = matching.keyOf(identity);
      if (key !== null) keys.push({ key, childId });
    }
    // As on the new-child path, the match keys are filed before the records they point at are written.
    await matching.fileAll(keys);
    await store.appendBatch(batch.appends);
    const before = written.commands;
    written.commands += batch.commands;
    written.events += batch.events;
    written.children += batch.newChildren.length;
    written.batches++;
    if (Math.floor(written.commands / every) > Math.floor(before / every)) options.onProgress?.({ commands: written.commands, events: written.events, children: written.children, rejected: batch.rejectedSoFar });
  };

  const inWorker = options.run !== 'thread' && existsSync(fileURLToPath(WORKER));
  const production = inWorker
    ? await produceInWorker({ authority: options.authority, requestId: options.requestId, batchEvents, ahead: WORKER_AHEAD }, write, signal)
    : await produceInThread(options, batchEvents, write, signal);
  return {
    submitted: written.commands + production.rejected,
    accepted: written.commands,
    rejected: production.rejected,
    rejectedByCode: production.rejectedByCode,
    rejections: production.rejections,
    events: written.events,
    children: written.children,
    batches: written.batches,
    stoppedEarly: production.stoppedEarly,
    ranIn: inWorker ? 'worker' : 'thread',
    seconds: (performance.now() - started) / 1000,
    report: production.report,
  };
}

/** In this thread: one batch is written while the next is decided (PostgreSQL answers asynchronously). */
async function produceInThread(
  options: BulkSeedOptions,
  batchEvents: number,
  write: (batch: SeedBatch) => Promise<void>,
  signal: AbortSignal,
): Promise<ProductionStatistics> {
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const statistics = await produceSeedBatches(
    {
      authority: options.authority,
      requestId: options.requestId,
      now: options.now ?? (() => new Date()),
      batchEvents,
      ...(options.calendar ? { calendar: options.calendar } : {}),
    },
    async (batch) => {
      await writing;
      if (failure) throw failure.error;
      writing = write(batch).catch((error: unknown) => {
        failure ??= { error };
      });
    },
    {
      stopped: () => failure !== undefined || signal.aborted,
      sliceMs: options.sliceMs ?? 20,
    },
  );
  await writing;
  if (failure) throw failure.error;
  return statistics;
}

/** On a worker thread: this thread writes each batch as it comes and tells the worker, which keeps a little ahead. */
function produceInWorker(data: SeedWorkerData, write: (batch: SeedBatch) => Promise<void>, signal: AbortSignal): Promise<ProductionStatistics> {
  return new Promise<ProductionStatistics>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: data, resourceLimits: SEED_THREAD_LIMITS });
    let settled = false;
    let finished = false;
    let writing: Promise<void> = Promise.resolve();
    const tell = (message: ToWorker): void => worker.postMessage(message);
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'batch':
          writing = writing
            .then(async () => {
              // After a stop, batches already decided are dropped: what is written stays a prefix of the seed.
              if (settled || signal.aborted) return;
              await write(message.batch);
              tell({ kind: 'written' });
            })
            .catch(fail);
          break;
        case 'done':
          finished = true;
          void writing.then(() => {
            if (settled) return;
            settled = true;
            void worker.terminate();
            resolve({ ...message.statistics, stoppedEarly: message.statistics.stoppedEarly || signal.aborted });
          });
          break;
        case 'failed':
          fail(Object.assign(new Error(message.message), { name: message.name }));
          break;
      }
    });
    // The worker stops at its next command; the batch being written here is finished first.
    const stop = (): void => tell({ kind: 'stop' });
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      signal.removeEventListener('abort', stop);
      if (!finished) fail(new Error(`the seed's worker thread ended (exit status ${code}) before it had finished`));
    });
  });
}
