import { type EventStore, type LogReadAhead, type LogEvent, type WholeStreams, readAhead, readStreamsAhead } from '@cje/event-store';
import { AsyncMutex } from './async-mutex.js';
import { EventPump } from './event-pump.js';
import { BatchEventError, type Projection } from './projection.js';
import {
  type ProjectionError,
  ProjectionFailedError,
  ProjectionWaitTimeoutError,
  ProjectionsStoppedError,
  UnknownProjectionError,
} from './projection.errors.js';
import {
  type ProjectionLayout,
  advanceCheckpoint,
  createGeneration,
  createIndexes,
  dropGeneration,
  dropRetired,
  generationTables,
  layoutsOf,
  readGenerations,
  swapIn,
} from './projection-generation.js';
import type { ProjectionFailure, ProjectionState, ProjectionStatus } from './projection-status.js';
import type { ReadModelStore, ReadModelTx, StagedBatch } from './read-model-store.js';
import type { TableNames } from './table-names.js';

export interface ProjectionRunnerOptions {
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
  /** Most events applied in one transaction by the shared (live) loop. Default 500. */
  readonly batchSize?: number;
  /** Events per transaction while a generation is built or a projection catches up on its own. Default 1000. */
  readonly rebuildBatchSize?: number;
  /**
   * How far (in events) the shared loop may fall behind the log before its projections leave it to catch up in
   * `rebuildBatchSize` batches and join it again (a bulk load, a burst of commands): batches of `batchSize` keep a
   * worker's change visible at once, large ones are several times cheaper per event. Default 10 x `batchSize`.
   */
  readonly bulkCatchUpLag?: number;
  /**
   * Build new generations from zero stream by stream where the event store can read so and every projection built
   * together can build a stream whole (`Projection.buildStream`). Default true; false builds in position order.
   */
  readonly buildByStream?: boolean;
  /** First wait before retrying after the read-model store failed; doubles up to `maxRetryDelayMs`. Default 1 s. */
  readonly retryDelayMs?: number;
  /** Default 30 s. */
  readonly maxRetryDelayMs?: number;
  /**
   * Told about every failure with the original error, for the host's logs. The error's message may quote event data;
   * the host decides what reaches a log. The status only ever holds the `failure` summary.
   */
  readonly onError?: (failure: ProjectionFailure & { readonly projection: string }, error: unknown) => void;
  /** Source of failure timestamps. Default: the system clock. */
  readonly clock?: () => Date;
}

/**
 * How the generation readers see is kept up to date:
 * - `shared`: by the shared loop (one subscription for every such projection, one transaction per batch);
 * - `lagging`: by a loop of its own until it reaches the shared loop's position, then `shared`;
 * - `frozen`: not at all, it was built by another version; a rebuild replaces it;
 * - `failed`: not at all, its handler threw;
 * - `none`: there is no live generation yet (first build running).
 */
type LiveMode = 'none' | 'shared' | 'lagging' | 'frozen' | 'failed';

interface Generation {
  readonly number: number;
  readonly version: number;
  readonly tables: TableNames;
  /** Last position committed to this generation. */
  checkpoint: number;
  /** Its non-unique indexes are known to exist (a generation is built without them, then they are added). */
  indexed: boolean;
}

interface Deferred {
  resolve(): void;
  reject(error: Error): void;
}

interface Slot {
  readonly name: string;
  readonly layout: ProjectionLayout;
  live: Generation | undefined;
  mode: LiveMode;
  /** A generation being built; swapped in once it reaches the shared loop. */
  build: Generation | undefined;
  buildStarting: boolean;
  /** The last rebuild stopped on a handler failure (and nothing has replaced it since). */
  buildFailed: boolean;
  rebuildWaiters: Deferred[];
  lastError: ProjectionFailure | undefined;
}

interface Waiter {
  readonly position: number;
  readonly slots: readonly Slot[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

type Purpose = 'live' | 'build';

/** One generation's share of a batch: whose it is and why it is being written. */
interface Part {
  readonly slot: Slot;
  readonly generation: Generation;
  readonly purpose: Purpose;
}

/** A cohort's batch staged with the store, committing while the next one is applied. */
interface InFlight {
  readonly batch: StagedBatch;
  /** The parts it moves to `to`, and the transaction each applied it through (told to forget it if it fails). */
  readonly owns: ReadonlyArray<{ readonly part: Part; readonly own: ReadModelTx }>;
  readonly to: number;
}

/** One catch-up batch of a cohort, as far as it got. */
interface CohortBatch {
  /** The position it reads after: the furthest back of its parts. */
  readonly after: number;
  /** Where each part's share starts (`nextAfter`). */
  readonly from: (part: Part) => number;
  owns: Array<{ readonly part: Part; readonly own: ReadModelTx; first: LogEvent | undefined }>;
  failed: { readonly part: Part; readonly outcome: Outcome } | undefined;
  /** Events it holds at most: fewer only when the log (up to the target) has no more. */
  readonly limit: number;
  count: number;
  to: number;
}

function newCohortBatch(parts: readonly Part[], pipeline: Pipeline | undefined, limit: (after: number) => number): CohortBatch {
  const from = (part: Part): number => nextAfter(part, pipeline);
  const after = Math.min(...parts.map(from));
  return { after, from, owns: [], failed: undefined, limit: limit(after), count: 0, to: after };
}

/**
 * Events in a staged batch starting after `after`: `size`, except in the last stretch before `target`, which goes
 * in halves (down to one read of the log). The build is live once its last batch has committed; while a batch
 * commits the next is applied, so only that last commit is waited for, and a small one is soon done.
 */
export function stagedBatchLimit(size: number, after: number, target: number): number {
  const left = target - after;
  if (left > size) return size;
  return Math.min(size, Math.max(READ_CHUNK, Math.ceil(left / 2)));
}

/** Where a part's next batch starts: after its batch still committing, if it has one, else after its checkpoint. */
function nextAfter(part: Part, pipeline: Pipeline | undefined): number {
  const flight = pipeline?.inFlight;
  return flight !== undefined && flight.owns.some((entry) => entry.part === part) ? flight.to : part.generation.checkpoint;
}

/** Whether a batch took all it could hold (so the log may have more up to the target), or the log ran out first. */
type BatchFill = 'full' | 'short';

function fillOf(batch: CohortBatch): BatchFill {
  return batch.count === batch.limit ? 'full' : 'short';
}

/** A catch-up loop's staged batch, if one is committing, and the index builds it has staged. */
interface Pipeline {
  inFlight: InFlight | undefined;
  /** Generations whose indexes are being built by the store's writer; resolves to whether they were. */
  readonly indexing: Array<{ readonly generation: Generation; readonly built: Promise<boolean> }>;
}

/** Why a part's batch was rolled back: its handler (or its end-of-batch write) threw. */
interface Outcome {
  readonly failure: ProjectionFailure;
  readonly error: unknown;
}

/**
 * The log as a catch-up loop reads it: forwards from one position to the next, one read ahead of the projections.
 * Asked for events that do not follow on from the last ones handed over (a batch
 * rolled back and read again), or once the log it read has run out, it starts afresh from where it is asked.
 */
class CatchUpReader {
  private reader: LogReadAhead | undefined;

  constructor(private readonly events: EventStore) {}

  /** Up to `max` events after `after`, none after `until`; fewer only when the log has no more up to `until` now. */
  async read(after: number, max: number, until: number): Promise<readonly LogEvent[]> {
    if (this.reader && (this.reader.position !== after || this.reader.exhausted)) await this.reset();
    this.reader ??= readAhead(this.events, { after, chunkSize: READ_CHUNK });
    const events = await this.reader.next(max, until);
    // Run out: what was appended since it read the end is read by a new reader next time.
    if (events.length < max && this.reader.exhausted) await this.reset();
    return events;
  }

  async reset(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.close();
  }
}

const SAVEPOINT = 'projection_batch';
/** Events read from the log at a time while catching up, however large the batch (as the raw-read baseline reads). */
const READ_CHUNK = 1000;

/**
 * Events read from the log at a time while a generation is built stream by stream. Larger than `READ_CHUNK`: the read
 * one chunk ahead goes on while the caller waits for the batch before to commit, so a larger chunk keeps the reader
 * busy through that wait (on a million-event log, chunks of 1,000 / 5,000 / 20,000 built at 49,000 / 59,000 / 63,000
 * events a second in one session).
 */
const STREAM_READ_CHUNK = 20_000;

/** Events of `events` (position order) at or before `position`. */
function upTo(events: readonly LogEvent[], position: number): readonly LogEvent[] {
  let end = events.length;
  while (end > 0 && (events[end - 1]?.metadata.position ?? 0) > position) end -= 1;
  return end === events.length ? events : events.slice(0, end);
}

function lastPosition(events: readonly LogEvent[], otherwise: number): number {
  return events[events.length - 1]?.metadata.position ?? otherwise;
}

/** Class and code of an error, never its message (which may quote a child's data). */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { code, name } = error as { code?: unknown; name?: unknown };
  // By shape rather than instanceof: drivers' errors may come from another realm.
  const kind = typeof name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : 'Error';
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? `${kind} ${code}` : kind;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Keeps read models up to date from the global log. Each projection's checkpoint is committed in the same
 * transaction as the rows it vouches for, so after a crash the runner resumes exactly where the last commit left
 * off: every event takes effect once. Projections at the same checkpoint share one subscription and one transaction
 * per batch; a projection that is behind (new, rebuilt, version changed) catches up on its own and then joins.
 * One runner per read-model store: a second one is detected by the checkpoint check and backs off.
 */
export class ProjectionRunner {
  private readonly events: EventStore;
  private readonly readModels: ReadModelStore;
  private readonly slots: Slot[];
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly bulkCatchUpLag: number;
  private readonly buildByStreams: boolean;
  private readonly onError: ProjectionRunnerOptions['onError'];
  private readonly clock: () => Date;

  /** Serialises the shared loop's batches with hand-overs, so a joining generation meets it at a fixed position. */
  private readonly lock = new AsyncMutex();
  private running = false;
  private stopping = false;
  private starting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private wakeOnStop: Array<() => void> = [];
  private readonly loops = new Set<Promise<void>>();
  private pump: EventPump | undefined;
  /** Last position the shared loop has applied (or, before its first batch, the position it starts after). */
  private position = 0;
  private headAtSync = 0;
  private knownHead = 0;
  private sharedCaughtUp = false;
  private readonly waiters = new Set<Waiter>();
  private positionListeners: Array<{ readonly position: number; readonly resolve: () => void }> = [];

  constructor(options: ProjectionRunnerOptions) {
    this.events = options.events;
    this.readModels = options.readModels;
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 1000;
    this.bulkCatchUpLag = options.bulkCatchUpLag ?? this.batchSize * 10;
    this.buildByStreams = options.buildByStream ?? true;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.onError = options.onError;
    this.clock = options.clock ?? (() => new Date());
    for (const size of [this.batchSize, this.rebuildBatchSize, this.bulkCatchUpLag]) {
      if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('batch sizes must be positive integers');
    }
    this.slots = layoutsOf(options.projections, this.readModels.dialect).map((layout) => ({
      name: layout.projection.name,
      layout,
      live: undefined,
      mode: 'none',
      build: undefined,
      buildStarting: false,
      buildFailed: false,
      rebuildWaiters: [],
      lastError: undefined,
    }));
  }

  /**
   * Loads the checkpoints, starts building what is missing or of another version, and starts applying events.
   * Resolves once running, not once caught up: `waitFor(head)` for that.
   */
  async start(): Promise<void> {
    if (this.running) return this.starting;
    this.running = true;
    this.stopping = false;
    this.starting = (async () => {
      await this.readModels.init();
      await this.load();
    })();
    try {
      await this.starting;
    } catch (error) {
      this.running = false;
      throw error;
    } finally {
      this.starting = undefined;
    }
    if (this.stopping) return;
    this.track(this.runShared());
    const behind: Part[] = [];
    for (const slot of this.slots) {
      if (slot.mode === 'lagging' && slot.live) behind.push({ slot, generation: slot.live, purpose: 'live' });
      if (slot.build) behind.push({ slot, generation: slot.build, purpose: 'build' });
    }
    this.catchUpTogether(behind);
  }

  /** Stops after the batches in progress commit. Pending `waitFor` and `rebuild` calls are rejected; a rebuild resumes at the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.stopped = (async () => {
      // A start still loading finishes first, then sees it is stopping and starts nothing.
      await this.starting?.catch(() => undefined);
      for (const wake of this.wakeOnStop.splice(0)) wake();
      for (const listener of this.positionListeners.splice(0)) listener.resolve();
      await this.pump?.close().catch(() => undefined);
      while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
      const stopped = new ProjectionsStoppedError('the projection runner was stopped');
      for (const waiter of [...this.waiters]) this.settle(waiter, stopped);
      for (const slot of this.slots) this.settleRebuild(slot, stopped);
      this.running = false;
      this.stopping = false;
      this.stopped = undefined;
    })();
    return this.stopped;
  }

  /** Per projection: how far readers are behind the log and why. */
  async status(): Promise<ProjectionStatus[]> {
    try {
      this.knownHead = Math.max(this.knownHead, await this.events.headPosition());
    } catch {
      // The event store is unreachable: report against the last head seen.
    }
    const head = Math.max(this.knownHead, this.position);
    return this.slots.map((slot) => {
      const checkpoint = slot.live?.checkpoint ?? 0;
      return {
        name: slot.name,
        version: slot.layout.projection.version,
        checkpoint,
        headPosition: head,
        lag: Math.max(0, head - checkpoint),
        state: this.stateOf(slot),
        generation: slot.live?.number ?? null,
        rebuild: slot.build ? { generation: slot.build.number, checkpoint: slot.build.checkpoint } : null,
        ...(slot.lastError ? { lastError: slot.lastError } : {}),
      };
    });
  }

  /**
   * Resolves once every projection (or those named) shows readers the effect of every event up to `position`, e.g.
   * the position a command's append answered, so the worker who made a change sees it in the next query.
   * Rejects with PROJECTION_WAIT_TIMEOUT after `timeoutMs`, or at once with PROJECTION_FAILED when a projection
   * waited on has stopped on a failure.
   */
  waitFor(position: number, timeoutMs = 5000, projections?: readonly string[]): Promise<void> {
    const unknown = projections?.find((name) => !this.slots.some((slot) => slot.name === name));
    if (unknown !== undefined) return Promise.reject(new UnknownProjectionError(unknown));
    const slots = projections ? this.slots.filter((slot) => projections.includes(slot.name)) : this.slots;
    if (!this.running || this.stopping) {
      return Promise.reject(new ProjectionsStoppedError('the projection runner is not running'));
    }
    const verdict = this.verdict(position, slots);
    if (verdict === 'passed') return Promise.resolve();
    if (verdict !== 'waiting') return Promise.reject(verdict);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        slots,
        resolve,
        reject,
        timer: setTimeout(() => {
          const behind = slots
            .filter((slot) => !this.hasPassed(slot, position))
            .map((slot) => ({ name: slot.name, checkpoint: slot.live?.checkpoint ?? 0 }));
          this.settle(waiter, new ProjectionWaitTimeoutError(position, timeoutMs, behind));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Builds the projection afresh into new tables by replaying the log from the start, while readers keep reading
   * the current ones (still kept up to date), then swaps readers over in one transaction and drops the old tables.
   * Resolves once swapped. Also the way back from a failure once the handler is fixed.
   */
  async rebuild(name: string): Promise<void> {
    const slot = this.slot(name);
    if (!this.running || this.stopping) throw new ProjectionsStoppedError('start the runner before asking for a rebuild');
    const done = new Promise<void>((resolve, reject) => slot.rebuildWaiters.push({ resolve, reject }));
    if (!slot.build && !slot.buildStarting) void this.startBuild(slot);
    return done;
  }

  // ---- start-up -------------------------------------------------------------------------------------------------

  private async load(): Promise<void> {
    const head = await this.events.headPosition();
    await this.readModels.transaction(async (tx) => {
      for (const slot of this.slots) {
        slot.live = undefined;
        slot.mode = 'none';
        slot.build = undefined;
        slot.buildFailed = false;
        slot.lastError = undefined;
        // Swapped out before a crash could drop them.
        await dropRetired(tx, slot.name);
      }
      const rows = await readGenerations(tx);
      for (const slot of this.slots) {
        const { version } = slot.layout.projection;
        for (const row of rows.filter((r) => r.projection === slot.name)) {
          const generation: Generation = {
            number: row.generation,
            version: row.version,
            tables: generationTables(slot.layout, tx.dialect, row.generation),
            checkpoint: row.position,
            // A live generation got its indexes before it was swapped in; a build may not have them yet.
            indexed: row.role === 'live',
          };
          // Ahead of the log means the event store was replaced under these read models: rebuild from the new one.
          const current = row.version === version && row.position <= head;
          if (row.role === 'live') {
            slot.live = generation;
            slot.mode = current ? 'shared' : 'frozen';
          } else if (row.role === 'building' && current && !slot.build) {
            slot.build = generation;
          } else {
            await dropGeneration(tx, slot.name, row.generation, row.tables);
          }
        }
        if (slot.mode !== 'shared' && !slot.build) {
          const { generation, tables } = await createGeneration(tx, slot.layout);
          slot.build = { number: generation, version, tables, checkpoint: 0, indexed: false };
        }
      }
    });
    const shared = this.slots.filter((slot) => slot.mode === 'shared');
    this.position = shared.length > 0 ? Math.max(...shared.map((slot) => slot.live?.checkpoint ?? 0)) : head;
    for (const slot of shared) if ((slot.live?.checkpoint ?? 0) < this.position) slot.mode = 'lagging';
    this.headAtSync = head;
    this.knownHead = Math.max(head, this.position);
    this.sharedCaughtUp = this.position >= head;
  }

  private async startBuild(slot: Slot): Promise<void> {
    slot.buildStarting = true;
    try {
      const { generation, tables } = await this.readModels.transaction(async (tx) => {
        // A build that failed earlier is replaced, not resumed: whoever asks for a rebuild wants a fresh one.
        for (const row of await readGenerations(tx)) {
          if (row.projection === slot.name && row.role === 'building') {
            await dropGeneration(tx, slot.name, row.generation, row.tables);
          }
        }
        return createGeneration(tx, slot.layout);
      });
      slot.build = { number: generation, version: slot.layout.projection.version, tables, checkpoint: 0, indexed: false };
      slot.buildFailed = false;
      this.catchUpTogether([{ slot, generation: slot.build, purpose: 'build' }]);
    } catch (error) {
      this.settleRebuild(slot, error instanceof Error ? error : new Error(describe(error)));
    } finally {
      slot.buildStarting = false;
    }
  }

  // ---- the shared loop -------------------------------------------------------------------------------------------

  private async runShared(): Promise<void> {
    let delay = this.retryDelayMs;
    while (!this.stopping) {
      let pump: EventPump | undefined;
      try {
        pump = new EventPump(this.events, this.position, this.batchSize * 2);
        this.pump = pump;
        for (;;) {
          const batch = await pump.take(this.batchSize);
          if (this.stopping) return;
          if (batch === undefined) throw new Error('the event subscription ended');
          await this.lock.run(() => this.applyShared(batch));
          delay = this.retryDelayMs;
          if (pump.drained && this.position >= this.headAtSync) this.sharedCaughtUp = true;
          // A backlog: is it one to catch up on in bulk? (The pump is reopened from the new position.)
          if (!pump.drained && (await this.lock.run(() => this.leaveBehind()))) break;
        }
      } catch (error) {
        if (this.stopping) return;
        for (const slot of this.slots) {
          if (slot.mode === 'shared' && slot.live) this.storageFailure(slot, slot.live, 'live', error);
        }
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
        if (!this.stopping) await this.lock.run(() => this.resync()).catch(() => undefined);
      } finally {
        this.pump = undefined;
        await pump?.close().catch(() => undefined);
      }
    }
  }

  private async applyShared(batch: readonly LogEvent[]): Promise<void> {
    const last = lastPosition(batch, this.position);
    const parts: Part[] = [];
    for (const slot of this.slots) {
      if (slot.mode === 'shared' && slot.live) parts.push({ slot, generation: slot.live, purpose: 'live' });
    }
    const failures = parts.length > 0 ? await this.applyBatch(parts, batch, last, { catchingUp: false }) : new Map<Part, Outcome>();
    this.position = last;
    this.knownHead = Math.max(this.knownHead, last);
    this.settleBatch(parts, failures, last);
    this.notify();
  }

  /**
   * When the log is `bulkCatchUpLag` or more events ahead of the shared loop: its projections leave it to catch up
   * together in large batches (as a build does) and join it again at its position, and the loop moves straight to the
   * head, so it does not read the backlog a second time. Answers whether it did.
   */
  private async leaveBehind(): Promise<boolean> {
    const shared = this.slots.filter((slot) => slot.mode === 'shared' && slot.live);
    if (shared.length === 0 || this.stopping) return false;
    const head = await this.events.headPosition();
    this.knownHead = Math.max(this.knownHead, head);
    if (head - this.position < this.bulkCatchUpLag) return false;
    const behind: Part[] = [];
    for (const slot of shared) {
      slot.mode = 'lagging';
      behind.push({ slot, generation: slot.live as Generation, purpose: 'live' });
    }
    // The loop itself is at the head now: the projections say "catching up" until they join it.
    this.position = head;
    this.sharedCaughtUp = true;
    this.catchUpTogether(behind);
    this.notify();
    return true;
  }

  /** After a storage failure: take the checkpoints as stored (another runner may have moved them) and carry on. */
  private async resync(): Promise<void> {
    const rows = await readGenerations(this.readModels);
    for (const slot of this.slots) {
      const generation = slot.live;
      if (slot.mode !== 'shared' || !generation) continue;
      const row = rows.find((r) => r.projection === slot.name && r.generation === generation.number);
      if (row && row.position > generation.checkpoint) generation.checkpoint = row.position;
    }
    const shared = this.slots.filter((slot) => slot.mode === 'shared' && slot.live);
    this.position = Math.max(this.position, ...shared.map((slot) => slot.live?.checkpoint ?? 0));
    const lagging: Part[] = [];
    for (const slot of shared) {
      if (slot.live && slot.live.checkpoint < this.position) {
        slot.mode = 'lagging';
        lagging.push({ slot, generation: slot.live, purpose: 'live' });
      }
    }
    this.catchUpTogether(lagging);
    this.sharedCaughtUp = false;
    this.notify();
  }

  // ---- catching up alone, and joining -----------------------------------------------------------------------------

  private owns({ slot, generation, purpose }: Part): boolean {
    return purpose === 'build' ? slot.build === generation : slot.live === generation && slot.mode === 'lagging';
  }

  /**
   * Starts catching up. Generations at the same checkpoint (say every projection of a fresh read-model store) form
   * one cohort: one read of the log and one transaction per batch for all of them, as in the shared loop.
   */
  private catchUpTogether(parts: readonly Part[]): void {
    const cohorts = new Map<number, Part[]>();
    for (const part of parts) {
      const cohort = cohorts.get(part.generation.checkpoint);
      if (cohort) cohort.push(part);
      else cohorts.set(part.generation.checkpoint, [part]);
    }
    for (const cohort of cohorts.values()) this.track(this.catchUp(cohort));
  }

  private async catchUp(cohort: readonly Part[]): Promise<void> {
    let delay = this.retryDelayMs;
    let parts = cohort;
    const log = new CatchUpReader(this.events);
    const pipeline: Pipeline = { inFlight: undefined, indexing: [] };
    try {
      while (!this.stopping) {
        parts = parts.filter((part) => this.owns(part));
        if (parts.length === 0) return;
        try {
          parts = await this.catchUpStep(parts, log, pipeline);
          delay = this.retryDelayMs;
        } catch (error) {
          // Nothing left committing, and reading starts afresh from wherever the next attempt starts.
          await this.settleStaged(pipeline);
          await log.reset();
          if (this.stopping) return;
          for (const part of parts) if (this.owns(part)) this.storageFailure(part.slot, part.generation, part.purpose, error);
          await this.sleep(delay);
          delay = Math.min(delay * 2, this.maxRetryDelayMs);
        }
      }
    } finally {
      // Stopping waits for the batch being written.
      await this.settleStaged(pipeline);
      await log.reset();
    }
  }

  /** One batch read straight from the log for the cohort, or its hand-over. Answers the parts still catching up. */
  private async catchUpStep(parts: readonly Part[], log: CatchUpReader, pipeline: Pipeline): Promise<readonly Part[]> {
    const target = this.position;
    const checkpoints = parts.map((part) => nextAfter(part, pipeline));
    if (Math.min(...checkpoints) > target) {
      // Resumed ahead of the shared loop (it restarted further back): let it come level.
      await this.settleOrThrow(pipeline);
      await this.positionReaches(Math.min(...checkpoints));
      return parts;
    }
    const behind = parts.filter((part) => nextAfter(part, pipeline) < target);
    if (behind.length > 0 && behind.length === parts.length && this.canBuildByStream(behind, pipeline)) {
      const streams = readStreamsAhead(this.events, target, STREAM_READ_CHUNK);
      if (streams) {
        await this.buildByStream(behind, target, streams, pipeline);
        return parts.filter((part) => this.owns(part));
      }
    }
    if (behind.length > 0) {
      const applied = this.canStage(behind) ? await this.stageCohort(behind, target, log, pipeline) : await this.applyCohort(behind, target, log);
      if (applied === undefined || applied === 'full') {
        // Readers of the same file get a turn between batches.
        await yieldToEventLoop();
        return parts.filter((part) => this.owns(part));
      }
    }
    // Caught up as far as the shared loop: what was staged is committed before indexes and the hand-over.
    await this.settleOrThrow(pipeline);
    for (const { generation, built } of pipeline.indexing.splice(0)) {
      // Not built (the store failed): they are built below, in a transaction of their own.
      if (await built) generation.indexed = true;
    }
    const waiting: Part[] = [];
    for (const part of parts) {
      if (!this.owns(part)) continue;
      const { layout } = part.slot;
      if (!part.generation.indexed && layout.indexes.length > 0) {
        // Built: now its indexes, before the lock, so the shared loop does not wait for them.
        await this.readModels.transaction((tx) => createIndexes(tx, layout, part.generation.tables), { bulk: true });
      }
      part.generation.indexed = true;
      if ((await this.lock.run(() => this.join(part))) === 'not_yet') waiting.push(part);
    }
    return waiting;
  }

  /**
   * Under the lock, so the shared loop stands still: applies what is left up to its position and hands the
   * generation over in the same transaction as the last of those events (for a rebuild, that is the swap).
   */
  private async join(part: Part): Promise<'not_yet' | 'done' | 'joined' | 'swapped'> {
    const { slot, generation, purpose } = part;
    if (this.stopping || !this.owns(part)) return 'done';
    if (generation.checkpoint > this.position) return 'not_yet';
    const target = this.position;
    for (;;) {
      const read =
        generation.checkpoint < target
          ? await this.events.readAll({ after: generation.checkpoint, maxCount: this.rebuildBatchSize })
          : [];
      const due = upTo(read, target);
      const complete = read.length < this.rebuildBatchSize || due.length < read.length || lastPosition(due, 0) === target;
      if (!complete) {
        if (!(await this.applyAlone(part, due, lastPosition(due, target)))) return 'done';
        continue;
      }
      const handOver = purpose === 'build' ? (tx: ReadModelTx) => swapIn(tx, slot.layout, generation.number, generation.tables) : undefined;
      if (!(await this.applyAlone(part, due, target, handOver))) return 'done';
      slot.mode = 'shared';
      if (purpose === 'live') {
        this.notify();
        return 'joined';
      }
      slot.live = generation;
      slot.build = undefined;
      slot.buildFailed = false;
      slot.lastError = undefined;
      // Still under the lock, so whoever sees the new generation live also finds the old one gone.
      await this.retireOld(slot);
      // Right here, not after the lock is released: a rebuild asked for from now on is a new one.
      this.settleRebuild(slot, undefined);
      this.notify();
      return 'swapped';
    }
  }

  /** Drops the swapped-out generation's tables. Readers already resolve to the new ones. */
  private async retireOld(slot: Slot): Promise<void> {
    try {
      await this.readModels.transaction((tx) => dropRetired(tx, slot.name));
    } catch (error) {
      // Harmless: the rows are marked retired, and the next start drops them.
      if (slot.live) this.storageFailure(slot, slot.live, 'build', error);
    }
  }

  // ---- applying events -----------------------------------------------------------------------------------------

  /**
   * Applies `events` to every part in one transaction, each inside a savepoint of its own, then lets each write what
   * it kept for the batch (`flush`) and moves its checkpoint to `to`, in the same savepoint and transaction. A part
   * whose handler throws leaves none of this batch's changes behind and the others are unaffected. `then` adds to
   * the transaction (a swap); `catchingUp` says the batch is one of a run read straight from the log. Answers the
   * parts that failed; throws when the transaction itself failed, after telling every part to forget the batch.
   */
  private async applyBatch(
    parts: readonly Part[],
    events: readonly LogEvent[],
    to: number,
    { catchingUp, then }: { readonly catchingUp: boolean; readonly then?: (tx: ReadModelTx) => Promise<void> },
  ): Promise<Map<Part, Outcome>> {
    let failures = new Map<Part, Outcome>();
    let written: Array<{ readonly part: Part; readonly own: ReadModelTx }> = [];
    // Catching up commits large batches one after another: the store may treat them as such.
    const options = { bulk: catchingUp };
    try {
      await this.readModels.transaction(async (tx) => {
        failures = new Map();
        written = [];
        for (const part of parts) {
          const own = tx.withTables(part.generation.tables);
          written.push({ part, own });
          const outcome = await this.applyEvents(tx, own, part, events);
          if (outcome) failures.set(part, outcome);
          else await advanceCheckpoint(tx, part.slot.name, part.generation.number, part.generation.checkpoint, to);
        }
        if (then && failures.size === 0) await then(tx);
      }, options);
    } catch (error) {
      for (const { part, own } of written) if (!failures.has(part)) part.slot.layout.projection.discard?.(own);
      throw error;
    }
    return failures;
  }

  /**
   * One catch-up batch for a cohort (`fillCohortBatch`), in one transaction. No savepoints (they nest, and the parts
   * take turns chunk by chunk): a part that throws rolls the whole transaction back and stops, with its checkpoint
   * where it was (as a savepoint would leave it), and the others apply the same batch again on the next step. Answers
   * whether the batch was full (`BatchFill`), undefined when a part failed.
   */
  private async applyCohort(parts: readonly Part[], target: number, log: CatchUpReader): Promise<BatchFill | undefined> {
    const batch = newCohortBatch(parts, undefined, () => this.rebuildBatchSize);
    try {
      await this.readModels.transaction((tx) => this.fillCohortBatch(tx, batch, parts, target, log), { bulk: true });
    } catch (error) {
      return this.dropBatch(batch, log, error, true);
    }
    const advanced = batch.owns.filter((entry) => entry.first !== undefined).map((entry) => entry.part);
    this.settleBatch(advanced, new Map(), batch.to);
    if (advanced.some((part) => part.purpose === 'live')) this.notify();
    return fillOf(batch);
  }

  /**
   * Stages one catch-up batch for a cohort whose projections allow it (`stagedWrites`): applied here as
   * `applyCohort` applies it, then handed to the store, which commits it on another thread while this loop goes on
   * to the next batch. Each batch starts where the one staged before it ended; the one before is settled once this
   * one is handed over. If that one failed, this one (built on it) is forgotten too, and the error goes to the loop,
   * which retries from the last commit. Answers as `applyCohort` does.
   */
  private async stageCohort(parts: readonly Part[], target: number, log: CatchUpReader, pipeline: Pipeline): Promise<BatchFill | undefined> {
    const stage = this.readModels.stage?.bind(this.readModels);
    if (!stage) throw new Error('the read-model store cannot stage batches');
    const batch = newCohortBatch(parts, pipeline, (after) => stagedBatchLimit(this.rebuildBatchSize, after, target));
    let staged: StagedBatch;
    try {
      staged = await stage((tx) => this.fillCohortBatch(tx, batch, parts, target, log));
    } catch (error) {
      // Nothing of this batch was handed over. The one before it may still be committing: settle it first (if it
      // failed, that is the error to retry on, whatever this batch's handlers did).
      const earlier = await this.settleStaged(pipeline);
      return this.dropBatch(batch, log, earlier ?? error, earlier === undefined);
    }
    const advanced = batch.owns.filter((entry) => entry.first !== undefined);
    await this.handOver(pipeline, { batch: staged, owns: advanced, to: batch.to });
    if (batch.count === this.rebuildBatchSize && target - batch.to <= this.rebuildBatchSize) await this.stageIndexes(advanced, pipeline, stage);
    return fillOf(batch);
  }

  /**
   * The next batch is the last one up to the shared loop's position: the store's writer builds the generations'
   * indexes behind this batch, while that one is applied, rather than after it, while nothing else is done.
   */
  private async stageIndexes(entries: ReadonlyArray<{ readonly part: Part }>, pipeline: Pipeline, stage: Required<ReadModelStore>['stage']): Promise<void> {
    for (const { part } of entries) {
      const { generation } = part;
      const { layout } = part.slot;
      if (generation.indexed || layout.indexes.length === 0 || pipeline.indexing.some((entry) => entry.generation === generation)) continue;
      const staged = await stage((tx) => createIndexes(tx, layout, generation.tables));
      pipeline.indexing.push({ generation, built: staged.committed.then(() => true, () => false) });
    }
  }

  /**
   * The body of a catch-up batch, in `tx`: up to `rebuildBatchSize` events after the cohort's position (and up to
   * `target`), read in chunks of READ_CHUNK and applied to every part chunk by chunk, so that however large the batch,
   * only a chunk of events is held at a time; then each part writes what it kept (`flush`) and moves its checkpoint.
   * Records in `batch` how far it got, and which part failed, if one did (then it throws).
   */
  private async fillCohortBatch(tx: ReadModelTx, batch: CohortBatch, parts: readonly Part[], target: number, log: CatchUpReader): Promise<void> {
    batch.owns = parts.map((part) => ({ part, own: tx.withTables(part.generation.tables), first: undefined }));
    batch.count = 0;
    batch.to = batch.after;
    while (batch.count < batch.limit) {
      const wanted = Math.min(READ_CHUNK, batch.limit - batch.count);
      const due = await log.read(batch.to, wanted, target);
      for (const entry of batch.owns) {
        const { projection } = entry.part.slot.layout;
        const from = batch.from(entry.part);
        for (const event of due) {
          // Never twice: whatever the log hands over, the checkpoint decides.
          if (event.metadata.position <= from) continue;
          entry.first ??= event;
          try {
            const applying = projection.apply(event, entry.own);
            if (applying) await applying;
          } catch (error) {
            batch.failed = { part: entry.part, outcome: this.outcomeOf(entry.part, event, error, false) };
            throw error;
          }
        }
      }
      batch.count += due.length;
      batch.to = lastPosition(due, batch.to);
      if (due.length < wanted) break;
      // A batch is a second or two of work: requests to the same process (queries read through their own
      // connection) are answered between its chunks, not after it.
      await yieldToEventLoop();
    }
    for (const entry of batch.owns) {
      const { part, own, first } = entry;
      if (first === undefined) continue;
      try {
        await part.slot.layout.projection.flush?.(own);
      } catch (error) {
        batch.failed = { part, outcome: this.flushOutcome(part, first, error) };
        throw error;
      }
      await advanceCheckpoint(tx, part.slot.name, part.generation.number, batch.from(part), batch.to);
    }
  }

  /**
   * A batch that will not commit: every part forgets it, and the log is read again from its start. A part whose
   * handler threw (`handlerMayStop`) stops; otherwise `error` goes to the loop, which retries.
   */
  private async dropBatch(batch: CohortBatch, log: CatchUpReader, error: unknown, handlerMayStop: boolean): Promise<undefined> {
    for (const { part, own } of batch.owns) part.slot.layout.projection.discard?.(own);
    await log.reset();
    const { failed } = batch;
    if (failed === undefined || !handlerMayStop) throw error;
    this.fail(failed.part.slot, failed.part.generation, failed.part.purpose, failed.outcome.failure, failed.outcome.error);
    return undefined;
  }

  /**
   * Whether a cohort can be built stream by stream: new generations with nothing committed (their first batch not
   * even staged), all of whose projections build a stream whole (`buildStream`).
   */
  private canBuildByStream(parts: readonly Part[], pipeline: Pipeline): boolean {
    return (
      this.buildByStreams &&
      pipeline.inFlight === undefined &&
      parts.every((part) => part.purpose === 'build' && part.generation.checkpoint === 0 && part.slot.layout.projection.buildStream !== undefined)
    );
  }

  /**
   * Builds new generations from zero up to `target` stream by stream: batches of whole streams (at least
   * `rebuildBatchSize` events each), each projection building every stream of the batch whole (`buildStream`), then
   * writing what it kept (`flush`); staged where the store and the projections allow it (one batch commits while the
   * next is built), else one transaction per batch. The checkpoints stay at 0
   * until the last batch, which moves them to `target` with its rows: a build stopped part way (or killed) has its
   * tables emptied and starts again, and nothing reads them meanwhile. Each batch checks that the checkpoint is still
   * 0, so a second runner on the same read models makes it roll back. From `target` on, the generations catch up in
   * position order as any build does.
   */
  private async buildByStream(parts: readonly Part[], target: number, streams: WholeStreams, pipeline: Pipeline): Promise<void> {
    const stage = this.canStage(parts) ? this.readModels.stage?.bind(this.readModels) : undefined;
    const commit = async (work: (tx: ReadModelTx) => Promise<void>): Promise<StagedBatch> => {
      if (stage) return stage(work);
      await this.readModels.transaction(work, { bulk: true });
      return { committed: Promise.resolve() };
    };
    let first = true;
    try {
      for (;;) {
        if (this.stopping || !parts.every((part) => this.owns(part))) return;
        const batch = await streams.next(this.rebuildBatchSize);
        const last = batch.reduce((sum, stream) => sum + stream.length, 0) < this.rebuildBatchSize;
        if (last && stage) await this.stageIndexes(parts.map((part) => ({ part })), pipeline, stage);
        const owns: Array<{ readonly part: Part; readonly own: ReadModelTx }> = [];
        let failed: { readonly part: Part; readonly outcome: Outcome } | undefined;
        let staged: StagedBatch;
        try {
          staged = await commit(async (tx) => {
            // Afresh, should the store run the transaction again.
            owns.length = 0;
            failed = undefined;
            for (const part of parts) owns.push({ part, own: tx.withTables(part.generation.tables) });
            for (const { part, own } of owns) {
              const { projection, logicalTables } = part.slot.layout;
              // Rows of a build that stopped part way, if any: they are built again.
              if (first) for (const table of logicalTables) await own.run(`DELETE FROM {{t:${table}}}`);
              let current: LogEvent | undefined;
              try {
                for (const stream of batch) {
                  current = stream[0];
                  const building = projection.buildStream?.(stream, own);
                  if (building) await building;
                }
                current = undefined;
                await projection.flush?.(own);
              } catch (error) {
                const blamed = current ?? batch[0]?.[0];
                if (blamed) failed = { part, outcome: current ? this.outcomeOf(part, blamed, error, false) : this.flushOutcome(part, blamed, error) };
                throw error;
              }
              await advanceCheckpoint(tx, part.slot.name, part.generation.number, 0, last ? target : 0);
            }
          });
        } catch (error) {
          for (const { part, own } of owns) part.slot.layout.projection.discard?.(own);
          const earlier = await this.settleStaged(pipeline);
          if (earlier !== undefined || failed === undefined) throw earlier ?? error;
          this.fail(failed.part.slot, failed.part.generation, failed.part.purpose, failed.outcome.failure, failed.outcome.error);
          return;
        }
        first = false;
        await this.handOver(pipeline, { batch: staged, owns, to: last ? target : 0 });
        if (last) return;
        // Readers of the same file get a turn between batches.
        await yieldToEventLoop();
      }
    } finally {
      await streams.close();
    }
  }

  /** Whether the cohort's batches may be staged: the store can, and every projection allows it. */
  private canStage(parts: readonly Part[]): boolean {
    return this.readModels.stage !== undefined && parts.every((part) => part.slot.layout.projection.stagedWrites === true);
  }

  /**
   * Puts a batch just staged in flight and settles the one staged before it. If that one failed, this one (applied on
   * top of it) cannot hold either (its checkpoint check fails): it is forgotten too, and the error goes to the
   * catch-up loop, which reads the log again from the last commit.
   */
  private async handOver(pipeline: Pipeline, flight: InFlight): Promise<void> {
    const previous = pipeline.inFlight;
    pipeline.inFlight = flight;
    if (!previous) return;
    const error = await this.settleFlight(previous);
    if (error === undefined) return;
    await this.settleStaged(pipeline);
    throw error;
  }

  /** Waits for the staged batch, if any: moves its parts on, or has them forget it. Answers its error, if any. */
  private async settleStaged(pipeline: Pipeline): Promise<Error | undefined> {
    const flight = pipeline.inFlight;
    pipeline.inFlight = undefined;
    return flight ? this.settleFlight(flight) : undefined;
  }

  /** `settleStaged`, throwing the batch's error. */
  private async settleOrThrow(pipeline: Pipeline): Promise<void> {
    const error = await this.settleStaged(pipeline);
    if (error !== undefined) throw error;
  }

  private async settleFlight(flight: InFlight): Promise<Error | undefined> {
    try {
      await flight.batch.committed;
    } catch (error) {
      for (const { part, own } of flight.owns) part.slot.layout.projection.discard?.(own);
      return error instanceof Error ? error : new Error(describe(error));
    }
    const parts = flight.owns.map((entry) => entry.part);
    this.settleBatch(parts, new Map(), flight.to);
    if (parts.some((part) => part.purpose === 'live')) this.notify();
    return undefined;
  }

  /** Why a batch's `flush` threw: one of its events (`BatchEventError`), or the writing itself. */
  private flushOutcome(part: Part, first: LogEvent, error: unknown): Outcome {
    if (error instanceof BatchEventError) return this.outcomeOf(part, error.event, error.cause, false);
    return this.outcomeOf(part, first, error, true);
  }

  private outcomeOf(part: Part, event: LogEvent, error: unknown, writing: boolean): Outcome {
    return { failure: this.handlerFailure(part.slot, part.generation, part.purpose, event, error, writing), error };
  }

  /** Applies events to one generation inside a savepoint; undefined when it went well. */
  private async applyEvents(tx: ReadModelTx, own: ReadModelTx, part: Part, events: readonly LogEvent[]): Promise<Outcome | undefined> {
    const { slot, generation } = part;
    const { projection } = slot.layout;
    await tx.run(`SAVEPOINT ${SAVEPOINT}`);
    let first: LogEvent | undefined;
    let current: LogEvent | undefined;
    try {
      for (const event of events) {
        // Never twice: whatever the caller handed over, the checkpoint decides.
        if (event.metadata.position <= generation.checkpoint) continue;
        current = event;
        first ??= event;
        const applying = projection.apply(event, own);
        if (applying) await applying;
      }
      current = undefined;
      if (first && projection.flush) await projection.flush(own);
    } catch (error) {
      await tx.run(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await tx.run(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      projection.discard?.(own);
      // Nothing was applied or written, so nothing of the projection's threw: the store itself failed.
      if (first === undefined) throw error;
      return current === undefined ? this.flushOutcome(part, first, error) : this.outcomeOf(part, current, error, false);
    }
    await tx.run(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return undefined;
  }

  /** One generation alone in a transaction, up to `to`, plus whatever `then` adds. False when the handler failed. */
  private async applyAlone(part: Part, events: readonly LogEvent[], to: number, then?: (tx: ReadModelTx) => Promise<void>): Promise<boolean> {
    const failures = await this.applyBatch([part], events, to, { catchingUp: true, ...(then ? { then } : {}) });
    this.settleBatch([part], failures, to);
    if (part.purpose === 'live') this.notify();
    return failures.size === 0;
  }

  /** After a batch committed: failed parts stop, the others are at `to`. The caller tells waiters. */
  private settleBatch(parts: readonly Part[], failures: ReadonlyMap<Part, Outcome>, to: number): void {
    for (const part of parts) {
      const { slot, generation, purpose } = part;
      const outcome = failures.get(part);
      if (outcome) {
        this.fail(slot, generation, purpose, outcome.failure, outcome.error);
        continue;
      }
      generation.checkpoint = to;
      if (slot.lastError?.code === 'READ_MODEL_STORE_FAILED') slot.lastError = undefined;
    }
  }

  // ---- failures --------------------------------------------------------------------------------------------------

  /** `writing`: it threw while writing the batch that starts at `event` (its `flush`), not applying `event` itself. */
  private handlerFailure(slot: Slot, generation: Generation, purpose: Purpose, event: LogEvent, error: unknown, writing = false): ProjectionFailure {
    const { position } = event.metadata;
    const cause = describe(error);
    const where = writing ? 'writing the batch from there' : 'its handler';
    return {
      code: 'HANDLER_FAILED',
      message: `Projection ${slot.name} stopped at position ${position} (${event.type} event ${event.id}): ${where} threw ${cause}`,
      position,
      eventId: event.id,
      eventType: event.type,
      generation: generation.number,
      during: purpose === 'build' ? 'rebuild' : 'live',
      cause,
      at: this.clock().toISOString(),
    };
  }

  private fail(slot: Slot, generation: Generation, purpose: Purpose, failure: ProjectionFailure, error: unknown): void {
    slot.lastError = failure;
    this.onError?.({ ...failure, projection: slot.name }, error);
    if (purpose === 'live') {
      if (slot.live === generation) slot.mode = 'failed';
    } else if (slot.build === generation) {
      // Kept in the store: the next start resumes it from its checkpoint, which retries the failing event.
      slot.build = undefined;
      slot.buildFailed = true;
      this.settleRebuild(slot, new ProjectionFailedError(slot.name, failure.position, failure.message));
    }
    this.notify();
  }

  private storageFailure(slot: Slot, generation: Generation, purpose: Purpose, error: unknown): void {
    const cause = describe(error);
    const failure: ProjectionFailure = {
      code: 'READ_MODEL_STORE_FAILED',
      message: `Projection ${slot.name} could not commit to the read-model store (${cause}); retrying`,
      position: null,
      eventId: null,
      eventType: null,
      generation: generation.number,
      during: purpose === 'build' ? 'rebuild' : 'live',
      cause,
      at: this.clock().toISOString(),
    };
    if (slot.lastError?.code !== 'HANDLER_FAILED') slot.lastError = failure;
    this.onError?.({ ...failure, projection: slot.name }, error);
  }

  // ---- state, waiting --------------------------------------------------------------------------------------------

  private stateOf(slot: Slot): ProjectionState {
    if (this.isStuck(slot)) return 'failed';
    if (slot.build || slot.buildStarting) return slot.live ? 'rebuilding' : 'catching_up';
    if (slot.mode === 'shared') return this.sharedCaughtUp ? 'live' : 'catching_up';
    if (slot.mode === 'failed') return 'failed';
    return 'catching_up';
  }

  /** Nothing will bring this projection's readers forward until someone acts (fix and restart, or rebuild). */
  private isStuck(slot: Slot): boolean {
    if (slot.build || slot.buildStarting) return false;
    if (slot.mode === 'failed') return true;
    return slot.buildFailed && (slot.mode === 'none' || slot.mode === 'frozen');
  }

  private hasPassed(slot: Slot, position: number): boolean {
    const live = slot.live;
    return live !== undefined && live.version === slot.layout.projection.version && live.checkpoint >= position;
  }

  private verdict(position: number, slots: readonly Slot[]): 'passed' | 'waiting' | ProjectionError {
    let waiting = false;
    for (const slot of slots) {
      if (this.hasPassed(slot, position)) continue;
      if (this.isStuck(slot)) {
        return new ProjectionFailedError(
          slot.name,
          slot.lastError?.position ?? null,
          slot.lastError?.message ?? 'its last rebuild failed',
        );
      }
      waiting = true;
    }
    return waiting ? 'waiting' : 'passed';
  }

  private notify(): void {
    if (this.positionListeners.length > 0) {
      const reached = this.positionListeners.filter((l) => l.position <= this.position);
      this.positionListeners = this.positionListeners.filter((l) => l.position > this.position);
      for (const listener of reached) listener.resolve();
    }
    for (const waiter of [...this.waiters]) {
      const verdict = this.verdict(waiter.position, waiter.slots);
      if (verdict === 'passed') this.settle(waiter, undefined);
      else if (verdict !== 'waiting') this.settle(waiter, verdict);
    }
  }

  private settle(waiter: Waiter, error: Error | undefined): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  private settleRebuild(slot: Slot, error: Error | undefined): void {
    for (const waiter of slot.rebuildWaiters.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  private positionReaches(position: number): Promise<void> {
    if (this.position >= position || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.positionListeners.push({ position, resolve }));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeOnStop = this.wakeOnStop.filter((wake) => wake !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeOnStop.push(done);
    });
  }

  private track(loop: Promise<void>): void {
    const tracked = loop.catch((error: unknown) => {
      // Loops handle their own failures; reaching here is a bug, reported rather than left unhandled.
      this.onError?.(
        {
          code: 'READ_MODEL_STORE_FAILED',
          message: `A projection loop ended unexpectedly (${describe(error)})`,
          position: null,
          eventId: null,
          eventType: null,
          generation: 0,
          during: 'live',
          cause: describe(error),
          at: this.clock().toISOString(),
          projection: '',
        },
        error,
      );
    });
    this.loops.add(tracked);
    void tracked.finally(() => this.loops.delete(tracked));
  }

  private slot(name: string): Slot {
    const slot = this.slots.find((s) => s.name === name);
    if (!slot) throw new UnknownProjectionError(name);
    return slot;
  }
}
