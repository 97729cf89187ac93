import { CATEGORIES_OF_ABUSE } from '@cje/journey';
import type { CaseCounts, DeadlineView, Indicator, RulePerformance, UnallocatedCase, WorkerCaseload } from '@cje/projections';

/**
 * What the manager's pages show, made from the manager queries' answers: plain values for the templates (which
 * escape everything), worded for people rather than machines. No business rule is decided here.
 */

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

export function formatPercent(value: number): string {
  return `${NUMBER.format(value)}%`;
}

const plural = (n: number, one: string, many: string): string => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** Team ids as people say them: `children-in-care` → `Children in care`; short ids (MASH) in capitals. */
export function teamLabel(team: string): string {
  if (/^[a-z]{1,4}$/.test(team)) return team.toUpperCase();
  const words = team.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Case types with their labels (the caseload read model's codes). */
export const CASE_TYPE_LABELS = {
  CIN: 'Child in need',
  CP: 'Child protection',
  LAC: 'Looked after',
  CARE_LEAVER: 'Care leaver',
} as const;

const STANDARD_LABELS: Readonly<Record<string, string>> = {
  statutory: 'Statutory',
  national_indicator: 'National indicator',
  local: 'Local standard',
};

/**
 * A child's link text: server-made ids are UUIDs, too long for a table, so the first 8 characters (unique enough to
 * tell rows apart; the link carries the whole id); ids a client chose are short and shown whole.
 */
export function childReference(childId: string): string {
  return childId.length > 13 ? childId.slice(0, 8) : childId;
}

export interface DeadlineRow {
  readonly childId: string;
  readonly childRef: string;
  readonly name: string;
  readonly worker: string;
  readonly team: string;
  readonly dueOn: string;
  readonly startedOn: string;
  /** "13 days" when overdue; else when it falls due ("In 3 days"). */
  readonly overdue: string;
  /** "9 working days" when overdue. */
  readonly overdueWorkingDays: string;
  readonly daysOverdue: number;
  readonly source: string;
  readonly standard: string;
}

export function deadlineRow(d: DeadlineView, asOf: string): DeadlineRow {
  return {
    childId: d.childId,
    childRef: childReference(d.childId),
    name: d.name,
    worker: d.workerId ?? 'Unallocated',
    team: d.team === null ? '' : teamLabel(d.team),
    dueOn: d.dueOn,
    startedOn: d.startedOn,
    overdue: d.daysOverdue > 0 ? plural(d.daysOverdue, 'day', 'days') : dueIn(d.dueOn, asOf),
    overdueWorkingDays: d.daysOverdue > 0 ? plural(d.workingDaysOverdue, 'working day', 'working days') : '',
    daysOverdue: d.daysOverdue,
    source: d.source,
    standard: standardLabel(d.standard, d.source),
  };
}

/** The kind of rule, unless its source already says so ("Local standard (default …)"). */
function standardLabel(standard: string | null, source: string): string {
  const label = standard === null ? '' : (STANDARD_LABELS[standard] ?? standard);
  return label !== '' && source.toLowerCase().startsWith(label.toLowerCase()) ? '' : label;
}

function dueIn(dueOn: string, asOf: string): string {
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
  return days <= 0 ? 'Due today' : `In ${plural(days, 'day', 'days')}`;
}

export interface CountRow {
  readonly label: string;
  readonly cin: number;
  readonly cp: number;
  readonly lac: number;
  readonly careLeaver: number;
  readonly total: number;
}

export function countRow(label: string, counts: CaseCounts): CountRow {
  return { label, cin: counts.CIN, cp: counts.CP, lac: counts.LAC, careLeaver: counts.CARE_LEAVER, total: counts.total };
}

export function workerRow(w: WorkerCaseload): CountRow & { readonly workerId: string; readonly team: string } {
  return { ...countRow(w.workerId, w.cases), workerId: w.workerId, team: teamLabel(w.team) };
}

export interface UnallocatedRow {
  readonly childId: string;
  readonly childRef: string;
  readonly team: string;
  readonly caseType: string;
  readonly openSince: string | null;
  readonly waiting: string;
}

export function unallocatedRow(u: UnallocatedCase, asOf: string): UnallocatedRow {
  const waited = u.openSince === null ? null : Math.max(0, Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${u.openSince}T00:00:00Z`)) / 86_400_000));
  return {
    childId: u.childId,
    childRef: childReference(u.childId),
    team: teamLabel(u.team),
    caseType: CASE_TYPE_LABELS[u.caseType],
    openSince: u.openSince,
    waiting: waited === null ? 'Not known' : plural(waited, 'day', 'days'),
  };
}

/** A rule's performance as the page shows it: the rate as text. */
export type RateRow = Omit<RulePerformance, 'rate'> & { readonly rate: string };

export function rateRow(r: RulePerformance): RateRow {
  return {
    ruleId: r.ruleId,
    name: r.name,
    source: r.source,
    completed: r.completed,
    inTimescale: r.inTimescale,
    metLate: r.metLate,
    rate: r.rate === null ? 'None completed' : formatPercent(Math.round(r.rate * 1000) / 10),
    overdueAtEnd: r.overdueAtEnd,
  };
}

/**
 * Rules worth a manager's eye first: those with work done or overdue in the period, then the rest (which would
 * only say "none completed, none overdue"), each group in the rule table's order.
 */
export function rateRows(rules: readonly RulePerformance[]): { readonly active: RateRow[]; readonly quiet: RateRow[] } {
  const rows = rules.map(rateRow);
  return { active: rows.filter((r) => r.completed > 0 || r.overdueAtEnd > 0), quiet: rows.filter((r) => r.completed === 0 && r.overdueAtEnd === 0) };
}

const CATEGORY_PREFIX = 'children_on_cpp_';

/** The indicator's label with any DfE code spelt out (categories of abuse). */
export function indicatorLabel(indicator: Indicator): string {
  if (indicator.id.startsWith(CATEGORY_PREFIX)) {
    const code = indicator.id.slice(CATEGORY_PREFIX.length).toUpperCase();
    const category = CATEGORIES_OF_ABUSE.find((c) => c.code === code);
    if (category) return `Children on a child protection plan: ${category.label} (${category.code})`;
  }
  return indicator.label;
}

/** A figure as the report writes it; null says why there is none. */
export function indicatorValue(indicator: Indicator, wholeService: boolean): string {
  if (indicator.value === null) {
    return indicator.unit === 'rate_per_10000' && !wholeService ? 'Whole service only' : 'Nothing to count';
  }
  switch (indicator.unit) {
    case 'count':
      return formatNumber(indicator.value);
    case 'percent':
      return formatPercent(indicator.value);
    case 'rate_per_10000':
      return `${formatNumber(indicator.value)} per 10,000`;
    case 'days':
      return plural(indicator.value, 'day', 'days');
    case 'weeks':
      return plural(indicator.value, 'week', 'weeks');
    case 'cases_per_worker':
      return `${formatNumber(indicator.value)} cases`;
  }
}

/** What a figure was made of: "12 of 15", "3 children", "40 cases, 8 workers". */
export function indicatorBasis(indicator: Indicator): string {
  const { numerator, denominator } = indicator;
  switch (indicator.unit) {
    case 'percent':
      return numerator !== undefined && denominator !== undefined ? `${formatNumber(numerator)} of ${formatNumber(denominator)}` : '';
    case 'days':
    case 'weeks':
      return denominator !== undefined ? plural(denominator, 'child', 'children') : '';
    case 'cases_per_worker':
      return numerator !== undefined && denominator !== undefined ? `${plural(numerator, 'case', 'cases')}, ${plural(denominator, 'worker', 'workers')}` : '';
    case 'count':
    case 'rate_per_10000':
      return '';
  }
}

export interface IndicatorRow {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly basis: string;
}

export function indicatorRows(indicators: readonly Indicator[], wholeService: boolean): IndicatorRow[] {
  return indicators.map((i) => ({ id: i.id, label: indicatorLabel(i), value: indicatorValue(i, wholeService), basis: indicatorBasis(i) }));
}
