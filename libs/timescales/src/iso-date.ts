import { TimescaleError } from './timescale.errors.js';

/**
 * A calendar date, `YYYY-MM-DD`, with no time and no time zone. Timescales are counted in whole days as the
 * worker reports them, so every computation here is plain integer arithmetic on day numbers: nothing reads the
 * machine's clock or time zone.
 */
export type IsoDate = string;

/** Day of the week, ISO numbering: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DIGIT_0 = 48;

function digit(text: string, index: number): number {
  const d = text.charCodeAt(index) - DIGIT_0;
  return d >= 0 && d <= 9 ? d : -1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Hand-rolled parse: this runs millions of times in a projection, and a regex per call shows up in profiles. */
function parseYmd(value: string): Ymd | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const y0 = digit(value, 0), y1 = digit(value, 1), y2 = digit(value, 2), y3 = digit(value, 3);
  const m0 = digit(value, 5), m1 = digit(value, 6), d0 = digit(value, 8), d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function ymdOrThrow(value: string): Ymd {
  const ymd = typeof value === 'string' ? parseYmd(value) : undefined;
  if (!ymd) throw new TimescaleError('INVALID_DATE', 'Expected a real calendar date written YYYY-MM-DD.');
  return ymd;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseYmd(value) !== undefined;
}

/** Throws INVALID_DATE unless `value` is a real `YYYY-MM-DD` date. */
export function assertIsoDate(value: unknown): asserts value is IsoDate {
  if (!isIsoDate(value)) throw new TimescaleError('INVALID_DATE', 'Expected a real calendar date written YYYY-MM-DD.');
}

// Day numbers count days from 1970-01-01 (proleptic Gregorian), using the well-known era/day-of-era
// decomposition so that the conversion is exact for every year without loops.
function dayNumberOfYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function ymdOfDayNumber(dayNumber: number): Ymd {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatYmd(year: number, month: number, day: number): IsoDate {
  if (year < 1 || year > 9999) throw new TimescaleError('DATE_OUT_OF_RANGE', 'Dates must fall in the years 0001 to 9999.');
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = ymdOrThrow(date);
  return dayNumberOfYmd(year, month, day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber)) throw new TimescaleError('INVALID_ARGUMENT', 'A day number must be a whole number.');
  const { year, month, day } = ymdOfDayNumber(dayNumber);
  return formatYmd(year, month, day);
}

export function yearOf(date: IsoDate): number {
  return ymdOrThrow(date).year;
}

export function isoDateOf(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new TimescaleError('INVALID_DATE', 'Year, month and day must be whole numbers.');
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new TimescaleError('INVALID_DATE', 'That day does not exist in that month.');
  }
  return formatYmd(year, month, day);
}

/** ISO weekday of a day number: 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): IsoWeekday {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

export function weekdayOf(date: IsoDate): IsoWeekday {
  return weekdayOfDayNumber(toDayNumber(date));
}

function assertWhole(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new TimescaleError('INVALID_ARGUMENT', `${what} must be a whole number.`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertWhole(days, 'The number of days');
  return fromDayNumber(toDayNumber(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  assertWhole(weeks, 'The number of weeks');
  return addDays(date, weeks * 7);
}

/**
 * Calendar months, clamped to the end of the target month: 31 January + 1 month = 28 (or 29) February, and
 * 31 August + 6 months = the last day of February. This is how "within 3 months" is read for reviews.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertWhole(months, 'The number of months');
  const { year, month, day } = ymdOrThrow(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return formatYmd(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Calendar years, clamped like {@link addMonths}: 29 February + 1 year = 28 February. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertWhole(years, 'The number of years');
  return addMonths(date, years * 12);
}

/** `b − a` in days: positive when `b` is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO dates sort as strings; this validates both and answers −1, 0 or 1. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const da = toDayNumber(a);
  const db = toDayNumber(b);
  return da < db ? -1 : da > db ? 1 : 0;
}

/**
 * The date on which someone born on `dateOfBirth` reaches `age`. A person born on 29 February reaches a new
 * age on 1 March in a common year: the reading usually given to the Family Law Reform Act 1969 s9 in England
 * and Wales (age is attained at the start of the anniversary, and a common year has no 29 February).
 */
export function birthdayOn(dateOfBirth: IsoDate, age: number): IsoDate {
  assertWhole(age, 'An age');
  const { year, month, day } = ymdOrThrow(dateOfBirth);
  const targetYear = year + age;
  if (month === 2 && day === 29 && !isLeapYear(targetYear)) return formatYmd(targetYear, 3, 1);
  return formatYmd(targetYear, month, day);
}

/** Whole years of age on `on`; −1 before birth. */
export function ageInYears(dateOfBirth: IsoDate, on: IsoDate): number {
  const birth = ymdOrThrow(dateOfBirth);
  const target = ymdOrThrow(on);
  const onDay = dayNumberOfYmd(target.year, target.month, target.day);
  if (onDay < dayNumberOfYmd(birth.year, birth.month, birth.day)) return -1;
  const age = target.year - birth.year;
  return toDayNumber(birthdayOn(dateOfBirth, age)) > onDay ? age - 1 : age;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar day an event happened, from its `occurredAt`.
 * - `YYYY-MM-DD` is already a day.
 * - A date-time keeps the date it was written with (`2025-01-06T10:00`, `2025-01-06T23:30:00Z`,
 *   `2025-01-06T23:30:00+01:00` are all 6 January): the worker's own account of the day, and the same reading as
 *   the journey's `dateOf`, so the journey and the timescales never disagree about which day something happened.
 * - Given a `timeZone`, an instant with `Z` or an offset is instead placed on that zone's calendar (for system
 *   instants such as `recordedAt`: 23:30Z on 30 June is 1 July in Europe/London). The zone is always named,
 *   never taken from the machine.
 */
export function effectiveDateOf(occurredAt: string, timeZone?: string): IsoDate {
  if (isIsoDate(occurredAt)) return occurredAt;
  const match = typeof occurredAt === 'string' ? INSTANT.exec(occurredAt) : null;
  const datePart = match?.[1];
  if (!match || datePart === undefined || !isIsoDate(datePart)) {
    throw new TimescaleError('INVALID_DATE', 'Expected an ISO 8601 date or date-time.');
  }
  if (match[2] === undefined || timeZone === undefined) return datePart;
  const instant = new Date(occurredAt);
  if (Number.isNaN(instant.getTime())) throw new TimescaleError('INVALID_DATE', 'Expected an ISO 8601 date or date-time.');
  let day = '', month = '', year = '';
  for (const part of dayFormatter(timeZone).formatToParts(instant)) {
    if (part.type === 'day') day = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'year') year = part.value;
  }
  const result = `${year}-${month}-${day}`;
  assertIsoDate(result);
  return result;
}
