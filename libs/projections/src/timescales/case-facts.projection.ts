import type { EventStore, LogEvent } from '@cje/event-store';
import { type TimescaleRuleSet, type WorkingDayCalendar, resolveRules, workingDayCalendar } from '@cje/timescales';
import { BatchEventError, type Projection, type ProjectionTx } from '../projection.js';
import type { SqlDialect } from '../read-model-store.js';
import {
  CASELOAD_TABLE,
  type CaseOwner,
  type CaseloadState,
  caseTypeOf,
  caseloadRow,
  newCaseloadState,
  stepCaseload,
} from '../caseloads/caseload-facts.js';
import { type ChildKey, type FactRow, type FactTable, sameRow } from '../indicators/fact-table.js';
import type { SqlValue } from '../read-model-store.js';
import { INDICATOR_TABLES, type IndicatorState, newIndicatorState, stepIndicators } from '../indicators/indicator-facts.js';
import {
  type ChildEvent,
  type RowSink,
  childIdOf,
  effectiveChildEvents,
  inEffectiveOrder,
  journeyEventOf,
  text,
  toChildEvent,
} from './child-event.js';
import {
  DEADLINE_TABLE,
  SELECT_OPEN_CLOCKS_SQL,
  clockKeyOf,
  closedClockRow,
  foldClockChanges,
  isOpenClockRow,
  openClockRow,
  withOwner,
} from './deadline-table.js';
import { type ClockChange, type DeadlineState, DeadlineTracker, newDeadlineState } from './deadline-tracker.js';

export const CASE_FACTS = 'case-facts';

/**
 * Events per transaction the API gives the runner for building and catching up (`rebuildBatchSize`), up from its
 * default of 1,000. Projections write each row once per batch, so the larger the batch the fewer the writes (a clock
 * opened and met within one batch is written once), the commits and the SQLite checkpoints; the runner reads the log
 * in chunks of 1,000 whatever the batch, so only a batch's changed rows are held in memory. 50,000 events take one
 * to two seconds to apply: live batches (small, so a command's effect shows at once) wait at most that long behind
 * one while a read model is being rebuilt.
 */
export const READ_MODEL_REBUILD_BATCH_SIZE = 50_000;
export const DEFAULT_CACHE_SIZE = 100_000;
/** Bump when the tables or the stepping change meaning; the rule set's fingerprint is added to it (see `version`). */
const CASE_FACTS_BASE_VERSION = 1;

export interface CaseFactsOptions {
  /** The log: a child's own stream is read back when its state is not in memory, or a replay is needed. */
  readonly events: EventStore;
  /** The authority's rules (local standards applied). Default: the national table with default local standards. */
  readonly rules?: TimescaleRuleSet;
  /** Default: England and Wales. */
  readonly calendar?: WorkingDayCalendar;
  /**
   * Children whose state is kept in memory between their events (least recently used go first; about 1.5 KB of heap
   * each). Default 100,000: a large county's children over ten years, so a rebuild seldom reads a child back.
   */
  readonly cacheSize?: number;
}

/** What the projection knows about one child between its events; rebuilt from the child's stream whenever missing. */
interface ChildModel {
  readonly childId: string;
  /** Team of whoever recorded the child's first event (stream order, as stored). */
  firstTeam: string | undefined;
  /** The current allocation of the open CIN episode, from the effective history in stream order. */
  allocation: CaseOwner | null;
  /** Who holds the child: the allocation's team and worker, else the first recorder's team and no worker. */
  owner: CaseOwner | undefined;
  deadlines: DeadlineState;
  /** Keys of the rows written for clocks that birthdays still to come would start. */
  tail: readonly string[];
  caseload: CaseloadState;
  caseloadRow: FactRow | undefined;
  indicators: IndicatorState;
  /**
   * The child's open clock rows (closed_on null) as they stand, stored or pending, by clock key: closing a clock or
   * moving the child to a new owner turns them into whole rows without reading them back.
   */
  openClocks: Map<string, FactRow>;
  /** Rows this batch has changed and not yet written (last write per row wins). */
  pending: PendingRows | undefined;
  /** Position of the child's latest event: the cache keeps the children used last. */
  used: number;
  /** What `tail` was worked out from; while these stand and no clock changes, it stays as it is. */
  tailFrom: TailInputs | undefined;
}

/**
 * What the clocks that birthdays still to come would start depend on (`pendingBirthdayClocks`), besides the open
 * clocks of the rules birthdays start.
 */
interface TailInputs {
  readonly dateOfBirth: string | undefined;
  readonly birthdaysDone: number;
  readonly lookedAfter: boolean;
  readonly placement: DeadlineState['placement'];
}

/**
 * One child's rows changed by the batch, by table and key: each is written once, when the batch ends. A flat list
 * searched from the end rather than maps: a child changes a handful of rows in a batch, and a batch touches tens of
 * thousands of children.
 */
class PendingRows implements RowSink {
  /** Per row: its table, `childKeyOf`, and the row to write whole, or the key values of the row to remove. */
  readonly entries: Array<{ readonly table: FactTable; readonly key: ChildKey; row: FactRow | null; removeKey: readonly SqlValue[] | undefined }> = [];

  put(table: FactTable, row: FactRow): void {
    const key = table.childKeyOf(row);
    const entry = this.find(table, key);
    if (entry) {
      entry.row = row;
      entry.removeKey = undefined;
    } else {
      this.entries.push({ table, key, row, removeKey: undefined });
    }
  }

  remove(table: FactTable, keyValues: readonly SqlValue[]): void {
    const key = table.childKeyOfValues(keyValues);
    const entry = this.find(table, key);
    if (entry) {
      entry.row = null;
      entry.removeKey = keyValues;
    } else {
      this.entries.push({ table, key, row: null, removeKey: keyValues });
    }
  }

  /** The row as this batch leaves it: a row, `null` when removed, undefined when the batch has not touched it. */
  get(table: FactTable, key: ChildKey): FactRow | null | undefined {
    return this.find(table, key)?.row;
  }

  private find(table: FactTable, key: ChildKey): PendingRows['entries'][number] | undefined {
    const entries = this.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i] as PendingRows['entries'][number];
      if (entry.key === key && entry.table === table) return entry;
    }
    return undefined;
  }
}

/** Where an event stands: in the log, and in its stream. */
interface EventPlace {
  readonly position: number;
  readonly revision: number;
}

interface GenerationCache {
  readonly children: Map<string, ChildModel>;
  lastPosition: number;
  /** Children with pending rows, written by `flush`. Never evicted before then: their rows are not stored yet. */
  readonly dirty: Map<string, ChildModel>;
  /** The batch (transaction) the pending rows belong to. */
  batch: ProjectionTx | undefined;
  /**
   * Children whose events wait for the end of the batch, because applying them needs a read (the child's stream and
   * stored rows): a restore or a replay. Their events (those that follow too) are applied in `flush`, in order,
   * before the batch is written. A staged batch's reads wait for the batch before it to commit; put off to the end,
   * they find it committed, and the rest of the batch goes on meanwhile.
   */
  readonly waiting: Set<string>;
  readonly queue: LogEvent[];
}

/** Rows put while replaying a child, kept (last one per key wins) to be compared with what is stored. */
class FoldSink implements RowSink {
  readonly tables = new Map<FactTable, Map<ChildKey, FactRow>>();
  put(table: FactTable, row: FactRow): void {
    this.rows(table).set(table.childKeyOf(row), row);
  }
  rows(table: FactTable): Map<ChildKey, FactRow> {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = new Map();
      this.tables.set(table, rows);
    }
    return rows;
  }
}

const NO_ROWS: RowSink = { put: () => undefined };

/** Event types the caseload and indicator facts react to (the deadline tracker knows its own). */
const FACT_TYPES: ReadonlySet<string> = new Set([
  'ContactReceived', 'MashDecisionMade', 'DateOfBirthRecorded', 'ReferralOpened', 'ReferralClosedNoFurtherAction', 'AssessmentStarted',
  'CaseClosed', 'CaseAllocated', 'CaseDeallocated', 'StrategyDiscussionHeld', 'S47EnquiryStarted', 'S47EnquiryConcluded', 'IcpcHeld',
  'ChildProtectionPlanStarted', 'CategoryOfAbuseChanged', 'ChildProtectionPlanEnded', 'CinPlanStarted', 'CinPlanEnded',
  'BecameLookedAfter', 'PlacementChanged', 'CeasedLookedAfter', 'PathwayPlanRecorded', 'CareLeaverContactRecorded',
  'CareLeaverServicesEnded', 'AdoptionDecisionMade', 'PlacementOrderGranted', 'MatchedWithAdopters', 'PlacedForAdoption',
  'AdoptionOrderGranted', 'AdoptionDecisionReversed', 'CareProceedingsIssued', 'FinalOrderMade', 'CareProceedingsWithdrawn',
]);

export const CASE_FACTS_TABLES: readonly FactTable[] = [DEADLINE_TABLE, CASELOAD_TABLE, ...INDICATOR_TABLES];

/**
 * The read models managers query, built in one pass over the log: deadlines (timescales), caseloads and the dated
 * facts indicators are counted from. One projection rather than three: the three share the per-child state (owner,
 * date of birth, effective-date order), and working it out is most of the cost of a rebuild.
 *
 * How an event is applied:
 * - Owner (team, worker) follows the child index's rule, in stream order, so a list and a child's page agree on who
 *   may see a child.
 * - Everything else follows the child's effective history: corrections and voids applied, in effective-date order.
 *   An event dated on or after the child's latest is stepped on the state kept for the child (in memory only);
 *   a correction, a void, an event dated earlier (recorded late, after something later), or a date of birth that
 *   changes replays the child from its stream and keeps only the rows that differ.
 * - The rows a batch changes are kept with the child (the last write of a row wins) and written when the batch ends
 *   (`flush`), once each. A child's open clock rows are kept too, so that closing a clock or moving the child to a new
 *   owner rewrites them whole, without reading them back.
 * - A child's state is kept in memory between its events (bounded: trimmed to the children used last when a batch is
 *   written; rebuilt from its stream and its open clock rows when missing). The cache belongs to one generation of the
 *   tables and is dropped when a batch is discarded or positions go backwards (a batch rolled back and applied again),
 *   so it never runs ahead of what is committed.
 */
export class CaseFactsProjection implements Projection {
  readonly name = CASE_FACTS;
  readonly version: number;
  /** Reads only rows of earlier batches (restores and replays wait for the end of the batch), writes in `flush`. */
  readonly stagedWrites = true;
  readonly tracker: DeadlineTracker;
  private readonly events: EventStore;
  private readonly cacheSize: number;
  private readonly caches = new Map<string, GenerationCache>();
  private readonly generations = new WeakMap<object, string>();
  private readonly relevant: ReadonlySet<string>;
  /** Counters for benchmarks and health: how often the cheap path was not enough. */
  readonly stats = { stepped: 0, replays: 0, restores: 0, built: 0 };
  /** Rows of the children built whole in a batch (`buildStream`), per table, in the order built. */
  private readonly builtRows = new WeakMap<object, Map<FactTable, FactRow[]>>();

  constructor(options: CaseFactsOptions) {
    this.events = options.events;
    const rules = options.rules ?? resolveRules();
    const calendar = options.calendar ?? workingDayCalendar();
    this.tracker = new DeadlineTracker(rules, calendar);
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.version = CASE_FACTS_BASE_VERSION * 1_000_000 + (fingerprint(JSON.stringify([calendar.region, rules.editions])) % 1_000_000);
    this.relevant = new Set([...FACT_TYPES, ...this.trackerTypes()]);
  }

  tables(dialect: SqlDialect): readonly string[] {
    return CASE_FACTS_TABLES.flatMap((table) => table.ddl(dialect));
  }

  /** Synchronous unless it has to read (a child's stream, its stored rows): most events just step the state in memory. */
  apply(event: LogEvent, tx: ProjectionTx): Promise<void> | undefined {
    const { streamId, position } = event.metadata;
    const childId = childIdOf(streamId);
    if (childId === undefined) return undefined;
    const cache = this.cacheFor(this.generationOf(tx), position, tx);
    if (cache.waiting.size > 0 && cache.waiting.has(childId)) {
      cache.queue.push(event);
      return undefined;
    }
    return this.applyEvent(tx, childId, event, cache, false);
  }

  /**
   * A child built whole from its stream, as a replay builds it (`build`): the same state and rows stepping its events
   * one by one leaves (`case-facts.projection.int.spec.ts` compares the two over a synthetic authority). Its rows are
   * kept for `flush`; the state is not kept (a later event restores it from the stream and the rows, as after a
   * restart).
   */
  buildStream(events: readonly LogEvent[], tx: ProjectionTx): undefined {
    const first = events[0];
    const childId = first === undefined ? undefined : childIdOf(first.metadata.streamId);
    if (childId === undefined) return undefined;
    const fold = new FoldSink();
    this.build(childId, events, fold);
    this.stats.built += 1;
    let kept = this.builtRows.get(tx);
    if (!kept) {
      kept = new Map();
      this.builtRows.set(tx, kept);
    }
    for (const [table, rows] of fold.tables) {
      let list = kept.get(table);
      if (!list) {
        list = [];
        kept.set(table, list);
      }
      for (const row of rows.values()) list.push(row);
    }
    return undefined;
  }

  /** `reads`: the event may read now (else one that needs to waits for the end of the batch). */
  private applyEvent(tx: ProjectionTx, childId: string, event: LogEvent, cache: GenerationCache, reads: boolean): Promise<void> | undefined {
    let model = cache.children.get(childId);
    if (!model) {
      if (event.metadata.revision !== 0) return reads ? this.restoreAndApply(tx, childId, event, cache) : wait(cache, childId, event);
      model = newModel(childId);
      cache.children.set(childId, model);
    }
    // The cache is trimmed to the children used last when the batch is written.
    model.used = event.metadata.position;
    return this.applyTo(tx, model, event, cache, reads);
  }

  private async restoreAndApply(tx: ProjectionTx, childId: string, event: LogEvent, cache: GenerationCache): Promise<void> {
    const model = await this.restore(tx, childId, event.metadata);
    this.stats.restores += 1;
    cache.children.set(childId, model);
    model.used = event.metadata.position;
    await this.applyTo(tx, model, event, cache, true);
  }

  /** Applies the events put off to the end of the batch, in order; a failure names its event. */
  private async applyWaiting(tx: ProjectionTx, cache: GenerationCache): Promise<void> {
    const queue = cache.queue.splice(0);
    cache.waiting.clear();
    for (const event of queue) {
      try {
        const applying = this.applyEvent(tx, childIdOf(event.metadata.streamId) as string, event, cache, true);
        if (applying) await applying;
      } catch (error) {
        throw new BatchEventError(event, error);
      }
    }
  }

  /** Writes every row the batch changed, once each, several rows to a statement, in child order. */
  async flush(tx: ProjectionTx): Promise<void> {
    const built = this.builtRows.get(tx);
    if (built) {
      this.builtRows.delete(tx);
      // Streams come in the order of their ids, so these rows are in child order already.
      for (const [table, rows] of built) await table.upsertRows(tx, rows);
    }
    const generation = this.generations.get(tx);
    const cache = generation === undefined ? undefined : this.caches.get(generation);
    if (!cache) return;
    if (cache.queue.length > 0) await this.applyWaiting(tx, cache);
    const upserts = new Map<FactTable, FactRow[]>();
    const removals: Array<[FactTable, readonly SqlValue[]]> = [];
    // Child by child, so a batch's rows land together in each table's key index: fewer pages touched.
    for (const childId of [...cache.dirty.keys()].sort()) {
      const pending = (cache.dirty.get(childId) as ChildModel).pending;
      if (!pending) continue;
      for (const { table, row, removeKey } of pending.entries) {
        if (row === null) {
          removals.push([table, removeKey as readonly SqlValue[]]);
          continue;
        }
        let all = upserts.get(table);
        if (!all) {
          all = [];
          upserts.set(table, all);
        }
        all.push(row);
      }
      (cache.dirty.get(childId) as ChildModel).pending = undefined;
    }
    cache.dirty.clear();
    cache.batch = undefined;
    for (const [table, key] of removals) await tx.run(table.deleteRowSql, key);
    for (const [table, rows] of upserts) await table.upsertRows(tx, rows);
    this.trim(cache);
  }

  /**
   * Forgets children down to `cacheSize` (between batches: every row is written by then): those with nothing open
   * first (a contact that went no further, a closed case: they seldom have another event), each kind the ones used
   * longest ago first.
   */
  private trim(cache: GenerationCache): void {
    const excess = cache.children.size - this.cacheSize;
    if (excess <= 0) return;
    // One number per child orders them: nothing open before something open, then by last use (positions are
    // unique per event, so no two children share one). Sorting numbers, not objects through a comparator, keeps
    // this a few milliseconds at a county's size: it runs at the end of every batch once the cache is full.
    const models = [...cache.children.values()];
    const ranks = new Float64Array(models.length);
    for (let i = 0; i < models.length; i++) ranks[i] = evictionRank(models[i] as ChildModel);
    const threshold = ranks.slice().sort()[excess - 1] as number;
    for (let i = 0; i < models.length; i++) {
      if ((ranks[i] as number) <= threshold) cache.children.delete((models[i] as ChildModel).childId);
    }
  }

  /** The batch will not be committed: the children's state ran ahead of the tables, so all of it goes. */
  discard(tx: ProjectionTx): void {
    this.builtRows.delete(tx);
    const generation = this.generations.get(tx);
    if (generation !== undefined) this.caches.delete(generation);
  }

  /** `reads`: a replay may read now, else the child waits for the end of the batch (see `GenerationCache.waiting`). */
  private applyTo(tx: ProjectionTx, model: ChildModel, event: LogEvent, cache: GenerationCache, reads: boolean): Promise<void> | undefined {
    const { childId } = model;
    const journey = journeyEventOf(event);
    if (journey !== undefined && (journey.type === 'EventCorrected' || journey.type === 'EventVoided')) {
      return this.replayNowOrLater(tx, model, event, cache, reads);
    }
    const owner = updateOwner(model, event.metadata.actor.team, journey?.type, journey?.data);
    let factsChanged = owner !== 'same';
    const rows = pendingOf(model, cache);
    const changes: ClockChange[] = [];
    let clocksMoved = false;

    if (journey !== undefined) {
      const state = model.deadlines;
      const data = journey.data as unknown as Readonly<Record<string, unknown>>;
      const dateOfBirth = this.tracker.dateOfBirthIn(data, state.dateOfBirth);
      const child = this.relevant.has(journey.type) ? toChildEvent(journey) : undefined;
      const late = child !== undefined && state.lastOn !== undefined && child.on < state.lastOn;
      if (dateOfBirth !== state.dateOfBirth && !late) {
        // A date of birth counts for the whole history (ages, birthdays), as the evaluator reads it.
        if (state.order === 0) state.dateOfBirth = dateOfBirth;
        else if (dateOfBirth === undefined || !this.tracker.learnDateOfBirth(state, dateOfBirth, changes)) {
          // The owner update above is made again when the event is (it changes nothing the second time).
          return this.replayNowOrLater(tx, model, event, cache, reads);
        }
        factsChanged = true;
      }
      if (late) return this.replayNowOrLater(tx, model, event, cache, reads);
      if (child !== undefined) {
        if (this.step(childId, model, child, changes, rows)) factsChanged = true;
        this.stats.stepped += 1;
      }
      clocksMoved = changes.length > 0 || child !== undefined;
    }
    const missing = clocksMoved ? closedWithoutOpenRow(model, changes) : undefined;
    if (missing === undefined) {
      this.finish(model, event, owner, factsChanged, clocksMoved ? changes : undefined, rows, undefined);
      return undefined;
    }
    return this.storedClockRows(tx, model, missing, rows).then((stored) => {
      this.finish(model, event, owner, factsChanged, changes, rows, stored);
    });
  }

  /** Replays the child now when the event may read, else puts it off to the end of the batch with what follows. */
  private replayNowOrLater(tx: ProjectionTx, model: ChildModel, event: LogEvent, cache: GenerationCache, reads: boolean): Promise<void> | undefined {
    return reads ? this.replay(tx, model, event.metadata, cache) : wait(cache, model.childId, event);
  }

  /** After stepping: the clock rows, the owner of open clocks, the caseload row. */
  private finish(
    model: ChildModel,
    event: LogEvent,
    owner: 'created' | 'changed' | 'same',
    factsChanged: boolean,
    changes: readonly ClockChange[] | undefined,
    rows: PendingRows,
    stored: ReadonlyMap<string, FactRow> | undefined,
  ): void {
    const { childId } = model;
    if (changes !== undefined) this.writeClockChanges(model, changes, rows, stored);
    // Open clocks follow the child to its new owner (those opened just now were written with it): after the event's
    // own clock changes, so that clocks it closed are not moved first. A child's first event has no clocks to move.
    if (owner === 'changed' && (hasOpenClocks(model.deadlines) || model.tail.length > 0)) {
      for (const [key, row] of model.openClocks) {
        const moved = withOwner(row, model.owner);
        if (moved === row) continue;
        model.openClocks.set(key, moved);
        rows.put(DEADLINE_TABLE, moved);
      }
    }
    if (factsChanged || model.caseloadRow === undefined) {
      const row = caseloadRow(childId, model.owner ?? { team: event.metadata.actor.team, workerId: null }, model.caseload, model.deadlines.dateOfBirth);
      if (model.caseloadRow === undefined || !sameRow(model.caseloadRow, row)) {
        rows.put(CASELOAD_TABLE, row);
        model.caseloadRow = row;
      }
    }
  }

  /**
   * The rows of clocks to be closed that have no open row: whatever row there is under their key (one closed already,
   * as this batch leaves it or as stored), or none. Closing one rewrites its closing columns, as an UPDATE by key
   * would.
   */
  private async storedClockRows(tx: ProjectionTx, model: ChildModel, keys: readonly string[], rows: PendingRows): Promise<Map<string, FactRow>> {
    const found = new Map<string, FactRow>();
    for (const key of keys) {
      const pending = rows.get(DEADLINE_TABLE, key);
      const row = pending === undefined ? (await DEADLINE_TABLE.rowsWhere(tx, DEADLINE_TABLE.selectRowSql, [model.childId, key]))[0] : pending;
      if (row) found.set(key, row);
    }
    return found;
  }

  /** One effective event through the three read models; answers whether the caseload row may have changed. */
  private step(childId: string, model: ChildModel, event: ChildEvent, changes: ClockChange[], sink: RowSink): boolean {
    this.tracker.step(model.deadlines, event, changes);
    stepIndicators(model.indicators, childId, event, sink);
    return stepCaseload(model.caseload, event);
  }

  /** Records what happened to the child's clocks, then keeps the rows of birthday clocks ahead of their day in step. */
  private writeClockChanges(model: ChildModel, changes: readonly ClockChange[], rows: PendingRows, stored: ReadonlyMap<string, FactRow> | undefined): void {
    const { childId } = model;
    const owner = model.owner ?? { team: '', workerId: null };
    let tail = model.tail;
    for (const change of changes) {
      if (change.kind === 'opened') {
        // A birthday clock written ahead of its day is already stored exactly so.
        if (tail.includes(change.clock.key)) tail = tail.filter((key) => key !== change.clock.key);
        else openClock(model, openClockRow(childId, change.clock, owner), rows);
      } else {
        // A clock met or stopped: its row with the closing columns set and the owner columns cleared.
        const key = change.clock.key;
        const row = model.openClocks.get(key) ?? stored?.get(key);
        if (row === undefined) continue;
        model.openClocks.delete(key);
        rows.put(DEADLINE_TABLE, closedClockRow(change, row));
      }
    }
    const state = model.deadlines;
    const from = model.tailFrom;
    if (
      from !== undefined &&
      !changes.some((change) => this.tracker.isBirthdayRule(change.clock.rule.id)) &&
      from.dateOfBirth === state.dateOfBirth &&
      from.birthdaysDone === state.birthdaysDone &&
      from.lookedAfter === state.lookedAfter &&
      from.placement === state.placement
    ) {
      // Nothing the birthday clocks to come depend on has changed (their rules' open clocks included): they are the
      // ones already written.
      return;
    }
    model.tailFrom = { dateOfBirth: state.dateOfBirth, birthdaysDone: state.birthdaysDone, lookedAfter: state.lookedAfter, placement: state.placement };
    const pending = this.tracker.pendingBirthdayClocks(state);
    if (pending.length > 0 || tail.length > 0) {
      const keys = pending.map((clock) => clock.key);
      for (const key of tail) {
        if (keys.includes(key)) continue;
        rows.remove(DEADLINE_TABLE, [childId, key]);
        model.openClocks.delete(key);
      }
      for (const clock of pending) if (!tail.includes(clock.key)) openClock(model, openClockRow(childId, clock, owner), rows);
      tail = keys;
    }
    model.tail = tail;
  }

  /** The child's state after every event before `position`, rebuilt from its stream, with its open clocks as stored. */
  private async restore(tx: ProjectionTx, childId: string, before: EventPlace): Promise<ChildModel> {
    const recorded = await this.streamUpTo(childId, before, false);
    const model = this.build(childId, recorded, undefined);
    // A child out of the cache has nothing pending: its rows are all in the tables.
    for (const row of await DEADLINE_TABLE.rowsWhere(tx, SELECT_OPEN_CLOCKS_SQL, [childId])) model.openClocks.set(clockKeyOf(row), row);
    return model;
  }

  /**
   * Replays the child from its stream up to and including `position` and rewrites the rows that differ: after a
   * correction, a void, an event recorded out of effective-date order, or a new date of birth.
   */
  private async replay(tx: ProjectionTx, current: ChildModel, upTo: EventPlace, cache: GenerationCache): Promise<void> {
    this.stats.replays += 1;
    const { childId } = current;
    const recorded = await this.streamUpTo(childId, upTo, true);
    const fold = new FoldSink();
    const model = this.build(childId, recorded, fold);
    const rows = pendingOf(current, cache);
    model.pending = rows;
    model.used = current.used;
    cache.children.set(childId, model);
    cache.dirty.set(childId, model);
    for (const table of CASE_FACTS_TABLES) await replaceChildRows(tx, table, childId, fold.rows(table), rows);
    for (const row of fold.rows(DEADLINE_TABLE).values()) if (isOpenClockRow(row)) model.openClocks.set(clockKeyOf(row), row);
  }

  /**
   * The child's events before the event at `place` (and that event too when `including`): read no further, since
   * during a rebuild the stream goes on to the end of the log.
   */
  private async streamUpTo(childId: string, place: EventPlace, including: boolean): Promise<LogEvent[]> {
    const recorded = await this.events.readStream(`child-${childId}`, { maxCount: place.revision + (including ? 1 : 0) });
    // By position too: a stream is in position order as well as revision order.
    return recorded.filter((e) => (including ? e.metadata.position <= place.position : e.metadata.position < place.position));
  }

  /** The child's state after `recorded`; with `fold`, also every row that state stands for. */
  private build(childId: string, recorded: readonly LogEvent[], fold: FoldSink | undefined): ChildModel {
    const model = newModel(childId);
    const effective = effectiveChildEvents(recorded);
    const first = recorded[0];
    if (first !== undefined) updateOwner(model, first.metadata.actor.team, undefined, undefined);
    for (const event of effective) updateOwner(model, first?.metadata.actor.team ?? '', event.type, event.data);
    let dateOfBirth: string | undefined;
    for (const event of effective) dateOfBirth = this.tracker.dateOfBirthIn(event.data, dateOfBirth);
    model.deadlines = newDeadlineState(dateOfBirth);
    const changes: ClockChange[] = [];
    const sink = fold ?? NO_ROWS;
    for (const event of inEffectiveOrder(effective.filter((e) => this.relevant.has(e.type)))) this.step(childId, model, event, changes, sink);
    const pending = this.tracker.pendingBirthdayClocks(model.deadlines);
    model.tail = pending.map((clock) => clock.key);
    const owner = model.owner ?? { team: '', workerId: null };
    if (model.owner !== undefined) model.caseloadRow = caseloadRow(childId, owner, model.caseload, dateOfBirth);
    if (fold) {
      for (const clock of pending) changes.push({ kind: 'opened', clock });
      foldClockChanges(childId, changes, owner, fold.rows(DEADLINE_TABLE));
      if (model.caseloadRow) fold.put(CASELOAD_TABLE, model.caseloadRow);
    }
    return model;
  }

  /** Which generation of the tables this transaction writes (the runner hands each generation its own). */
  private generationOf(tx: ProjectionTx): string {
    let generation = this.generations.get(tx);
    if (generation === undefined) {
      generation = tx.tableName(DEADLINE_TABLE.name);
      this.generations.set(tx, generation);
    }
    return generation;
  }

  /**
   * The cache of a generation, emptied when positions go backwards or a batch was left unwritten (a batch rolled
   * back and applied again): what it held ran ahead of the tables.
   */
  private cacheFor(generation: string, position: number, tx: ProjectionTx): GenerationCache {
    let cache = this.caches.get(generation);
    if (!cache) {
      cache = { children: new Map(), lastPosition: 0, dirty: new Map(), batch: undefined, waiting: new Set(), queue: [] };
      this.caches.set(generation, cache);
      // The live generation and at most one being rebuilt; an older one is gone.
      while (this.caches.size > 2) {
        const oldest = this.caches.keys().next();
        if (oldest.done) break;
        this.caches.delete(oldest.value);
      }
    }
    if (position <= cache.lastPosition || (cache.batch !== undefined && cache.batch !== tx)) {
      cache.children.clear();
      cache.dirty.clear();
      cache.waiting.clear();
      cache.queue.length = 0;
    }
    cache.lastPosition = position;
    cache.batch = tx;
    return cache;
  }

  private trackerTypes(): string[] {
    const types = new Set<string>();
    for (const rule of this.tracker.rules.editions) {
      for (const start of rule.starts) if ('event' in start) types.add(start.event);
      for (const matcher of [...rule.metBy, ...rule.stoppedBy]) types.add(matcher.type);
    }
    const facts = this.tracker.rules.facts;
    for (const type of [...facts.lookedAfterStarts, ...facts.lookedAfterEnds, ...facts.placementStarts]) types.add(type);
    return [...types];
  }
}

export function caseFactsProjection(options: CaseFactsOptions): CaseFactsProjection {
  return new CaseFactsProjection(options);
}

function hasOpenClocks(state: DeadlineState): boolean {
  for (const clocks of state.open.values()) if (clocks.length > 0) return true;
  return false;
}

/** Lower goes first when the cache is trimmed: children with nothing open, then those used longest ago. */
function evictionRank(model: ChildModel): number {
  const open = model.openClocks.size > 0 || caseTypeOf(model.caseload) !== null;
  return (open ? OPEN_RANK : 0) + model.used;
}

/** Above any position a log reaches (2^52 events), below the largest exact integer: open children rank after the rest. */
const OPEN_RANK = 2 ** 52;

function newModel(childId: string): ChildModel {
  return {
    childId,
    firstTeam: undefined,
    allocation: null,
    owner: undefined,
    deadlines: newDeadlineState(),
    tail: [],
    caseload: newCaseloadState(),
    caseloadRow: undefined,
    indicators: newIndicatorState(),
    openClocks: new Map(),
    pending: undefined,
    used: 0,
    tailFrom: undefined,
  };
}

/** Puts the child's events from this one on off to the end of the batch. */
function wait(cache: GenerationCache, childId: string, event: LogEvent): undefined {
  cache.waiting.add(childId);
  cache.queue.push(event);
  return undefined;
}

/** Where the batch's rows for this child go; the child is written when the batch ends. */
function pendingOf(model: ChildModel, cache: GenerationCache): PendingRows {
  if (model.pending === undefined) {
    model.pending = new PendingRows();
    cache.dirty.set(model.childId, model);
  }
  return model.pending;
}

/**
 * Keys of the clocks `changes` close that have no open row to close (neither stored open nor opened by an earlier
 * change), or undefined when every one has: almost always.
 */
function closedWithoutOpenRow(model: ChildModel, changes: readonly ClockChange[]): string[] | undefined {
  let missing: string[] | undefined;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i] as ClockChange;
    if (change.kind === 'opened' || model.openClocks.has(change.clock.key)) continue;
    const key = change.clock.key;
    if (changes.slice(0, i).some((earlier) => earlier.kind === 'opened' && earlier.clock.key === key)) continue;
    (missing ??= []).push(key);
  }
  return missing;
}

function openClock(model: ChildModel, row: FactRow, rows: PendingRows): void {
  model.openClocks.set(clockKeyOf(row), row);
  rows.put(DEADLINE_TABLE, row);
}

/**
 * Makes the child's rows of `table` equal `wanted` once the batch is written, changing only the rows that differ (a
 * replay after a correction usually changes a handful of a child's rows): what is stored, as the batch has changed
 * it so far, against what the replay says.
 */
async function replaceChildRows(tx: ProjectionTx, table: FactTable, childId: string, wanted: ReadonlyMap<ChildKey, FactRow>, rows: PendingRows): Promise<void> {
  const stored = new Map<ChildKey, FactRow>();
  for (const row of await table.rowsOf(tx, childId)) stored.set(table.childKeyOf(row), row);
  for (const entry of rows.entries) {
    if (entry.table !== table) continue;
    if (entry.row === null) stored.delete(entry.key);
    else stored.set(entry.key, entry.row);
  }
  for (const [key, row] of stored) if (!wanted.has(key)) rows.remove(table, table.keyValues(row));
  for (const [key, row] of wanted) {
    const before = stored.get(key);
    if (before === undefined || !sameRow(before, row)) rows.put(table, row);
  }
}

/**
 * Who holds the child, by the access policy's rule (apps/api access-policy `owningTeam`): the team of the current
 * allocation while the case is allocated, else the team of whoever recorded the child's first event. Allocation
 * follows the journey: set by CaseAllocated, cleared by CaseDeallocated and by closing the case, read from the
 * effective history (corrections applied) in stream order, as the journey folds it. Answers `created` for the child's
 * first event, `changed` when the team or worker changed, `same` otherwise.
 */
function updateOwner(
  model: ChildModel,
  actorTeam: string,
  type: string | undefined,
  data: Readonly<Record<string, unknown>> | undefined,
): 'created' | 'changed' | 'same' {
  let outcome: 'created' | 'changed' | 'same' = 'same';
  if (model.firstTeam === undefined) {
    model.firstTeam = actorTeam;
    outcome = 'created';
  }
  switch (type) {
    case 'CaseAllocated': {
      const workerId = text(data?.workerId);
      const team = text(data?.teamId) ?? text(data?.team) ?? model.allocation?.team ?? model.firstTeam;
      model.allocation = workerId === null ? null : { team, workerId };
      break;
    }
    case 'CaseDeallocated':
    case 'CaseClosed':
      model.allocation = null;
      break;
    default:
      break;
  }
  const owner: CaseOwner = model.allocation ?? { team: model.firstTeam, workerId: null };
  if (model.owner !== undefined && model.owner.team === owner.team && model.owner.workerId === owner.workerId) return outcome;
  model.owner = owner;
  return outcome === 'created' ? outcome : 'changed';
}

/** FNV-1a, 32 bits: a stable number for the rule set, so a change of rules or region rebuilds the read model. */
function fingerprint(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
