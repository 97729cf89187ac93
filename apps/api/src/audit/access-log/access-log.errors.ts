import { ApiError } from '../../http/api-error.js';

/**
 * The read could not be logged, so it is refused: a record is never shown without its read being recorded
 * (fail closed). 503, as for any store that does not answer; the client may try again.
 */
export class AccessLogUnavailableError extends ApiError {
  constructor() {
    super(503, 'ACCESS_LOG_UNAVAILABLE', 'This record cannot be shown now: every read is recorded in the access log, and the access log could not be written. Nothing was shown; try again shortly.');
  }
}
