import type { Rejection, RejectionCode } from '@cje/journey';
import { ApiError } from '../http/api-error.js';

/** HTTP status of each journey rejection (see libs/journey/src/rejection.ts for what each means). */
export const REJECTION_STATUS: { readonly [C in RejectionCode]: number } = {
  ILLEGAL_TRANSITION: 409,
  CHILD_MISMATCH: 409,
  RULE_BROKEN: 422,
  INVALID_DATE: 422,
  INVALID_CODE: 422,
  INVALID_DATA: 422,
  NOT_PERMITTED: 403,
  UNKNOWN_EVENT: 404,
};

/** The journey's refusal as a problem: its code, and its reason as the detail a social worker reads. */
export function rejectionProblem(rejection: Rejection, commandType: string): ApiError {
  return new ApiError(REJECTION_STATUS[rejection.code], rejection.code, rejection.reason, { command: commandType });
}
