import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemView } from '../dto/command-result.dto.js';

/** The problem answers every command route can give, for OpenAPI. */
export function CommandProblemResponses() {
  return applyDecorators(
    ApiResponse({ status: 400, type: ProblemView, description: 'VALIDATION_FAILED: the body is invalid; `errors` lists each field. INVALID_IF_MATCH.' }),
    ApiResponse({ status: 401, type: ProblemView, description: 'UNAUTHENTICATED: no valid bearer token' }),
    ApiResponse({ status: 403, type: ProblemView, description: 'FORBIDDEN: your role may not give this command (auditors change nothing; some commands are for managers)' }),
    ApiResponse({ status: 404, type: ProblemView, description: 'CHILD_NOT_FOUND: no such child, or not open to you. UNKNOWN_EVENT: a correction names an event not in the history' }),
    ApiResponse({
      status: 409,
      type: ProblemView,
      description:
        'ILLEGAL_TRANSITION: the journey is not at a stage where this can happen (detail says why). WRONG_EXPECTED_REVISION: the record changed since the If-Match revision. IDEMPOTENCY_CONFLICT: the command id was used for something else.',
    }),
    ApiResponse({ status: 422, type: ProblemView, description: 'RULE_BROKEN, INVALID_DATE (e.g. in the future), INVALID_CODE, INVALID_DATA: the journey’s rules refuse these facts' }),
  );
}
