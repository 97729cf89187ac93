import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { canReadChildHistory } from '../../auth/access-policy.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { ProblemView } from '../../children/dto/command-result.dto.js';
import { ApiError } from '../../http/api-error.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { RequestId } from '../../children/http/request-id.decorator.js';
import { AccessLog } from '../access-log/access-log.js';
import { ChildAudit } from '../child-audit.js';
import { AccessLogQueryDto } from './audit-queries.dto.js';
import { AccessLogPageView } from './audit-views.dto.js';

/** A user id as the identity provider gives it (the token's subject); the web pages' search takes the same. */
export const ACCESS_LOG_USER_ID = /^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,199}$/;

/** Who looked at what: the access log, for auditors only (see access-policy.ts, `audit.read`). */
@ApiTags('audit')
@ApiBearerAuth()
@Requires('audit.read')
@Controller('audit/access-log')
export class AccessLogController {
  constructor(
    private readonly accessLog: AccessLog,
    private readonly audit: ChildAudit,
  ) {}

  @Get('children/:childId')
  @ApiOperation({
    operationId: 'accessLogByChild',
    summary: 'Who read this child’s record, when and which view: newest first, a page at a time',
    description: 'The query is itself logged against the child (view access-log).',
  })
  @ApiParam({ name: 'childId' })
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiResponse({ status: 403, type: ProblemView, description: 'FORBIDDEN: only auditors read the access log' })
  @ApiResponse({ status: 404, type: ProblemView, description: 'CHILD_NOT_FOUND' })
  async byChild(
    @Param('childId', ChildIdPipe) childId: string,
    @Query() query: AccessLogQueryDto,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
  ): Promise<AccessLogPageView> {
    await this.audit.visibleStream(childId, user, canReadChildHistory);
    await this.accessLog.record({ userId: user.userId, role: user.role, team: user.team, childId, view: 'access-log', requestId });
    const page = await this.accessLog.byChild(childId, { before: query.before, limit: query.limit ?? 100 });
    return { entries: [...page.entries], nextBefore: page.nextBefore };
  }

  @Get('users/:userId')
  @ApiOperation({ operationId: 'accessLogByUser', summary: 'Which children’s records this user read, when and which view: newest first, a page at a time' })
  @ApiParam({ name: 'userId', description: 'The user id the identity provider gives (the token’s subject)' })
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiResponse({ status: 400, type: ProblemView, description: 'INVALID_USER_ID' })
  @ApiResponse({ status: 403, type: ProblemView, description: 'FORBIDDEN: only auditors read the access log' })
  async byUser(@Param('userId') userId: string, @Query() query: AccessLogQueryDto): Promise<AccessLogPageView> {
    if (!ACCESS_LOG_USER_ID.test(userId)) throw new ApiError(400, 'INVALID_USER_ID', 'userId must be 1-200 letters, digits or _ . @ : - starting with a letter or digit.');
    const page = await this.accessLog.byUser(userId, { before: query.before, limit: query.limit ?? 100 });
    return { entries: [...page.entries], nextBefore: page.nextBefore };
  }
}
