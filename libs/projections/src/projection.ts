import type { LogEvent } from '@cje/event-store';
import type { ReadModelTx, SqlDialect, SqlQueries } from './read-model-store.js';

/**
 * What a handler writes through: the runner's open transaction, with `{{t:name}}` pointing at the generation being
 * written (the live one, or a new one during a rebuild). The runner commits the projection's checkpoint in the same
 * transaction, so every event takes effect exactly once even across crashes: handlers need no idempotency of their own.
 */
export type ProjectionTx = SqlQueries & Pick<ReadModelTx, 'tableName'>;

/** A read model built from the global log. */
export interface Projection {
  /** Stable id, lower case letters, digits and `-` (e.g. `child-index`); its checkpoint is stored under it. */
  readonly name: string;
  /** Bump whenever `tables` or `apply` change meaning: the runner then rebuilds the read model from the log. */
  readonly version: number;
  /**
   * Optional, default false. True promises that within a batch the projection reads through `tx` only rows that
   * earlier batches wrote, writes only in `flush`, and never looks at `RunResult.changes`. The runner may then
   * stage its catch-up batches (`ReadModelStore.stage`): the store writes one batch on another thread while the
   * next is applied.
   */
  readonly stagedWrites?: boolean;
  /**
   * DDL creating the read model's tables and indexes, one statement per entry. Name every table (and index) with a
   * placeholder, `CREATE TABLE {{t:child_index}} …`, `CREATE INDEX {{t:child_index}}_team ON {{t:child_index}} …`:
   * each generation gets its own physical tables. Logical names are lower case letters, digits and `_` (at most 40),
   * unique across projections.
   */
  tables(dialect: SqlDialect): readonly string[];
  /**
   * Applies one event. Called in position order for every event of the log (ignore the ones that do not concern
   * this read model; unknown event types must not throw). Throwing (or rejecting) stops this projection at this event.
   * May answer undefined instead of a promise when it had nothing to wait for: a rebuild calls it for every event of
   * the log, and a promise per event is a measurable share of that.
   */
  apply(event: LogEvent, tx: ProjectionTx): Promise<void> | undefined;
  /**
   * Optional: puts the rows of one stream, given every event of that stream up to the position a new generation is
   * being built to (in revision order), into tables that hold nothing of that stream yet. With it, a generation is
   * built from zero stream by stream (`EventStore.readLogByStream`) rather than in position order: each stream's state
   * is worked out once, in one go, and its rows are written once. The rows must be exactly those `apply` would leave
   * after the same events in position order (streams are independent of one another for such a projection). Called
   * only when every projection built together has it; `flush` writes what it kept, as after `apply`.
   */
  buildStream?(events: readonly LogEvent[], tx: ProjectionTx): Promise<void> | undefined;
  /**
   * Optional: called once per batch, after its last `apply` and before the checkpoint is written, with the same `tx`
   * (one object per batch and generation). A projection may keep what a batch changes in memory (keyed by `tx`) and
   * write it here, each row once, instead of writing on every event: the rows and the checkpoint still commit
   * together. Throwing stops this projection as `apply` throwing does (nothing of the batch is kept).
   */
  flush?(tx: ProjectionTx): Promise<void>;
  /**
   * Optional: the batch applied through `tx` will not be committed (a handler threw, or the transaction failed).
   * Forget whatever was kept in memory for it, and anything derived from it (state that ran ahead of the tables):
   * the runner applies those events again from the last checkpoint, or stops. `tx` is already closed.
   */
  discard?(tx: ProjectionTx): void;
}

/**
 * What `flush` throws when applying one of the batch's events failed there (a projection may put events off to the
 * end of the batch): the runner reports that event, as if `apply` had thrown.
 */
export class BatchEventError extends Error {
  constructor(
    readonly event: LogEvent,
    override readonly cause: unknown,
  ) {
    super(`applying ${event.type} event ${event.id} failed`);
    this.name = 'BatchEventError';
  }
}
