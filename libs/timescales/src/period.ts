import { assertIsoDate, daysInMonth, isoDateOf, type IsoDate } from './iso-date.js';
import { TimescaleError } from './timescale.errors.js';

/**
 * Reporting periods. Quarters are calendar quarters labelled as financial quarters (April–June is Q1), as local
 * authority reports do; the financial year runs 1 April to 31 March; `year_to_date` runs from the start of the
 * financial year to the given day.
 */
export type PeriodKind = 'month' | 'quarter' | 'year_to_date' | 'financial_year' | 'calendar_year';

export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year_to_date', 'financial_year', 'calendar_year'];

export interface Period {
  readonly kind: PeriodKind;
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
  readonly label: string;
}

function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The period of `kind` that contains `date`. */
export function periodBounds(kind: PeriodKind, date: IsoDate): Period {
  assertIsoDate(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const fyStart = month >= 4 ? year : year - 1;
  switch (kind) {
    case 'month':
      return { kind, start: isoDateOf(year, month, 1), end: isoDateOf(year, month, daysInMonth(year, month)), label: date.slice(0, 7) };
    case 'quarter': {
      const firstMonth = Math.floor((month - 1) / 3) * 3 + 1;
      const lastMonth = firstMonth + 2;
      const financialQuarter = ((Math.floor((month - 1) / 3) + 3) % 4) + 1;
      return {
        kind,
        start: isoDateOf(year, firstMonth, 1),
        end: isoDateOf(year, lastMonth, daysInMonth(year, lastMonth)),
        label: `${financialYearLabel(fyStart)} Q${financialQuarter}`,
      };
    }
    case 'financial_year':
      return { kind, start: isoDateOf(fyStart, 4, 1), end: isoDateOf(fyStart + 1, 3, 31), label: financialYearLabel(fyStart) };
    case 'year_to_date':
      return { kind, start: isoDateOf(fyStart, 4, 1), end: date, label: `${financialYearLabel(fyStart)} to ${date}` };
    case 'calendar_year':
      return { kind, start: isoDateOf(year, 1, 1), end: isoDateOf(year, 12, 31), label: String(year) };
    default: {
      const unknown: never = kind;
      throw new TimescaleError('INVALID_ARGUMENT', `Unknown period kind: ${String(unknown)}`);
    }
  }
}

export function isWithinPeriod(date: IsoDate, period: Period): boolean {
  return period.start <= date && date <= period.end;
}
