import { evaluateCondition, readField, type ConditionContext } from './condition.js';
import type { Deadline, DeadlineEventRef, DeadlineStatus } from './deadline.js';
import { dueDate, type Duration } from './duration.js';
import { addDays, assertIsoDate, birthdayOn, effectiveDateOf, isIsoDate, toDayNumber, type IsoDate } from './iso-date.js';
import type { TimescaleRuleSet } from './resolve-rules.js';
import { isBirthdayStart, type EventClockStart, type EventMatcher, type TimescaleRule } from './timescale-rule.js';
import type { TimelineEvent } from './timeline-event.js';
import { workingDayCalendar, type WorkingDayCalendar } from './working-day-calendar.js';

export interface EvaluateDeadlinesInput {
  /** The child's events in stream order, corrections already applied. */
  readonly timeline: readonly TimelineEvent[];
  /** Judge open clocks as of this day; events effective after it are ignored. */
  readonly asOf: IsoDate;
  readonly rules: TimescaleRuleSet;
  /** Default: the shared England and Wales calendar. */
  readonly calendar?: WorkingDayCalendar;
  /** The child's date of birth; otherwise the last `dateOfBirth` found in event data, if any. */
  readonly dateOfBirth?: IsoDate;
  /**
   * Only count events recorded on or before this day: what a manager could see then. Timescales are still judged
   * on effective dates. Events without `recordedAt` always count.
   */
  readonly knownOn?: IsoDate;
  /**
   * Without it an `occurredAt` date-time counts on the date it was written with (as the journey reads it). With it,
   * instants are placed on this zone's calendar. `recordedAt` (a system instant) is always read in this zone,
   * default Europe/London, for `knownOn`.
   */
  readonly timeZone?: string;
}

/** Reserved step type for birthdays; not a journey event name (those are PascalCase). */
const BIRTHDAY = '#birthday';

interface Step {
  readonly order: number;
  readonly type: string;
  readonly on: IsoDate;
  /** `on` as a day number. */
  readonly day: number;
  readonly id: string | undefined;
  readonly ref: string;
  readonly recordedAt: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly birthdayAge?: number;
}

interface Clock {
  readonly created: number;
  readonly rule: TimescaleRule;
  readonly startOrder: number;
  /** What a meeting event must name to meet this clock (see `correlateBy`). */
  readonly correlation: string | undefined;
  readonly key: string;
  readonly startedOn: IsoDate;
  readonly startedBy: DeadlineEventRef;
  readonly clock: Duration;
  readonly clockVariant: string | undefined;
  readonly dueOn: IsoDate;
  readonly dueDay: number;
}

interface Facts {
  lookedAfter: boolean;
  placement: { readonly startedOn: IsoDate; readonly data: Readonly<Record<string, unknown>> } | undefined;
}

interface RuleIndex {
  /** Event type → rule ids that start, meet or stop on it. */
  readonly byType: ReadonlyMap<string, readonly string[]>;
  readonly birthdayAges: readonly number[];
}

const indexes = new WeakMap<TimescaleRuleSet, RuleIndex>();

function indexOf(rules: TimescaleRuleSet): RuleIndex {
  let index = indexes.get(rules);
  if (index) return index;
  const byType = new Map<string, string[]>();
  const ages = new Set<number>();
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
      }
    }
    for (const matcher of [...rule.metBy, ...rule.stoppedBy]) add(matcher.type, rule.id);
  }
  // Keep the table's order of rules within each type so follow-ons and output order are predictable.
  const order = new Map(rules.ruleIds.map((id, i) => [id, i]));
  for (const list of byType.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);
  index = { byType, birthdayAges: [...ages].sort((a, b) => a - b) };
  indexes.set(rules, index);
  return index;
}

/**
 * Every clock the rules start on this child's timeline, and where each stands as of `asOf`.
 *
 * Events are taken in effective-date order (ties in stream order), so a visit recorded late but done in time meets
 * its deadline. For each event, per rule: stop events close open clocks first, then the event meets at most one
 * open clock (the one it names through `correlateBy`, else the oldest), the rule's follow-on clock starts on the
 * meeting date, and finally the event may start a new clock. A clock never reacts to the event that started it.
 */
export function evaluateDeadlines(input: EvaluateDeadlinesInput): Deadline[] {
  const { rules, asOf } = input;
  assertIsoDate(asOf);
  if (input.knownOn !== undefined) assertIsoDate(input.knownOn);
  if (input.dateOfBirth !== undefined) assertIsoDate(input.dateOfBirth);
  const calendar = input.calendar ?? workingDayCalendar();
  const index = indexOf(rules);
  const asOfDay = toDayNumber(asOf);

  const dateOfBirth = input.dateOfBirth ?? findDateOfBirth(input.timeline, rules.facts.dateOfBirthFields);
  const steps = orderedSteps(input, dateOfBirth, index.birthdayAges);

  const facts: Facts = { lookedAfter: false, placement: undefined };
  const latestOfType = new Map<string, IsoDate>();
  const open = new Map<string, Clock[]>();
  const results: Deadline[] = [];
  const createdOf = new Map<Deadline, number>();
  let created = 0;

  const context = (on: IsoDate, data: Readonly<Record<string, unknown>>): ConditionContext => ({
    on,
    data,
    dateOfBirth,
    lookedAfter: facts.lookedAfter,
    placement: facts.placement,
  });

  const matches = (matchers: readonly EventMatcher[], step: Step): boolean => {
    for (const matcher of matchers) {
      if (matcher.type !== step.type) continue;
      if (matcher.where === undefined || evaluateCondition(matcher.where, context(step.on, step.data))) return true;
    }
    return false;
  };

  const startClock = (ruleId: string, step: Step, startedOn: IsoDate): void => {
    const rule = rules.editionInForce(ruleId, startedOn);
    if (!rule) return;
    let clocks = open.get(ruleId);
    if (rule.concurrency === 'single' && clocks !== undefined && clocks.length > 0) return;
    const variant = rule.clockVariants?.find((v) => evaluateCondition(v.when, context(startedOn, step.data)));
    const clock = variant?.clock ?? rule.clock;
    const dueOn = dueDate(calendar, startedOn, clock);
    if (!clocks) {
      clocks = [];
      open.set(ruleId, clocks);
    }
    clocks.push({
      created: created++,
      rule,
      startOrder: step.order,
      correlation: correlationOf(rule.correlateBy, step),
      key: `${ruleId}:${step.ref}`,
      startedOn,
      startedBy: eventRef(step),
      clock,
      clockVariant: variant?.label,
      dueOn,
      dueDay: toDayNumber(dueOn),
    });
  };

  /** Days and working days past due on `on` ([0, 0] when not late). */
  const lateness = (clock: Clock, day: number, on: IsoDate): [number, number] => {
    const days = day - clock.dueDay;
    return days > 0 ? [days, calendar.workingDaysInRange(addDays(clock.dueOn, 1), on)] : [0, 0];
  };

  const record = (
    clock: Clock,
    status: DeadlineStatus,
    met: Step | undefined,
    stopped: Step | undefined,
    [daysOverdue, workingDaysOverdue]: [number, number],
  ): void => {
    // One object shape for every deadline (absent facts are undefined, not missing keys) keeps this hot path
    // monomorphic: a projection re-evaluates a child on each of its events.
    const deadline: Deadline = {
      key: clock.key,
      ruleId: clock.rule.id,
      edition: clock.rule.edition,
      name: clock.rule.name,
      standard: clock.rule.standard,
      source: clock.rule.source,
      clock: clock.clock,
      clockVariant: clock.clockVariant,
      startedOn: clock.startedOn,
      startedBy: clock.startedBy,
      dueOn: clock.dueOn,
      status,
      metOn: met?.on,
      metBy: met && eventRef(met),
      stoppedOn: stopped?.on,
      stoppedBy: stopped && eventRef(stopped),
      daysOverdue,
      workingDaysOverdue,
      breached: daysOverdue > 0,
    };
    results.push(deadline);
    createdOf.set(deadline, clock.created);
  };

  for (const step of steps) {
    if (rules.facts.lookedAfterStarts.includes(step.type)) facts.lookedAfter = true;
    if (rules.facts.placementStarts.includes(step.type)) facts.placement = { startedOn: step.on, data: step.data };
    if (rules.facts.lookedAfterEnds.includes(step.type)) {
      facts.lookedAfter = false;
      facts.placement = undefined;
    }
    latestOfType.set(step.type, step.on);

    for (const ruleId of index.byType.get(step.type) ?? []) {
      const clocks = open.get(ruleId);
      if (clocks !== undefined && clocks.length > 0) {
        const remaining: Clock[] = [];
        const candidates: Clock[] = [];
        for (const clock of clocks) {
          // A clock never reacts to the event that started it.
          const eligible = clock.startOrder < step.order;
          if (eligible && matches(clock.rule.stoppedBy, step)) {
            record(clock, 'stopped', undefined, step, lateness(clock, step.day, step.on));
            continue;
          }
          if (eligible && matches(clock.rule.metBy, step)) candidates.push(clock);
          remaining.push(clock);
        }
        const met = pickMet(candidates, step);
        if (met) {
          const late = lateness(met, step.day, step.on);
          record(met, late[0] > 0 ? 'met_late' : 'met', step, undefined, late);
        }
        if (met || remaining.length !== clocks.length) open.set(ruleId, met ? remaining.filter((c) => c !== met) : remaining);
        if (met?.rule.then !== undefined) startClock(met.rule.then, step, step.on);
      }

      const rule = rules.editionInForce(ruleId, step.on);
      if (!rule) continue;
      for (const start of rule.starts) {
        const fires = isBirthdayStart(start) ? step.birthdayAge === start.birthday : start.event === step.type;
        if (!fires || (start.where !== undefined && !evaluateCondition(start.where, context(step.on, step.data)))) continue;
        startClock(ruleId, step, isBirthdayStart(start) ? step.on : clockDate(start, step, latestOfType));
        break;
      }
    }
  }

  for (const clocks of open.values()) {
    for (const clock of clocks) {
      const late = lateness(clock, asOfDay, asOf);
      record(clock, late[0] > 0 ? 'overdue' : 'open', undefined, undefined, late);
    }
  }

  return results.sort((a, b) =>
    a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : createdOf.get(a)! - createdOf.get(b)!,
  );
}

/** The day a clock starts: a date named in the event's data, else the latest earlier event of a type, else the event. */
function clockDate(start: EventClockStart, step: Step, latestOfType: ReadonlyMap<string, IsoDate>): IsoDate {
  if (start.datedFromField !== undefined) {
    const named = readField(step.data, start.datedFromField);
    if (isIsoDate(named) && named <= step.on) return named;
  }
  return (start.datedFrom !== undefined ? latestOfType.get(start.datedFrom) : undefined) ?? step.on;
}

function eventRef(step: Step): DeadlineEventRef {
  return { type: step.type, eventId: step.id, on: step.on, recordedAt: step.recordedAt };
}

function correlationOf(field: string | undefined, start: Step): string | undefined {
  if (field === undefined) return undefined;
  const value = readField(start.data, field);
  return typeof value === 'string' ? value : start.id;
}

function pickMet(candidates: readonly Clock[], step: Step): Clock | undefined {
  if (candidates.length === 0) return undefined;
  const field = candidates[0]!.rule.correlateBy;
  const named = field !== undefined ? readField(step.data, field) : undefined;
  // A meeting event that names its clock meets that clock or none: a decision on one contact must not close another.
  if (typeof named === 'string') return candidates.find((clock) => clock.correlation === named);
  return candidates.reduce((oldest, clock) => (clock.startedOn < oldest.startedOn ? clock : oldest));
}

function findDateOfBirth(timeline: readonly TimelineEvent[], fields: readonly string[]): IsoDate | undefined {
  let found: IsoDate | undefined;
  for (const event of timeline) {
    if (!event.data) continue;
    for (const field of fields) {
      const value = readField(event.data, field);
      if (isIsoDate(value)) found = value;
    }
  }
  return found;
}

function orderedSteps(
  input: EvaluateDeadlinesInput,
  dateOfBirth: IsoDate | undefined,
  birthdayAges: readonly number[],
): Step[] {
  const steps: (Step & { readonly rank: number })[] = [];
  input.timeline.forEach((event, position) => {
    const on = effectiveDateOf(event.occurredAt, input.timeZone);
    if (on > input.asOf) return;
    if (input.knownOn !== undefined && event.recordedAt !== undefined && effectiveDateOf(event.recordedAt, input.timeZone ?? 'Europe/London') > input.knownOn) {
      return;
    }
    steps.push({
      order: 0,
      rank: 1,
      type: event.type,
      on,
      day: toDayNumber(on),
      id: event.id,
      ref: event.id ?? `${on}#${position}`,
      recordedAt: event.recordedAt,
      data: event.data ?? {},
    });
  });
  if (dateOfBirth !== undefined) {
    for (const age of birthdayAges) {
      const on = birthdayOn(dateOfBirth, age);
      if (on > input.asOf) continue;
      // A birthday sorts before the day's events: the child is that age all day.
      steps.push({ order: 0, rank: 0, type: BIRTHDAY, on, day: toDayNumber(on), id: undefined, ref: `birthday-${age}`, recordedAt: undefined, data: { age }, birthdayAge: age });
    }
  }
  const sorted = steps
    .map((step, position) => ({ step, position }))
    .sort((a, b) =>
      a.step.on < b.step.on ? -1 : a.step.on > b.step.on ? 1 : a.step.rank - b.step.rank || a.position - b.position,
    );
  return sorted.map(({ step }, order) => ({ ...step, order }));
}
