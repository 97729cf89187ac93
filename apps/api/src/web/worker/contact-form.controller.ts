import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { canOpenRecord } from '../../auth/access-policy.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import { ForbiddenError } from '../../auth/auth.errors.js';
import type { Principal } from '../../auth/principal.js';
import { Clock } from '../../children/clock.js';
import { RecordNewChildContact } from '../../children/command/record-new-child-contact.js';
import { formFieldsOf, type FormFieldSchema } from '../../children/dto/form-schema.js';
import { NewChildContactDto, newChildContactRequest } from '../../children/dto/front-door.dto.js';
import { RequestId } from '../../children/http/request-id.decorator.js';
import { londonDate } from '../../children/london-time.js';
import { ApiError } from '../../http/api-error.js';
import { WebPages } from '../web.decorators.js';
import { WEB_ROOT } from '../web-error-pages.js';
import { WebRenderer } from '../web-renderer.js';
import { childHref } from './child-page-view.js';
import { dateState, firstValue, type FormState } from './form-body.js';
import { type FormErrors, NO_ERRORS, withFormProblem } from './form-errors.js';
import { formPage, OCCURRED_AT, readForm, rejectionErrors } from './worker-form.js';

/** The contact form's fields, in the order a worker takes a call: who the child is, who is calling, what about. */
const ORDER = ['occurredAt', 'firstName', 'lastName', 'child', 'source', 'concerns', 'confirmNewChild'];

/** The service makes these: the contact's id is the command's, the child's id is made from it. */
const NOT_ON_THE_FORM: ReadonlySet<string> = new Set(['contactId', 'childId']);

const CONFIRM = 'confirmNewChild';

export const DUPLICATE_SUMMARY = 'This child may already have a record. Check the matching records, or confirm that this is a different child.';

function contactFields(withConfirm: boolean): FormFieldSchema[] {
  const fields = [OCCURRED_AT, ...formFieldsOf(NewChildContactDto)].filter((f) => !NOT_ON_THE_FORM.has(f.name) && (withConfirm || f.name !== CONFIRM));
  return fields.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}

/**
 * `GET/POST /app/contacts/new`: a contact about a child with no record yet, with person matching first. A possible
 * match shows the matching records the user may see and asks whether this is a different child. The names are
 * used for the match only: they are in no command, no log and no page but this form.
 */
@WebPages()
@Controller(`${WEB_ROOT}/contacts`)
@Requires('case.write')
export class ContactFormController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get('new')
  form(@CurrentUser() user: Principal, @Req() req: Request, @Res() res: Response): void {
    this.mayOpen(user);
    const state: FormState = { ...dateState('occurredAt', londonDate(this.clock.now())) };
    this.show(req, res, state, NO_ERRORS, [], 200);
  }

  @Post('new')
  async submit(
    @Body() form: Record<string, unknown>,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.mayOpen(user);
    const state = form as FormState;
    const confirmShown = firstValue(state, 'duplicateShown') === 'yes';
    const read = await readForm(NewChildContactDto, contactFields(confirmShown), state);
    if (!read.ok) return this.show(req, res, state, read.errors, [], 400, confirmShown);
    const body = read.body;
    try {
      const outcome = await this.commandBus.execute(new RecordNewChildContact(newChildContactRequest(body, user, requestId)));
      res.redirect(303, `${childHref(outcome.childId)}?recorded=new-child`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'POSSIBLE_DUPLICATE_CHILD') {
        const ids = Array.isArray(error.extensions.matchingChildIds) ? error.extensions.matchingChildIds.filter((id): id is string => typeof id === 'string') : [];
        return this.show(req, res, state, withFormProblem(NO_ERRORS, DUPLICATE_SUMMARY, { path: CONFIRM, href: `#${CONFIRM}` }), ids, 409, true);
      }
      if (error instanceof ApiError && error.status === 422) return this.show(req, res, state, rejectionErrors(error), [], 422, confirmShown);
      throw error;
    }
  }

  private mayOpen(user: Principal): void {
    const decision = canOpenRecord(user);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
  }

  private show(req: Request, res: Response, state: FormState, errors: FormErrors, matches: readonly string[], status: number, confirmShown = false): void {
    const page = formPage(contactFields(confirmShown), state, errors, { singleCheckbox: new Set([CONFIRM]) });
    this.renderer.page(
      req,
      res,
      'worker/contact-form.njk',
      {
        title: 'Record a contact about a new child',
        fields: page.fields,
        commandId: page.commandId,
        errors: errors.summary,
        matches: matches.map((id) => ({ id, href: childHref(id) })),
        confirmShown,
      },
      status,
    );
  }
}
