import { addDays, addMonths, addWeeks, type IsoDate } from './iso-date.js';
import { TimescaleError } from './timescale.errors.js';
import type { WorkingDayCalendar } from './working-day-calendar.js';

/** How a timescale is counted. */
export type ClockKind = 'working_days' | 'days' | 'weeks' | 'months';

export const CLOCK_KINDS: readonly ClockKind[] = ['working_days', 'days', 'weeks', 'months'];

export interface Duration {
  readonly kind: ClockKind;
  readonly amount: number;
}

export function isDuration(value: unknown): value is Duration {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, amount } = value as { kind?: unknown; amount?: unknown };
  return (
    typeof kind === 'string' &&
    (CLOCK_KINDS as readonly string[]).includes(kind) &&
    typeof amount === 'number' &&
    Number.isInteger(amount) &&
    amount > 0
  );
}

/**
 * The due date of a clock started on `start`. Working days follow the calendar's counting rule; days, weeks and
 * months are plain calendar arithmetic (months clamped to the month's end) and may land on a weekend, as the
 * regulations do not move them.
 */
export function dueDate(calendar: WorkingDayCalendar, start: IsoDate, duration: Duration): IsoDate {
  switch (duration.kind) {
    case 'working_days':
      return calendar.addWorkingDays(start, duration.amount);
    case 'days':
      return addDays(start, duration.amount);
    case 'weeks':
      return addWeeks(start, duration.amount);
    case 'months':
      return addMonths(start, duration.amount);
    default: {
      const unknown: never = duration.kind;
      throw new TimescaleError('INVALID_ARGUMENT', `Unknown clock kind: ${String(unknown)}`);
    }
  }
}

export function describeDuration(duration: Duration): string {
  const unit: Record<ClockKind, [string, string]> = {
    working_days: ['working day', 'working days'],
    days: ['day', 'days'],
    weeks: ['week', 'weeks'],
    months: ['month', 'months'],
  };
  const [one, many] = unit[duration.kind];
  return `${duration.amount} ${duration.amount === 1 ? one : many}`;
}
