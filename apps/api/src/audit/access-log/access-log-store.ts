import type { AccessLogEntry, PendingAccessLogEntry } from './access-log-entry.js';
import type { AccessLogIntegrityReport } from './access-log-integrity.js';

/** A page of entries, newest first, and where the next (older) page starts. */
export interface AccessLogPage {
  readonly entries: readonly AccessLogEntry[];
  /** Pass as `before` for the next page; null when there is none. */
  readonly nextBefore: number | null;
}

export interface AccessLogQuery {
  /** Only entries with a sequence number below this (keyset paging). */
  readonly before?: number;
  readonly limit: number;
}

/**
 * The append-only access log's storage: one hash chain over every entry, in a table of its own beside the event
 * store (its own SQLite file, or a table in the PostgreSQL database). Writes are batches (group commit); updates
 * and deletes are refused by the database, and anything done behind its back shows in `verify`.
 */
export abstract class AccessLogStore {
  abstract init(): Promise<void>;
  /** Writes the batch in one transaction, chained onto the head; all or nothing. */
  abstract append(batch: readonly PendingAccessLogEntry[]): Promise<AccessLogEntry[]>;
  abstract byChild(childId: string, query: AccessLogQuery): Promise<AccessLogPage>;
  abstract byUser(userId: string, query: AccessLogQuery): Promise<AccessLogPage>;
  abstract verify(): Promise<AccessLogIntegrityReport>;
  abstract close(): Promise<void>;
}

/** Fetches one more row than asked for, to know whether another page follows. */
export function pageOf(rows: readonly AccessLogEntry[], limit: number): AccessLogPage {
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? (entries.at(-1)?.seq ?? null) : null };
}
