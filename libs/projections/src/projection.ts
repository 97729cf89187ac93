import type { RecordedEvent } from '@cje/event-store';
import type { SqlDialect, SqlQueries } from './read-model-store.js';

/**
 * What a handler writes through: the runner's open transaction, with `{{t:name}}` pointing at the generation being
 * written (the live one, or a new one during a rebuild). The runner commits the projection's checkpoint in the same
 * transaction, so every event takes effect exactly once even across crashes: handlers need no idempotency of their own.
 */
export type ProjectionTx = SqlQueries;

/** A read model built from the global log. */
export interface Projection {
  /** Stable id, lower case letters, digits and `-` (e.g. `child-index`); its checkpoint is stored under it. */
  readonly name: string;
  /** Bump whenever `tables` or `apply` change meaning: the runner then rebuilds the read model from the log. */
  readonly version: number;
  /**
   * DDL creating the read model's tables and indexes, one statement per entry. Name every table (and index) with a
   * placeholder, `CREATE TABLE {{t:child_index}} …`, `CREATE INDEX {{t:child_index}}_team ON {{t:child_index}} …`:
   * each generation gets its own physical tables. Logical names are lower case letters, digits and `_` (at most 40),
   * unique across projections.
   */
  tables(dialect: SqlDialect): readonly string[];
  /**
   * Applies one event. Called in position order for every event of the log (ignore the ones that do not concern
   * this read model; unknown event types must not throw). Throwing stops this projection at this event.
   */
  apply(event: RecordedEvent, tx: ProjectionTx): Promise<void>;
}
