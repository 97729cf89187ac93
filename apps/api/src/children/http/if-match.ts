import { ApiError } from '../../http/api-error.js';

/**
 * The revision in `If-Match: "<revision>"` (the ETag of the child or of a command's answer), or undefined when the
 * header is absent or `*`. Weak tags never match (RFC 9110), so they are refused as malformed.
 */
export function expectedRevisionFrom(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  if (!match?.[1]) throw new ApiError(400, 'INVALID_IF_MATCH', 'If-Match must be the revision you last saw, in quotes, e.g. If-Match: "12".');
  return Number(match[1]);
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}
