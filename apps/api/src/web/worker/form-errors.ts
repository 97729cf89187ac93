import type { FormFieldSchema } from '../../children/dto/form-schema.js';
import { type DatePart, type FormNotes, idOf, nestedFields, pathOf } from './form-body.js';
import type { InvalidField } from './validate-body.js';

/** An entry of the GOV.UK error summary: what is wrong, and a link to the field (none for a whole-form problem). */
export interface ErrorItem {
  readonly text: string;
  readonly href?: string;
}

/** The errors of a form: per field path (inline messages) and in page order (the summary). */
export interface FormErrors {
  readonly byPath: ReadonlyMap<string, string>;
  readonly summary: readonly ErrorItem[];
}

export const NO_ERRORS: FormErrors = { byPath: new Map(), summary: [] };

const lcFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** What a message calls the field: its label, or for a question "the date" / "an answer". */
export function nounOf(field: FormFieldSchema): string {
  if (field.name === 'occurredAt') return 'date it happened';
  if (field.label.endsWith('?')) return field.kind === 'date' ? 'date' : 'answer';
  return lcFirst(field.label.replace(/\s*\([^)]*\)$/, ''));
}

function joinParts(parts: readonly DatePart[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/**
 * A message in the GOV.UK style for a field that failed validation. Validation (the body class) decides whether a
 * value is accepted; this only says why in words for the person at the form.
 */
export function messageFor(field: FormFieldSchema, constraints: Readonly<Record<string, string>>, value: unknown, missingParts: readonly DatePart[] = []): string {
  const noun = nounOf(field);
  const question = field.label.endsWith('?');
  if (isMissing(value)) {
    switch (field.kind) {
      case 'code':
      case 'boolean':
        return question ? `Select an answer: ${field.label}` : `Select the ${noun}`;
      case 'codes':
      case 'ids':
        return `Select at least one of the ${noun}`;
      default:
        return `Enter the ${noun}`;
    }
  }
  const names = Object.keys(constraints);
  const has = (name: string) => names.includes(name);
  switch (field.kind) {
    case 'date':
      return missingParts.length > 0 ? `The ${noun} must include a ${joinParts(missingParts)}` : `The ${noun} must be a real date`;
    case 'code':
      // An id offered as a choice (a contact, an assessment) is a code to the person choosing it.
      return question ? `Select one of the answers: ${field.label}` : `Select the ${noun} from the list`;
    case 'id':
      if (has('matches')) return `The ${noun} must be 1 to 100 letters, digits or the characters _ . : -`;
      break;
    case 'codes':
    case 'ids':
      if (has('arrayMinSize')) return `Select at least ${field.minItems ?? 1} of the ${noun}`;
      return `Select each of the ${noun} from the list, once`;
    case 'boolean':
      return question ? `Select yes or no: ${field.label}` : `Select yes or no for the ${noun}`;
    case 'number':
      if (has('isNumber')) return `The ${noun} must be a number, like 4.5`;
      if (has('min')) return `The ${noun} must be 0 or more`;
      if (has('max')) return `The ${noun} must be 10,000 or less`;
      break;
    case 'text':
      if (has('isLength') && field.maxLength !== undefined) return `The ${noun} must be ${field.maxLength.toLocaleString('en-GB')} characters or fewer`;
      break;
    case 'json':
      return `The ${noun} must be written as a JSON object, like {"outcome": "PLAN"}`;
    case 'nested':
      break;
  }
  // Anything else: the body class's own message, naming the field as the form does.
  const first = Object.values(constraints)[0] ?? 'is not valid';
  return first.replace(new RegExp(`^(each of )?${field.name}\\b`), (_m, each: string | undefined) => `${each ?? ''}${field.label}`);
}

/** Where a field's error links to: its first input (a date's first missing part). */
export function anchorOf(field: FormFieldSchema, path: string, missingParts: readonly DatePart[] = []): string {
  const id = idOf(path);
  return field.kind === 'date' ? `#${id}-${missingParts[0] ?? 'day'}` : `#${id}`;
}

function valueAt(body: Record<string, unknown>, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The form's errors from what validation refused: one message per field, in the order the fields are on the page
 * (nested fields in their place); a property the form does not show (a tampered hidden field) still gets a
 * summary entry.
 */
export function formErrors(fields: readonly FormFieldSchema[], invalid: readonly InvalidField[], body: Record<string, unknown>, notes: FormNotes): FormErrors {
  const byPath = new Map<string, string>();
  const summary: ErrorItem[] = [];
  const remaining = new Map(invalid.map((i) => [i.path, i]));
  const visit = (list: readonly FormFieldSchema[], prefix: string) => {
    for (const field of list) {
      const path = pathOf(prefix, field.name);
      const problem = remaining.get(path);
      if (problem) {
        remaining.delete(path);
        const parts = notes.missingDateParts.get(path) ?? [];
        const text = messageFor(field, problem.constraints, valueAt(body, path), parts);
        byPath.set(path, text);
        summary.push({ text, href: anchorOf(field, path, parts) });
      }
      if (field.kind === 'nested') visit(nestedFields(field), path);
    }
  };
  visit(fields, '');
  for (const problem of remaining.values()) {
    const text =
      problem.path === 'commandId' || problem.path === 'expectedRevision'
        ? 'This form has expired. Reload the page and fill it in again.'
        : (Object.values(problem.constraints)[0] ?? `${problem.path} is not valid`);
    summary.push({ text });
  }
  return { byPath, summary };
}

/** A problem with the whole form (a rule of the journey, someone else's change): in the summary, linked if given. */
export function withFormProblem(errors: FormErrors, text: string, field?: { readonly path: string; readonly href: string }): FormErrors {
  const byPath = new Map(errors.byPath);
  if (field) byPath.set(field.path, text);
  return { byPath, summary: [...errors.summary, field ? { text, href: field.href } : { text }] };
}
