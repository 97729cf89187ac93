import { Controller, Get, Header, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { CaseloadSummary, DeadlineList, IndicatorReport } from '@cje/projections';
import { canSeeTeam } from '../../auth/access-policy.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { Caseloads } from '../../manager/queries/caseloads.query.js';
import { DeadlinesDueSoon, type DueSoonList } from '../../manager/queries/deadlines-due-soon.query.js';
import { Indicators } from '../../manager/queries/indicators.query.js';
import { todayInEngland } from '../../manager/queries/manager-query-context.js';
import { OverdueDeadlines } from '../../manager/queries/overdue-deadlines.query.js';
import { TimescaleRates, type TimescaleRatesAnswer } from '../../manager/queries/timescale-rates.query.js';
import { UnallocatedCases, type UnallocatedList } from '../../manager/queries/unallocated-cases.query.js';
import { ReadModelErrorsInterceptor } from '../../manager/read-model-errors.interceptor.js';
import { ReadModelFreshness } from '../../manager/read-model-freshness.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import {
  DASHBOARD_PERIODS,
  DUE_SOON_CHOICES,
  type DashboardFilters,
  type FilterError,
  PERIOD_LABELS,
  dashboardHref,
  pagination,
  parseCursor,
  parseFilters,
  parseFrom,
} from './dashboard-filters.js';
import { CASE_TYPE_LABELS, countRow, deadlineRow, indicatorRows, rateRows, teamLabel, unallocatedRow, workerRow } from './dashboard-view.js';
import { indicatorCharts } from './indicator-charts.js';
import { IndicatorTargets } from './indicator-targets.js';

const BASE = `${WEB_ROOT}/manager`;
/** Rows per page of the full lists; the overview shows the first few of each. */
const PAGE_SIZE = 25;
const OVERVIEW_ROWS = 10;

type Section = 'overview' | 'overdue' | 'due-soon' | 'caseloads' | 'timescales' | 'indicators';

const SECTIONS: readonly { readonly section: Section; readonly path: string; readonly text: string }[] = [
  { section: 'overview', path: BASE, text: 'Overview' },
  { section: 'overdue', path: `${BASE}/overdue`, text: 'Overdue now' },
  { section: 'due-soon', path: `${BASE}/due-soon`, text: 'Due soon' },
  { section: 'caseloads', path: `${BASE}/caseloads`, text: 'Caseloads' },
  { section: 'timescales', path: `${BASE}/timescales`, text: 'In-timescale rates' },
  { section: 'indicators', path: `${BASE}/indicators`, text: 'Indicators' },
];

interface PageStart {
  readonly filters: DashboardFilters;
  readonly errors: FilterError[];
  readonly context: Record<string, unknown>;
}

const withoutWorker = ({ workerId: _worker, ...rest }: DashboardFilters): DashboardFilters => rest;

const scopeOf = (f: DashboardFilters) => ({ ...(f.team !== undefined ? { team: f.team } : {}), ...(f.workerId !== undefined ? { workerId: f.workerId } : {}) });

/**
 * The manager's dashboard: what is overdue (worst first) and due soon, who holds which cases, how each timescale did
 * in a period, and the committee report's indicators month by month against their targets. Everything is asked of
 * the manager queries through the QueryBus (the same answers as the JSON API under /manager), scoped by the access
 * policy: a team manager sees their own team, the head of service and auditors any team or the whole service.
 */
@WebPages()
@Controller(BASE)
@Requires('reports.read')
@UseInterceptors(ReadModelErrorsInterceptor)
export class ManagerDashboardController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly renderer: WebRenderer,
    private readonly targets: IndicatorTargets,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async overview(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('overview', query, user);
    if (start.errors.length > 0) return this.show(req, res, 'manager/overview.njk', start);
    const { filters } = start;
    const [overdue, dueSoon, caseloads] = await Promise.all([
      this.queryBus.execute<OverdueDeadlines, DeadlineList>(new OverdueDeadlines(user, { ...scopeOf(filters), asOf: filters.asOf, limit: OVERVIEW_ROWS })),
      this.queryBus.execute<DeadlinesDueSoon, DueSoonList>(
        new DeadlinesDueSoon(user, { ...scopeOf(filters), asOf: filters.asOf, workingDays: filters.workingDays, limit: OVERVIEW_ROWS }),
      ),
      this.queryBus.execute<Caseloads, CaseloadSummary>(new Caseloads(user, { ...scopeOf(filters), limit: 1 })),
    ]);
    return this.show(req, res, 'manager/overview.njk', start, {
      overdue: { total: overdue.total, rows: overdue.items.map((d) => deadlineRow(d, filters.asOf)) },
      dueSoon: { total: dueSoon.total, until: dueSoon.until, rows: dueSoon.items.map((d) => deadlineRow(d, filters.asOf)) },
      cases: caseloads.cases,
      unallocated: caseloads.unallocated,
      links: Object.fromEntries(SECTIONS.map((s) => [s.section, dashboardHref(s.path, filters)])),
    });
  }

  @Get('overdue')
  @Header('content-type', 'text/html; charset=utf-8')
  async overdue(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('overdue', query, user);
    const cursor = parseCursor(query, 'cursor');
    if (cursor.error) start.errors.push(cursor.error);
    if (start.errors.length > 0) return this.show(req, res, 'manager/overdue.njk', start);
    const { filters } = start;
    const list = await this.queryBus.execute<OverdueDeadlines, DeadlineList>(
      new OverdueDeadlines(user, { ...scopeOf(filters), asOf: filters.asOf, limit: PAGE_SIZE, ...(cursor.cursor !== undefined ? { cursor: cursor.cursor } : {}) }),
    );
    return this.show(req, res, 'manager/overdue.njk', start, {
      total: list.total,
      rows: list.items.map((d) => deadlineRow(d, filters.asOf)),
      pagination: pagination(`${BASE}/overdue`, filters, parseFrom(query), list.items.length, list.total, list.nextCursor),
    });
  }

  @Get('due-soon')
  @Header('content-type', 'text/html; charset=utf-8')
  async dueSoon(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('due-soon', query, user);
    const cursor = parseCursor(query, 'cursor');
    if (cursor.error) start.errors.push(cursor.error);
    if (start.errors.length > 0) return this.show(req, res, 'manager/due-soon.njk', start);
    const { filters } = start;
    const list = await this.queryBus.execute<DeadlinesDueSoon, DueSoonList>(
      new DeadlinesDueSoon(user, {
        ...scopeOf(filters),
        asOf: filters.asOf,
        workingDays: filters.workingDays,
        limit: PAGE_SIZE,
        ...(cursor.cursor !== undefined ? { cursor: cursor.cursor } : {}),
      }),
    );
    return this.show(req, res, 'manager/due-soon.njk', start, {
      total: list.total,
      until: list.until,
      rows: list.items.map((d) => deadlineRow(d, filters.asOf)),
      pagination: pagination(`${BASE}/due-soon`, filters, parseFrom(query), list.items.length, list.total, list.nextCursor),
    });
  }

  @Get('caseloads')
  @Header('content-type', 'text/html; charset=utf-8')
  async caseloads(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('caseloads', query, user);
    const workersCursor = parseCursor(query, 'cursor');
    const unallocatedCursor = parseCursor(query, 'unallocatedCursor');
    for (const c of [workersCursor, unallocatedCursor]) if (c.error) start.errors.push(c.error);
    if (start.errors.length > 0) return this.show(req, res, 'manager/caseloads.njk', start);
    const { filters } = start;
    const [summary, unallocated] = await Promise.all([
      this.queryBus.execute<Caseloads, CaseloadSummary>(
        new Caseloads(user, { ...scopeOf(filters), limit: PAGE_SIZE, ...(workersCursor.cursor !== undefined ? { cursor: workersCursor.cursor } : {}) }),
      ),
      this.queryBus.execute<UnallocatedCases, UnallocatedList>(
        new UnallocatedCases(user, { ...scopeOf(filters), limit: PAGE_SIZE, ...(unallocatedCursor.cursor !== undefined ? { cursor: unallocatedCursor.cursor } : {}) }),
      ),
    ]);
    const workersFrom = parseFrom(query);
    const unallocatedFrom = parseFrom(query, 'unallocatedFrom');
    const path = `${BASE}/caseloads`;
    return this.show(req, res, 'manager/caseloads.njk', start, {
      totals: [countRow('Open cases', summary.cases), countRow('Of which unallocated', summary.unallocated)],
      teams: summary.teams.map((t) => ({ ...countRow(teamLabel(t.team), t.cases), team: t.team, unallocated: t.unallocated.total, workers: t.workers })),
      workers: summary.workers.items.map(workerRow),
      workerLinks: Object.fromEntries(summary.workers.items.map((w) => [w.workerId, dashboardHref(`${BASE}/overdue`, { ...filters, workerId: w.workerId })])),
      workersPagination: pagination(path, filters, workersFrom, summary.workers.items.length, undefined, summary.workers.nextCursor, {
        keep: { unallocatedCursor: unallocatedCursor.cursor, unallocatedFrom: unallocatedCursor.cursor ? unallocatedFrom : undefined },
        fragment: 'workers',
      }),
      unallocatedTotal: unallocated.total,
      // Caseloads are counted now, so waiting is counted to today.
      unallocatedRows: unallocated.items.map((u) => unallocatedRow(u, todayInEngland())),
      unallocatedPagination: pagination(path, filters, unallocatedFrom, unallocated.items.length, unallocated.total, unallocated.nextCursor, {
        cursorName: 'unallocatedCursor',
        fromName: 'unallocatedFrom',
        keep: { cursor: workersCursor.cursor, from: workersCursor.cursor ? workersFrom : undefined },
        fragment: 'unallocated',
      }),
    });
  }

  @Get('timescales')
  @Header('content-type', 'text/html; charset=utf-8')
  async timescales(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('timescales', query, user);
    if (start.errors.length > 0) return this.show(req, res, 'manager/timescales.njk', start);
    const { filters } = start;
    const answer = await this.queryBus.execute<TimescaleRates, TimescaleRatesAnswer>(new TimescaleRates(user, { ...scopeOf(filters), period: filters.period, date: filters.asOf }));
    return this.show(req, res, 'manager/timescales.njk', start, { period: answer.period, ...rateRows(answer.rules) });
  }

  @Get('indicators')
  @Header('content-type', 'text/html; charset=utf-8')
  async indicators(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const start = await this.start('indicators', query, user);
    if (start.errors.length > 0) return this.show(req, res, 'manager/indicators.njk', start);
    const { filters } = start;
    const report = await this.queryBus.execute<Indicators, IndicatorReport>(
      new Indicators(user, { ...scopeOf(filters), period: filters.period, date: filters.asOf, asOf: filters.asOf }),
    );
    return this.show(req, res, 'manager/indicators.njk', start, {
      period: report.period,
      countedOn: report.at,
      charts: indicatorCharts(report, this.targets),
      rows: indicatorRows(report.indicators, report.population !== null),
    });
  }

  /** Reads the filters, waits for the read models if asked to, and builds what every dashboard page shows. */
  private async start(section: Section, query: Record<string, unknown>, user: Principal): Promise<PageStart> {
    const parsed = parseFilters(query, todayInEngland());
    const errors = [...parsed.errors];
    const { filters } = parsed;
    if (errors.length === 0) await this.freshness.reach(filters.waitForPosition);
    const seesEveryTeam = this.seesEveryTeam(user);
    const teams = seesEveryTeam && errors.length === 0 ? await this.teamsOfService(user) : [];
    if (filters.team !== undefined && !teams.includes(filters.team)) teams.push(filters.team);
    const current = SECTIONS.find((s) => s.section === section) ?? SECTIONS[0];
    return {
      filters,
      errors,
      context: {
        section,
        title: current?.text ?? 'Dashboard',
        formAction: current?.path ?? BASE,
        filters,
        asOfFields: parsed.asOfFields,
        periodItems: DASHBOARD_PERIODS.map((p) => ({ value: p, text: PERIOD_LABELS[p], selected: p === filters.period })),
        periodLabel: PERIOD_LABELS[filters.period],
        dueSoonItems: DUE_SOON_CHOICES.map((n) => ({ value: String(n), text: `${n} working days`, checked: n === filters.workingDays })),
        teamChoice: seesEveryTeam
          ? {
              items: [
                { value: '', text: 'Whole service', selected: filters.team === undefined },
                ...teams.sort().map((t) => ({ value: t, text: teamLabel(t), selected: t === filters.team })),
              ],
            }
          : undefined,
        scopeLabel: filters.team !== undefined ? `${teamLabel(filters.team)} team` : seesEveryTeam ? 'Whole service' : `${teamLabel(user.team)} team`,
        worker: filters.workerId,
        clearWorkerHref: dashboardHref(current?.path ?? BASE, withoutWorker(filters)),
        subNavigation: SECTIONS.map((s) => ({ href: dashboardHref(s.path, filters), text: s.text, current: s.section === section })),
        errors: errors.map((e) => ({ text: e.text, href: e.href })),
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      },
    };
  }

  /** As case-scope.ts decides it: may this user see a team that is not their own? */
  private seesEveryTeam(user: Principal): boolean {
    return canSeeTeam(user, `${user.team}\u0000another team`).allowed;
  }

  /** The teams holding open cases, for the head of service's team list. */
  private async teamsOfService(user: Principal): Promise<string[]> {
    const summary = await this.queryBus.execute<Caseloads, CaseloadSummary>(new Caseloads(user, { limit: 1 }));
    return summary.teams.map((t) => t.team);
  }

  private show(req: Request, res: Response, template: string, start: PageStart, data: Record<string, unknown> = {}): string {
    if (start.errors.length > 0) res.status(400);
    return this.renderer.renderToString(req, res, template, { ...start.context, ...data, caseTypeLabels: CASE_TYPE_LABELS });
  }
}
