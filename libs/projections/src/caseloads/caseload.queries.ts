import type { IsoDate } from '@cje/timescales';
import type { SqlQueries, SqlValue } from '../read-model-store.js';
import { CASE_TYPES, type CaseType } from './caseload-facts.js';
import { type CaseScope, type Page, decodeCursor, pageOf } from './case-query.js';

export type CaseCounts = { readonly total: number } & Readonly<Record<CaseType, number>>;

export interface WorkerCaseload {
  readonly workerId: string;
  readonly team: string;
  readonly cases: CaseCounts;
}

export interface TeamCaseload {
  readonly team: string;
  readonly cases: CaseCounts;
  readonly unallocated: CaseCounts;
  readonly workers: number;
}

export interface CaseloadSummary {
  /** Open cases in scope, by type. */
  readonly cases: CaseCounts;
  readonly unallocated: CaseCounts;
  readonly teams: readonly TeamCaseload[];
  /** One page of workers, most cases first. */
  readonly workers: Page<WorkerCaseload>;
}

function emptyCounts(): Record<CaseType | 'total', number> {
  return { total: 0, LAC: 0, CP: 0, CIN: 0, CARE_LEAVER: 0 };
}

function add(counts: Record<CaseType | 'total', number>, type: string, n: number): void {
  if ((CASE_TYPES as readonly string[]).includes(type)) counts[type as CaseType] += n;
  counts.total += n;
}

function scopeSql(scope: CaseScope): { sql: string; params: SqlValue[] } {
  let sql = '';
  const params: SqlValue[] = [];
  if (scope.team !== undefined) {
    sql += ' AND team = ?';
    params.push(scope.team);
  }
  if (scope.workerId !== undefined) {
    sql += ' AND worker_id = ?';
    params.push(scope.workerId);
  }
  return { sql, params };
}

/**
 * Open cases now, per team and per worker, by type (LAC, CP, CIN, care leaver), and those with no worker. A case
 * counts once, under its most intensive type (see `caseTypeOf`).
 */
export async function caseloadSummary(
  store: SqlQueries,
  options: { readonly scope: CaseScope; readonly limit: number; readonly cursor?: string },
): Promise<CaseloadSummary> {
  const where = scopeSql(options.scope);
  const rows = await store.all<{ team: string; worker_id: string | null; case_type: string; n: number }>(
    `SELECT team, worker_id, case_type, count(*) AS n FROM {{t:caseload}}
     WHERE case_type IS NOT NULL${where.sql} GROUP BY team, worker_id, case_type`,
    where.params,
  );
  const cases = emptyCounts();
  const unallocated = emptyCounts();
  const teams = new Map<string, { cases: Record<CaseType | 'total', number>; unallocated: Record<CaseType | 'total', number>; workers: Set<string> }>();
  const workers = new Map<string, { team: string; cases: Record<CaseType | 'total', number> }>();
  for (const row of rows) {
    const n = Number(row.n);
    add(cases, row.case_type, n);
    let team = teams.get(row.team);
    if (!team) {
      team = { cases: emptyCounts(), unallocated: emptyCounts(), workers: new Set() };
      teams.set(row.team, team);
    }
    add(team.cases, row.case_type, n);
    if (row.worker_id === null) {
      add(unallocated, row.case_type, n);
      add(team.unallocated, row.case_type, n);
      continue;
    }
    team.workers.add(row.worker_id);
    // A worker's cases sit in the team each child is allocated to; a worker normally has one team.
    const key = `${row.worker_id}\u0000${row.team}`;
    let worker = workers.get(key);
    if (!worker) {
      worker = { team: row.team, cases: emptyCounts() };
      workers.set(key, worker);
    }
    add(worker.cases, row.case_type, n);
  }
  const sorted = [...workers.entries()]
    .map(([key, w]) => ({ workerId: key.split('\u0000')[0] ?? '', team: w.team, cases: w.cases }))
    .sort((a, b) => b.cases.total - a.cases.total || (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : a.team < b.team ? -1 : 1));
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, ['number', 'string', 'string']);
  const start = after === undefined ? 0 : sorted.findIndex((w) => isAfter(w, after)) ;
  const rest = start < 0 ? [] : sorted.slice(start, start + options.limit + 1);
  return {
    cases,
    unallocated,
    teams: [...teams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([team, t]) => ({ team, cases: t.cases, unallocated: t.unallocated, workers: t.workers.size })),
    workers: pageOf(rest, options.limit, (w) => w, (w) => [w.cases.total, w.workerId, w.team]),
  };
}

function isAfter(worker: { workerId: string; team: string; cases: { total: number } }, cursor: readonly SqlValue[]): boolean {
  const [total, workerId, team] = cursor as [number, string, string];
  if (worker.cases.total !== total) return worker.cases.total < total;
  if (worker.workerId !== workerId) return worker.workerId > workerId;
  return worker.team > team;
}

export interface UnallocatedCase {
  readonly childId: string;
  readonly team: string;
  readonly caseType: CaseType;
  /** The day the child's open case began. */
  readonly openSince: IsoDate | null;
}

/** Open cases with no worker, longest waiting first. */
export async function unallocatedCases(
  store: SqlQueries,
  options: { readonly scope: CaseScope; readonly limit: number; readonly cursor?: string },
): Promise<Page<UnallocatedCase> & { readonly total: number }> {
  const where = scopeSql({ team: options.scope.team });
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, ['string', 'string']);
  const rows = await store.all<{ child_id: string; team: string; case_type: CaseType; open_since: string | null }>(
    `SELECT child_id, team, case_type, open_since FROM {{t:caseload}}
     WHERE case_type IS NOT NULL AND worker_id IS NULL${where.sql}${after ? ' AND (COALESCE(open_since, \'\'), child_id) > (?, ?)' : ''}
     ORDER BY COALESCE(open_since, ''), child_id LIMIT ?`,
    [...where.params, ...(after ?? []), options.limit + 1],
  );
  const total = await store.get<{ n: number }>(
    `SELECT count(*) AS n FROM {{t:caseload}} WHERE case_type IS NOT NULL AND worker_id IS NULL${where.sql}`,
    where.params,
  );
  // A worker scope has, by definition, no unallocated cases.
  if (options.scope.workerId !== undefined) return { items: [], nextCursor: null, total: 0 };
  return {
    ...pageOf(
      rows,
      options.limit,
      (row) => ({ childId: row.child_id, team: row.team, caseType: row.case_type, openSince: row.open_since }),
      (row) => [row.open_since ?? '', row.child_id],
    ),
    total: Number(total?.n ?? 0),
  };
}
