import { Controller, Get, Query as QueryParams, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Requires } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import {
  CaseloadSummaryDto,
  DeadlineListDto,
  IndicatorReportDto,
  PlanListDto,
  TimescaleRatesDto,
  UnallocatedListDto,
} from './dto/manager-views.dto.js';
import { DueSoonQueryDto, ListQueryDto, LongPlansQueryDto, PeriodQueryDto, PlansQueryDto, RatesQueryDto } from './dto/manager-query.dto.js';
import { Caseloads } from './queries/caseloads.query.js';
import { DeadlinesDueSoon } from './queries/deadlines-due-soon.query.js';
import { Indicators } from './queries/indicators.query.js';
import { todayInEngland } from './queries/manager-query-context.js';
import { OverdueDeadlines } from './queries/overdue-deadlines.query.js';
import { ChildrenOnPlans } from './queries/plans.query.js';
import { TimescaleRates } from './queries/timescale-rates.query.js';
import { UnallocatedCases } from './queries/unallocated-cases.query.js';
import { ReadModelErrorsInterceptor } from './read-model-errors.interceptor.js';
import { ReadModelFreshness } from './read-model-freshness.js';

const DEFAULT_LIMIT = 50;

const scopeOf = (q: { team?: string; workerId?: string }) => ({
  ...(q.team !== undefined ? { team: q.team } : {}),
  ...(q.workerId !== undefined ? { workerId: q.workerId } : {}),
});

const pageOf = (q: ListQueryDto) => ({ limit: q.limit ?? DEFAULT_LIMIT, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) });

/**
 * The manager's questions, answered from the read models (never from the log): what is overdue, what falls due,
 * how each timescale is doing, who holds which cases, the committee report's indicators, long and repeat plans.
 * Lists of children need `case.read` and cover only children the caller may see (a team's own, or every child for
 * the head of service and auditors); figures across children need `reports.read` (access-policy.ts).
 */
@ApiTags('manager')
@ApiBearerAuth()
@Controller('manager')
@UseInterceptors(ReadModelErrorsInterceptor)
@ApiResponse({ status: 403, description: 'FORBIDDEN: your role may not ask this, or not about that team' })
@ApiResponse({ status: 503, description: 'READ_MODELS_BEHIND (waitForPosition not reached in 5 s), READ_MODELS_NOT_READY (first build running)' })
export class ManagerController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get('deadlines/overdue')
  @Requires('case.read')
  @ApiOperation({ summary: 'What is overdue, worst first', description: 'Clocks past their due date and neither met nor stopped on asOf, for a worker, a team or the service; earliest due date first.' })
  @ApiOkResponse({ type: DeadlineListDto })
  async overdue(@QueryParams() q: ListQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(new OverdueDeadlines(user, { ...scopeOf(q), asOf: q.asOf ?? todayInEngland(), ...pageOf(q) }));
  }

  @Get('deadlines/due-soon')
  @Requires('case.read')
  @ApiOperation({ summary: 'What falls due in the next N working days', description: 'Clocks open on asOf and due from that day to N working days after it (bank holidays of TIMESCALE_REGION excluded), soonest first.' })
  @ApiOkResponse({ type: DeadlineListDto })
  async dueSoon(@QueryParams() q: DueSoonQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(new DeadlinesDueSoon(user, { ...scopeOf(q), asOf: q.asOf ?? todayInEngland(), workingDays: q.workingDays ?? 10, ...pageOf(q) }));
  }

  @Get('deadlines/rates')
  @Requires('reports.read')
  @ApiOperation({ summary: 'In-timescale rates per rule for a period', description: 'Of the clocks met in the period, how many by their due date; and how many were overdue at its end. Period: month, quarter, year to date, financial year.' })
  @ApiOkResponse({ type: TimescaleRatesDto })
  async rates(@QueryParams() q: RatesQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    const asOf = q.asOf ?? todayInEngland();
    return this.queryBus.execute(new TimescaleRates(user, { ...scopeOf(q), period: q.period ?? 'quarter', date: q.date ?? asOf, ...(q.ruleId !== undefined ? { ruleId: q.ruleId } : {}) }));
  }

  @Get('caseloads')
  @Requires('reports.read')
  @ApiOperation({ summary: 'Caseloads now: per worker and team, by type, and unallocated', description: 'Each open case counts once, under its most intensive type: LAC, then CP, then CIN, then care leaver. Workers are paged (most cases first).' })
  @ApiOkResponse({ type: CaseloadSummaryDto })
  async caseloads(@QueryParams() q: ListQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(new Caseloads(user, { ...scopeOf(q), ...pageOf(q) }));
  }

  @Get('caseloads/unallocated')
  @Requires('case.read')
  @ApiOperation({ summary: 'Open cases with no worker, longest waiting first' })
  @ApiOkResponse({ type: UnallocatedListDto })
  async unallocated(@QueryParams() q: ListQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(new UnallocatedCases(user, { ...scopeOf(q), ...pageOf(q) }));
  }

  @Get('indicators')
  @Requires('reports.read')
  @ApiOperation({
    summary: 'The committee report: every indicator for a period, month by month',
    description: 'Counts, percentages and rates per 10,000 children (CHILD_POPULATION; whole service only) for the period containing date. Stock figures are counted on the period’s last day, or asOf if sooner.',
  })
  @ApiOkResponse({ type: IndicatorReportDto })
  async indicators(@QueryParams() q: PeriodQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    const asOf = q.asOf ?? todayInEngland();
    return this.queryBus.execute(new Indicators(user, { ...scopeOf(q), period: q.period ?? 'financial_year', date: q.date ?? asOf, asOf }));
  }

  @Get('plans/long-running')
  @Requires('case.read')
  @ApiOperation({ summary: 'Children on a plan for 18 months or more (or `months`)', description: 'Child protection and CIN plans open on asOf, longest first.' })
  @ApiOkResponse({ type: PlanListDto })
  async longPlans(@QueryParams() q: LongPlansQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(
      new ChildrenOnPlans(user, { kind: 'long', months: q.months ?? 18 }, { ...scopeOf(q), asOf: q.asOf ?? todayInEngland(), ...(q.kind ? { kind: q.kind } : {}), ...pageOf(q) }),
    );
  }

  @Get('plans/repeat')
  @Requires('case.read')
  @ApiOperation({ summary: 'Children on a second or later plan', description: 'Plans open on asOf that are the child’s second or later of their kind.' })
  @ApiOkResponse({ type: PlanListDto })
  async repeatPlans(@QueryParams() q: PlansQueryDto, @CurrentUser() user: Principal) {
    await this.freshness.reach(q.waitForPosition);
    return this.queryBus.execute(
      new ChildrenOnPlans(user, { kind: 'repeat' }, { ...scopeOf(q), asOf: q.asOf ?? todayInEngland(), ...(q.kind ? { kind: q.kind } : {}), ...pageOf(q) }),
    );
  }
}
