import type { LogEvent } from '@cje/event-store';
import { BulkUpsert } from '../bulk-upsert.js';
import type { Projection, ProjectionTx } from '../projection.js';
import type { SqlDialect, SqlValue } from '../read-model-store.js';

export const CHILD_INDEX = 'child-index';
/** Every child's events live in the stream `child-<child id>`. */
export const CHILD_STREAM_PREFIX = 'child-';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * A batch's events folded into one row write per child, in one of three shapes: the batch allocated with a team
 * (team and worker set), allocated or deallocated without naming a team (worker set), or neither (only the "last
 * event" columns and the count move on). `WHERE … last_position < …` makes a batch replayed over its own rows a no-op
 * even outside the runner's checkpoint (a safety net, not the mechanism).
 */
function upsert(set: string): BulkUpsert {
  return new BulkUpsert(
    'INSERT INTO {{t:child_index}} AS c (child_id, team, worker_id, last_event_type, last_occurred_at, event_count, last_position)',
    7,
    `ON CONFLICT (child_id) DO UPDATE SET ${set}
       last_event_type = excluded.last_event_type,
       last_occurred_at = excluded.last_occurred_at,
       event_count = c.event_count + excluded.event_count,
       last_position = excluded.last_position
     WHERE c.last_position < excluded.last_position`,
  );
}
const SET_TEAM_AND_WORKER = upsert('team = excluded.team, worker_id = excluded.worker_id,');
const SET_WORKER = upsert('worker_id = excluded.worker_id,');
const SET_LAST_EVENT = upsert('');

/** What one batch does to a child's row. */
interface ChildChange {
  /** Team of whoever recorded the batch's first event for the child: the team of a row that does not exist yet. */
  readonly recordedBy: string;
  /** Team named by the batch's latest allocation that names one. */
  namedTeam: string | null;
  /** Whether an allocation or deallocation set the worker (to `workerId`). */
  workerSet: boolean;
  workerId: string | null;
  lastEventType: string;
  lastOccurredAt: string;
  events: number;
  lastPosition: number;
}

/** The batch under way in each transaction the runner hands over (one per batch and generation). */
const batches = new WeakMap<ProjectionTx, Map<string, ChildChange>>();

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
  // Never reads; writes in `flush`.
  stagedWrites: true,
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
  apply: foldEvent,
  /** A stream's events in order are its events in position order: each folds into the child's row as `apply` folds it. */
  buildStream(events: readonly LogEvent[], tx: ProjectionTx): undefined {
    for (const event of events) foldEvent(event, tx);
    return undefined;
  },
  /** One row write per child the batch touched, several to a statement, in child order. */
  async flush(tx: ProjectionTx): Promise<void> {
    const batch = batches.get(tx);
    if (!batch) return;
    batches.delete(tx);
    const shapes = new Map<BulkUpsert, SqlValue[][]>([
      [SET_TEAM_AND_WORKER, []],
      [SET_WORKER, []],
      [SET_LAST_EVENT, []],
    ]);
    for (const childId of [...batch.keys()].sort()) {
      const c = batch.get(childId) as ChildChange;
      const shape = c.namedTeam !== null ? SET_TEAM_AND_WORKER : c.workerSet ? SET_WORKER : SET_LAST_EVENT;
      shapes.get(shape)?.push([childId, c.namedTeam ?? c.recordedBy, c.workerId, c.lastEventType, c.lastOccurredAt, c.events, c.lastPosition]);
    }
    for (const [shape, rows] of shapes) await shape.write(tx, rows);
  },
  discard(tx: ProjectionTx): void {
    batches.delete(tx);
  },
};

/** Folds the event into the batch's change for the child, in memory; `flush` writes it. */
function foldEvent(event: LogEvent, tx: ProjectionTx): undefined {
  const { streamId, position, occurredAt, actor } = event.metadata;
  if (!streamId.startsWith(CHILD_STREAM_PREFIX) || streamId.length === CHILD_STREAM_PREFIX.length) return undefined;
  const childId = streamId.slice(CHILD_STREAM_PREFIX.length);
  let batch = batches.get(tx);
  if (!batch) {
    batch = new Map();
    batches.set(tx, batch);
  }
  let change = batch.get(childId);
  if (!change) {
    change = { recordedBy: actor.team, namedTeam: null, workerSet: false, workerId: null, lastEventType: '', lastOccurredAt: '', events: 0, lastPosition: 0 };
    batch.set(childId, change);
  }
  const { data } = event;
  if (event.type === 'CaseAllocated') {
    change.namedTeam = text(data.team) ?? text(data.teamId) ?? change.namedTeam;
    change.workerSet = true;
    change.workerId = text(data.workerId);
  } else if (event.type === 'CaseDeallocated') {
    change.workerSet = true;
    change.workerId = null;
  }
  change.lastEventType = event.type;
  change.lastOccurredAt = occurredAt;
  change.events += 1;
  change.lastPosition = position;
  return undefined;
}
