import type { SqlQueries } from '../read-model-store.js';

export interface ChildIndexEntry {
  readonly childId: string;
  readonly team: string;
  readonly workerId: string | null;
  readonly lastEventType: string;
  readonly lastOccurredAt: string;
  readonly eventCount: number;
  /** Global position of the child's last event: compare with a command's position to know the row includes it. */
  readonly lastPosition: number;
}

const COLUMNS = `child_id AS "childId", team, worker_id AS "workerId", last_event_type AS "lastEventType",
  last_occurred_at AS "lastOccurredAt", event_count AS "eventCount", last_position AS "lastPosition"`;

/** Reads of the child index, through the store's live tables (works on both engines). */
export function findChild(store: SqlQueries, childId: string): Promise<ChildIndexEntry | undefined> {
  return store.get<ChildIndexEntry>(`SELECT ${COLUMNS} FROM {{t:child_index}} WHERE child_id = ?`, [childId]);
}

export function childrenOfTeam(store: SqlQueries, team: string): Promise<ChildIndexEntry[]> {
  return store.all<ChildIndexEntry>(`SELECT ${COLUMNS} FROM {{t:child_index}} WHERE team = ? ORDER BY child_id`, [team]);
}

export function childrenOfWorker(store: SqlQueries, workerId: string): Promise<ChildIndexEntry[]> {
  return store.all<ChildIndexEntry>(`SELECT ${COLUMNS} FROM {{t:child_index}} WHERE worker_id = ? ORDER BY child_id`, [workerId]);
}
