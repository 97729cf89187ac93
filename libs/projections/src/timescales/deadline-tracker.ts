import {
  type Condition,
  type ConditionContext,
  type EventClockStart,
  type EventMatcher,
  type IsoDate,
  type TimescaleRule,
  type TimescaleRuleSet,
  type WorkingDayCalendar,
  birthdayOn,
  dueDate,
  evaluateCondition,
  isBirthdayStart,
  isIsoDate,
  readField,
} from '@cje/timescales';

/**
 * The deadlines of one child, kept up to date one event at a time.
 *
 * `evaluateDeadlines` (libs/timescales) walks a child's whole timeline on every call: about 2–3 µs per event, so
 * re-evaluating on each new event costs O(n²) per child (a child in care for years has hundreds of events), which
 * would make a rebuild of a large authority's log take minutes. This tracker holds the state that walk carries from
 * one step to the next (open clocks, the looked-after and placement facts, the latest date of each type a clock can
 * be dated from, the birthdays passed) so that an event that comes in effective-date order costs one step. It walks
 * the same way, with the same building blocks (rule set, conditions, due dates); `deadline-tracker.unit.spec.ts`
 * checks it against `evaluateDeadlines` on random timelines.
 *
 * What it cannot do incrementally the caller does by replaying the child from scratch: an event dated before one
 * already stepped, a correction or void, and a new date of birth (which the evaluator applies to the whole timeline).
 */

/** One effective journey event as the tracker reads it. */
export interface TrackedEvent {
  readonly id: string;
  readonly type: string;
  /** Effective date. */
  readonly on: IsoDate;
  readonly recordedAt?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Reserved type of the birthday steps, as in the evaluator (journey event names are PascalCase). */
const BIRTHDAY = '#birthday';

interface Step {
  readonly order: number;
  readonly type: string;
  readonly on: IsoDate;
  readonly id: string | undefined;
  readonly ref: string;
  readonly recordedAt: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly birthdayAge: number | undefined;
}

/** A running clock. */
export interface TrackedClock {
  readonly rule: TimescaleRule;
  readonly startOrder: number;
  readonly correlation: string | undefined;
  /** `<ruleId>:<id of the starting event>` (or `birthday-<age>`), as the evaluator names it. */
  readonly key: string;
  readonly startedOn: IsoDate;
  readonly startedByType: string;
  readonly startedById: string | undefined;
  readonly clockVariant: string | undefined;
  readonly dueOn: IsoDate;
}

/** What happened to a clock, in order: the caller turns these into row writes. */
export type ClockChange =
  | { readonly kind: 'opened'; readonly clock: TrackedClock }
  | {
      readonly kind: 'met' | 'stopped';
      readonly clock: TrackedClock;
      readonly on: IsoDate;
      readonly eventId: string | undefined;
      readonly recordedAt: string | undefined;
    };

export interface DeadlineState {
  /** Steps taken so far (events and birthdays); orders the "a clock never reacts to its own start" rule. */
  order: number;
  /** Effective date of the latest event stepped; an event dated before it needs a replay. */
  lastOn: IsoDate | undefined;
  dateOfBirth: IsoDate | undefined;
  /** How many of the rule set's birthday ages have been stepped. */
  birthdaysDone: number;
  lookedAfter: boolean;
  placement: { readonly startedOn: IsoDate; readonly data: Readonly<Record<string, unknown>> } | undefined;
  /** Latest date of each event type some clock is dated from (`datedFrom`). */
  latest: Map<string, IsoDate> | undefined;
  /** Open clocks per rule id, oldest first. */
  open: Map<string, TrackedClock[]>;
  /**
   * Whether an event was stepped whose handling could depend on the child's age or on the looked-after facts
   * birthdays are judged by: until then a date of birth learned late changes nothing already stepped.
   */
  ageMattered: boolean;
}

export function newDeadlineState(dateOfBirth?: IsoDate): DeadlineState {
  return {
    order: 0,
    lastOn: undefined,
    dateOfBirth,
    birthdaysDone: 0,
    lookedAfter: false,
    placement: undefined,
    latest: undefined,
    open: new Map(),
    ageMattered: false,
  };
}

/** The rule set, indexed once for stepping. Shared by every child. */
export class DeadlineTracker {
  /** Event type → rule ids that start, meet or stop on it, in the table's order (as the evaluator orders them). */
  private readonly byType: ReadonlyMap<string, readonly string[]>;
  readonly birthdayAges: readonly number[];
  private readonly datedFromTypes: ReadonlySet<string>;
  private readonly lookedAfterStarts: ReadonlySet<string>;
  private readonly lookedAfterEnds: ReadonlySet<string>;
  private readonly placementStarts: ReadonlySet<string>;
  /** Event types that matter at all: anything else is skipped without a step (it could change nothing). */
  private readonly relevant: ReadonlySet<string>;
  /** Event types whose handling reads the child's age, or changes the facts a birthday is judged by. */
  private readonly ageSensitive: ReadonlySet<string>;
  private readonly birthdayRules: ReadonlySet<string>;
  /** The rule set's date-of-birth fields, split once: they are read on every event. */
  private readonly dateOfBirthPaths: readonly (readonly string[])[];

  constructor(
    readonly rules: TimescaleRuleSet,
    readonly calendar: WorkingDayCalendar,
  ) {
    const byType = new Map<string, string[]>();
    const ages = new Set<number>();
    const datedFrom = new Set<string>();
    const add = (type: string, ruleId: string): void => {
      const list = byType.get(type) ?? [];
      if (!list.includes(ruleId)) list.push(ruleId);
      byType.set(type, list);
    };
    for (const rule of rules.editions) {
      for (const start of rule.starts) {
        if (isBirthdayStart(start)) {
          ages.add(start.birthday);
          add(BIRTHDAY, rule.id);
        } else {
          add(start.event, rule.id);
          if (start.datedFrom !== undefined) datedFrom.add(start.datedFrom);
        }
      }
      for (const matcher of [...rule.metBy, ...rule.stoppedBy]) add(matcher.type, rule.id);
    }
    const order = new Map(rules.ruleIds.map((id, i) => [id, i]));
    for (const list of byType.values()) list.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    this.byType = byType;
    this.birthdayAges = [...ages].sort((a, b) => a - b);
    this.datedFromTypes = datedFrom;
    this.lookedAfterStarts = new Set(rules.facts.lookedAfterStarts);
    this.lookedAfterEnds = new Set(rules.facts.lookedAfterEnds);
    this.placementStarts = new Set(rules.facts.placementStarts);
    this.relevant = new Set([...byType.keys(), ...datedFrom, ...this.lookedAfterStarts, ...this.lookedAfterEnds, ...this.placementStarts]);
    this.ageSensitive = ageSensitiveTypes(rules, [...this.lookedAfterStarts, ...this.lookedAfterEnds, ...this.placementStarts]);
    this.dateOfBirthPaths = rules.facts.dateOfBirthFields.map((field) => field.split('.'));
    this.birthdayRules = new Set(byType.get(BIRTHDAY) ?? []);
  }

  /** Rules some birthday starts: the clocks of any other rule have no say in `pendingBirthdayClocks`. */
  isBirthdayRule(ruleId: string): boolean {
    return this.birthdayRules.has(ruleId);
  }

  /** Whether an event type is one the rules or facts react to. */
  isRelevant(type: string): boolean {
    return this.relevant.has(type);
  }

  /**
   * A date of birth learned after events were stepped, without replaying them: possible while nothing stepped so far
   * depended on the child's age or on the facts birthdays are judged by (answers false otherwise, and the caller
   * replays). The birthdays already past are stepped now, as they would have been in date order.
   */
  learnDateOfBirth(state: DeadlineState, dateOfBirth: IsoDate, changes: ClockChange[]): boolean {
    if (state.dateOfBirth !== undefined || state.ageMattered) return false;
    state.dateOfBirth = dateOfBirth;
    if (state.lastOn !== undefined) this.birthdaysUpTo(state, state.lastOn, changes);
    return true;
  }

  /** The date of birth the evaluator would read from these events: the last valid one, in the order given. */
  dateOfBirthIn(data: Readonly<Record<string, unknown>>, current: IsoDate | undefined): IsoDate | undefined {
    let found = current;
    for (const path of this.dateOfBirthPaths) {
      // readField's walk, without splitting the path again.
      let value: unknown = data;
      for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      if (isIsoDate(value)) found = value;
    }
    return found;
  }

  /**
   * Steps one event that is dated on or after every event already stepped (the caller checks, and replays
   * otherwise). Birthdays up to its date are stepped first, as the evaluator sorts them before the day's events.
   */
  step(state: DeadlineState, event: TrackedEvent, changes: ClockChange[]): void {
    this.birthdaysUpTo(state, event.on, changes);
    state.lastOn = event.on;
    if (!this.relevant.has(event.type)) {
      // Still a step in the evaluator's order, but one no rule or fact reacts to.
      state.order += 1;
      return;
    }
    this.apply(
      state,
      { order: state.order++, type: event.type, on: event.on, id: event.id, ref: event.id, recordedAt: event.recordedAt, data: event.data, birthdayAge: undefined },
      changes,
    );
  }

  /**
   * Clocks the child's birthdays still to come would start if nothing else happened first: the evaluator, asked about
   * a day after the birthday, counts them even with no event since. Each is reported as `opened`, in order.
   */
  pendingBirthdayClocks(state: DeadlineState): TrackedClock[] {
    const dateOfBirth = state.dateOfBirth;
    if (dateOfBirth === undefined || state.birthdaysDone >= this.birthdayAges.length) return [];
    const ruleIds = this.byType.get(BIRTHDAY) ?? [];
    const started: TrackedClock[] = [];
    const openAlready = (ruleId: string): boolean =>
      (state.open.get(ruleId)?.length ?? 0) > 0 || started.some((clock) => clock.rule.id === ruleId);
    for (let i = state.birthdaysDone; i < this.birthdayAges.length; i++) {
      const age = this.birthdayAges[i] as number;
      const on = birthdayOn(dateOfBirth, age);
      const step: Step = { order: state.order + i, type: BIRTHDAY, on, id: undefined, ref: `birthday-${age}`, recordedAt: undefined, data: { age }, birthdayAge: age };
      for (const ruleId of ruleIds) {
        const rule = this.rules.editionInForce(ruleId, on);
        if (!rule) continue;
        for (const start of rule.starts) {
          if (!isBirthdayStart(start) || start.birthday !== age) continue;
          if (start.where !== undefined && !evaluateCondition(start.where, this.context(state, on, step.data))) continue;
          if (rule.concurrency === 'single' && openAlready(ruleId)) break;
          started.push(this.newClock(state, rule, step, on));
          break;
        }
      }
    }
    return started;
  }

  private birthdaysUpTo(state: DeadlineState, date: IsoDate, changes: ClockChange[]): void {
    const dateOfBirth = state.dateOfBirth;
    if (dateOfBirth === undefined) return;
    while (state.birthdaysDone < this.birthdayAges.length) {
      const age = this.birthdayAges[state.birthdaysDone] as number;
      const on = birthdayOn(dateOfBirth, age);
      if (on > date) return;
      state.birthdaysDone += 1;
      this.apply(state, { order: state.order++, type: BIRTHDAY, on, id: undefined, ref: `birthday-${age}`, recordedAt: undefined, data: { age }, birthdayAge: age }, changes);
    }
  }

  private context(state: DeadlineState, on: IsoDate, data: Readonly<Record<string, unknown>>): ConditionContext {
    return { on, data, dateOfBirth: state.dateOfBirth, lookedAfter: state.lookedAfter, placement: state.placement };
  }

  private matches(state: DeadlineState, matchers: readonly EventMatcher[], step: Step): boolean {
    for (const matcher of matchers) {
      if (matcher.type !== step.type) continue;
      if (matcher.where === undefined || evaluateCondition(matcher.where, this.context(state, step.on, step.data))) return true;
    }
    return false;
  }

  /** One step of the evaluator's walk: facts, then per rule: stops, the meeting, its follow-on, a new start. */
  private apply(state: DeadlineState, step: Step, changes: ClockChange[]): void {
    const { type } = step;
    if (this.ageSensitive.has(type)) state.ageMattered = true;
    if (this.lookedAfterStarts.has(type)) state.lookedAfter = true;
    if (this.placementStarts.has(type)) state.placement = { startedOn: step.on, data: step.data };
    if (this.lookedAfterEnds.has(type)) {
      state.lookedAfter = false;
      state.placement = undefined;
    }
    if (this.datedFromTypes.has(type)) (state.latest ??= new Map()).set(type, step.on);

    for (const ruleId of this.byType.get(type) ?? []) {
      const clocks = state.open.get(ruleId);
      if (clocks !== undefined && clocks.length > 0) {
        // Allocated only when needed: most steps stop no clock, and most clocks are not met by a given step.
        let remaining: TrackedClock[] | undefined;
        let candidates: TrackedClock[] | undefined;
        for (let i = 0; i < clocks.length; i++) {
          const clock = clocks[i] as TrackedClock;
          // A clock never reacts to the event that started it.
          const eligible = clock.startOrder < step.order;
          if (eligible && this.matches(state, clock.rule.stoppedBy, step)) {
            changes.push({ kind: 'stopped', clock, on: step.on, eventId: step.id, recordedAt: step.recordedAt });
            remaining ??= clocks.slice(0, i);
            continue;
          }
          if (eligible && this.matches(state, clock.rule.metBy, step)) (candidates ??= []).push(clock);
          remaining?.push(clock);
        }
        const kept = remaining ?? clocks;
        const met = candidates === undefined ? undefined : pickMet(candidates, step);
        if (met) changes.push({ kind: 'met', clock: met, on: step.on, eventId: step.id, recordedAt: step.recordedAt });
        if (met || remaining) state.open.set(ruleId, met ? kept.filter((c) => c !== met) : kept);
        if (met?.rule.then !== undefined) this.startClock(state, met.rule.then, step, step.on, changes);
      }

      const rule = this.rules.editionInForce(ruleId, step.on);
      if (!rule) continue;
      for (const start of rule.starts) {
        const fires = isBirthdayStart(start) ? step.birthdayAge === start.birthday : start.event === type;
        if (!fires || (start.where !== undefined && !evaluateCondition(start.where, this.context(state, step.on, step.data)))) continue;
        this.startClock(state, ruleId, step, isBirthdayStart(start) ? step.on : clockDate(start, step, state.latest), changes);
        break;
      }
    }
  }

  private startClock(state: DeadlineState, ruleId: string, step: Step, startedOn: IsoDate, changes: ClockChange[]): void {
    const rule = this.rules.editionInForce(ruleId, startedOn);
    if (!rule) return;
    let clocks = state.open.get(ruleId);
    if (rule.concurrency === 'single' && clocks !== undefined && clocks.length > 0) return;
    const clock = this.newClock(state, rule, step, startedOn);
    if (!clocks) {
      clocks = [];
      state.open.set(ruleId, clocks);
    }
    clocks.push(clock);
    changes.push({ kind: 'opened', clock });
  }

  private newClock(state: DeadlineState, rule: TimescaleRule, step: Step, startedOn: IsoDate): TrackedClock {
    const variant = rule.clockVariants?.find((v) => evaluateCondition(v.when, this.context(state, startedOn, step.data)));
    return {
      rule,
      startOrder: step.order,
      correlation: correlationOf(rule.correlateBy, step),
      key: `${rule.id}:${step.ref}`,
      startedOn,
      startedByType: step.type,
      startedById: step.id,
      clockVariant: variant?.label,
      dueOn: dueDate(this.calendar, startedOn, variant?.clock ?? rule.clock),
    };
  }
}

function mentionsAge(condition: Condition | undefined): boolean {
  if (condition === undefined) return false;
  switch (condition.kind) {
    case 'all':
    case 'any':
      return condition.conditions.some(mentionsAge);
    case 'not':
      return mentionsAge(condition.condition);
    case 'child_age':
      return true;
    default:
      return false;
  }
}

/** Types that start, meet or stop (or follow on into) a rule with a condition on the child's age, and the fact types. */
function ageSensitiveTypes(rules: TimescaleRuleSet, factTypes: readonly string[]): Set<string> {
  const types = new Set(factTypes);
  const aged = new Set<string>();
  for (const rule of rules.editions) {
    const conditions = [
      ...rule.starts.map((s) => s.where),
      ...(rule.clockVariants ?? []).map((v) => v.when),
      ...rule.metBy.map((m) => m.where),
      ...rule.stoppedBy.map((m) => m.where),
    ];
    if (conditions.some(mentionsAge)) aged.add(rule.id);
  }
  for (const rule of rules.editions) {
    const triggers = [...rule.metBy, ...rule.stoppedBy].map((m) => m.type);
    if (aged.has(rule.id)) {
      for (const start of rule.starts) if (!isBirthdayStart(start)) types.add(start.event);
      for (const type of triggers) types.add(type);
    }
    // A follow-on clock's variants are judged when the rule before it is met.
    if (rule.then !== undefined && aged.has(rule.then)) for (const matcher of rule.metBy) types.add(matcher.type);
  }
  return types;
}

/** The day a clock starts: a date named in the event's data, else the latest earlier event of a type, else the event. */
function clockDate(start: EventClockStart, step: Step, latest: ReadonlyMap<string, IsoDate> | undefined): IsoDate {
  if (start.datedFromField !== undefined) {
    const named = readField(step.data, start.datedFromField);
    if (isIsoDate(named) && named <= step.on) return named;
  }
  return (start.datedFrom !== undefined ? latest?.get(start.datedFrom) : undefined) ?? step.on;
}

function correlationOf(field: string | undefined, start: Step): string | undefined {
  if (field === undefined) return undefined;
  const value = readField(start.data, field);
  return typeof value === 'string' ? value : start.id;
}

function pickMet(candidates: readonly TrackedClock[], step: Step): TrackedClock | undefined {
  const first = candidates[0];
  if (first === undefined) return undefined;
  const field = first.rule.correlateBy;
  const named = field !== undefined ? readField(step.data, field) : undefined;
  // A meeting event that names its clock meets that clock or none: a decision on one contact must not close another.
  if (typeof named === 'string') return candidates.find((clock) => clock.correlation === named);
  return candidates.reduce((oldest, clock) => (clock.startedOn < oldest.startedOn ? clock : oldest));
}
