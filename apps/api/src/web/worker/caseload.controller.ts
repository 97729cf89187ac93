import { Controller, Get, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { describeState } from '@cje/journey';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { childExists } from '../../children/child-record.js';
import { ChildRecords } from '../../children/child-records.js';
import { CaseListQuery } from '../../manager/queries/case-list.query.js';
import { todayInEngland } from '../../manager/queries/manager-query-context.js';
import { ReadModelErrorsInterceptor } from '../../manager/read-model-errors.interceptor.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { CASELOAD_PAGE_SIZE, caseloadFilters, caseloadView, ownCaseloadOnly } from './caseload-view.js';

/**
 * `GET /app/caseload`: a social worker's own cases; a team manager's team (allocated and not); every case for the
 * head of service. From the read models, like the manager's lists; each row's stage from the child's record.
 */
@WebPages()
@Controller(WEB_ROOT)
@UseInterceptors(ReadModelErrorsInterceptor)
export class CaseloadController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly queryBus: QueryBus,
    private readonly records: ChildRecords,
  ) {}

  @Get('caseload')
  @Requires('case.read')
  async caseload(@Query() query: Record<string, unknown>, @CurrentUser() user: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const filters = caseloadFilters(query);
    const own = ownCaseloadOnly(user);
    const list = await this.queryBus.execute(
      new CaseListQuery(user, {
        ...(own ? { workerId: user.userId } : {}),
        ...(filters.type ? { caseType: filters.type } : {}),
        unallocated: !own && filters.unallocated,
        sort: filters.sort,
        asOf: todayInEngland(),
        limit: CASELOAD_PAGE_SIZE,
        offset: (filters.page - 1) * CASELOAD_PAGE_SIZE,
      }),
    );
    // The stage is the journey's own description, from the record (the read models keep case types, not stages).
    const stages = new Map<string, string>();
    for (const item of list.items) {
      const record = await this.records.load(item.childId);
      if (childExists(record)) stages.set(item.childId, describeState(record.journey).stageLabel);
    }
    const title = own ? 'My caseload' : user.role === 'head_of_service' || user.role === 'auditor' ? 'Open cases' : `Open cases, team ${user.team}`;
    this.renderer.page(req, res, 'worker/caseload.njk', { title, filters, asOf: list.asOf, view: caseloadView(list, stages, filters, user) });
  }
}
