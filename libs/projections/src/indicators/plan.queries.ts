import { type IsoDate, addMonths } from '@cje/timescales';
import type { SqlQueries, SqlValue } from '../read-model-store.js';
import { type CaseScope, type Page, decodeCursor, pageOf } from '../caseloads/case-query.js';
import { scopeWhere } from '../timescales/deadline.queries.js';

export const PLAN_KINDS = ['CPP', 'CIN'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanView {
  readonly childId: string;
  readonly kind: PlanKind;
  /** The child's first, second, … plan of this kind (a CPP's number is the journey's `planNumber`). */
  readonly planNumber: number;
  readonly startedOn: IsoDate;
  /** Whole calendar months on the plan by `asOf`. */
  readonly monthsOnPlan: number;
  /** A CPP's latest category of abuse. */
  readonly category: string | null;
  /** When the child's previous plan of this kind ended. */
  readonly previousEndedOn: IsoDate | null;
  readonly team: string;
  readonly workerId: string | null;
}

interface PlanRow {
  child_id: string;
  kind: PlanKind;
  seq: number;
  plan_number: number;
  started_on: string;
  category: string | null;
  previous_ended_on: string | null;
  team: string;
  worker_id: string | null;
}

export interface PlanListOptions {
  readonly asOf: IsoDate;
  readonly scope: CaseScope;
  readonly kind?: PlanKind;
  readonly limit: number;
  readonly cursor?: string;
}

/** Children on a plan open on `asOf` that started at least `months` months before it, longest first. */
export function longRunningPlans(store: SqlQueries, options: PlanListOptions & { readonly months: number }): Promise<Page<PlanView> & { total: number }> {
  return listPlans(store, options, { sql: ' AND p.started_on <= ?', params: [addMonths(options.asOf, -options.months)] });
}

/** Children on a plan open on `asOf` that is their second or later of its kind, longest first. */
export function repeatPlans(store: SqlQueries, options: PlanListOptions): Promise<Page<PlanView> & { total: number }> {
  return listPlans(store, options, { sql: ' AND p.plan_number >= 2', params: [] });
}

async function listPlans(
  store: SqlQueries,
  options: PlanListOptions,
  extra: { sql: string; params: SqlValue[] },
): Promise<Page<PlanView> & { total: number }> {
  const { asOf } = options;
  const scope = scopeWhere(options.scope, 'c');
  const kind = options.kind === undefined ? { sql: '', params: [] } : { sql: ' AND p.kind = ?', params: [options.kind] };
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, ['string', 'string', 'string', 'number']);
  const from = `FROM {{t:ind_plan}} p JOIN {{t:caseload}} c ON c.child_id = p.child_id
    WHERE p.started_on <= ? AND (p.ended_on IS NULL OR p.ended_on > ?)${extra.sql}${kind.sql}${scope.sql}`;
  const params = [asOf, asOf, ...extra.params, ...kind.params, ...scope.params];
  const rows = await store.all<PlanRow>(
    `SELECT p.child_id, p.kind, p.seq, p.plan_number, p.started_on, p.category, p.previous_ended_on, c.team, c.worker_id ${from}
     ${after ? ' AND (p.started_on, p.child_id, p.kind, p.seq) > (?, ?, ?, ?)' : ''}
     ORDER BY p.started_on, p.child_id, p.kind, p.seq LIMIT ?`,
    [...params, ...(after ?? []), options.limit + 1],
  );
  const total = await store.get<{ n: number }>(`SELECT count(*) AS n ${from}`, params);
  return {
    ...pageOf(
      rows,
      options.limit,
      (row) => ({
        childId: row.child_id,
        kind: row.kind,
        planNumber: Number(row.plan_number),
        startedOn: row.started_on,
        monthsOnPlan: wholeMonths(row.started_on, asOf),
        category: row.category,
        previousEndedOn: row.previous_ended_on,
        team: row.team,
        workerId: row.worker_id,
      }),
      (row) => [row.started_on, row.child_id, row.kind, Number(row.seq)],
    ),
    total: Number(total?.n ?? 0),
  };
}

/** Whole calendar months from `from` to `to` (31 Jan → 28 Feb is one month, as months are clamped). */
export function wholeMonths(from: IsoDate, to: IsoDate): number {
  let months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
  while (months > 0 && addMonths(from, months) > to) months -= 1;
  return Math.max(0, months);
}
