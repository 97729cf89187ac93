import type { RecordedEvent } from '@cje/event-store';
import type { Projection, ProjectionTx } from '../projection.js';
import type { SqlDialect } from '../read-model-store.js';

/**
 * Test projection that counts events per stream and sums their positions. Deliberately not idempotent on its own,
 * so applying any event twice (or losing one) shows in its numbers: tests of exactly-once effect rely on it.
 */
export function eventTallyProjection(version = 1, name = 'event-tally', table = 'event_tally'): Projection {
  const upsert = `INSERT INTO {{t:${table}}} AS t (stream_id, events, position_sum) VALUES (?, 1, ?)
     ON CONFLICT (stream_id) DO UPDATE SET events = t.events + 1, position_sum = t.position_sum + excluded.position_sum`;
  return {
    name,
    version,
    tables(dialect: SqlDialect): readonly string[] {
      const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      return [`CREATE TABLE {{t:${table}}} (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, position_sum ${big} NOT NULL)`];
    },
    async apply(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
      await tx.run(upsert, [event.metadata.streamId, event.metadata.position]);
    },
  };
}

/**
 * The same tally, kept in memory for the batch and written by `flush` (one row write per stream per batch), as the
 * read models that batch their writes do. `discarded` counts the batches the runner told it to forget; `failFlushOn`
 * makes `flush` throw for a batch holding an event of that type; `staged` lets the runner stage its batches.
 */
export function batchedTallyProjection(
  options: { version?: number; name?: string; table?: string; failFlushOn?: string; staged?: boolean } = {},
): Projection & { readonly discarded: { count: number } } {
  const tally = eventTallyProjection(options.version, options.name, options.table);
  const table = options.table ?? 'event_tally';
  const upsert = `INSERT INTO {{t:${table}}} AS t (stream_id, events, position_sum) VALUES (?, ?, ?)
     ON CONFLICT (stream_id) DO UPDATE SET events = t.events + excluded.events, position_sum = t.position_sum + excluded.position_sum`;
  const batches = new WeakMap<ProjectionTx, { streams: Map<string, { events: number; positions: number }>; types: Set<string> }>();
  const discarded = { count: 0 };
  return {
    name: tally.name,
    version: tally.version,
    stagedWrites: options.staged ?? false,
    tables: (dialect) => tally.tables(dialect),
    discarded,
    apply(event: RecordedEvent, tx: ProjectionTx): undefined {
      let batch = batches.get(tx);
      if (!batch) {
        batch = { streams: new Map(), types: new Set() };
        batches.set(tx, batch);
      }
      const stream = batch.streams.get(event.metadata.streamId) ?? { events: 0, positions: 0 };
      stream.events += 1;
      stream.positions += event.metadata.position;
      batch.streams.set(event.metadata.streamId, stream);
      batch.types.add(event.type);
      return undefined;
    },
    async flush(tx: ProjectionTx): Promise<void> {
      const batch = batches.get(tx);
      batches.delete(tx);
      if (!batch) return;
      if (options.failFlushOn !== undefined && batch.types.has(options.failFlushOn)) throw new Error('cannot write this batch');
      for (const [streamId, { events, positions }] of batch.streams) await tx.run(upsert, [streamId, events, positions]);
    },
    discard(tx: ProjectionTx): void {
      batches.delete(tx);
      discarded.count += 1;
    },
  };
}
