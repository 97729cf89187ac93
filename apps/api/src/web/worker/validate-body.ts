import { type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import { BODY_VALIDATION } from '../../http/validation-options.js';
import { pathOf } from './form-body.js';

/** One property that failed validation: its path in the body and the constraints it broke (name → message). */
export interface InvalidField {
  readonly path: string;
  readonly constraints: Readonly<Record<string, string>>;
}

class BodyInvalid extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('the body is not valid');
  }
}

/** What a web form posts is checked by the same pipe, with the same options, as the API's JSON bodies. */
const pipe = new ValidationPipe({ ...BODY_VALIDATION, exceptionFactory: (errors) => new BodyInvalid(errors) });

export type Validated<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly invalid: readonly InvalidField[] };

/** Validates and transforms a body into its class exactly as the API's global ValidationPipe does for a route. */
export async function validateBody<T extends object>(type: Type<T>, plain: Record<string, unknown>): Promise<Validated<T>> {
  try {
    const body = (await pipe.transform(plain, { type: 'body', metatype: type })) as T;
    return { ok: true, body };
  } catch (error) {
    if (error instanceof BodyInvalid) return { ok: false, invalid: flatten(error.errors, '') };
    throw error;
  }
}

function flatten(errors: readonly ValidationError[], prefix: string): InvalidField[] {
  return errors.flatMap((error) => {
    const path = pathOf(prefix, error.property);
    const own = error.constraints && Object.keys(error.constraints).length > 0 ? [{ path, constraints: error.constraints }] : [];
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
