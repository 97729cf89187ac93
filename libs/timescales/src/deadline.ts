import type { Duration } from './duration.js';
import type { IsoDate } from './iso-date.js';
import type { RuleStandard } from './timescale-rule.js';

/**
 * - `open`: not yet met, not yet past its due date;
 * - `overdue`: not met and the due date has passed (as of the evaluation date);
 * - `met`: met on or before the due date (by the meeting event's effective date);
 * - `met_late`: met after the due date;
 * - `stopped`: the clock stopped before being met (plan ended, child ceased to be looked after, placement ended…).
 */
export type DeadlineStatus = 'open' | 'met' | 'met_late' | 'overdue' | 'stopped';

export interface DeadlineEventRef {
  readonly type: string;
  /** Absent for a clock started by a birthday, or when the timeline carried no ids. */
  readonly eventId?: string;
  /** Effective date of the event. */
  readonly on: IsoDate;
  /** When it was recorded, if known; shows a late recording of something done in time. */
  readonly recordedAt?: string;
}

/**
 * One clock of one rule for one child. Every deadline has every key: facts that do not apply (`metOn` of an open
 * clock, `clockVariant` of a plain rule) are `undefined`, and disappear when serialised to JSON.
 */
export interface Deadline {
  /** Stable across re-evaluations of the same timeline: `<ruleId>:<id of the event that started the clock>`. */
  readonly key: string;
  readonly ruleId: string;
  readonly edition: string;
  readonly name: string;
  readonly standard: RuleStandard;
  /** Why the date is due: regulation, guidance or local standard. */
  readonly source: string;
  /** The timescale applied (after choosing any variant). */
  readonly clock: Duration;
  /** Which variant chose the clock, if one did. */
  readonly clockVariant?: string;
  readonly startedOn: IsoDate;
  readonly startedBy: DeadlineEventRef;
  readonly dueOn: IsoDate;
  readonly status: DeadlineStatus;
  readonly metOn?: IsoDate;
  readonly metBy?: DeadlineEventRef;
  readonly stoppedOn?: IsoDate;
  readonly stoppedBy?: DeadlineEventRef;
  /**
   * Calendar days past the due date: as of the evaluation date when overdue, at meeting when met late, at the stop
   * when a clock was stopped after lapsing; otherwise 0.
   */
  readonly daysOverdue: number;
  /** Working days after the due date up to the same point (the due date itself not counted). */
  readonly workingDaysOverdue: number;
  /** True when the due date passed before the clock was met or stopped: the timescale was missed. */
  readonly breached: boolean;
}
