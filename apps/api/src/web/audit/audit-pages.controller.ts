import { Controller, Get, Header, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EventStore } from '@cje/event-store';
import { describeState } from '@cje/journey';
import { isChildId } from '../../children/child-id.js';
import { isStrictIsoDate } from '../../children/dto/date-validators.js';
import { ChildRecords } from '../../children/child-records.js';
import { Clock } from '../../children/clock.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { RequestId } from '../../children/http/request-id.decorator.js';
import { AccessLog } from '../../audit/access-log/access-log.js';
import { RecordAccess } from '../../audit/access-log/record-access.interceptor.js';
import { ChildAudit } from '../../audit/child-audit.js';
import { ACCESS_LOG_USER_ID } from '../../audit/http/access-log.controller.js';
import { isKnownInstant, knownInstant } from '../../audit/http/known-instant.js';
import { renderSubjectAccessHtml, SUBJECT_ACCESS_HTML_CSP } from '../../audit/subject-access/subject-access-html.js';
import { canReadChildHistory, mayUse } from '../../auth/access-policy.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import { ApiError } from '../../http/api-error.js';
import { EVENT_STORE } from '../../store/event-store.token.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { AuditPagesGuard } from './audit-pages.guard.js';
import { accessLogRows, asAtSummary, beforeParam, dateFromParts, type FieldError, historyItems, keyDateRows } from './audit-view-models.js';

const AUDIT = `${WEB_ROOT}/audit`;
const HTML = 'text/html; charset=utf-8';
const PAGE_SIZE = 50;

type Parts = Record<string, unknown>;

/** The parts of a child's audit record this user may open (the policy decides; the pages only follow it). */
function childNav(user: Principal, childId: string, current: string): { href: string; text: string; current: boolean }[] {
  const base = `${AUDIT}/children/${encodeURIComponent(childId)}`;
  return [
    { key: 'history', href: base, text: 'History', show: true },
    { key: 'as-at', href: `${base}/as-at`, text: 'Case as at a date', show: true },
    { key: 'integrity', href: `${base}/integrity`, text: 'Integrity check', show: mayUse(user, 'integrity.verify').allowed },
    { key: 'access-log', href: `${base}/access-log`, text: 'Access log', show: mayUse(user, 'audit.read').allowed },
    { key: 'journey', href: `${WEB_ROOT}/children/${encodeURIComponent(childId)}/journey`, text: 'Journey map', show: true },
  ]
    .filter((item) => item.show)
    .map(({ key, href, text }) => ({ href, text, current: key === current }));
}

/**
 * The auditor's pages: find a child, check the store's integrity, search the access log; for one child its history
 * with corrections, the case as at a date, its integrity, who read it, and the subject access export. Everything
 * comes from the same services as the audit API, and every page showing a child's data is in the access log first.
 */
@WebPages()
@UseGuards(AuditPagesGuard)
@Controller(AUDIT)
export class AuditPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly audit: ChildAudit,
    private readonly accessLog: AccessLog,
    private readonly records: ChildRecords,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    this.showHome(req, res, {}, []);
  }

  /** The "find a child" form: to the child's audit page, or back with what is wrong. */
  @Get('children')
  find(@Query('childId') childId: unknown, @Req() req: Request, @Res() res: Response): void {
    const value = typeof childId === 'string' ? childId.trim() : '';
    if (!isChildId(value)) {
      this.showHome(req, res, { childId: value }, [{ field: 'childId', text: value ? 'Child id must be letters, digits, dots, dashes or underscores (up to 64)' : 'Enter a child id' }], 400);
      return;
    }
    res.redirect(303, `${AUDIT}/children/${encodeURIComponent(value)}`);
  }

  @Get('integrity')
  @Requires('integrity.verify')
  integrityForm(@Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'audit/integrity.njk', { result: null });
  }

  /** Recomputes every hash chain (a deliberate action: it reads the whole store). */
  @Post('integrity')
  @Requires('integrity.verify')
  async integrity(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [eventLog, accessLog] = await Promise.all([this.store.verifyAll(), this.accessLog.verify()]);
    this.renderer.page(req, res, 'audit/integrity.njk', {
      result: { ok: eventLog.ok && accessLog.ok, checkedAt: this.clock.now().toISOString(), eventLog, accessLog },
    });
  }

  /** Access log search: by child (that child's page, itself logged) or by user. */
  @Get('access-log')
  @Requires('audit.read')
  async accessLogSearch(@Query() query: Parts, @Req() req: Request, @Res() res: Response): Promise<void> {
    const childId = typeof query.childId === 'string' ? query.childId.trim() : undefined;
    const userId = typeof query.userId === 'string' ? query.userId.trim() : undefined;
    if (childId !== undefined) {
      if (!isChildId(childId)) {
        this.showHome(req, res, { logChildId: childId }, [{ field: 'logChildId', text: childId ? 'Child id must be letters, digits, dots, dashes or underscores (up to 64)' : 'Enter a child id' }], 400);
        return;
      }
      res.redirect(303, `${AUDIT}/children/${encodeURIComponent(childId)}/access-log`);
      return;
    }
    if (!userId || !ACCESS_LOG_USER_ID.test(userId)) {
      this.showHome(req, res, { userId: userId ?? '' }, [{ field: 'userId', text: userId ? 'User id must be letters, digits or _ . @ : - starting with a letter or digit' : 'Enter a user id' }], 400);
      return;
    }
    const { before, error } = beforeParam(query.before);
    if (error) throw new ApiError(400, 'VALIDATION_FAILED', error);
    const page = await this.accessLog.byUser(userId, { before, limit: PAGE_SIZE });
    const base = `${AUDIT}/access-log?userId=${encodeURIComponent(userId)}`;
    this.renderer.page(req, res, 'audit/access-log.njk', {
      title: `Access log: reads by ${userId}`,
      heading: `Records read by ${userId}`,
      byUser: true,
      rows: accessLogRows(page.entries),
      newer: before === undefined ? null : base,
      older: page.nextBefore === null ? null : `${base}&before=${page.nextBefore}`,
    });
  }

  @Get('children/:childId')
  @RecordAccess('history')
  @Header('content-type', HTML)
  async history(
    @Param('childId', ChildIdPipe) childId: string,
    @Query('order') order: unknown,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    if (order !== undefined && order !== 'recorded' && order !== 'effective') throw new ApiError(400, 'VALIDATION_FAILED', 'order must be recorded or effective.');
    const history = await this.audit.history(childId, user, order === 'effective' ? 'effective' : 'recorded');
    return this.renderer.renderToString(req, res, 'audit/child-history.njk', {
      childId,
      nav: childNav(user, childId, 'history'),
      order: history.order,
      items: historyItems(history),
      corrections: history.entries.filter((e) => e.status === 'correction').length,
      mayExport: mayUse(user, 'subject-access.export').allowed,
    });
  }

  /**
   * The case replayed as at a date. A date given in the form (or `effective=` / `known=` in a link) is checked as the
   * API checks it; the page without dates shows the form only.
   */
  @Get('children/:childId/as-at')
  @RecordAccess('as-at')
  @Header('content-type', HTML)
  async asAt(
    @Param('childId', ChildIdPipe) childId: string,
    @Query() query: Parts,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const errors: FieldError[] = [];
    const effectiveParts = { day: query['effective-day'], month: query['effective-month'], year: query['effective-year'] };
    const knownParts = { day: query['known-day'], month: query['known-month'], year: query['known-year'] };
    let effective: string | undefined;
    let known: string | undefined;
    if (query.effective !== undefined) {
      if (isStrictIsoDate(query.effective)) effective = query.effective;
      else errors.push({ field: 'effective', text: 'The date to see the case as at must be a real date' });
    } else {
      const parsed = dateFromParts('effective', 'The date to see the case as at', effectiveParts);
      if (parsed.error) errors.push(parsed.error);
      effective = parsed.date;
    }
    if (query.known !== undefined) {
      if (isKnownInstant(query.known)) known = query.known;
      else errors.push({ field: 'known', text: 'The recorded-by date must be a date, or a date and time with its offset' });
    } else {
      const parsed = dateFromParts('known', 'The recorded-by date', knownParts);
      if (parsed.error) errors.push(parsed.error);
      known = parsed.date;
    }
    const form = {
      effective: effective ? { day: effective.slice(8, 10), month: effective.slice(5, 7), year: effective.slice(0, 4) } : effectiveParts,
      known: known && known.length === 10 ? { day: known.slice(8, 10), month: known.slice(5, 7), year: known.slice(0, 4) } : knownParts,
    };
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.field, { text: e.text }]));
    const context = { childId, nav: childNav(user, childId, 'as-at'), form, errors, fieldErrors, view: null as unknown, summary: [] as unknown[], keyDates: [] as unknown[], stageNow: '' };
    if (errors.length > 0) {
      res.status(400);
      // Nothing is replayed; the child must still be one the user may see, as for any page naming it.
      await this.audit.visibleStream(childId, user, canReadChildHistory);
      return this.renderer.renderToString(req, res, 'audit/child-as-at.njk', context);
    }
    if (effective === undefined && known === undefined) {
      await this.audit.visibleStream(childId, user, canReadChildHistory);
      return this.renderer.renderToString(req, res, 'audit/child-as-at.njk', context);
    }
    const view = await this.audit.asAt(childId, user, effective, known === undefined ? undefined : knownInstant(known));
    const now = describeState((await this.records.load(childId)).journey);
    return this.renderer.renderToString(req, res, 'audit/child-as-at.njk', {
      ...context,
      view,
      summary: asAtSummary(view),
      keyDates: keyDateRows(view),
      stageNow: now.stageLabel,
    });
  }

  @Get('children/:childId/integrity')
  @Requires('integrity.verify')
  @RecordAccess('integrity')
  @Header('content-type', HTML)
  async childIntegrity(
    @Param('childId', ChildIdPipe) childId: string,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { streamId, report } = await this.audit.verifyChild(childId, user);
    return this.renderer.renderToString(req, res, 'audit/child-integrity.njk', {
      childId,
      nav: childNav(user, childId, 'integrity'),
      streamId,
      report,
      checkedAt: this.clock.now().toISOString(),
    });
  }

  /**
   * Who read this child's record. As in the API, this read is logged before the log is queried, so the page lists
   * itself (the interceptor would log it only after the query).
   */
  @Get('children/:childId/access-log')
  @Requires('audit.read')
  @Header('content-type', HTML)
  async childAccessLog(
    @Param('childId', ChildIdPipe) childId: string,
    @Query('before') beforeValue: unknown,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { before, error } = beforeParam(beforeValue);
    if (error) throw new ApiError(400, 'VALIDATION_FAILED', error);
    await this.audit.visibleStream(childId, user, canReadChildHistory);
    await this.accessLog.record({ userId: user.userId, role: user.role, team: user.team, childId, view: 'access-log', requestId });
    const page = await this.accessLog.byChild(childId, { before, limit: PAGE_SIZE });
    const base = `${AUDIT}/children/${encodeURIComponent(childId)}/access-log`;
    return this.renderer.renderToString(req, res, 'audit/access-log.njk', {
      title: `Access log of child ${childId}`,
      heading: 'Who read this record',
      childId,
      nav: childNav(user, childId, 'access-log'),
      byUser: false,
      rows: accessLogRows(page.entries),
      newer: before === undefined ? null : base,
      older: page.nextBefore === null ? null : `${base}?before=${page.nextBefore}`,
    });
  }

  /** The subject access export as a document to download (the export logs itself). */
  @Get('children/:childId/subject-access')
  @Requires('subject-access.export')
  async subjectAccess(
    @Param('childId', ChildIdPipe) childId: string,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const view = await this.audit.subjectAccess(childId, user, requestId);
    res.type('text/html; charset=utf-8');
    res.setHeader('content-security-policy', SUBJECT_ACCESS_HTML_CSP);
    res.setHeader('content-disposition', `attachment; filename="subject-access-${childId}.html"`);
    return renderSubjectAccessHtml(view);
  }

  private showHome(req: Request, res: Response, values: Record<string, string>, errors: FieldError[], status = 200): void {
    const user = (req as Request & { principal?: Principal }).principal;
    this.renderer.page(
      req,
      res,
      'audit/home.njk',
      {
        values,
        errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
        mayCheckIntegrity: user ? mayUse(user, 'integrity.verify').allowed : false,
        mayReadAccessLog: user ? mayUse(user, 'audit.read').allowed : false,
      },
      status,
    );
  }
}
