/**
 * An error the API answers with a problem-details body. `code` is stable (clients may switch on it);
 * `detail` is written for the person at the screen.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The child does not exist, or the caller may not know it does (see access-policy.ts). */
export class ChildNotFoundError extends ApiError {
  constructor(childId: string) {
    super(404, 'CHILD_NOT_FOUND', `No child record ${childId} is open to you.`);
  }
}
