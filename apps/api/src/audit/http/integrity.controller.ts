import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@cje/event-store';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { Clock } from '../../children/clock.js';
import { ProblemView } from '../../children/dto/command-result.dto.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { EVENT_STORE } from '../../store/event-store.token.js';
import { AccessLog } from '../access-log/access-log.js';
import { RecordAccess } from '../access-log/record-access.interceptor.js';
import { ChildAudit } from '../child-audit.js';
import { ChildIntegrityView, IntegrityView } from './audit-views.dto.js';

const FORBIDDEN = { status: 403, type: ProblemView, description: 'FORBIDDEN: only auditors and the head of service check integrity' } as const;

/**
 * Tamper evidence on demand: recomputes the hash chains. 200 with `ok: false` and the problems when something was
 * altered (the check itself worked); a store that cannot be read answers 503.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Requires('integrity.verify')
@Controller('integrity')
export class IntegrityController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: AccessLog,
    private readonly audit: ChildAudit,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'verifyEverything',
    summary: 'Recompute every hash chain: each child’s events, the global order, and the access log',
    description: 'Reads the whole log: on a large authority it takes a while (it yields between slices, so other requests are served meanwhile).',
  })
  @ApiOkResponse({ type: IntegrityView })
  @ApiResponse(FORBIDDEN)
  async verifyAll(): Promise<IntegrityView> {
    const [eventLog, accessLog] = await Promise.all([this.store.verifyAll(), this.accessLog.verify()]);
    return {
      ok: eventLog.ok && accessLog.ok,
      checkedAt: this.clock.now().toISOString(),
      eventLog: { ...eventLog, problems: [...eventLog.problems] },
      accessLog: { ...accessLog, problems: [...accessLog.problems] },
    };
  }

  @Get('children/:childId')
  @RecordAccess('integrity')
  @ApiOperation({ operationId: 'verifyChild', summary: 'Recompute one child’s hash chain: was anything in the record changed, deleted or reordered?' })
  @ApiParam({ name: 'childId' })
  @ApiOkResponse({ type: ChildIntegrityView })
  @ApiResponse(FORBIDDEN)
  @ApiResponse({ status: 404, type: ProblemView, description: 'CHILD_NOT_FOUND' })
  async verifyChild(@Param('childId', ChildIdPipe) childId: string, @CurrentUser() user: Principal): Promise<ChildIntegrityView> {
    const { streamId, report } = await this.audit.verifyChild(childId, user);
    return { childId, streamId, checkedAt: this.clock.now().toISOString(), eventLog: { ...report, problems: [...report.problems] } };
  }
}
