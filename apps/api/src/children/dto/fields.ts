import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { CodeEntry } from '@cje/journey';
import { codesOf, describeCodes } from './code-lists.js';
import { IsIsoDate } from './date-validators.js';
import { type FormFieldInput, recordFormField } from './form-schema.js';

/**
 * Field decorators shared by the command bodies: each pairs its validation with its OpenAPI description, and records
 * the property's form schema (form-schema.ts) for screens that build a command's form from its body class.
 */

interface FieldOptions {
  readonly description?: string;
  readonly optional?: boolean;
  readonly example?: unknown;
  /** What a form calls the field; derived from the property name when absent. Not part of the API. */
  readonly label?: string;
  /** Help under the form field; the description when absent, none when false. Not part of the API. */
  readonly hint?: string | false;
}

const apiProperty = (options: FieldOptions, schema: Record<string, unknown>) =>
  options.optional
    ? ApiPropertyOptional({ description: options.description, example: options.example, ...schema })
    : ApiProperty({ description: options.description, example: options.example, ...schema });

const optional = (options: FieldOptions): PropertyDecorator[] => (options.optional ? [IsOptional()] : []);

/** The form schema of a field: metadata only, so validation and the OpenAPI description stay as they were. */
const formField =
  (options: FieldOptions, input: Omit<FormFieldInput, 'optional' | 'label' | 'hint'>): PropertyDecorator =>
  (target, property) =>
    recordFormField(target, property, {
      ...input,
      optional: options.optional === true,
      ...(options.label !== undefined ? { label: options.label } : {}),
      hint: options.hint ?? options.description ?? false,
    });

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** An id the journey refers back to (contact, assessment, worker, team, event). */
export function IdField(options: FieldOptions = {}) {
  return applyDecorators(
    apiProperty(options, { type: String, pattern: ID.source, maxLength: 100 }),
    ...optional(options),
    formField(options, { kind: 'id' }),
    Matches(ID, { message: ({ property }) => `${property} must be an id of 1-100 letters, digits or _ . : -` }),
  );
}

/** Free text a worker writes (a reason, concerns): never logged. */
export function TextField(maxLength: number, options: FieldOptions = {}) {
  return applyDecorators(
    apiProperty(options, { type: String, minLength: 1, maxLength }),
    ...optional(options),
    formField(options, { kind: 'text', maxLength }),
    IsString(),
    Length(1, maxLength),
  );
}

export function BooleanField(options: FieldOptions = {}) {
  return applyDecorators(apiProperty(options, { type: Boolean }), ...optional(options), formField(options, { kind: 'boolean' }), IsBoolean());
}

export function DateField(options: FieldOptions = {}) {
  return applyDecorators(
    apiProperty(options, { type: String, format: 'date', example: options.example ?? '2025-01-27' }),
    ...optional(options),
    formField(options, { kind: 'date' }),
    IsIsoDate(),
  );
}

/** One code from a DfE list (or a subset of it). */
export function CodeField<C extends string>(list: readonly CodeEntry<C>[], options: FieldOptions & { readonly only?: readonly C[] } = {}) {
  const codes = options.only ? [...options.only] : codesOf(list);
  const shown = list.filter((entry) => codes.includes(entry.code));
  return applyDecorators(
    apiProperty({ ...options, description: [options.description, describeCodes(shown)].filter(Boolean).join('. Codes: ') }, { enum: codes, example: options.example ?? codes[0] }),
    ...optional(options),
    formField(options, { kind: 'code', codes: shown }),
    IsIn(codes),
  );
}

/** A list of codes from a DfE list, no code twice. */
export function CodesField<C extends string>(list: readonly CodeEntry<C>[], options: FieldOptions & { readonly minItems?: number } = {}) {
  const codes = codesOf(list);
  return applyDecorators(
    apiProperty({ ...options, description: [options.description, describeCodes(list)].filter(Boolean).join('. Codes: ') }, {
      enum: codes,
      isArray: true,
      minItems: options.minItems ?? 0,
      example: options.example ?? codes.slice(0, 1),
    }),
    ...optional(options),
    formField(options, { kind: 'codes', codes: list, minItems: options.minItems ?? 0 }),
    IsArray(),
    ArrayMinSize(options.minItems ?? 0),
    ArrayUnique(),
    IsIn(codes, { each: true, message: ({ property }) => `each of ${property} must be one of the following values: ${codes.join(', ')}` }),
  );
}
