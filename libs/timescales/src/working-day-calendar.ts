import type { BankHoliday, BankHolidayRegion, BankHolidaySource } from './bank-holiday.js';
import { isBankHolidayRegion } from './bank-holiday.js';
import { defaultBankHolidaySource } from './date-holidays-source.js';
import {
  fromDayNumber,
  isoDateOf,
  toDayNumber,
  weekdayOfDayNumber,
  yearOf,
  type IsoDate,
} from './iso-date.js';
import { TimescaleError } from './timescale.errors.js';

/** Years the calendar will answer for; beyond them the holiday source is meaningless. */
export const CALENDAR_FIRST_YEAR = 1900;
export const CALENDAR_LAST_YEAR = 2199;

/** No run of non-working days is this long, so this margin always holds a working day on either side. */
const MARGIN_DAYS = 14;

export interface WorkingDayCalendarOptions {
  /** Default: `england-and-wales`. */
  readonly region?: BankHolidayRegion;
  /** Default: the shared `date-holidays` source with our overrides. */
  readonly holidaySource?: BankHolidaySource;
}

/**
 * Working days for one region: Monday to Friday except bank holidays (including substitute and one-off days).
 *
 * Counting follows the timescale guidance: "N working days after S" counts forward N working days with S itself not
 * counted, and a start on a non-working day counts from the next working day (which is then day 0). So a strategy
 * discussion on Monday 6 January 2025 makes the ICPC due by Monday 27 January 2025 (15 WD), and so does one held on
 * Saturday 4 January.
 *
 * Internally the calendar keeps, for a span of whole years, the running count of working days before each day and
 * the list of working days in order, so every question is answered with two array reads rather than a day-by-day
 * walk. The span grows on demand a year at a time; a projection calling this millions of times pays the holiday
 * lookup once per year.
 */
export class WorkingDayCalendar {
  readonly region: BankHolidayRegion;
  private readonly source: BankHolidaySource;
  private firstYear = 0;
  private lastYear = -1;
  /** Day number of 1 January of `firstYear`. */
  private low = 0;
  /** Day number just after 31 December of `lastYear`. */
  private high = 0;
  /** before[i] = number of working days in [low, low + i). Length high − low + 1. */
  private before = new Int32Array(1);
  /** workingDays[k] = day number of the k-th working day of the span (0-based). */
  private workingDays = new Int32Array(0);
  private readonly holidays = new Map<number, BankHoliday>();
  private readonly holidaysByYear = new Map<number, readonly BankHoliday[]>();

  constructor(options: WorkingDayCalendarOptions = {}) {
    const region = options.region ?? 'england-and-wales';
    if (!isBankHolidayRegion(region)) {
      throw new TimescaleError('INVALID_ARGUMENT', 'Region must be england-and-wales, scotland or northern-ireland.');
    }
    this.region = region;
    this.source = options.holidaySource ?? defaultBankHolidaySource();
  }

  isWorkingDay(date: IsoDate): boolean {
    const day = toDayNumber(date);
    this.cover(day, day);
    return this.before[day - this.low + 1]! - this.before[day - this.low]! === 1;
  }

  /** The bank holiday on `date`, if any (weekday holidays only: a Sunday Christmas has a substitute instead). */
  bankHolidayOn(date: IsoDate): BankHoliday | undefined {
    const day = toDayNumber(date);
    this.cover(day, day);
    return this.holidays.get(day);
  }

  /** Weekday bank holidays of `year`, sorted: the days the region's banks are shut. */
  holidaysIn(year: number): readonly BankHoliday[] {
    if (!Number.isInteger(year)) throw new TimescaleError('INVALID_ARGUMENT', 'A year must be a whole number.');
    this.coverYears(year, year);
    return this.holidaysByYear.get(year) ?? [];
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    const day = toDayNumber(date) + 1;
    this.cover(day, day);
    return fromDayNumber(this.workingDays[this.before[day - this.low]!]!);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate {
    const day = toDayNumber(date) - 1;
    this.cover(day, day);
    return fromDayNumber(this.workingDays[this.before[day - this.low + 1]! - 1]!);
  }

  /** `date` itself if it is a working day, otherwise the next one. */
  workingDayOnOrAfter(date: IsoDate): IsoDate {
    const day = toDayNumber(date);
    this.cover(day, day);
    return fromDayNumber(this.workingDays[this.before[day - this.low]!]!);
  }

  /** `date` itself if it is a working day, otherwise the previous one. */
  workingDayOnOrBefore(date: IsoDate): IsoDate {
    const day = toDayNumber(date);
    this.cover(day, day);
    return fromDayNumber(this.workingDays[this.before[day - this.low + 1]! - 1]!);
  }

  /**
   * N working days after `start`, `start` not counted; a non-working start counts from the next working day.
   * `n = 0` answers that rolled-forward start. A negative `n` subtracts.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    assertCount(n);
    if (n < 0) return this.subtractWorkingDays(start, -n);
    const day = toDayNumber(start);
    this.cover(day, day);
    const target = this.before[day - this.low]! + n;
    this.coverOrdinal(target);
    return fromDayNumber(this.workingDays[target]!);
  }

  /**
   * N working days before `start`, counted backwards the same way: a non-working start counts from the previous
   * working day. For a working-day start this inverts {@link addWorkingDays}.
   */
  subtractWorkingDays(start: IsoDate, n: number): IsoDate {
    assertCount(n);
    if (n < 0) return this.addWorkingDays(start, -n);
    const day = toDayNumber(start);
    this.cover(day, day);
    let target = this.before[day - this.low + 1]! - 1 - n;
    while (target < 0) {
      const extraYears = Math.ceil(-target / 250) + 1;
      if (this.firstYear - extraYears < CALENDAR_FIRST_YEAR) throw outOfRange();
      this.coverYears(this.firstYear - extraYears, this.lastYear);
      target = this.before[day - this.low + 1]! - 1 - n;
    }
    return fromDayNumber(this.workingDays[target]!);
  }

  /**
   * Working days from `a` to `b`, counted as {@link addWorkingDays} counts them, so that
   * `workingDaysBetween(a, addWorkingDays(a, n)) === n` and "within 15 working days" is the same test as
   * "on or before the due date". `a` is not counted, `b` is; a non-working `a` counts from the next working day, and
   * a non-working `b` counts as the next working day.
   * Negative when `b` is before `a`; 0 when no working day lies between.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const dayA = toDayNumber(a);
    const dayB = toDayNumber(b);
    if (dayB < dayA) return -this.workingDaysBetween(b, a);
    this.cover(dayA, dayB);
    const inclusive = this.before[dayB - this.low + 1]! - this.before[dayA - this.low]!;
    // A non-working `b` counts as the next working day: something done on the Saturday after a Friday due date is
    // one working day late, so "within N working days" always agrees with "on or before the due date".
    const bIsWorking = this.before[dayB - this.low + 1]! > this.before[dayB - this.low]!;
    return Math.max(0, inclusive + (bIsWorking ? 0 : 1) - 1);
  }

  /** How many working days fall in `[from, to]`, both ends included; 0 when `to` is before `from`. */
  workingDaysInRange(from: IsoDate, to: IsoDate): number {
    const dayFrom = toDayNumber(from);
    const dayTo = toDayNumber(to);
    if (dayTo < dayFrom) return 0;
    this.cover(dayFrom, dayTo);
    return this.before[dayTo - this.low + 1]! - this.before[dayFrom - this.low]!;
  }

  private cover(fromDay: number, toDay: number): void {
    if (fromDay - MARGIN_DAYS >= this.low && toDay + MARGIN_DAYS < this.high) return;
    this.coverYears(yearOf(fromDayNumber(fromDay - MARGIN_DAYS)), yearOf(fromDayNumber(toDay + MARGIN_DAYS)));
  }

  private coverOrdinal(ordinal: number): void {
    while (ordinal >= this.workingDays.length) {
      const extraYears = Math.ceil((ordinal - this.workingDays.length + 1) / 250) + 1;
      this.coverYears(this.firstYear, this.lastYear + extraYears);
    }
  }

  private coverYears(fromYear: number, toYear: number): void {
    const first = this.lastYear < this.firstYear ? fromYear : Math.min(fromYear, this.firstYear);
    const last = this.lastYear < this.firstYear ? toYear : Math.max(toYear, this.lastYear);
    if (first === this.firstYear && last === this.lastYear) return;
    if (first < CALENDAR_FIRST_YEAR || last > CALENDAR_LAST_YEAR) throw outOfRange();
    for (let year = first; year <= last; year++) {
      if (this.holidaysByYear.has(year)) continue;
      const list = this.source.holidaysIn(this.region, year);
      this.holidaysByYear.set(year, list);
      for (const holiday of list) this.holidays.set(toDayNumber(holiday.date), holiday);
    }
    const low = toDayNumber(isoDateOf(first, 1, 1));
    const high = toDayNumber(isoDateOf(last, 12, 31)) + 1;
    const before = new Int32Array(high - low + 1);
    const working = new Int32Array(high - low);
    let count = 0;
    for (let day = low; day < high; day++) {
      before[day - low] = count;
      if (weekdayOfDayNumber(day) <= 5 && !this.holidays.has(day)) working[count++] = day;
    }
    before[high - low] = count;
    this.firstYear = first;
    this.lastYear = last;
    this.low = low;
    this.high = high;
    this.before = before;
    this.workingDays = working.slice(0, count);
  }
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new TimescaleError('INVALID_ARGUMENT', 'The number of working days must be a whole number.');
}

function outOfRange(): TimescaleError {
  return new TimescaleError(
    'DATE_OUT_OF_RANGE',
    `Working days can only be counted between ${CALENDAR_FIRST_YEAR} and ${CALENDAR_LAST_YEAR}.`,
  );
}

const calendars = new Map<BankHolidayRegion, WorkingDayCalendar>();

/** The process-wide calendar for a region (default England and Wales), shared so its index is built once. */
export function workingDayCalendar(region: BankHolidayRegion = 'england-and-wales'): WorkingDayCalendar {
  let calendar = calendars.get(region);
  if (!calendar) {
    calendar = new WorkingDayCalendar({ region });
    calendars.set(region, calendar);
  }
  return calendar;
}
