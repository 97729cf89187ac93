/** Stable codes for everything the returns library refuses; callers map them to exit statuses or problem details. */
export type ReturnsErrorCode =
  | 'INVALID_YEAR'
  | 'INVALID_OPTION'
  | 'MALFORMED_XML'
  | 'MALFORMED_CSV'
  | 'MALFORMED_SCHEMA'
  | 'UNSUPPORTED_SCHEMA'
  | 'MALFORMED_SOURCE';

export class ReturnsError extends Error {
  constructor(
    readonly code: ReturnsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReturnsError';
  }
}
