/** Base of every projection and read-model error: carries a stable code the API maps to a problem-details response. */
export abstract class ProjectionError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A query names a read-model table that no projection has made live yet (first build still running, or unknown). */
export class ReadModelNotReadyError extends ProjectionError {
  readonly code = 'READ_MODEL_NOT_READY';
  constructor(readonly table: string) {
    super(`Read-model table ${table} is not available yet: its projection has not finished building`);
  }
}

/** SQL used a `{{t:name}}` the resolving table set does not hold (a projection using a table it does not declare). */
export class UnknownTableError extends ProjectionError {
  readonly code = 'UNKNOWN_READ_MODEL_TABLE';
  constructor(readonly table: string, owner: string) {
    super(`Read-model table ${table} is not one of ${owner}`);
  }
}

/** A projection definition the runner cannot use (bad name, bad version, clashing or undeclared tables). */
export class InvalidProjectionError extends ProjectionError {
  readonly code = 'INVALID_PROJECTION';
}

export class UnknownProjectionError extends ProjectionError {
  readonly code = 'UNKNOWN_PROJECTION';
  constructor(readonly projection: string) {
    super(`No projection named ${projection} is registered with this runner`);
  }
}

/** `waitFor` ran out of time: the read models have not caught up with the position yet. */
export class ProjectionWaitTimeoutError extends ProjectionError {
  readonly code = 'PROJECTION_WAIT_TIMEOUT';
  constructor(
    readonly position: number,
    readonly timeoutMs: number,
    /** Projections still behind the position, with the position each had reached. */
    readonly behind: readonly { readonly name: string; readonly checkpoint: number }[],
  ) {
    super(
      `Read models had not caught up with position ${position} after ${timeoutMs} ms (${behind
        .map((b) => `${b.name} at ${b.checkpoint}`)
        .join(', ')})`,
    );
  }
}

/** A projection is stopped by a failure, so waiting for it (or a rebuild of it) cannot succeed. */
export class ProjectionFailedError extends ProjectionError {
  readonly code = 'PROJECTION_FAILED';
  constructor(readonly projection: string, readonly position: number | null, detail: string) {
    super(`Projection ${projection} has stopped${position === null ? '' : ` at position ${position}`}: ${detail}`);
  }
}

/** The runner was stopped (or never started) while the caller waited on it. */
export class ProjectionsStoppedError extends ProjectionError {
  readonly code = 'PROJECTIONS_STOPPED';
  constructor(what: string) {
    super(`Projections are stopped: ${what}`);
  }
}

/**
 * The checkpoint row was not where this runner left it: another runner is writing the same read models. The batch is
 * rolled back (so nothing is applied twice) and the runner resynchronises from the stored checkpoints.
 */
export class CheckpointConflictError extends ProjectionError {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(readonly projection: string, readonly generation: number, readonly expected: number) {
    super(
      `Checkpoint of projection ${projection} (generation ${generation}) is no longer at ${expected}: another runner is writing these read models`,
    );
  }
}

/** The read-model store is closed, not initialised, or cannot be reached. */
export class ReadModelStoreUnavailableError extends ProjectionError {
  readonly code = 'READ_MODEL_STORE_UNAVAILABLE';
}

/** A transaction object was used after its callback settled: it would write into someone else's transaction. */
export class TransactionEndedError extends ProjectionError {
  readonly code = 'READ_MODEL_TX_ENDED';
  constructor() {
    super('This read-model transaction has already ended');
  }
}
