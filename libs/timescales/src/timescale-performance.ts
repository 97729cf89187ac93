import type { Deadline } from './deadline.js';
import { isWithinPeriod, type Period } from './period.js';

/** How one rule (or all rules) did over a period: the "within timescale" share managers report. */
export interface TimescalePerformance {
  readonly period: Period;
  /** Clocks met in the period (in time or late): the denominator, as the CIN census counts ICPCs held in the year. */
  readonly completed: number;
  readonly inTimescale: number;
  /** Met in the period, after the due date. */
  readonly metLate: number;
  /** inTimescale / completed; null when nothing was completed. */
  readonly rate: number | null;
  /**
   * Clocks past their due date and neither met nor stopped by the period's last day. Only meaningful when the
   * deadlines were evaluated as of that day or later.
   */
  readonly overdueAtEnd: number;
}

export function timescalePerformance(
  deadlines: Iterable<Deadline>,
  period: Period,
  filter: { readonly ruleId?: string } = {},
): TimescalePerformance {
  let completed = 0;
  let inTimescale = 0;
  let overdueAtEnd = 0;
  for (const deadline of deadlines) {
    if (filter.ruleId !== undefined && deadline.ruleId !== filter.ruleId) continue;
    if (deadline.metOn !== undefined && isWithinPeriod(deadline.metOn, period)) {
      completed++;
      if (deadline.metOn <= deadline.dueOn) inTimescale++;
    }
    const closedBy = deadline.metOn ?? deadline.stoppedOn;
    if (deadline.dueOn < period.end && (closedBy === undefined || closedBy > period.end)) overdueAtEnd++;
  }
  return {
    period,
    completed,
    inTimescale,
    metLate: completed - inTimescale,
    rate: completed === 0 ? null : inTimescale / completed,
    overdueAtEnd,
  };
}
