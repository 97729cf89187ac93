/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) without reading the clock: days are counted from the civil
 * calendar directly, so the same input always gives the same answer whatever the machine's time zone.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** An effective date: a date, or a date-time with hours and minutes (an offset is optional). */
export function isEffectiveDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (isIsoDate(value)) return true;
  const m = DATE_TIME.exec(value);
  if (!m || !isIsoDate(m[1])) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && (m[4] === undefined || Number(m[4]) <= 59);
}

/** The calendar date of an effective date as the worker wrote it (a date-time keeps its own local date). */
export function dateOf(effective: string): string {
  return effective.slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 for a civil date (proleptic Gregorian). */
export function toDayNumber(date: string): number {
  const y0 = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Calendar months, clamped to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** N working days after `date`, the start itself not counted (a start on a non-working day counts from the next). */
export function addWorkingDays(date: string, n: number, isWorkingDay: (date: string) => boolean): string {
  let current = date;
  let counted = 0;
  // A calendar that never yields a working day would loop forever; ten years is far beyond any statutory clock.
  for (let guard = 0; counted < n && guard < 3660; guard++) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) counted++;
  }
  return current;
}

/** Whole years of age on a date. */
export function ageOn(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** The 903/CIN collection year containing a date, named by the year it starts (1 April to 31 March). */
export function collectionYearOf(date: string): number {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= '04-01' ? y : y - 1;
}

export const maxDate = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/**
 * Is an effective date later than `now`? A plain date is compared by calendar day (today is never the future);
 * a date-time with an offset is compared as an instant.
 */
export function isAfterNow(effective: string, now: string): boolean {
  if (isIsoDate(effective) || !/[zZ]|[+-]\d{2}:\d{2}$/.test(effective)) return dateOf(effective) > dateOf(now);
  const at = Date.parse(effective);
  const current = Date.parse(now);
  if (Number.isNaN(at) || Number.isNaN(current)) return dateOf(effective) > dateOf(now);
  return at > current;
}
