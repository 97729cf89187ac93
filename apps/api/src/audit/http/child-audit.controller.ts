import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { ProblemView } from '../../children/dto/command-result.dto.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { RequestId } from '../../children/http/request-id.decorator.js';
import { RecordAccess } from '../access-log/record-access.interceptor.js';
import { ChildAudit } from '../child-audit.js';
import { renderSubjectAccessHtml, SUBJECT_ACCESS_HTML_CSP } from '../subject-access/subject-access-html.js';
import { AsAtQueryDto, HistoryQueryDto, SubjectAccessQueryDto } from './audit-queries.dto.js';
import { AsAtView, HistoryView, SubjectAccessView } from './audit-views.dto.js';
import { knownInstant } from './known-instant.js';

const NOT_FOUND = { status: 404, type: ProblemView, description: 'CHILD_NOT_FOUND: no such child, or not open to you' } as const;
const UNAVAILABLE = { status: 503, type: ProblemView, description: 'ACCESS_LOG_UNAVAILABLE: the read could not be logged, so nothing was shown' } as const;

/** A child's history, its replay as at a date, and the subject access export: reads, each logged in the access log. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('children')
export class ChildAuditController {
  constructor(private readonly audit: ChildAudit) {}

  @Get(':childId/history')
  @RecordAccess('history')
  @ApiOperation({
    operationId: 'getChildHistory',
    summary: 'The child’s case history: every event with effective and recorded times and who recorded it; corrections and voids shown against what they correct',
  })
  @ApiParam({ name: 'childId' })
  @ApiOkResponse({ type: HistoryView })
  @ApiResponse(NOT_FOUND)
  @ApiResponse(UNAVAILABLE)
  history(@Param('childId', ChildIdPipe) childId: string, @Query() query: HistoryQueryDto, @CurrentUser() user: Principal): Promise<HistoryView> {
    return this.audit.history(childId, user, query.order ?? 'recorded');
  }

  @Get(':childId/as-at')
  @RecordAccess('as-at')
  @ApiOperation({
    operationId: 'getChildAsAt',
    summary: 'The child’s journey as at a date, replayed from the log: what had happened by `effective`, as known at `known`',
    description:
      'effective=2025-02-01: events effective by then, with every correction known now. Add known=2025-03-01: only events and corrections recorded by the end of 1 March ("what did we know on 1 March about what had happened by 1 February"). Visible to whoever may see the child now.',
  })
  @ApiParam({ name: 'childId' })
  @ApiOkResponse({ type: AsAtView })
  @ApiResponse({ status: 400, type: ProblemView, description: 'VALIDATION_FAILED: a malformed date' })
  @ApiResponse(NOT_FOUND)
  @ApiResponse(UNAVAILABLE)
  asAt(@Param('childId', ChildIdPipe) childId: string, @Query() query: AsAtQueryDto, @CurrentUser() user: Principal): Promise<AsAtView> {
    return this.audit.asAt(childId, user, query.effective, query.known === undefined ? undefined : knownInstant(query.known));
  }

  @Get(':childId/subject-access')
  @ApiOperation({
    operationId: 'exportSubjectAccess',
    summary: 'Everything held about the child (subject access): current state, history, every event as stored, every logged read, the chain check',
    description: 'Head of service and auditors only (403 for others who may see the child). The export is itself logged, and lists itself. format=html gives a self-contained document to download.',
  })
  @ApiParam({ name: 'childId' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: SubjectAccessView })
  @ApiResponse({ status: 403, type: ProblemView, description: 'FORBIDDEN: your role may not export subject access' })
  @ApiResponse(NOT_FOUND)
  @ApiResponse(UNAVAILABLE)
  async subjectAccess(
    @Param('childId', ChildIdPipe) childId: string,
    @Query() query: SubjectAccessQueryDto,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubjectAccessView | string> {
    const view = await this.audit.subjectAccess(childId, user, requestId);
    if (query.format !== 'html') return view;
    res.type('text/html; charset=utf-8');
    res.setHeader('content-security-policy', SUBJECT_ACCESS_HTML_CSP);
    res.setHeader('content-disposition', `attachment; filename="subject-access-${childId}.html"`);
    return renderSubjectAccessHtml(view);
  }
}
