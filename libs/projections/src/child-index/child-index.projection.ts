import type { RecordedEvent } from '@cje/event-store';
import type { Projection, ProjectionTx } from '../projection.js';
import type { SqlDialect } from '../read-model-store.js';

export const CHILD_INDEX = 'child-index';
/** Every child's events live in the stream `child-<child id>`. */
export const CHILD_STREAM_PREFIX = 'child-';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * The shapes of one statement per kind of event, decided once: an allocation sets worker and team, a deallocation
 * clears the worker, anything else only moves the "last event" columns on. `WHERE … last_position < …` makes a
 * replayed event a no-op even outside the runner's checkpoint (a safety net, not the mechanism).
 */
function upsert(set: string): string {
  return `INSERT INTO {{t:child_index}} AS c
       (child_id, team, worker_id, last_event_type, last_occurred_at, event_count, last_position)
     VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (child_id) DO UPDATE SET ${set}
       last_event_type = excluded.last_event_type,
       last_occurred_at = excluded.last_occurred_at,
       event_count = c.event_count + 1,
       last_position = excluded.last_position
     WHERE c.last_position < excluded.last_position`;
}
const ON_ALLOCATION = upsert('team = COALESCE(?, c.team), worker_id = excluded.worker_id,');
const ON_DEALLOCATION = upsert('worker_id = NULL,');
const ON_OTHER = upsert('');

/**
 * One row per child: who owns the case (team and allocated worker) and what last happened. The API uses it to find a
 * child's team for access checks and to list caseloads.
 * - Team: `data.team` (or `data.teamId`, as the journey names it) of the latest `CaseAllocated` that names one; until
 *   then, the team of the actor who recorded the child's first event.
 * - Worker: `data.workerId` of the latest `CaseAllocated`; `CaseDeallocated` clears it.
 * - Streams other than `child-…` and event types it does not know only count as "last event", never fail.
 */
export const childIndexProjection: Projection = {
  name: CHILD_INDEX,
  version: 1,
  tables(dialect: SqlDialect): readonly string[] {
    const position = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    return [
      `CREATE TABLE {{t:child_index}} (
         child_id         TEXT    PRIMARY KEY,
         team             TEXT    NOT NULL,
         worker_id        TEXT,
         last_event_type  TEXT    NOT NULL,
         last_occurred_at TEXT    NOT NULL,
         event_count      INTEGER NOT NULL,
         last_position    ${position} NOT NULL
       )`,
      'CREATE INDEX {{t:child_index}}_team ON {{t:child_index}} (team)',
      'CREATE INDEX {{t:child_index}}_worker ON {{t:child_index}} (worker_id)',
    ];
  },
  async apply(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
    const { streamId, position, occurredAt, actor } = event.metadata;
    if (!streamId.startsWith(CHILD_STREAM_PREFIX) || streamId.length === CHILD_STREAM_PREFIX.length) return;
    const childId = streamId.slice(CHILD_STREAM_PREFIX.length);
    const { data } = event;
    switch (event.type) {
      case 'CaseAllocated': {
        const team = text(data.team) ?? text(data.teamId);
        const worker = text(data.workerId);
        await tx.run(ON_ALLOCATION, [childId, team ?? actor.team, worker, event.type, occurredAt, position, team]);
        return;
      }
      case 'CaseDeallocated':
        await tx.run(ON_DEALLOCATION, [childId, actor.team, null, event.type, occurredAt, position]);
        return;
      default:
        await tx.run(ON_OTHER, [childId, actor.team, null, event.type, occurredAt, position]);
    }
  },
};
