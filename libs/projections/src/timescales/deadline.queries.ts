import {
  type Duration,
  type IsoDate,
  type Period,
  type RuleStandard,
  type TimescaleRuleSet,
  type WorkingDayCalendar,
  addDays,
  daysBetween,
} from '@cje/timescales';
import type { SqlQueries, SqlValue } from '../read-model-store.js';
import { type CaseScope, type Page, decodeCursor, pageOf } from '../caseloads/case-query.js';
import { type DeadlineStatus, statusOn } from './deadline-table.js';

/** What the deadline queries need besides the store: the rules (names, sources) and the calendar (working days). */
export interface TimescaleContext {
  readonly rules: TimescaleRuleSet;
  readonly calendar: WorkingDayCalendar;
}

/** One clock as a manager sees it on `asOf`. */
export interface DeadlineView {
  readonly childId: string;
  readonly clockKey: string;
  readonly ruleId: string;
  readonly name: string;
  readonly standard: RuleStandard | null;
  /** Why the date is due: the regulation, guidance or local standard. */
  readonly source: string;
  readonly edition: string;
  readonly clock: Duration | null;
  readonly clockVariant: string | null;
  readonly startedOn: IsoDate;
  readonly startedBy: { readonly type: string; readonly eventId: string | null };
  readonly dueOn: IsoDate;
  readonly status: DeadlineStatus;
  readonly metOn: IsoDate | null;
  /** The meeting event, with when it was recorded: a visit done in time but recorded later still meets its date. */
  readonly metBy: { readonly eventId: string | null; readonly recordedAt: string | null } | null;
  readonly stoppedOn: IsoDate | null;
  /** Calendar days past the due date on `asOf` (0 unless overdue). */
  readonly daysOverdue: number;
  readonly workingDaysOverdue: number;
  /** The child's current team and worker. */
  readonly team: string | null;
  readonly workerId: string | null;
}

interface DeadlineRow {
  child_id: string;
  clock_key: string;
  rule_id: string;
  edition: string;
  clock_variant: string | null;
  started_on: string;
  started_by_type: string;
  started_by_id: string | null;
  due_on: string;
  met_on: string | null;
  met_by_id: string | null;
  met_recorded_at: string | null;
  stopped_on: string | null;
  team: string | null;
  worker_id: string | null;
}

const COLUMNS = `d.child_id, d.clock_key, d.rule_id, d.edition, d.clock_variant, d.started_on, d.started_by_type, d.started_by_id,
  d.due_on, d.met_on, d.met_by_id, d.met_recorded_at, d.stopped_on`;
const ORDER = 'due_on, child_id, clock_key';

export interface DeadlineListOptions {
  readonly asOf: IsoDate;
  readonly scope: CaseScope;
  readonly limit: number;
  readonly cursor?: string;
}

export interface DeadlineList extends Page<DeadlineView> {
  readonly asOf: IsoDate;
  /** Rows on every page together. */
  readonly total: number;
}

/**
 * Clocks overdue on `asOf`, worst first (earliest due date), then by child. Open clocks come from the partial indexes
 * of open rows; when `asOf` is in the past, clocks closed since then are added (they were still open that day).
 */
export async function overdueDeadlines(store: SqlQueries, context: TimescaleContext, options: DeadlineListOptions): Promise<DeadlineList> {
  const { asOf } = options;
  return listDeadlines(store, context, options, {
    open: { where: 'd.due_on < ?', params: [asOf] },
    closedLater: { where: 'd.closed_on > ? AND d.due_on < ?', params: [asOf, asOf] },
  });
}

/** Clocks open on `asOf` and due from that day up to `workingDays` working days later, soonest first. */
export async function deadlinesDueSoon(
  store: SqlQueries,
  context: TimescaleContext,
  options: DeadlineListOptions & { readonly workingDays: number },
): Promise<DeadlineList & { readonly until: IsoDate }> {
  const { asOf } = options;
  const until = context.calendar.addWorkingDays(asOf, options.workingDays);
  const list = await listDeadlines(store, context, options, {
    open: { where: 'd.due_on >= ? AND d.due_on <= ? AND d.started_on <= ?', params: [asOf, until, asOf] },
    closedLater: { where: 'd.closed_on > ? AND d.due_on >= ? AND d.due_on <= ? AND d.started_on <= ?', params: [asOf, asOf, until, asOf] },
  });
  return { ...list, until };
}

interface Branch {
  readonly where: string;
  readonly params: readonly SqlValue[];
}

async function listDeadlines(
  store: SqlQueries,
  context: TimescaleContext,
  options: DeadlineListOptions,
  branches: { readonly open: Branch; readonly closedLater: Branch },
): Promise<DeadlineList> {
  const { asOf, scope, limit } = options;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, ['string', 'string', 'string']);
  const cursorWhere = after ? ' AND (d.due_on, d.child_id, d.clock_key) > (?, ?, ?)' : '';
  const cursorParams = after ?? [];

  // Open now: owner columns on the row itself, so the partial indexes (team or worker, due date) serve the page.
  const openScope = scopeWhere(scope, 'd');
  const open = `SELECT ${COLUMNS}, d.team, d.worker_id FROM {{t:deadline}} d
    WHERE d.closed_on IS NULL AND ${branches.open.where}${openScope.sql}${cursorWhere}
    ORDER BY d.${ORDER.replace(/, /g, ', d.')} LIMIT ?`;
  // Closed after asOf (only when asOf is in the past): owner from the caseload table.
  const laterScope = scopeWhere(scope, 'c');
  const later = `SELECT ${COLUMNS}, c.team, c.worker_id FROM {{t:deadline}} d JOIN {{t:caseload}} c ON c.child_id = d.child_id
    WHERE ${branches.closedLater.where}${laterScope.sql}${cursorWhere}
    ORDER BY d.${ORDER.replace(/, /g, ', d.')} LIMIT ?`;
  const rows = await store.all<DeadlineRow>(
    `SELECT * FROM (${open}) a UNION ALL SELECT * FROM (${later}) b ORDER BY ${ORDER} LIMIT ?`,
    [
      ...branches.open.params,
      ...openScope.params,
      ...cursorParams,
      limit + 1,
      ...branches.closedLater.params,
      ...laterScope.params,
      ...cursorParams,
      limit + 1,
      limit + 1,
    ],
  );
  const counts = await store.get<{ open: number; later: number }>(
    `SELECT (SELECT count(*) FROM {{t:deadline}} d WHERE d.closed_on IS NULL AND ${branches.open.where}${openScope.sql}) AS open,
            (SELECT count(*) FROM {{t:deadline}} d JOIN {{t:caseload}} c ON c.child_id = d.child_id
              WHERE ${branches.closedLater.where}${laterScope.sql}) AS later`,
    [...branches.open.params, ...openScope.params, ...branches.closedLater.params, ...laterScope.params],
  );
  const page = pageOf(rows, limit, (row) => toView(row, asOf, context), (row) => [row.due_on, row.child_id, row.clock_key]);
  return { ...page, asOf, total: Number(counts?.open ?? 0) + Number(counts?.later ?? 0) };
}

export function scopeWhere(scope: CaseScope, alias: string): { sql: string; params: SqlValue[] } {
  let sql = '';
  const params: SqlValue[] = [];
  if (scope.team !== undefined) {
    sql += ` AND ${alias}.team = ?`;
    params.push(scope.team);
  }
  if (scope.workerId !== undefined) {
    sql += ` AND ${alias}.worker_id = ?`;
    params.push(scope.workerId);
  }
  return { sql, params };
}

function toView(row: DeadlineRow, asOf: IsoDate, { rules, calendar }: TimescaleContext): DeadlineView {
  const edition = rules.has(row.rule_id) ? rules.editionsOf(row.rule_id).find((e) => e.edition === row.edition) : undefined;
  const variant = row.clock_variant === null ? undefined : edition?.clockVariants?.find((v) => v.label === row.clock_variant);
  const metOn = row.met_on !== null && row.met_on <= asOf ? row.met_on : null;
  const stoppedOn = row.stopped_on !== null && row.stopped_on <= asOf ? row.stopped_on : null;
  const status = statusOn({ dueOn: row.due_on, metOn: row.met_on, stoppedOn: row.stopped_on }, asOf);
  const overdue = status === 'overdue';
  return {
    childId: row.child_id,
    clockKey: row.clock_key,
    ruleId: row.rule_id,
    name: edition?.name ?? row.rule_id,
    standard: edition?.standard ?? null,
    source: edition?.source ?? 'rule no longer in the table',
    edition: row.edition,
    clock: variant?.clock ?? edition?.clock ?? null,
    clockVariant: row.clock_variant,
    startedOn: row.started_on,
    startedBy: { type: row.started_by_type, eventId: row.started_by_id },
    dueOn: row.due_on,
    status,
    metOn,
    metBy: metOn === null ? null : { eventId: row.met_by_id, recordedAt: row.met_recorded_at },
    stoppedOn,
    daysOverdue: overdue ? daysBetween(row.due_on, asOf) : 0,
    workingDaysOverdue: overdue ? calendar.workingDaysInRange(addDays(row.due_on, 1), asOf) : 0,
    team: row.team,
    workerId: row.worker_id,
  };
}

/** How one rule did over a period, as `timescalePerformance` of libs/timescales counts it. */
export interface RulePerformance {
  readonly ruleId: string;
  readonly name: string;
  readonly source: string;
  /** Clocks met in the period, in time or late. */
  readonly completed: number;
  readonly inTimescale: number;
  readonly metLate: number;
  /** inTimescale / completed; null when nothing was completed. */
  readonly rate: number | null;
  /** Past due on the period's last day, neither met nor stopped by then. */
  readonly overdueAtEnd: number;
}

/**
 * In-timescale rates per rule over a period: of the clocks met in the period, the share met by their due date; and
 * how many were overdue at its end. Scoped to a team or worker through the children they hold now.
 */
export async function timescaleRates(
  store: SqlQueries,
  context: TimescaleContext,
  options: { readonly period: Period; readonly scope: CaseScope; readonly ruleId?: string },
): Promise<RulePerformance[]> {
  const { period, scope } = options;
  const join = scope.team !== undefined || scope.workerId !== undefined ? ' JOIN {{t:caseload}} c ON c.child_id = d.child_id' : '';
  const where = scopeWhere(scope, 'c');
  const rule = options.ruleId === undefined ? { sql: '', params: [] } : { sql: ' AND d.rule_id = ?', params: [options.ruleId] };
  const met = await store.all<{ rule_id: string; completed: number; in_time: number }>(
    `SELECT d.rule_id, count(*) AS completed, sum(CASE WHEN d.met_on <= d.due_on THEN 1 ELSE 0 END) AS in_time
     FROM {{t:deadline}} d${join}
     WHERE d.closed_on >= ? AND d.closed_on <= ? AND d.met_on IS NOT NULL${where.sql}${rule.sql} GROUP BY d.rule_id`,
    [period.start, period.end, ...where.params, ...rule.params],
  );
  const overdue = await store.all<{ rule_id: string; n: number }>(
    `SELECT d.rule_id, count(*) AS n FROM {{t:deadline}} d${join}
     WHERE d.closed_on IS NULL AND d.due_on < ?${where.sql}${rule.sql} GROUP BY d.rule_id
     UNION ALL
     SELECT d.rule_id, count(*) AS n FROM {{t:deadline}} d${join}
     WHERE d.closed_on > ? AND d.due_on < ?${where.sql}${rule.sql} GROUP BY d.rule_id`,
    [period.end, ...where.params, ...rule.params, period.end, period.end, ...where.params, ...rule.params],
  );
  const ids = options.ruleId !== undefined ? [options.ruleId] : context.rules.ruleIds;
  return ids.map((ruleId) => {
    const m = met.find((row) => row.rule_id === ruleId);
    const completed = Number(m?.completed ?? 0);
    const inTimescale = Number(m?.in_time ?? 0);
    const editions = context.rules.has(ruleId) ? context.rules.editionsOf(ruleId) : [];
    const current = editions.find((e) => e.effectiveFrom <= period.end && period.end <= (e.effectiveTo ?? '9999-12-31')) ?? editions[editions.length - 1];
    return {
      ruleId,
      name: current?.name ?? ruleId,
      source: current?.source ?? '',
      completed,
      inTimescale,
      metLate: completed - inTimescale,
      rate: completed === 0 ? null : inTimescale / completed,
      overdueAtEnd: overdue.filter((row) => row.rule_id === ruleId).reduce((sum, row) => sum + Number(row.n), 0),
    };
  });
}
