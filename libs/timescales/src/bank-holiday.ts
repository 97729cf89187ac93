import type { IsoDate } from './iso-date.js';

/**
 * The three bank-holiday jurisdictions of the United Kingdom, named as GOV.UK names its lists. England and Wales
 * share one list; an English local authority uses `england-and-wales`.
 */
export type BankHolidayRegion = 'england-and-wales' | 'scotland' | 'northern-ireland';

export const BANK_HOLIDAY_REGIONS: readonly BankHolidayRegion[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** A day on which the region's banks close that would otherwise be a working day (Monday to Friday). */
export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
  /** True when the day stands in for a holiday that fell on a weekend (e.g. 27 December 2022). */
  readonly substitute: boolean;
  /** Where the day comes from: the maintained holiday package, or a named correction in our overrides table. */
  readonly source: string;
}

/** Anything that can answer a region's bank holidays for a year; the calendar caches what it is given. */
export interface BankHolidaySource {
  /** Weekday bank holidays of the year, sorted by date. */
  holidaysIn(region: BankHolidayRegion, year: number): readonly BankHoliday[];
}

export function isBankHolidayRegion(value: unknown): value is BankHolidayRegion {
  return typeof value === 'string' && (BANK_HOLIDAY_REGIONS as readonly string[]).includes(value);
}
