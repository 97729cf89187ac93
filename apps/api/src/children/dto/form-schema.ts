import 'reflect-metadata';
import type { CodeEntry } from '@cje/journey';

/**
 * A small description of each command body property, recorded by the field decorators beside their validation and
 * OpenAPI description, so that a screen can build the command's form from the same class the API validates with.
 * Metadata only: recording it changes neither validation nor the OpenAPI description.
 */
export type FormFieldKind = 'id' | 'text' | 'boolean' | 'date' | 'code' | 'codes' | 'number' | 'nested' | 'json' | 'ids';

export interface FormFieldSchema {
  /** The property name (the key in the command body). */
  readonly name: string;
  readonly kind: FormFieldKind;
  /** What a form calls it: given, or derived from the name ("conferenceDate" → "Conference date"). */
  readonly label: string;
  readonly hint?: string;
  readonly optional: boolean;
  /** The body may carry null for "not known" (placement distance, location). */
  readonly nullable?: boolean;
  /** Text: the longest value accepted. */
  readonly maxLength?: number;
  /** One code or several: the codes offered, with their labels, in list order. */
  readonly codes?: readonly CodeEntry[];
  /** Several codes: how many must be chosen at least. */
  readonly minItems?: number;
  /** One code: the other fields of the same object that belong to a code (shown when that code is chosen). */
  readonly reveals?: Readonly<Record<string, readonly string[]>>;
  /** Nested: the class of the object, whose own fields are read the same way. */
  readonly nested?: () => abstract new (...args: never[]) => unknown;
}

/** What a decorator gives: the name comes from the property, the label is derived from it unless given. */
export type FormFieldInput = Omit<FormFieldSchema, 'name' | 'label' | 'hint'> & { readonly label?: string; readonly hint?: string | false };

const FORM_FIELDS = Symbol('cje:form-fields');

/** Short words a derived label writes in capitals. */
const ACRONYMS: ReadonlySet<string> = new Set(['id', 'icpc', 'mash', 'cin', 'lac', 'cp', 'pep', 's47', 'la']);

/** `conferenceDate` → `Conference date`, `s47Outcome` → `S47 outcome`, `contactId` → `Contact ID`. */
export function labelFromName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** Records the form schema of one property (the decorators of fields.ts call this; a class may call it directly). */
export function recordFormField(target: object, property: string | symbol, input: FormFieldInput): void {
  const name = String(property);
  const { label, hint, ...rest } = input;
  const schema: FormFieldSchema = {
    ...rest,
    name,
    label: label ?? labelFromName(name),
    ...(typeof hint === 'string' && hint.length > 0 ? { hint } : {}),
  };
  const own = (Reflect.getOwnMetadata(FORM_FIELDS, target) as FormFieldSchema[] | undefined) ?? [];
  Reflect.defineMetadata(FORM_FIELDS, [...own.filter((f) => f.name !== name), schema], target);
}

/** A decorator that records a form field only (for properties described with other decorators). */
export function FormField(input: FormFieldInput): PropertyDecorator {
  return (target, property) => recordFormField(target, property, input);
}

/**
 * The form fields of a body class, base class first, in declaration order; a subclass redeclaring a property
 * replaces it in place.
 */
export function formFieldsOf(type: abstract new (...args: never[]) => unknown): FormFieldSchema[] {
  const chain: object[] = [];
  for (let proto: object | null = type.prototype as object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    chain.unshift(proto);
  }
  const fields: FormFieldSchema[] = [];
  for (const proto of chain) {
    for (const field of (Reflect.getOwnMetadata(FORM_FIELDS, proto) as FormFieldSchema[] | undefined) ?? []) {
      const at = fields.findIndex((f) => f.name === field.name);
      if (at >= 0) fields[at] = field;
      else fields.push(field);
    }
  }
  return fields;
}
