import type { BenchOptions } from './bench-options.js';
import type { BenchTarget } from './bench-target.js';
import { STREAM_LENGTH, appendInOrder, planAppends } from './append-plan.js';

export interface CaseRun {
  /** Unique per engine, side, run and slice: appends of different runs never touch the same stream. */
  readonly runId: string;
  readonly options: BenchOptions;
  /** The part of a whole run this piece of work is (1 / the case's slices): sizes and time cap scale by it. */
  readonly share: number;
}

/** One measurement, written once and run against every engine's adapter and raw baseline alike. */
export interface BenchCase {
  readonly id: string;
  label(options: BenchOptions): string;
  readonly unit: 'events/s';
  /**
   * A run is cut into this many slices, the sides taking turns slice by slice, so that the disk's good and bad
   * seconds fall on every side alike (appends, which wait on fsync). Default 1.
   */
  readonly slices?: number;
  /** Untimed, once per side before its runs (seeding what is read). */
  prepare?(target: BenchTarget, options: BenchOptions): Promise<void>;
  /** Untimed: builds one run's inputs and answers the timed work, which answers how many events it handled. */
  setUp(target: BenchTarget, run: CaseRun): () => Promise<number>;
}

/** Slices of every append run. */
const APPEND_SLICES = 6;

/** At least one append's worth of `events` scaled by the share of the run. */
function sliceOf(events: number, share: number, batchSize: number): number {
  return Math.max(batchSize, Math.round((events * share) / batchSize) * batchSize);
}

function appendCase(id: string, label: string, batchSize: number, size: (o: BenchOptions) => number): BenchCase {
  return {
    id,
    label: () => label,
    unit: 'events/s',
    slices: APPEND_SLICES,
    setUp(target, { runId, options, share }) {
      const plan = planAppends(runId, sliceOf(size(options), share, batchSize), batchSize);
      return () => appendInOrder((...args) => target.append(...args), plan, performance.now() + options.maxRunMs * share);
    },
  };
}

/** Every writer appends one event at a time to a stream of its own, all writers at once. */
const concurrentSingleAppends: BenchCase = {
  id: 'append-single-concurrent',
  label: (o) => `append 1 event/append, ${o.writers} writers`,
  unit: 'events/s',
  slices: APPEND_SLICES,
  setUp(target, { runId, options, share }) {
    const perWriter = sliceOf(options.concurrentEvents / options.writers, share, 1);
    const plans = Array.from({ length: options.writers }, (_, w) => planAppends(`${runId}-w${w}`, perWriter, 1));
    return async () => {
      const stopAt = performance.now() + options.maxRunMs * share;
      const counts = await Promise.all(plans.map((plan) => appendInOrder((...args) => target.append(...args), plan, stopAt)));
      return counts.reduce((a, b) => a + b, 0);
    };
  },
};

const SEED = 'seed';
const seeded = new WeakMap<BenchTarget, Promise<void>>();

/** The read cases share one seeded set per side: readEvents events in streams of STREAM_LENGTH, in batches of 100. */
function seedOnce(target: BenchTarget, options: BenchOptions): Promise<void> {
  let seeding = seeded.get(target);
  if (!seeding) {
    seeding = appendInOrder((...args) => target.append(...args), planAppends(SEED, options.readEvents, STREAM_LENGTH)).then(() => undefined);
    seeded.set(target, seeding);
  }
  return seeding;
}

const streamReads: BenchCase = {
  id: 'read-stream',
  label: () => 'read whole streams (100 events each)',
  unit: 'events/s',
  prepare: seedOnce,
  setUp(target, { options }) {
    const streams = Array.from({ length: Math.ceil(options.readEvents / STREAM_LENGTH) }, (_, i) => `${SEED}-stream-${i}`);
    return async () => {
      let read = 0;
      for (const streamId of streams) read += await target.readStream(streamId);
      return read;
    };
  },
};

const allReads: BenchCase = {
  id: 'read-all',
  label: (o) => `readAll from 0 in batches of ${o.readBatch}`,
  unit: 'events/s',
  prepare: seedOnce,
  setUp(target, { options }) {
    return async () => {
      let read = 0;
      let after = 0;
      while (read < options.readEvents) {
        const batch = await target.readAll(after, options.readBatch);
        if (batch.count === 0) break;
        read += batch.count;
        after = batch.lastPosition;
      }
      return read;
    };
  },
};

const catchUp: BenchCase = {
  id: 'catch-up',
  label: () => 'catch-up subscription from 0',
  unit: 'events/s',
  prepare: seedOnce,
  setUp(target, { options }) {
    return () => target.catchUp(options.readEvents, options.readBatch);
  },
};

export const APPEND_SINGLE_ONE_WRITER = 'append-single-1-writer';
export const APPEND_SINGLE_CONCURRENT = concurrentSingleAppends.id;

/** In the order they run: appends first, then the read cases over the seeded log. */
export const BENCH_CASES: readonly BenchCase[] = [
  appendCase(APPEND_SINGLE_ONE_WRITER, 'append 1 event/append, 1 writer', 1, (o) => o.singleEvents),
  concurrentSingleAppends,
  appendCase('append-batch-10', 'append batches of 10, 1 writer', 10, (o) => o.batch10Events),
  appendCase('append-batch-100', 'append batches of 100, 1 writer', 100, (o) => o.batch100Events),
  streamReads,
  allReads,
  catchUp,
];
