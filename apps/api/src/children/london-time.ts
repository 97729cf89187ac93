/**
 * Social workers record dates as they are in England. The journey compares an effective date with the calendar date
 * of `now`, so `now` is written in Europe/London time with its offset: a visit recorded at 00:30 BST on 1 June is on
 * 1 June, not on the UTC date of 31 May.
 */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface LondonParts {
  readonly date: string;
  readonly time: string;
  readonly offsetMinutes: number;
}

/** Formatting is slow next to the rest of a command's work, and the answer (whole seconds) is the same all through a second. */
let lastSecond = Number.NaN;
let lastParts: LondonParts | undefined;

function londonParts(instant: Date): LondonParts {
  const second = Math.floor(instant.getTime() / 1000);
  if (second === lastSecond && lastParts) return lastParts;
  lastParts = formatParts(instant);
  lastSecond = second;
  return lastParts;
}

function formatParts(instant: Date): LondonParts {
  const parts: Record<string, string> = {};
  for (const part of LONDON.formatToParts(instant)) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.parse(`${date}T${time}Z`) - wholeSeconds) / 60_000);
  return { date, time, offsetMinutes };
}

/** The calendar date in England at this instant (YYYY-MM-DD). */
export function londonDate(instant: Date): string {
  return londonParts(instant).date;
}

/** The instant as an ISO date-time in England's local time with its offset, e.g. `2026-06-01T00:30:00+01:00`. */
export function londonDateTime(instant: Date): string {
  const { date, time, offsetMinutes } = londonParts(instant);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${date}T${time}${offset}`;
}
