/**
 * - `catching_up`: applying a backlog (after a start, or a first build that readers cannot see yet);
 * - `live`: applying events as they are appended;
 * - `rebuilding`: building a new generation while readers keep the current one;
 * - `failed`: stopped by a failure; readers see the last good state. A restart retries, `rebuild` starts afresh.
 */
export type ProjectionState = 'catching_up' | 'live' | 'rebuilding' | 'failed';

/**
 * Why a projection (or its rebuild) stopped, or the last storage failure the runner is retrying. Ids and positions
 * only: the failing handler's own message may quote a child's data, so it is passed to `onError` and never kept here.
 */
export interface ProjectionFailure {
  /** `HANDLER_FAILED`: the projection threw on an event; `READ_MODEL_STORE_FAILED`: a transaction could not commit. */
  readonly code: 'HANDLER_FAILED' | 'READ_MODEL_STORE_FAILED';
  readonly message: string;
  /** Position of the event the handler failed on; null for storage failures. */
  readonly position: number | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  /** The generation being written: the live one, or the one a rebuild was building. */
  readonly generation: number;
  readonly during: 'live' | 'rebuild';
  /** The underlying error's class and code, e.g. `SqliteError SQLITE_CONSTRAINT_PRIMARYKEY`. */
  readonly cause: string;
  /** System clock, ISO 8601. */
  readonly at: string;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version the code defines (the live generation may still be an older one while it is rebuilt). */
  readonly version: number;
  /** Last position applied to the generation readers see; 0 when none is live yet. */
  readonly checkpoint: number;
  readonly headPosition: number;
  /** Events readers are behind the log: headPosition - checkpoint. */
  readonly lag: number;
  readonly state: ProjectionState;
  /** The generation readers see; null before the first build completes. */
  readonly generation: number | null;
  /** A rebuild in progress: the generation being built and how far it has got. */
  readonly rebuild: { readonly generation: number; readonly checkpoint: number } | null;
  readonly lastError?: ProjectionFailure;
}
