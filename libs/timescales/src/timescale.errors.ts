/** Stable codes so callers (and the HTTP problem mapper) can tell timescale errors apart without parsing text. */
export type TimescaleErrorCode =
  | 'INVALID_DATE'
  | 'DATE_OUT_OF_RANGE'
  | 'INVALID_ARGUMENT'
  | 'INVALID_RULE_TABLE'
  | 'INVALID_TIMESCALE_CONFIG'
  | 'UNKNOWN_RULE'
  | 'RULE_NOT_CONFIGURABLE';

/**
 * Raised for bad input to the timescale library. Messages never echo the offending value: a date handed to us
 * may be a child's date of birth, which must not reach logs.
 */
export class TimescaleError extends Error {
  override readonly name = 'TimescaleError';

  constructor(
    readonly code: TimescaleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
