import type { Condition } from './condition.js';
import type { Duration } from './duration.js';
import type { IsoDate } from './iso-date.js';

/**
 * - `statutory`: set by regulation or statutory guidance; an authority cannot change it (a new edition of the
 *   guidance is added to the table with its own `effectiveFrom` instead).
 * - `national_indicator`: a national performance threshold (adoption scorecard); likewise not configurable.
 * - `local`: a local practice standard; each authority may set its own value, the table gives the default.
 */
export type RuleStandard = 'statutory' | 'national_indicator' | 'local';

/** A journey event, by its canonical type name, optionally narrowed by a condition on its data. */
export interface EventMatcher {
  readonly type: string;
  readonly where?: Condition;
}

/** The clock starts when a matching event happens. */
export interface EventClockStart {
  readonly event: string;
  readonly where?: Condition;
  /**
   * Date the clock from the latest earlier (or same-day) event of this type instead of the starting event: the
   * ICPC clock starts at the strategy discussion that led to the s47 enquiry, the A1 clock at entry to care.
   */
  readonly datedFrom?: string;
  /** Date the clock from this `YYYY-MM-DD` field of the starting event's data, when present (checked first). */
  readonly datedFromField?: string;
}

/** The clock starts on the child's birthday of this age (needs a date of birth). */
export interface BirthdayClockStart {
  readonly birthday: number;
  readonly where?: Condition;
}

export type ClockStart = EventClockStart | BirthdayClockStart;

/** A different timescale for some circumstances, judged on the day the clock starts; the first match wins. */
export interface ClockVariant {
  readonly label: string;
  readonly when: Condition;
  readonly clock: Duration;
}

/**
 * One edition of one rule. A rule id may have several editions with non-overlapping effective periods; a clock is
 * judged by the edition in force on the day it started, so a 2013 case is judged by the rules of 2013.
 */
export interface TimescaleRule {
  readonly id: string;
  /** Which edition of the rule this is, e.g. `wt2013`. */
  readonly edition: string;
  readonly name: string;
  readonly standard: RuleStandard;
  /** The regulation, guidance or local standard a manager can look up to see why a date is due. */
  readonly source: string;
  /** First day (inclusive) a clock starting on it is judged by this edition. */
  readonly effectiveFrom: IsoDate;
  /** Last day (inclusive) of this edition; open-ended when absent. */
  readonly effectiveTo?: IsoDate;
  /** What starts a fresh clock. Empty for rules reached only as a follow-on (`then`) of another rule. */
  readonly starts: readonly ClockStart[];
  /** The timescale, unless a variant applies. */
  readonly clock: Duration;
  readonly clockVariants?: readonly ClockVariant[];
  readonly metBy: readonly EventMatcher[];
  readonly stoppedBy: readonly EventMatcher[];
  /** The rule whose clock starts when this one is met, on the meeting date; the rule's own id means it repeats. */
  readonly then?: string;
  /**
   * `single`: at most one open clock; a start while one is open is ignored (a new start that is also a stop event
   * replaces it). `parallel`: every start opens its own clock (each contact needs its own decision).
   */
  readonly concurrency: 'single' | 'parallel';
  /**
   * For parallel clocks: a data field both the starting and the meeting event carry (a contact and its MASH decision
   * both carry `contactId`). A meeting event that has the field meets only the clock whose starting event has the
   * same value (or, failing a value there, the same event id); one without it meets the oldest open clock.
   */
  readonly correlateBy?: string;
  /** Caveats a reader of the table should know (approximations, unverified dates). */
  readonly note?: string;
}

export function isBirthdayStart(start: ClockStart): start is BirthdayClockStart {
  return 'birthday' in start;
}
