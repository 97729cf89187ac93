import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { RecordAccess } from '../../audit/access-log/record-access.interceptor.js';
import { ChildAudit } from '../../audit/child-audit.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { GetChild } from '../../children/query/get-child.query.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { childPageView, recordedBanner, timelineItems } from './child-page-view.js';

/**
 * `GET /app/children/:childId`: where the child's journey stands, its deadlines and why they are due, what the user
 * may do now, and the case history. The read is in the access log before the page is sent; a child the user may not
 * see is "page not found", exactly like one that does not exist.
 */
@WebPages()
@Controller(`${WEB_ROOT}/children`)
export class ChildPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly queryBus: QueryBus,
    private readonly audit: ChildAudit,
  ) {}

  @Get(':childId')
  @Requires('case.read')
  @RecordAccess('record')
  @Header('content-type', 'text/html; charset=utf-8')
  async child(
    @Param('childId', ChildIdPipe) childId: string,
    @Query('recorded') recorded: unknown,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const view = await this.queryBus.execute(new GetChild(childId, user));
    const history = await this.audit.history(childId, user, 'recorded');
    const page = childPageView(view);
    return this.renderer.renderToString(req, res, 'worker/child.njk', {
      title: `Child ${childId}`,
      child: page,
      revision: view.revision,
      banner: recordedBanner(recorded),
      timeline: timelineItems(history.entries, childId, new Set(view.allowedCommands)),
      journeyHref: `${WEB_ROOT}/children/${encodeURIComponent(childId)}/journey`,
    });
  }
}
