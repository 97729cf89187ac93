import { addDays, addMonths, addYears, ageInYears, isIsoDate, toDayNumber, weekdayOf } from '@cje/timescales';
import { ReturnsError } from './returns.errors.js';

/**
 * A DfE collection year: 1 April to 31 March, named (as the journey names it) by the year it starts. The CIN census
 * for 2025-26 carries `<Year>2026</Year>` and reference date 31 March 2026; the 903 is "the 2025 to 2026 return".
 */
export interface CollectionYear {
  readonly startYear: number;
  /** 1 April of the start year. */
  readonly start: string;
  /** 31 March of the following year: the census reference date. */
  readonly end: string;
  /** `2025-26`. */
  readonly label: string;
}

export function collectionYear(startYear: number): CollectionYear {
  if (!Number.isInteger(startYear) || startYear < 2000 || startYear > 2100)
    throw new ReturnsError('INVALID_YEAR', `A collection year is named by the year it starts (e.g. 2025 for 2025-26); got ${String(startYear)}`);
  return {
    startYear,
    start: `${startYear}-04-01`,
    end: `${startYear + 1}-03-31`,
    label: `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`,
  };
}

/** The calendar date of an effective date exactly as the worker wrote it (the journey's own rule). */
export const dateOf = (effective: string): string => effective.slice(0, 10);

/** Does [from, to] (to null = still open) overlap [start, end]? */
export function overlaps(from: string, to: string | null, start: string, end: string): boolean {
  return from <= end && (to === null || to >= start);
}

export const within = (date: string | null | undefined, start: string, end: string): date is string =>
  date !== null && date !== undefined && date >= start && date <= end;

/** ISO `YYYY-MM-DD` → the DfE CSV form `dd/mm/yyyy`; empty stays empty. */
export function toDfeDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** `dd/mm/yyyy` (also `d/m/yyyy`) → ISO; null for an empty cell; throws on anything else. */
export function fromDfeDate(value: string, where: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
  if (!isIsoDate(iso)) throw new ReturnsError('MALFORMED_SOURCE', `${where}: '${text}' is not a date in the form dd/mm/yyyy`);
  return iso;
}

export const ageOn = (dateOfBirth: string | null, on: string): number | null =>
  dateOfBirth === null || dateOfBirth > on ? null : ageInYears(dateOfBirth, on);

export const isWeekend = (date: string): boolean => weekdayOf(date) >= 6;

export { addDays, addMonths, addYears, toDayNumber };
