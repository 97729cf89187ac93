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
