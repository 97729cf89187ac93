import type { CodeEntry } from '@cje/journey';
import type { FormFieldSchema } from '../../children/dto/form-schema.js';
import { allValues, DATE_PARTS, firstValue, type FormState, idOf, nestedFields, pathOf } from './form-body.js';

/** A choice offered for a field: a code with its label, or an id the record knows (a contact, an event). */
export interface Choice extends CodeEntry {
  readonly hint?: string;
}

/** Lists with more choices than this are a select rather than radios (GOV.UK: radios for a handful). */
export const MOST_RADIOS = 8;

export type FieldComponent = 'radios' | 'select' | 'checkboxes' | 'dateInput' | 'input' | 'textarea' | 'fieldset';

/** One field as the template renders it: a govuk-frontend macro and its parameters; a fieldset holds fields. */
export interface FieldView {
  readonly component: FieldComponent;
  readonly path: string;
  readonly params: Record<string, unknown>;
  readonly fields?: readonly FieldView[];
}

export interface FieldViewOptions {
  /** Field path → error message. */
  readonly errors?: ReadonlyMap<string, string>;
  /** Fields left off the form (filled in by the service). */
  readonly omit?: ReadonlySet<string>;
  /** Yes/no fields shown as one checkbox ("This is a different child"). */
  readonly singleCheckbox?: ReadonlySet<string>;
}

/** One radio or checkbox of a code list, with the choice's hint where it has one. */
function choiceItem(c: CodeEntry, checked: boolean): { value: string; text: string; hint: { text: string } | undefined; checked: boolean } {
  const hint = (c as Choice).hint;
  return { value: c.code, text: c.label, hint: hint ? { text: hint } : undefined, checked };
}

/**
 * Ids the record offers as choices (the contacts awaiting a decision, the assessment in hand, events to correct)
 * turn those id fields into a choice of codes, so the form, its errors and the body are all built from one schema.
 */
export function withChoices(fields: readonly FormFieldSchema[], choices: ReadonlyMap<string, readonly Choice[]>, prefix = ''): FormFieldSchema[] {
  return fields.map((field) => {
    const offered = choices.get(pathOf(prefix, field.name));
    if (!offered) return field;
    if (field.kind === 'id') return { ...field, kind: 'code', codes: offered };
    if (field.kind === 'ids' || field.kind === 'code' || field.kind === 'codes') return { ...field, codes: offered };
    return field;
  });
}

type Size = 'l' | 'm' | 's';

function labelText(field: FormFieldSchema, revealed: boolean): string {
  return field.optional && !revealed ? `${field.label} (optional)` : field.label;
}

function errorMessage(options: FieldViewOptions, path: string): { text: string } | undefined {
  const text = options.errors?.get(path);
  return text ? { text } : undefined;
}

const hintOf = (field: FormFieldSchema) => (field.hint ? { text: field.hint } : undefined);

/**
 * The GOV.UK fields of a form, with the values it holds and the errors it has. Fields that belong to one answer (an
 * unborn child's expected date of birth) follow the question, their hints saying when they apply: govuk-frontend's
 * conditional reveal marks radios aria-expanded, which ARIA does not allow on a radio.
 */
export function fieldViews(fields: readonly FormFieldSchema[], state: FormState, options: FieldViewOptions = {}, prefix = '', size: Size = 'm'): FieldView[] {
  const shown = fields.filter((f) => !options.omit?.has(pathOf(prefix, f.name)));
  const revealed = new Set(shown.flatMap((f) => (f.reveals ? Object.values(f.reveals).flat() : [])));
  return shown.map((f) => fieldView(f, state, options, prefix, size, revealed.has(f.name)));
}

function fieldView(
  field: FormFieldSchema,
  state: FormState,
  options: FieldViewOptions,
  prefix: string,
  size: Size,
  revealed: boolean,
): FieldView {
  const path = pathOf(prefix, field.name);
  const id = idOf(path);
  const error = errorMessage(options, path);
  const legend = { text: labelText(field, revealed), classes: `govuk-fieldset__legend--${size}` };
  const label = { text: labelText(field, revealed), classes: `govuk-label--${size}` };
  const hint = hintOf(field);
  switch (field.kind) {
    case 'nested':
      return {
        component: 'fieldset',
        path,
        params: { legend: { text: field.label, classes: `govuk-fieldset__legend--${size}` } },
        fields: fieldViews(nestedFields(field), state, options, path, 's'),
      };
    case 'date': {
      const parts = DATE_PARTS.map((part) => ({
        name: part,
        label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
        value: firstValue(state, `${path}-${part}`),
        classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${error ? ' govuk-input--error' : ''}`,
        inputmode: 'numeric',
      }));
      return {
        component: 'dateInput',
        path,
        params: { id, namePrefix: path, fieldset: { legend }, hint: hint ?? { text: 'For example, 27 3 2025' }, errorMessage: error, items: parts },
      };
    }
    case 'code': {
      const chosen = firstValue(state, path);
      const codes = field.codes ?? [];
      if (codes.length > MOST_RADIOS) {
        return {
          component: 'select',
          path,
          params: {
            id,
            name: path,
            label,
            hint,
            errorMessage: error,
            items: [{ value: '', text: 'Choose one', selected: chosen === '' }, ...codes.map((c) => ({ value: c.code, text: c.label, selected: c.code === chosen }))],
          },
        };
      }
      return {
        component: 'radios',
        path,
        params: {
          name: path,
          idPrefix: id,
          fieldset: { legend },
          hint,
          errorMessage: error,
          items: codes.map((c) => choiceItem(c, c.code === chosen)),
        },
      };
    }
    case 'codes':
    case 'ids': {
      if (field.kind === 'ids' && !field.codes) {
        return {
          component: 'textarea',
          path,
          params: { id, name: path, label, hint: { text: `${field.hint ? `${field.hint}. ` : ''}One ID per line.` }, errorMessage: error, value: allValues(state, path).join('\n'), rows: 4, spellcheck: false },
        };
      }
      const chosen = new Set(allValues(state, path));
      return {
        component: 'checkboxes',
        path,
        params: {
          name: path,
          idPrefix: id,
          fieldset: { legend },
          hint,
          errorMessage: error,
          items: (field.codes ?? []).map((c) => choiceItem(c, chosen.has(c.code))),
        },
      };
    }
    case 'boolean': {
      const value = firstValue(state, path);
      if (options.singleCheckbox?.has(path)) {
        return {
          component: 'checkboxes',
          path,
          params: { name: path, idPrefix: id, hint, errorMessage: error, items: [{ value: 'yes', text: field.label, checked: value === 'yes' }] },
        };
      }
      return {
        component: 'radios',
        path,
        params: {
          name: path,
          idPrefix: id,
          classes: 'govuk-radios--inline',
          fieldset: { legend },
          hint,
          errorMessage: error,
          items: [
            { value: 'yes', text: 'Yes', checked: value === 'yes' },
            { value: 'no', text: 'No', checked: value === 'no' },
            ...(field.nullable ? [{ value: '', text: 'Not known', checked: value === '' && state[path] !== undefined }] : []),
          ],
        },
      };
    }
    case 'text':
    case 'json':
      if (field.kind === 'json' || (field.maxLength ?? 0) > 200) {
        return {
          component: 'textarea',
          path,
          params: { id, name: path, label, hint, errorMessage: error, value: firstValue(state, path), rows: field.kind === 'json' ? 8 : 5, spellcheck: field.kind !== 'json' },
        };
      }
      return { component: 'input', path, params: { id, name: path, label, hint, errorMessage: error, value: firstValue(state, path), spellcheck: false } };
    case 'number':
      return {
        component: 'input',
        path,
        params: { id, name: path, label, hint, errorMessage: error, value: firstValue(state, path), inputmode: 'decimal', classes: 'govuk-input--width-5', spellcheck: false },
      };
    case 'id':
      return {
        component: 'input',
        path,
        params: { id, name: path, label, hint, errorMessage: error, value: firstValue(state, path), classes: 'govuk-input--width-20', spellcheck: false, autocomplete: 'off' },
      };
  }
}
