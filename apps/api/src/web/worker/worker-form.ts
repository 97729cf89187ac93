import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { FormFieldSchema } from '../../children/dto/form-schema.js';
import { formToBody, firstValue, type FormState } from './form-body.js';
import type { ApiError } from '../../http/api-error.js';
import { type FormErrors, formErrors, NO_ERRORS, withFormProblem } from './form-errors.js';
import { type FieldView, type FieldViewOptions, fieldViews } from './form-view.js';
import { validateBody } from './validate-body.js';

/** Every journey form asks when it happened; a date (today unless changed), never a time. */
export const OCCURRED_AT: FormFieldSchema = {
  name: 'occurredAt',
  kind: 'date',
  label: 'When did this happen?',
  hint: 'For example, 27 3 2025. It cannot be in the future.',
  optional: false,
};

/** The id of one intended action: made when the form is first shown, sent back with it, so a second submit records nothing new. */
export function commandIdOf(state: FormState): string {
  const posted = firstValue(state, 'commandId');
  return isUUID(posted) ? posted : randomUUID();
}

/** The revision the form was filled in on (If-Match for a form): undefined when absent or not a revision. */
export function expectedRevisionOf(state: FormState): number | undefined {
  const posted = firstValue(state, 'expectedRevision');
  return /^\d{1,15}$/.test(posted) ? Number(posted) : undefined;
}

export type FormOutcome<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly errors: FormErrors };

/**
 * A posted form → the command's body class, validated as the API validates it; or the errors to show with the form.
 * `commandId` comes from the form's hidden field; the fields from the form schema.
 */
export async function readForm<T extends object>(type: Type<T>, fields: readonly FormFieldSchema[], state: FormState): Promise<FormOutcome<T>> {
  const { body, notes } = formToBody(fields, state);
  const plain = { ...body, commandId: firstValue(state, 'commandId') };
  const result = await validateBody(type, plain);
  if (result.ok) return { ok: true, body: result.body };
  return { ok: false, errors: formErrors(fields, result.invalid, plain, notes) };
}

/** The form page's fields, its hidden values and its errors. */
export interface FormPage {
  readonly fields: readonly FieldView[];
  readonly commandId: string;
  readonly errors: FormErrors;
}

export function formPage(fields: readonly FormFieldSchema[], state: FormState, errors: FormErrors = NO_ERRORS, options: Omit<FieldViewOptions, 'errors'> = {}): FormPage {
  return { fields: fieldViews(fields, state, { ...options, errors: errors.byPath }), commandId: commandIdOf(state), errors };
}

/** A rule of the journey broken: in the summary; a date in the future against the "when did this happen" field. */
export function rejectionErrors(error: ApiError): FormErrors {
  if (error.code === 'INVALID_DATE' && /effective date/i.test(error.detail)) {
    return withFormProblem(NO_ERRORS, `The date it happened ${error.detail.replace(/^The effective date /i, '')}`.replace(/ is in the future$/, ' must be today or in the past'), {
      path: 'occurredAt',
      href: '#occurredAt-day',
    });
  }
  return withFormProblem(NO_ERRORS, error.detail);
}
