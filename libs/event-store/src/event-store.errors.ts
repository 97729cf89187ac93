import type { ExpectedRevision } from './expected-revision.js';

/** Base of every store error: carries a stable code the API maps to a problem-details response. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the revision the writer expected. Nothing was written. */
export class ConcurrencyError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Last revision of the stream, -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(
      `Stream ${streamId} was changed by someone else: expected revision ${String(expected)}, found ${actual === -1 ? 'no stream' : actual}. Nothing was written.`,
    );
  }
}

/** An event failed validation (shape, size, ids). Nothing was written. */
export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(readonly reason: string) {
    super(`Event rejected: ${reason}. Nothing was written.`);
  }
}

/** An event id already stored with a different stream or batch: the append was neither new nor a retry. */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(readonly eventId: string, reason: string) {
    super(`Event id ${eventId} was already used: ${reason}. Nothing was written.`);
  }
}

/** The store cannot be reached or answered with an unexpected failure. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
}
