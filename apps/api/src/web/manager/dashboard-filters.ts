import { type IsoDate, type PeriodKind, isIsoDate } from '@cje/timescales';

/**
 * The dashboard's filters, read from a GET form's query string (so they work without JavaScript, and a filtered
 * page can be bookmarked or shared): whose work (team, worker), which reporting period, judged as at which day,
 * and how far ahead "due soon" looks. Bad values come back as errors for the form, worded for the person at it.
 */

/** The periods offered: those managers report on (journey.md). The indicator and rates queries take each. */
export const DASHBOARD_PERIODS = ['month', 'quarter', 'year_to_date', 'financial_year'] as const satisfies readonly PeriodKind[];
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export const PERIOD_LABELS: Readonly<Record<DashboardPeriod, string>> = {
  month: 'Month',
  quarter: 'Quarter',
  year_to_date: 'Year to date',
  financial_year: 'Financial year',
};

export const DUE_SOON_CHOICES = [5, 10, 20] as const;
export type DueSoonDays = (typeof DUE_SOON_CHOICES)[number];

/** The query parameters the filters own; everything else (page cursors) is the page's own. */
export interface DashboardFilters {
  /** Unset: the caller's own team, or the whole service for those who see every team (case-scope.ts). */
  readonly team?: string;
  readonly workerId?: string;
  readonly period: DashboardPeriod;
  readonly asOf: IsoDate;
  readonly workingDays: DueSoonDays;
  /** A command's position: wait (up to 5 s) until the read models include it. */
  readonly waitForPosition?: number;
}

export interface FilterError {
  readonly field: 'team' | 'workerId' | 'period' | 'asOf' | 'workingDays' | 'waitForPosition' | 'cursor';
  /** The error summary's link: the field in error. */
  readonly href: string;
  readonly text: string;
}

export interface ParsedFilters {
  readonly filters: DashboardFilters;
  readonly errors: readonly FilterError[];
  /** What the date fields show: as typed when wrong, else the day judged by. */
  readonly asOfFields: { readonly day: string; readonly month: string; readonly year: string };
}

const DEFAULT_PERIOD: DashboardPeriod = 'quarter';
const DEFAULT_DUE_SOON: DueSoonDays = 10;
/** As the API's query DTOs: ids of teams and workers. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A single query value: a repeated parameter (?team=a&team=b) is an error rather than a silent choice. */
function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined | string[] {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  // Repeated (?a=1&a=2) or nested (?a[b]=1): not a single value, so the caller reports it.
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [''];
}

function dateFields(date: IsoDate): { day: string; month: string; year: string } {
  return { day: String(Number(date.slice(8, 10))), month: String(Number(date.slice(5, 7))), year: date.slice(0, 4) };
}

/**
 * The "as at" day from the three GOV.UK date fields (asOf-day, asOf-month, asOf-year), else from `asOf`
 * (YYYY-MM-DD, as links carry it), else today. Messages follow the GOV.UK date input pattern.
 */
function parseAsOf(
  query: Readonly<Record<string, unknown>>,
  today: IsoDate,
): { asOf: IsoDate; error?: string; fields: { day: string; month: string; year: string } } {
  const parts = { day: single(query, 'asOf-day'), month: single(query, 'asOf-month'), year: single(query, 'asOf-year') };
  if (parts.day !== undefined || parts.month !== undefined || parts.year !== undefined) {
    if (Array.isArray(parts.day) || Array.isArray(parts.month) || Array.isArray(parts.year)) {
      return { asOf: today, error: 'Enter one ‘as at’ date', fields: dateFields(today) };
    }
    const fields = { day: parts.day ?? '', month: parts.month ?? '', year: parts.year ?? '' };
    if (fields.day === '' && fields.month === '' && fields.year === '') return { asOf: today, fields: dateFields(today) };
    const missing = (['day', 'month', 'year'] as const).filter((k) => fields[k] === '');
    if (missing.length > 0) return { asOf: today, error: `The ‘as at’ date must include a ${missing.join(' and ')}`, fields };
    if (!/^\d{1,2}$/.test(fields.day) || !/^\d{1,2}$/.test(fields.month) || !/^\d{4}$/.test(fields.year)) {
      return { asOf: today, error: 'The ‘as at’ date must be a real date, for example 31 3 2025', fields };
    }
    const iso = `${fields.year}-${fields.month.padStart(2, '0')}-${fields.day.padStart(2, '0')}`;
    if (!isIsoDate(iso)) return { asOf: today, error: 'The ‘as at’ date must be a real date, for example 31 3 2025', fields };
    return { asOf: iso, fields };
  }
  const plain = single(query, 'asOf');
  if (plain === undefined || plain === '') return { asOf: today, fields: dateFields(today) };
  if (Array.isArray(plain) || !isIsoDate(plain)) return { asOf: today, error: 'The ‘as at’ date must be a real date, for example 31 3 2025', fields: dateFields(today) };
  return { asOf: plain, fields: dateFields(plain) };
}

/** Reads the filters; every field falls back to its default when absent, and says what is wrong when bad. */
export function parseFilters(query: Readonly<Record<string, unknown>>, today: IsoDate): ParsedFilters {
  const errors: FilterError[] = [];
  const team = single(query, 'team');
  const workerId = single(query, 'workerId');
  const period = single(query, 'period');
  const workingDays = single(query, 'workingDays');
  const waitForPosition = single(query, 'waitForPosition');

  let teamValue: string | undefined;
  if (Array.isArray(team) || (team !== undefined && team !== '' && !ID.test(team))) {
    errors.push({ field: 'team', href: '#team', text: 'Choose a team from the list' });
  } else if (team !== undefined && team !== '') teamValue = team;

  let workerValue: string | undefined;
  if (Array.isArray(workerId) || (workerId !== undefined && workerId !== '' && !ID.test(workerId))) {
    errors.push({ field: 'workerId', href: '#team', text: 'The worker is not a worker id' });
  } else if (workerId !== undefined && workerId !== '') workerValue = workerId;

  let periodValue: DashboardPeriod = DEFAULT_PERIOD;
  if (period !== undefined && period !== '') {
    if (Array.isArray(period) || !(DASHBOARD_PERIODS as readonly string[]).includes(period)) {
      errors.push({ field: 'period', href: '#period', text: 'Choose a period from the list' });
    } else periodValue = period as DashboardPeriod;
  }

  const asOf = parseAsOf(query, today);
  if (asOf.error) errors.push({ field: 'asOf', href: '#asOf-day', text: asOf.error });

  let days: DueSoonDays = DEFAULT_DUE_SOON;
  if (workingDays !== undefined && workingDays !== '') {
    const n = Array.isArray(workingDays) ? NaN : Number(workingDays);
    if (!(DUE_SOON_CHOICES as readonly number[]).includes(n)) {
      errors.push({ field: 'workingDays', href: '#workingDays', text: `Choose how far ahead to look: ${DUE_SOON_CHOICES.join(', ')} working days` });
    } else days = n as DueSoonDays;
  }

  let position: number | undefined;
  if (waitForPosition !== undefined && waitForPosition !== '') {
    if (Array.isArray(waitForPosition) || !/^[1-9]\d{0,15}$/.test(waitForPosition)) {
      errors.push({ field: 'waitForPosition', href: '#main-content', text: 'The position to wait for must be a whole number of at least 1' });
    } else position = Number(waitForPosition);
  }

  return {
    filters: {
      ...(teamValue !== undefined ? { team: teamValue } : {}),
      ...(workerValue !== undefined ? { workerId: workerValue } : {}),
      period: periodValue,
      asOf: asOf.asOf,
      workingDays: days,
      ...(position !== undefined ? { waitForPosition: position } : {}),
    },
    errors,
    asOfFields: asOf.fields,
  };
}

/** A page cursor from the query: a single string of the shape the read models' cursors have. */
export function parseCursor(query: Readonly<Record<string, unknown>>, name: string): { cursor?: string; error?: FilterError } {
  const value = single(query, name);
  if (value === undefined || value === '') return {};
  if (Array.isArray(value) || value.length > 1000 || !/^[A-Za-z0-9_=-]+$/.test(value)) {
    return { error: { field: 'cursor', href: '#main-content', text: 'That page link is not valid: go back to the first page' } };
  }
  return { cursor: value };
}

/** The row number a page starts at (display only: "Showing 26 to 50 of 120"); 1 when absent or not a number. */
export function parseFrom(query: Readonly<Record<string, unknown>>, name = 'from'): number {
  const value = single(query, name);
  return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : 1;
}

/**
 * A dashboard link that keeps the filters: `path?team=…&period=…&asOf=…` (defaults left out, so links stay short),
 * with `extra` parameters (cursors) added; `waitForPosition` is not carried (it is for the first page load).
 */
export function dashboardHref(path: string, filters: DashboardFilters, extra: Readonly<Record<string, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  if (filters.team !== undefined) params.set('team', filters.team);
  if (filters.workerId !== undefined) params.set('workerId', filters.workerId);
  if (filters.period !== DEFAULT_PERIOD) params.set('period', filters.period);
  params.set('asOf', filters.asOf);
  if (filters.workingDays !== DEFAULT_DUE_SOON) params.set('workingDays', String(filters.workingDays));
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, String(value));
  return `${path}?${params.toString()}`;
}

export interface PaginationView {
  /** "Showing 26 to 50 of 120". */
  readonly summary: string;
  readonly previous?: { readonly href: string; readonly text: string };
  readonly next?: { readonly href: string; readonly text: string };
}

/**
 * Cursor paging: the read models page forwards only, so the links are "Next page" and "First page"; `from`
 * (the first row's number) is carried only to say which rows are shown.
 */
export function pagination(
  path: string,
  filters: DashboardFilters,
  from: number,
  shown: number,
  total: number | undefined,
  nextCursor: string | null,
  options: {
    readonly cursorName?: string;
    readonly fromName?: string;
    readonly keep?: Readonly<Record<string, string | number | undefined>>;
    readonly fragment?: string;
  } = {},
): PaginationView {
  const cursorName = options.cursorName ?? 'cursor';
  const fromName = options.fromName ?? 'from';
  const hash = options.fragment ? `#${options.fragment}` : '';
  const to = from + shown - 1;
  const of = total === undefined ? '' : ` of ${total}`;
  return {
    summary: shown === 0 ? '' : `Showing ${from} to ${to}${of}`,
    ...(from > 1 ? { previous: { href: `${dashboardHref(path, filters, { ...options.keep })}${hash}`, text: 'First page' } } : {}),
    ...(nextCursor !== null ? { next: { href: `${dashboardHref(path, filters, { ...options.keep, [cursorName]: nextCursor, [fromName]: to + 1 })}${hash}`, text: 'Next page' } } : {}),
  };
}
