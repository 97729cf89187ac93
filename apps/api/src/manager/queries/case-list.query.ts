import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CaseScope, CaseType, SqlValue } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

export const CASE_LIST_SORTS = ['due', 'child', 'open'] as const;
/** due: next deadline first (cases with none last); child: by child id; open: longest open first. */
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListRequest {
  readonly team?: string;
  readonly workerId?: string;
  /** Only cases with no worker allocated. */
  readonly unallocated?: boolean;
  readonly caseType?: CaseType;
  readonly sort: CaseListSort;
  /** The day deadlines are judged on. */
  readonly asOf: string;
  readonly limit: number;
  readonly offset: number;
}

/** The deadline of a case that falls due first. */
export interface NextDeadline {
  readonly ruleId: string;
  readonly name: string;
  readonly source: string;
  readonly startedOn: string;
  readonly dueOn: string;
  readonly overdue: boolean;
}

export interface CaseListItem {
  readonly childId: string;
  readonly team: string;
  readonly workerId: string | null;
  readonly caseType: CaseType;
  readonly openSince: string | null;
  readonly nextDeadline: NextDeadline | null;
  /** Deadlines of the case past their due date on asOf. */
  readonly overdueDeadlines: number;
}

export interface CaseList {
  readonly asOf: string;
  readonly items: readonly CaseListItem[];
  /** Cases matching, on every page together. */
  readonly total: number;
}

/**
 * Open cases one by one, for a worker's caseload or a team's list: who holds each, its type, and the deadline due
 * first. Scoped like every manager query (a social worker's own team at most; a worker within it).
 */
export class CaseListQuery extends Query<CaseList> {
  constructor(
    readonly user: Principal,
    readonly request: CaseListRequest,
  ) {
    super();
  }
}

interface CaseRow {
  child_id: string;
  team: string;
  worker_id: string | null;
  case_type: CaseType;
  open_since: string | null;
  next_due: string | null;
}

interface ClockRow {
  child_id: string;
  rule_id: string;
  edition: string;
  started_on: string;
  due_on: string;
}

const ORDER: Readonly<Record<CaseListSort, string>> = {
  due: "COALESCE(x.next_due, '9999-12-31'), x.child_id",
  child: 'x.child_id',
  open: "COALESCE(x.open_since, '9999-12-31'), x.child_id",
};

function whereOf(scope: CaseScope, request: CaseListRequest): { sql: string; params: SqlValue[] } {
  let sql = 'c.case_type IS NOT NULL';
  const params: SqlValue[] = [];
  if (scope.team !== undefined) {
    sql += ' AND c.team = ?';
    params.push(scope.team);
  }
  if (scope.workerId !== undefined) {
    sql += ' AND c.worker_id = ?';
    params.push(scope.workerId);
  }
  if (request.unallocated) sql += ' AND c.worker_id IS NULL';
  if (request.caseType !== undefined) {
    sql += ' AND c.case_type = ?';
    params.push(request.caseType);
  }
  return { sql, params };
}

@QueryHandler(CaseListQuery)
export class CaseListHandler implements IQueryHandler<CaseListQuery> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: CaseListQuery): Promise<CaseList> {
    const scope = scopeFor(user, request);
    const where = whereOf(scope, request);
    const { store } = this.context;
    // The ORDER BY wraps the select: PostgreSQL sorts by an output column only when it is named bare.
    const rows = await store.all<CaseRow>(
      `SELECT x.* FROM (
         SELECT c.child_id, c.team, c.worker_id, c.case_type, c.open_since,
           (SELECT min(d.due_on) FROM {{t:deadline}} d WHERE d.child_id = c.child_id AND d.closed_on IS NULL AND d.started_on <= ?) AS next_due
         FROM {{t:caseload}} c WHERE ${where.sql}
       ) x ORDER BY ${ORDER[request.sort]} LIMIT ? OFFSET ?`,
      [request.asOf, ...where.params, request.limit, request.offset],
    );
    const total = await store.get<{ n: number }>(`SELECT count(*) AS n FROM {{t:caseload}} c WHERE ${where.sql}`, where.params);
    const shown = visibleTo(user, rows);
    const clocks = await this.openClocks(
      shown.map((r) => r.child_id),
      request.asOf,
    );
    return {
      asOf: request.asOf,
      total: Number(total?.n ?? 0),
      items: shown.map((row) => {
        const mine = clocks.filter((c) => c.child_id === row.child_id);
        const first = mine[0];
        return {
          childId: row.child_id,
          team: row.team,
          workerId: row.worker_id,
          caseType: row.case_type,
          openSince: row.open_since,
          nextDeadline: first ? this.describe(first, request.asOf) : null,
          overdueDeadlines: mine.filter((c) => c.due_on < request.asOf).length,
        };
      }),
    };
  }

  /** The open clocks of a page's children, soonest due first. */
  private async openClocks(childIds: readonly string[], asOf: string): Promise<ClockRow[]> {
    if (childIds.length === 0) return [];
    return this.context.store.all<ClockRow>(
      `SELECT d.child_id, d.rule_id, d.edition, d.started_on, d.due_on FROM {{t:deadline}} d
       WHERE d.closed_on IS NULL AND d.started_on <= ? AND d.child_id IN (${childIds.map(() => '?').join(', ')})
       ORDER BY d.due_on, d.clock_key`,
      [asOf, ...childIds],
    );
  }

  private describe(clock: ClockRow, asOf: string): NextDeadline {
    const { rules } = this.context.settings;
    const edition = rules.has(clock.rule_id) ? rules.editionsOf(clock.rule_id).find((e) => e.edition === clock.edition) : undefined;
    return {
      ruleId: clock.rule_id,
      name: edition?.name ?? clock.rule_id,
      source: edition?.source ?? '',
      startedOn: clock.started_on,
      dueOn: clock.due_on,
      overdue: clock.due_on < asOf,
    };
  }
}
