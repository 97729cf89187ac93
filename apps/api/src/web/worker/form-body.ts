import { type FormFieldSchema, formFieldsOf } from '../../children/dto/form-schema.js';

/**
 * A posted form as the body parser gives it (application/x-www-form-urlencoded): each name's value, or the values of
 * a name sent more than once (checkboxes).
 */
export type FormState = Readonly<Record<string, string | readonly string[] | undefined>>;

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** What the form → body conversion noticed that validation alone cannot say well: date fields missing a part. */
export interface FormNotes {
  /** Field path → the parts of a date left empty (when some, not all, were filled in). */
  readonly missingDateParts: ReadonlyMap<string, readonly DatePart[]>;
}

/** The path of a field under a nested object: `child.dateOfBirth`. */
export const pathOf = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);

/** The HTML id of a field: dots are valid in ids, but not handy in fragment links and selectors. */
export const idOf = (path: string): string => path.replace(/\./g, '-');

export function firstValue(state: FormState, name: string): string {
  const value: unknown = state[name];
  const first: unknown = Array.isArray(value) ? (value as readonly unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
}

export function allValues(state: FormState, name: string): string[] {
  const value = state[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * Day, month and year fields → `YYYY-MM-DD`. All empty: undefined (not given). Otherwise the parts as typed, padded
 * when they are numbers; anything that is not a real date stays malformed so that the body's own date validator
 * refuses it.
 */
export function dateFromParts(parts: Readonly<Record<DatePart, string>>): { value: string | undefined; missing: DatePart[] } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { value: undefined, missing: [] };
  const missing = DATE_PARTS.filter((p) => !{ day, month, year }[p]);
  const pad = (v: string, n: number) => (/^\d+$/.test(v) && v.length <= n ? v.padStart(n, '0') : v);
  // A two-digit year is not padded: 25 is not the year 0025, it is an incomplete year and must be refused.
  return { value: `${year}-${pad(month, 2)}-${pad(day, 2)}`, missing };
}

/** `2025-01-06` → its parts, for showing a date in day, month and year fields. */
export function partsOfDate(iso: string | null | undefined): Record<DatePart, string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' } : { day: '', month: '', year: '' };
}

/** Form state holding a date in a date field's three inputs. */
export function dateState(path: string, iso: string | null | undefined): Record<string, string> {
  const parts = partsOfDate(iso);
  return { [`${path}-day`]: parts.day, [`${path}-month`]: parts.month, [`${path}-year`]: parts.year };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The command body a form describes, in the shape the body class takes from JSON: dates from their three parts,
 * yes/no answers as booleans, ticked boxes as lists, nested objects as objects. Empty fields are left out (so a
 * required one is reported missing and an optional one takes its default). Values the body class would refuse are
 * passed on as they are: validation, not this conversion, decides what is accepted. Fields revealed by a choice
 * (an unborn child's expected date of birth) are read only when that choice is made, as on the page.
 */
export function formToBody(fields: readonly FormFieldSchema[], state: FormState, prefix = ''): { body: Record<string, unknown>; notes: FormNotes } {
  const missingDateParts = new Map<string, DatePart[]>();
  const body = readObject(fields, state, prefix, missingDateParts);
  return { body, notes: { missingDateParts } };
}

function readObject(fields: readonly FormFieldSchema[], state: FormState, prefix: string, missing: Map<string, DatePart[]>): Record<string, unknown> {
  const hidden = hiddenByReveals(fields, state, prefix);
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (hidden.has(field.name)) continue;
    const path = pathOf(prefix, field.name);
    const value = readField(field, state, path, missing);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}

/** Fields revealed by a code that is not the one chosen. */
function hiddenByReveals(fields: readonly FormFieldSchema[], state: FormState, prefix: string): Set<string> {
  const hidden = new Set<string>();
  for (const field of fields) {
    if (!field.reveals) continue;
    const chosen = firstValue(state, pathOf(prefix, field.name));
    for (const [code, names] of Object.entries(field.reveals)) {
      if (code !== chosen) for (const name of names) hidden.add(name);
    }
    // The chosen code's own fields stay, even when another code reveals them too.
    for (const name of field.reveals[chosen] ?? []) hidden.delete(name);
  }
  return hidden;
}

function readField(field: FormFieldSchema, state: FormState, path: string, missing: Map<string, DatePart[]>): unknown {
  switch (field.kind) {
    case 'nested':
      return readObject(nestedFields(field), state, path, missing);
    case 'date': {
      const parts = { day: firstValue(state, `${path}-day`), month: firstValue(state, `${path}-month`), year: firstValue(state, `${path}-year`) };
      const { value, missing: absent } = dateFromParts(parts);
      if (absent.length > 0) missing.set(path, absent);
      return value;
    }
    case 'codes':
    case 'ids': {
      // Ids with nothing to choose from are typed, one per line.
      const values = allValues(state, path).flatMap((v) => (field.kind === 'ids' ? v.split(/[\s,]+/) : [v])).filter((v) => v !== '');
      return values.length > 0 || !field.optional ? values : undefined;
    }
    case 'boolean': {
      const value = firstValue(state, path);
      if (value === '') return undefined;
      return value === 'yes' ? true : value === 'no' ? false : value;
    }
    case 'number': {
      const value = firstValue(state, path).trim();
      if (value === '') return undefined;
      return NUMBER.test(value) ? Number(value) : value;
    }
    case 'json': {
      const value = firstValue(state, path).trim();
      if (value === '') return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    }
    case 'text': {
      const value = firstValue(state, path);
      return value.trim() === '' ? undefined : value;
    }
    case 'id':
    case 'code': {
      const value = firstValue(state, path).trim();
      return value === '' ? undefined : value;
    }
  }
}

/** The fields of a nested object's class (read when needed: the class may be declared after the one using it). */
export function nestedFields(field: FormFieldSchema): readonly FormFieldSchema[] {
  const type = field.nested?.();
  return type ? formFieldsOf(type) : [];
}
