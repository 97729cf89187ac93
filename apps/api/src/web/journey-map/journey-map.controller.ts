import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { describeState } from '@cje/journey';
import { RecordAccess } from '../../audit/access-log/record-access.interceptor.js';
import { canSeeChild, mayUse } from '../../auth/access-policy.js';
import { CurrentUser } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { accessFactsOf, childExists } from '../../children/child-record.js';
import { ChildRecords } from '../../children/child-records.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { ChildNotFoundError } from '../../http/api-error.js';
import { mayOpenAuditPages } from '../audit/audit-pages.guard.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { journeyMapView } from './journey-map.js';

const HTML = 'text/html; charset=utf-8';

/** The journey machine drawn as a map, for everyone signed in; and one child's place on it (a read of the child). */
@WebPages()
@Controller(WEB_ROOT)
export class JourneyMapController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly records: ChildRecords,
  ) {}

  @Get('journey')
  @Header('content-type', HTML)
  journey(@Req() req: Request, @Res({ passthrough: true }) res: Response): string {
    return this.renderer.renderToString(req, res, 'journey-map/journey.njk', { map: journeyMapView() });
  }

  /** The picture on its own, to open full size or print. */
  @Get('journey/map.svg')
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  svg(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${journeyMapView().svg}\n`;
  }

  @Get('children/:childId/journey')
  @RecordAccess('record')
  @Header('content-type', HTML)
  async childJourney(
    @Param('childId', ChildIdPipe) childId: string,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const record = await this.records.load(childId);
    // The same rule as the child's record in the API: a child the user may not see does not exist for them.
    if (!childExists(record) || !canSeeChild(user, accessFactsOf(record)).allowed) throw new ChildNotFoundError(childId);
    const described = describeState(record.journey);
    return this.renderer.renderToString(req, res, 'journey-map/journey.njk', {
      map: journeyMapView(record.journey.value),
      childId,
      stageLabel: described.stageLabel,
      incomplete: described.incomplete,
      auditLink: mayOpenAuditPages(user) ? `${WEB_ROOT}/audit/children/${encodeURIComponent(childId)}` : null,
      recordLink: mayUse(user, 'case.write').allowed ? `${WEB_ROOT}/children/${encodeURIComponent(childId)}` : null,
    });
  }
}
