import { ProjectionError } from '../projection.errors.js';
import type { SqlValue } from '../read-model-store.js';

/**
 * Whose cases a query covers, already decided by the caller's access policy: nothing set is the whole service; a
 * team narrows to the children that team holds now; a worker to the children allocated to that worker now. Both set
 * means both must hold (a team manager asking about a worker sees that worker's children in their own team only).
 */
export interface CaseScope {
  readonly team?: string;
  readonly workerId?: string;
}

/** One page of a list, and the cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A cursor that is not one this service handed out (or of another list). */
export class InvalidCursorError extends ProjectionError {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not valid for this list: start again from the first page');
  }
}

/** An opaque cursor: the sort key of the last row of a page. */
export function encodeCursor(values: readonly SqlValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): SqlValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(values) || values.length !== kinds.length) throw new InvalidCursorError();
  return values.map((value: unknown, i) => {
    if (typeof value !== kinds[i]) throw new InvalidCursorError();
    return value as SqlValue;
  });
}

/** `limit` rows were asked for and `limit + 1` fetched: the extra one says there is a next page. */
export function pageOf<R, T>(rows: readonly R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => readonly SqlValue[]): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(map), nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
