import type { CodeEntry } from '@cje/journey';

/** The codes of a DfE list, for @IsIn and the OpenAPI enum. */
export function codesOf<C extends string>(list: readonly CodeEntry<C>[]): C[] {
  return list.map((entry) => entry.code);
}

/** One line per code, for the OpenAPI description of a field. */
export function describeCodes(list: readonly CodeEntry[]): string {
  return list.map((entry) => `${entry.code}: ${entry.label}`).join('; ');
}
