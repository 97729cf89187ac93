import { type IsoDate, type Period, addDays, addMonths, addYears, ageInYears, daysBetween, periodBounds } from '@cje/timescales';
import type { SqlQueries, SqlValue } from '../read-model-store.js';
import type { CaseScope } from '../caseloads/case-query.js';
import { scopeWhere } from '../timescales/deadline.queries.js';

export type IndicatorUnit = 'count' | 'percent' | 'rate_per_10000' | 'days' | 'weeks' | 'cases_per_worker';

/** One figure of a committee report. Percentages are 0–100; `numerator`/`denominator` show what they were made of. */
export interface Indicator {
  readonly id: string;
  readonly label: string;
  readonly unit: IndicatorUnit;
  /** Null when there is nothing to divide by (no referrals in the period, …), or no population for a rate. */
  readonly value: number | null;
  readonly numerator?: number;
  readonly denominator?: number;
}

export interface PeriodIndicators {
  readonly period: Period;
  /** The day stock figures (children on plans, looked after, unallocated) are counted on: the period's end, or `asOf`. */
  readonly at: IsoDate;
  readonly indicators: readonly Indicator[];
}

export interface IndicatorReport extends PeriodIndicators {
  /** The same figures month by month. */
  readonly months: readonly PeriodIndicators[];
  /** The 0–17 population rates are per 10,000 of; null when the report covers less than the whole service. */
  readonly population: number | null;
}

export interface IndicatorOptions {
  readonly period: Period;
  /** Nothing is counted after this day; stock figures of a period not yet over are counted on it. */
  readonly asOf: IsoDate;
  readonly scope: CaseScope;
  /** Children aged 0–17 in the authority; rates per 10,000 are given only for the whole service. */
  readonly population: number;
}

const EET = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'];
const SGO = ['E45', 'E46', 'E47', 'E48'];
const ADOPTED = ['E11', 'E12'];
const CATEGORIES = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'];
/** Adoption scorecard A1/A3 threshold: 14 months. */
const A1_THRESHOLD_DAYS = 426;

/** Every indicator of journey.md for a period, and month by month within it. */
export async function indicatorReport(store: SqlQueries, options: IndicatorOptions): Promise<IndicatorReport> {
  const whole = await periodIndicators(store, options.period, options);
  const months: PeriodIndicators[] = [];
  let month = periodBounds('month', options.period.start);
  while (month.start <= options.period.end && month.start <= options.asOf) {
    const clipped: Period = month.end > options.period.end ? { ...month, end: options.period.end } : month;
    months.push(await periodIndicators(store, clipped, options));
    month = periodBounds('month', addDays(month.end, 1));
  }
  return { ...whole, months, population: isWholeService(options.scope) ? options.population : null };
}

function isWholeService(scope: CaseScope): boolean {
  return scope.team === undefined && scope.workerId === undefined;
}

const pct = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : round((100 * numerator) / denominator));
const round = (value: number): number => Math.round(value * 10) / 10;
const average = (values: readonly number[]): number | null => (values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length));

/** The figures of one period. */
export async function periodIndicators(store: SqlQueries, period: Period, options: IndicatorOptions): Promise<PeriodIndicators> {
  const start = period.start;
  const end = period.end < options.asOf ? period.end : options.asOf;
  const at = end;
  const scope = scopeWhere(options.scope, 'c');
  const join = (alias: string): string => `JOIN {{t:caseload}} c ON c.child_id = ${alias}.child_id`;
  const population = isWholeService(options.scope) && options.population > 0 ? options.population : null;
  const rate = (n: number): number | null => (population === null ? null : round((n * 10_000) / population));
  const q = <T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> => store.all<T>(sql, [...params, ...scope.params]);
  const one = async (sql: string, params: readonly SqlValue[]): Promise<Record<string, number | null>> =>
    (await q<Record<string, number | null>>(sql, params))[0] ?? {};
  const n = (value: number | null | undefined): number => Number(value ?? 0);
  const out: Indicator[] = [];
  const count = (id: string, label: string, value: number): void => void out.push({ id, label, unit: 'count', value });
  const percent = (id: string, label: string, numerator: number, denominator: number): void =>
    void out.push({ id, label, unit: 'percent', value: pct(numerator, denominator), numerator, denominator });
  const per10k = (id: string, label: string, value: number): void => void out.push({ id, label, unit: 'rate_per_10000', value: rate(value) });

  // Front door.
  const contacts = await one(
    `SELECT count(*) AS n, sum(CASE WHEN x.decision = 'REFER_TO_CSC' THEN 1 ELSE 0 END) AS referred
     FROM {{t:ind_contact}} x ${join('x')} WHERE x.received_on >= ? AND x.received_on <= ?${scope.sql}`,
    [start, end],
  );
  count('contacts', 'Contacts', n(contacts.n));
  per10k('contacts_rate', 'Contacts per 10,000 children', n(contacts.n));
  percent('contacts_to_referral', 'Contacts converting to referral (%)', n(contacts.referred), n(contacts.n));
  const referrals = await one(
    `SELECT count(*) AS n, sum(x.re_referral) AS re, sum(x.assessed) AS assessed
     FROM {{t:ind_episode}} x ${join('x')} WHERE x.opened_on >= ? AND x.opened_on <= ?${scope.sql}`,
    [start, end],
  );
  count('referrals', 'Referrals', n(referrals.n));
  per10k('referrals_rate', 'Referrals per 10,000 children', n(referrals.n));
  percent('referrals_to_assessment', 'Referrals converting to assessment (%)', n(referrals.assessed), n(referrals.n));
  percent('re_referrals_12_months', 'Re-referrals within 12 months (%)', n(referrals.re), n(referrals.n));

  // Timescales met in the period (deadline read model).
  const met = await q<{ rule_id: string; n: number; in_time: number }>(
    `SELECT d.rule_id, count(*) AS n, sum(CASE WHEN d.met_on <= d.due_on THEN 1 ELSE 0 END) AS in_time
     FROM {{t:deadline}} d ${join('d')} WHERE d.closed_on >= ? AND d.closed_on <= ? AND d.met_on IS NOT NULL AND d.rule_id IN ('assessment', 'icpc', 'cp-visit')${scope.sql}
     GROUP BY d.rule_id`,
    [start, end],
  );
  const metOf = (rule: string): { n: number; inTime: number } => {
    const row = met.find((r) => r.rule_id === rule);
    return { n: n(row?.n), inTime: n(row?.in_time) };
  };
  const assessments = metOf('assessment');
  count('assessments_completed', 'Assessments completed (authorised)', assessments.n);
  percent('assessments_within_45_wd', 'Assessments completed within 45 working days (%)', assessments.inTime, assessments.n);

  // Child protection.
  const s47 = await one(
    `SELECT count(*) AS n, sum(CASE WHEN x.icpc_on IS NOT NULL THEN 1 ELSE 0 END) AS icpc
     FROM {{t:ind_s47}} x ${join('x')} WHERE x.started_on >= ? AND x.started_on <= ?${scope.sql}`,
    [start, end],
  );
  count('s47_enquiries', 'Section 47 enquiries', n(s47.n));
  per10k('s47_rate', 'Section 47 enquiries per 10,000 children', n(s47.n));
  percent('s47_to_icpc', 'Section 47 enquiries leading to an ICPC (%)', n(s47.icpc), n(s47.n));
  const icpcs = metOf('icpc');
  count('icpcs', 'Initial child protection conferences', icpcs.n);
  percent('icpcs_within_15_wd', 'ICPCs within 15 working days of the strategy discussion (%)', icpcs.inTime, icpcs.n);

  const onPlan = await q<{ category: string | null; started_on: string }>(
    `SELECT x.category, x.started_on FROM {{t:ind_plan}} x ${join('x')}
     WHERE x.kind = 'CPP' AND x.started_on <= ? AND (x.ended_on IS NULL OR x.ended_on > ?)${scope.sql}`,
    [at, at],
  );
  count('children_on_cpp', 'Children on a child protection plan', onPlan.length);
  per10k('children_on_cpp_rate', 'Children on a child protection plan per 10,000 children', onPlan.length);
  for (const category of CATEGORIES) {
    count(`children_on_cpp_${category.toLowerCase()}`, `Children on a child protection plan: ${category}`, onPlan.filter((p) => p.category === category).length);
  }
  const twoYearsBefore = addYears(at, -2);
  count('cpp_open_2_years_plus', 'Child protection plans open for 2 years or more', onPlan.filter((p) => p.started_on <= twoYearsBefore).length);
  const ended = await q<{ started_on: string; ended_on: string }>(
    `SELECT x.started_on, x.ended_on FROM {{t:ind_plan}} x ${join('x')}
     WHERE x.kind = 'CPP' AND x.ended_on >= ? AND x.ended_on <= ?${scope.sql}`,
    [start, end],
  );
  percent(
    'cpp_ended_lasting_2_years_plus',
    'Child protection plans ended that lasted 2 years or more (%)',
    ended.filter((p) => addYears(p.started_on, 2) <= p.ended_on).length,
    ended.length,
  );
  const started = await q<{ plan_number: number; started_on: string; previous_ended_on: string | null }>(
    `SELECT x.plan_number, x.started_on, x.previous_ended_on FROM {{t:ind_plan}} x ${join('x')}
     WHERE x.kind = 'CPP' AND x.started_on >= ? AND x.started_on <= ?${scope.sql}`,
    [start, end],
  );
  count('cpp_started', 'Child protection plans started', started.length);
  percent('cpp_second_or_subsequent', 'Second or subsequent child protection plans (%)', started.filter((p) => n(p.plan_number) >= 2).length, started.length);
  percent(
    'cpp_second_within_2_years',
    'Second or subsequent child protection plans within 2 years of the previous (%)',
    started.filter((p) => n(p.plan_number) >= 2 && p.previous_ended_on !== null && addYears(p.previous_ended_on, 2) >= p.started_on).length,
    started.length,
  );
  const visits = metOf('cp-visit');
  percent('cp_visits_in_timescale', 'Child protection visits in timescale (%)', visits.inTime, visits.n);

  // Children in need.
  const cinOpen = await one(
    `SELECT count(DISTINCT x.child_id) AS n FROM {{t:ind_plan}} x ${join('x')}
     WHERE x.kind = 'CIN' AND x.started_on <= ? AND (x.ended_on IS NULL OR x.ended_on > ?)${scope.sql}`,
    [at, at],
  );
  const cinLate = await one(
    `SELECT count(DISTINCT d.child_id) AS n FROM {{t:deadline}} d ${join('d')}
     WHERE d.rule_id = 'cin-plan-review' AND d.due_on < ? AND (d.closed_on IS NULL OR d.closed_on > ?)${scope.sql}`,
    [at, at],
  );
  percent('cin_plan_up_to_date', 'Children on a CIN plan with an up-to-date plan review (%)', Math.max(0, n(cinOpen.n) - n(cinLate.n)), n(cinOpen.n));

  // Looked after.
  const yearBefore = addYears(at, -1);
  const lac = await q<{
    child_id: string;
    started_on: string;
    date_of_birth: string | null;
    placements: number;
    placement_since: string | null;
    distance: number | null;
    inside: number | null;
  }>(
    `SELECT x.child_id, x.started_on, c.date_of_birth,
       (SELECT count(*) FROM {{t:ind_placement}} p WHERE p.child_id = x.child_id AND p.started_on <= ? AND (p.ended_on IS NULL OR p.ended_on > ?)) AS placements,
       cp.started_on AS placement_since, cp.distance_miles AS distance, cp.inside_la AS inside
     FROM {{t:ind_lac}} x ${join('x')}
     LEFT JOIN {{t:ind_placement}} cp ON cp.child_id = x.child_id AND cp.seq = (
       SELECT max(p2.seq) FROM {{t:ind_placement}} p2 WHERE p2.child_id = x.child_id AND p2.started_on <= ?)
     WHERE x.started_on <= ? AND (x.ended_on IS NULL OR x.ended_on > ?)${scope.sql}`,
    [at, yearBefore, at, at, at],
  );
  count('looked_after', 'Looked-after children', lac.length);
  per10k('looked_after_rate', 'Looked-after children per 10,000 children', lac.length);
  percent('lac_3_placements_in_year', 'Looked-after children with 3 or more placements in the last 12 months (%)', lac.filter((l) => n(l.placements) >= 3).length, lac.length);
  // DfE measure: under 16, looked after for 2.5 years or more, in the same placement for 2 years or more.
  const stableBase = lac.filter((l) => l.date_of_birth !== null && ageInYears(l.date_of_birth, at) < 16 && l.started_on <= addMonths(at, -30));
  percent(
    'lac_long_term_stability',
    'Long-term placement stability: under 16, looked after 2.5 years+, same placement 2 years+ (%)',
    stableBase.filter((l) => l.placement_since !== null && l.placement_since <= twoYearsBefore).length,
    stableBase.length,
  );
  percent(
    'lac_placed_outside_over_20_miles',
    'Looked-after children placed outside the authority and more than 20 miles from home (%)',
    lac.filter((l) => l.inside !== null && n(l.inside) === 0 && l.distance !== null && n(l.distance) > 20).length,
    lac.length,
  );
  const lacFlow = await one(
    `SELECT sum(CASE WHEN x.started_on >= ? AND x.started_on <= ? THEN 1 ELSE 0 END) AS started,
            sum(CASE WHEN x.ended_on >= ? AND x.ended_on <= ? THEN 1 ELSE 0 END) AS ceased,
            sum(CASE WHEN x.ended_on >= ? AND x.ended_on <= ? AND x.reason_ceased IN (${ADOPTED.map(() => '?').join(', ')}) THEN 1 ELSE 0 END) AS adopted,
            sum(CASE WHEN x.ended_on >= ? AND x.ended_on <= ? AND x.reason_ceased IN (${SGO.map(() => '?').join(', ')}) THEN 1 ELSE 0 END) AS sgo
     FROM {{t:ind_lac}} x ${join('x')} WHERE (x.started_on <= ? AND (x.ended_on IS NULL OR x.ended_on >= ?))${scope.sql}`,
    [start, end, start, end, start, end, ...ADOPTED, start, end, ...SGO, end, start],
  );
  count('lac_started', 'Started to be looked after', n(lacFlow.started));
  count('lac_ceased', 'Ceased to be looked after', n(lacFlow.ceased));
  percent('ceased_through_adoption', 'Ceasing care through adoption (%)', n(lacFlow.adopted), n(lacFlow.ceased));
  percent('ceased_through_sgo', 'Ceasing care through a special guardianship order (%)', n(lacFlow.sgo), n(lacFlow.ceased));

  // Care leavers, on the latest contact recorded by the day counted.
  const leavers = await q<{ pathway_plan_on: string | null; in_touch: string | null; activity: string | null; suitable: number | null }>(
    `SELECT x.pathway_plan_on, k.in_touch, k.activity, k.accommodation_suitable AS suitable
     FROM {{t:ind_care_leaver}} x ${join('x')}
     LEFT JOIN {{t:ind_care_leaver_contact}} k ON k.child_id = x.child_id AND k.seq = (
       SELECT max(k2.seq) FROM {{t:ind_care_leaver_contact}} k2 WHERE k2.child_id = x.child_id AND k2.contact_on <= ?)
     WHERE x.started_on <= ? AND (x.ended_on IS NULL OR x.ended_on > ?)${scope.sql}`,
    [at, at, at],
  );
  count('care_leavers', 'Care leavers receiving services', leavers.length);
  percent('care_leavers_pathway_plan', 'Care leavers with a pathway plan (%)', leavers.filter((l) => l.pathway_plan_on !== null && l.pathway_plan_on <= at).length, leavers.length);
  percent('care_leavers_suitable_accommodation', 'Care leavers in suitable accommodation (%)', leavers.filter((l) => n(l.suitable) === 1).length, leavers.length);
  percent('care_leavers_eet', 'Care leavers in education, employment or training (%)', leavers.filter((l) => l.activity !== null && EET.includes(l.activity)).length, leavers.length);

  // Adoption scorecard, for children adopted in the period.
  const adopted = await q<{ entered_care_on: string | null; placement_order_on: string | null; matched_on: string | null; placed_on: string | null }>(
    `SELECT x.entered_care_on, x.placement_order_on, x.matched_on, x.placed_on FROM {{t:ind_adoption}} x ${join('x')}
     WHERE x.adopted_on >= ? AND x.adopted_on <= ?${scope.sql}`,
    [start, end],
  );
  const a1 = adopted.filter((a) => a.entered_care_on !== null && a.placed_on !== null).map((a) => daysBetween(a.entered_care_on as string, a.placed_on as string));
  const a2 = adopted.filter((a) => a.placement_order_on !== null && a.matched_on !== null).map((a) => daysBetween(a.placement_order_on as string, a.matched_on as string));
  count('adoptions', 'Children adopted', adopted.length);
  out.push({ id: 'adoption_a1_days', label: 'A1: average days from entering care to moving in with adopters', unit: 'days', value: average(a1), denominator: a1.length });
  out.push({ id: 'adoption_a2_days', label: 'A2: average days from placement order to match', unit: 'days', value: average(a2), denominator: a2.length });
  percent('adoption_a3_within_14_months', 'A3: adopted children who moved in with adopters within 14 months of entering care (%)', a1.filter((d) => d <= A1_THRESHOLD_DAYS).length, a1.length);

  // Care proceedings concluded in the period.
  const proceedings = await q<{ issued_on: string; concluded_on: string }>(
    `SELECT x.issued_on, x.concluded_on FROM {{t:ind_proceedings}} x ${join('x')}
     WHERE x.concluded_on >= ? AND x.concluded_on <= ?${scope.sql}`,
    [start, end],
  );
  const weeks = proceedings.map((p) => daysBetween(p.issued_on, p.concluded_on) / 7);
  out.push({ id: 'care_proceedings_weeks', label: 'Care proceedings: average duration (weeks; target 26)', unit: 'weeks', value: average(weeks), denominator: weeks.length });
  percent('care_proceedings_within_26_weeks', 'Care proceedings concluded within 26 weeks (%)', weeks.filter((w) => w <= 26).length, weeks.length);

  // Caseloads on the day counted: open episodes, who held them.
  const held = await q<{ worker_id: string | null; n: number }>(
    `SELECT a.worker_id, count(*) AS n FROM {{t:ind_episode}} x ${join('x')}
     LEFT JOIN {{t:ind_allocation}} a ON a.child_id = x.child_id AND a.started_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)
     WHERE x.closed_on IS NULL AND x.opened_on <= ?${scope.sql} GROUP BY a.worker_id
     UNION ALL
     SELECT a.worker_id, count(*) AS n FROM {{t:ind_episode}} x ${join('x')}
     LEFT JOIN {{t:ind_allocation}} a ON a.child_id = x.child_id AND a.started_on <= ? AND (a.ended_on IS NULL OR a.ended_on > ?)
     WHERE x.closed_on > ? AND x.opened_on <= ?${scope.sql} GROUP BY a.worker_id`,
    [at, at, at, ...scope.params, at, at, at, at],
  );
  const unallocated = held.filter((h) => h.worker_id === null).reduce((sum, h) => sum + n(h.n), 0);
  const allocated = held.filter((h) => h.worker_id !== null);
  const workers = new Set(allocated.map((h) => h.worker_id)).size;
  count('unallocated_cases', 'Unallocated cases (open episodes with no worker)', unallocated);
  out.push({
    id: 'caseload_per_worker',
    label: 'Average caseload per allocated worker',
    unit: 'cases_per_worker',
    value: workers === 0 ? null : round(allocated.reduce((sum, h) => sum + n(h.n), 0) / workers),
    numerator: allocated.reduce((sum, h) => sum + n(h.n), 0),
    denominator: workers,
  });
  return { period, at, indicators: out };
}
