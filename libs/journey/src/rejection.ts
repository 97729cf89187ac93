/**
 * Why a command was not accepted. Codes are stable: the API maps them to HTTP statuses and screens to messages.
 * - ILLEGAL_TRANSITION (409): the journey is not at a stage where this can happen.
 * - RULE_BROKEN (422): it could happen here, but a rule of the journey forbids it with these facts.
 * - INVALID_DATE (422): a date is malformed, in the future, before birth, or before what it follows.
 * - INVALID_CODE (422): a code is not in its DfE list (or not valid in that collection year).
 * - INVALID_DATA (422): a field is missing or of the wrong shape.
 * - NOT_PERMITTED (403): the actor's role may not do this (only managers authorise assessments).
 * - CHILD_MISMATCH (409): the command names a different child from the stream it was applied to.
 * - UNKNOWN_EVENT (404): a correction or void names an event that is not in this child's history.
 */
export const REJECTION_CODES = [
  'ILLEGAL_TRANSITION',
  'RULE_BROKEN',
  'INVALID_DATE',
  'INVALID_CODE',
  'INVALID_DATA',
  'NOT_PERMITTED',
  'CHILD_MISMATCH',
  'UNKNOWN_EVENT',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  /** Plain words a social worker can act on; never personal data beyond ids. */
  readonly reason: string;
}
