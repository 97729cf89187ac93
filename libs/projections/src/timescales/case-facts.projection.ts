import type { EventStore, RecordedEvent } from '@cje/event-store';
import { type TimescaleRuleSet, type WorkingDayCalendar, resolveRules, workingDayCalendar } from '@cje/timescales';
import type { Projection, ProjectionTx } from '../projection.js';
import type { SqlDialect } from '../read-model-store.js';
import {
  CASELOAD_TABLE,
  type CaseOwner,
  type CaseloadState,
  caseloadRow,
  newCaseloadState,
  stepCaseload,
} from '../caseloads/caseload-facts.js';
import { type FactRow, type FactTable, sameRow } from '../indicators/fact-table.js';
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
  CLOSE_CLOCK_SQL,
  DEADLINE_TABLE,
  DROP_CLOCK_SQL,
  MOVE_OPEN_CLOCKS_SQL,
  OPEN_CLOCK_SQL,
  closeClockParams,
  foldClockChanges,
  openClockRow,
} from './deadline-table.js';
import { type ClockChange, type DeadlineState, DeadlineTracker, newDeadlineState } from './deadline-tracker.js';

export const CASE_FACTS = 'case-facts';

/**
 * Events per transaction the API gives the runner for building and catching up (`rebuildBatchSize`), up from its
 * default of 1,000: a commit of the SQLite read-model file costs tens of milliseconds, and a rebuild of a large
 * authority's log runs to hundreds of commits (measured: the child index rebuilds 1.6 times as fast). Live batches
 * stay small, so a command's effect shows at once.
 */
export const READ_MODEL_REBUILD_BATCH_SIZE = 10_000;
/** Bump when the tables or the stepping change meaning; the rule set's fingerprint is added to it (see `version`). */
const CASE_FACTS_BASE_VERSION = 1;

export interface CaseFactsOptions {
  /** The log: a child's own stream is read back when its state is not in memory, or a replay is needed. */
  readonly events: EventStore;
  /** The authority's rules (local standards applied). Default: the national table with default local standards. */
  readonly rules?: TimescaleRuleSet;
  /** Default: England and Wales. */
  readonly calendar?: WorkingDayCalendar;
  /** Children whose state is kept in memory between their events (least recently used go first). Default 50,000. */
  readonly cacheSize?: number;
}

/** What the projection knows about one child between its events; rebuilt from the child's stream whenever missing. */
interface ChildModel {
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
}

interface GenerationCache {
  readonly children: Map<string, ChildModel>;
  lastPosition: number;
}

/** Rows put while stepping, written in order straight after. */
class SqlSink implements RowSink {
  readonly writes: Array<[string, readonly (string | number | null)[]]> = [];
  put(table: FactTable, row: FactRow): void {
    this.writes.push([table.upsertSql, row]);
  }
}

/** Rows put while replaying a child, kept (last one per key wins) to be compared with what is stored. */
class FoldSink implements RowSink {
  readonly tables = new Map<FactTable, Map<string, FactRow>>();
  put(table: FactTable, row: FactRow): void {
    this.rows(table).set(table.keyOf(row), row);
  }
  rows(table: FactTable): Map<string, FactRow> {
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
 * facts indicators are counted from. One projection rather than three because the runner reads the log once per
 * projection that is catching up, and reading is a third of the cost of a rebuild; the three share the per-child
 * state too (owner, date of birth, effective-date order).
 *
 * How an event is applied:
 * - Owner (team, worker) follows the child index's rule, in stream order, so a list and a child's page agree on who
 *   may see a child.
 * - Everything else follows the child's effective history: corrections and voids applied, in effective-date order.
 *   An event dated on or after the child's latest is stepped on the state kept for the child (a few row writes);
 *   a correction, a void, an event dated earlier (recorded late, after something later), or a date of birth that
 *   changes replays the child from its stream and writes only the rows that differ.
 * - A child's state is kept in memory between its events (bounded; rebuilt from its stream when missing). The cache
 *   belongs to one generation of the tables and is dropped whenever positions go backwards (a batch rolled back and
 *   applied again), so it never runs ahead of what is committed.
 */
export class CaseFactsProjection implements Projection {
  readonly name = CASE_FACTS;
  readonly version: number;
  readonly tracker: DeadlineTracker;
  private readonly events: EventStore;
  private readonly cacheSize: number;
  private readonly caches = new Map<string, GenerationCache>();
  private readonly generations = new WeakMap<object, string>();
  private readonly relevant: ReadonlySet<string>;
  /** Counters for benchmarks and health: how often the cheap path was not enough. */
  readonly stats = { stepped: 0, replays: 0, restores: 0 };

  constructor(options: CaseFactsOptions) {
    this.events = options.events;
    const rules = options.rules ?? resolveRules();
    const calendar = options.calendar ?? workingDayCalendar();
    this.tracker = new DeadlineTracker(rules, calendar);
    this.cacheSize = options.cacheSize ?? 50_000;
    this.version = CASE_FACTS_BASE_VERSION * 1_000_000 + (fingerprint(JSON.stringify([calendar.region, rules.editions])) % 1_000_000);
    this.relevant = new Set([...FACT_TYPES, ...this.trackerTypes()]);
  }

  tables(dialect: SqlDialect): readonly string[] {
    return CASE_FACTS_TABLES.flatMap((table) => table.ddl(dialect));
  }

  async apply(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
    const { streamId, position, revision } = event.metadata;
    const childId = childIdOf(streamId);
    if (childId === undefined) return;
    const generation = this.generations.get(tx) ?? (await this.generationOf(tx));
    const cache = this.cacheFor(generation, position);
    let model = cache.children.get(childId);
    if (model) {
      cache.children.delete(childId);
    } else if (revision === 0) {
      model = newModel();
    } else {
      model = await this.restore(childId, position);
      this.stats.restores += 1;
    }
    cache.children.set(childId, model);
    if (cache.children.size > this.cacheSize) {
      const oldest = cache.children.keys().next();
      if (!oldest.done) cache.children.delete(oldest.value);
    }
    await this.applyTo(tx, childId, model, event, cache);
  }

  private async applyTo(tx: ProjectionTx, childId: string, model: ChildModel, event: RecordedEvent, cache: GenerationCache): Promise<void> {
    const sink = new SqlSink();
    const journey = journeyEventOf(event);
    if (journey !== undefined && (journey.type === 'EventCorrected' || journey.type === 'EventVoided')) {
      await this.replay(tx, childId, event.metadata.position, cache);
      return;
    }
    const owner = updateOwner(model, event.metadata.actor.team, journey?.type, journey?.data);
    let factsChanged = owner !== 'same';

    if (journey !== undefined) {
      const state = model.deadlines;
      const data = journey.data as unknown as Readonly<Record<string, unknown>>;
      const dateOfBirth = this.tracker.dateOfBirthIn(data, state.dateOfBirth);
      const child = this.relevant.has(journey.type) ? toChildEvent(journey) : undefined;
      const late = child !== undefined && state.lastOn !== undefined && child.on < state.lastOn;
      const changes: ClockChange[] = [];
      if (dateOfBirth !== state.dateOfBirth && !late) {
        // A date of birth counts for the whole history (ages, birthdays), as the evaluator reads it.
        if (state.order === 0) state.dateOfBirth = dateOfBirth;
        else if (dateOfBirth === undefined || !this.tracker.learnDateOfBirth(state, dateOfBirth, changes)) {
          await this.flush(tx, sink);
          await this.replay(tx, childId, event.metadata.position, cache);
          return;
        }
        factsChanged = true;
      }
      if (late) {
        await this.flush(tx, sink);
        await this.replay(tx, childId, event.metadata.position, cache);
        return;
      }
      if (child !== undefined) {
        if (this.step(childId, model, child, changes, sink)) factsChanged = true;
        this.stats.stepped += 1;
      }
      if (changes.length > 0 || child !== undefined) this.writeClockChanges(childId, model, changes, sink);
    }
    // Open clocks follow the child to its new owner (those opened just now were written with it): after the event's
    // own clock writes, so that clocks it closed are not moved first. A child's first event has no clocks to move.
    if (owner === 'changed' && (hasOpenClocks(model.deadlines) || model.tail.length > 0)) {
      sink.writes.push([MOVE_OPEN_CLOCKS_SQL, [model.owner?.team ?? null, model.owner?.workerId ?? null, childId]]);
    }
    if (factsChanged || model.caseloadRow === undefined) {
      const row = caseloadRow(childId, model.owner ?? { team: event.metadata.actor.team, workerId: null }, model.caseload, model.deadlines.dateOfBirth);
      if (model.caseloadRow === undefined || !sameRow(model.caseloadRow, row)) {
        sink.put(CASELOAD_TABLE, row);
        model.caseloadRow = row;
      }
    }
    await this.flush(tx, sink);
  }

  /** One effective event through the three read models; answers whether the caseload row may have changed. */
  private step(childId: string, model: ChildModel, event: ChildEvent, changes: ClockChange[], sink: RowSink): boolean {
    this.tracker.step(model.deadlines, event, changes);
    stepIndicators(model.indicators, childId, event, sink);
    return stepCaseload(model.caseload, event);
  }

  /** Writes what happened to the child's clocks, then keeps the rows of birthday clocks ahead of their day in step. */
  private writeClockChanges(childId: string, model: ChildModel, changes: readonly ClockChange[], sink: SqlSink): void {
    const owner = model.owner ?? { team: '', workerId: null };
    let tail = model.tail;
    for (const change of changes) {
      if (change.kind === 'opened') {
        // A birthday clock written ahead of its day is already stored exactly so.
        if (tail.includes(change.clock.key)) tail = tail.filter((key) => key !== change.clock.key);
        else sink.writes.push([OPEN_CLOCK_SQL, openClockRow(childId, change.clock, owner)]);
      } else {
        sink.writes.push([CLOSE_CLOCK_SQL, closeClockParams(childId, change)]);
      }
    }
    const pending = this.tracker.pendingBirthdayClocks(model.deadlines);
    if (pending.length > 0 || tail.length > 0) {
      const keys = pending.map((clock) => clock.key);
      for (const key of tail) if (!keys.includes(key)) sink.writes.push([DROP_CLOCK_SQL, [childId, key]]);
      for (const clock of pending) if (!tail.includes(clock.key)) sink.writes.push([OPEN_CLOCK_SQL, openClockRow(childId, clock, owner)]);
      tail = keys;
    }
    model.tail = tail;
  }

  private async flush(tx: ProjectionTx, sink: SqlSink): Promise<void> {
    for (const [sql, params] of sink.writes) await tx.run(sql, params);
    sink.writes.length = 0;
  }

  /** The child's state after every event before `position`, rebuilt from its stream (no rows written). */
  private async restore(childId: string, position: number): Promise<ChildModel> {
    const recorded = (await this.events.readStream(`child-${childId}`)).filter((e) => e.metadata.position < position);
    return this.build(childId, recorded, undefined);
  }

  /**
   * Replays the child from its stream up to and including `position` and rewrites the rows that differ: after a
   * correction, a void, an event recorded out of effective-date order, or a new date of birth.
   */
  private async replay(tx: ProjectionTx, childId: string, position: number, cache: GenerationCache): Promise<void> {
    this.stats.replays += 1;
    const recorded = (await this.events.readStream(`child-${childId}`)).filter((e) => e.metadata.position <= position);
    const fold = new FoldSink();
    const model = this.build(childId, recorded, fold);
    cache.children.set(childId, model);
    for (const table of CASE_FACTS_TABLES) await table.replaceChildRows(tx, childId, fold.rows(table));
  }

  /** The child's state after `recorded`; with `fold`, also every row that state stands for. */
  private build(childId: string, recorded: readonly RecordedEvent[], fold: FoldSink | undefined): ChildModel {
    const model = newModel();
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
  private async generationOf(tx: ProjectionTx): Promise<string> {
    const generation = (await tx.get<{ g: string }>("SELECT '{{t:deadline}}' AS g"))?.g ?? '';
    this.generations.set(tx, generation);
    return generation;
  }

  /** The cache of a generation, emptied when positions go backwards (a batch rolled back and applied again). */
  private cacheFor(generation: string, position: number): GenerationCache {
    let cache = this.caches.get(generation);
    if (!cache) {
      cache = { children: new Map(), lastPosition: 0 };
      this.caches.set(generation, cache);
      // The live generation and at most one being rebuilt; an older one is gone.
      while (this.caches.size > 2) {
        const oldest = this.caches.keys().next();
        if (oldest.done) break;
        this.caches.delete(oldest.value);
      }
    }
    if (position <= cache.lastPosition) cache.children.clear();
    cache.lastPosition = position;
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

function newModel(): ChildModel {
  return {
    firstTeam: undefined,
    allocation: null,
    owner: undefined,
    deadlines: newDeadlineState(),
    tail: [],
    caseload: newCaseloadState(),
    caseloadRow: undefined,
    indicators: newIndicatorState(),
  };
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
