import { Body, Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { ConcurrencyError } from '@cje/event-store';
import { REJECTION_CODES } from '@cje/journey';
import { RecordAccess } from '../../audit/access-log/record-access.interceptor.js';
import { canActOnChild } from '../../auth/access-policy.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import { ForbiddenError } from '../../auth/auth.errors.js';
import type { Principal } from '../../auth/principal.js';
import { ChildRecords } from '../../children/child-records.js';
import { Clock } from '../../children/clock.js';
import type { CommandBodyDto } from '../../children/dto/command-body.dto.js';
import type { ChildView } from '../../children/dto/child-view.dto.js';
import { formFieldsOf, type FormFieldSchema } from '../../children/dto/form-schema.js';
import { ChildIdPipe } from '../../children/http/child-id.pipe.js';
import { type CommandRoute, journeyCommandOf } from '../../children/http/command-routes.js';
import { RequestId } from '../../children/http/request-id.decorator.js';
import { londonDate } from '../../children/london-time.js';
import { GetChild } from '../../children/query/get-child.query.js';
import { ApiError, ChildNotFoundError } from '../../http/api-error.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { actionChoices, type ActionChoices } from './action-choices.js';
import { actionHref, childHref } from './child-page-view.js';
import { dateState, type FormState } from './form-body.js';
import { type FormErrors, NO_ERRORS, withFormProblem } from './form-errors.js';
import { withChoices } from './form-view.js';
import { expectedRevisionOf, formPage, OCCURRED_AT, readForm, rejectionErrors } from './worker-form.js';
import { actionLabel, routeByPath } from './worker-labels.js';

/** Journey rejections shown on the form (the command's data or timing); a refusal of the user goes to the 403 page. */
const SHOWN_ON_FORM: ReadonlySet<string> = new Set(REJECTION_CODES.filter((c) => c !== 'NOT_PERMITTED' && c !== 'CHILD_MISMATCH'));

const CONFLICT = 'Someone else changed this record since you opened this form. Nothing you sent was saved: reload the form to see the record as it is now, then try again.';

/**
 * `GET/POST /app/children/:childId/actions/:command`: a form for each journey command, built from the command's body
 * class; posted, it is validated by that class as the API validates it and sent as the same RecordJourneyCommand.
 * Any error shows the form again with what was typed and records nothing; success goes back to the child's page.
 */
@WebPages()
@Controller(`${WEB_ROOT}/children`)
@Requires('case.write')
export class ActionFormController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
    private readonly records: ChildRecords,
    private readonly clock: Clock,
  ) {}

  @Get(':childId/actions/:command')
  @RecordAccess('record')
  @Header('content-type', 'text/html; charset=utf-8')
  async form(
    @Param('childId', ChildIdPipe) childId: string,
    @Param('command') command: string,
    @Query('eventId') eventId: unknown,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { route, view } = await this.offered(childId, command, user);
    const choices = await this.choicesFor(route, view, user, typeof eventId === 'string' ? eventId : undefined);
    const state: FormState = { ...dateState('occurredAt', londonDate(this.clock.now())), ...choices.defaults };
    return this.renderer.renderToString(req, res, 'worker/action-form.njk', this.context(route, view, choices, state, NO_ERRORS, view.revision));
  }

  @Post(':childId/actions/:command')
  async submit(
    @Param('childId', ChildIdPipe) childId: string,
    @Param('command') command: string,
    @Body() form: Record<string, unknown>,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const state = form as FormState;
    const expectedRevision = expectedRevisionOf(state);
    const { route, view } = await this.offered(childId, command, user, expectedRevision);
    const choices = await this.choicesFor(route, view, user);
    const show = (errors: FormErrors, status: number) =>
      this.renderer.page(req, res, 'worker/action-form.njk', this.context(route, view, choices, state, errors, expectedRevision ?? view.revision), status);

    const read = await readForm(route.body, this.fields(route, choices), state);
    if (!read.ok) return show(read.errors, 400);
    const body: CommandBodyDto = read.body;
    // The executor answers a command id it has recorded before with its first result (a second click, a resend),
    // and refuses one made on an older revision: neither is judged here.
    try {
      await this.commandBus.execute(journeyCommandOf(route, childId, body, { user, requestId, expectedRevision: expectedRevision ?? view.revision }));
    } catch (error) {
      if (error instanceof ConcurrencyError || (error instanceof ApiError && error.code === 'WRONG_EXPECTED_REVISION')) return show(withFormProblem(NO_ERRORS, CONFLICT), 409);
      if (error instanceof ApiError && SHOWN_ON_FORM.has(error.code)) return show(rejectionErrors(error), error.status);
      throw error;
    }
    res.redirect(303, `${childHref(childId)}?recorded=${route.path}`);
  }

  /**
   * The command and the child, once the user may give it here now: 404 for a child they may not see or a command the
   * journey does not offer now, 403 (with the reason) for one their role may not give. A form posted on an older
   * revision is let through, so that it is answered as a conflict rather than as a page not found.
   */
  private async offered(childId: string, command: string, user: Principal, postedOn?: number): Promise<{ route: CommandRoute; view: ChildView }> {
    const route = routeByPath(command);
    if (!route) throw new ApiError(404, 'ACTION_NOT_FOUND', 'There is no such action.');
    const view = await this.queryBus.execute(new GetChild(childId, user));
    const decision = canActOnChild(user, { owningTeam: view.owningTeam }, route.type);
    if (!decision.allowed) {
      if (decision.hide) throw new ChildNotFoundError(childId);
      throw new ForbiddenError(decision.reason);
    }
    const moved = postedOn !== undefined && postedOn !== view.revision;
    if (!moved && !view.allowedCommands.includes(route.type)) {
      throw new ApiError(404, 'ACTION_NOT_AVAILABLE', `“${actionLabel(route)}” is not something that can be recorded for this child at this stage.`);
    }
    return { route, view };
  }

  private async choicesFor(route: CommandRoute, view: ChildView, user: Principal, eventId?: string): Promise<ActionChoices> {
    const record = await this.records.load(view.childId);
    return actionChoices(route.type, { journey: record.journey, user, owningTeam: view.owningTeam, ...(eventId ? { eventId } : {}) });
  }

  private fields(route: CommandRoute, choices: ActionChoices): FormFieldSchema[] {
    return [OCCURRED_AT, ...withChoices(formFieldsOf(route.body), choices.choices)].filter((f) => !choices.omit.has(f.name));
  }

  private context(route: CommandRoute, view: ChildView, choices: ActionChoices, state: FormState, errors: FormErrors, revision: number) {
    const page = formPage(this.fields(route, choices), state, errors);
    return {
      title: actionLabel(route),
      heading: actionLabel(route),
      caption: `Child ${view.childId}`,
      stageLabel: view.stageLabel,
      action: actionHref(view.childId, route.path),
      backHref: childHref(view.childId),
      fields: page.fields,
      commandId: page.commandId,
      expectedRevision: revision,
      errors: errors.summary,
      conflict: errors.summary.some((e) => e.text === CONFLICT),
    };
  }
}
