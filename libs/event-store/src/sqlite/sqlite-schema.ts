import type Database from 'better-sqlite3';
import type { LogEvent, RecordedEvent } from '../event-envelope.js';

/** Stored in `PRAGMA user_version`; a file written by a newer layout is refused rather than misread. */
export const SQLITE_SCHEMA_VERSION = 1;

/**
 * - `events.position` is the rowid. AUTOINCREMENT keeps the highest position ever issued in `sqlite_sequence`, so a
 *   deleted last event leaves a visible hole instead of having its position silently reused.
 * - Metadata lives in columns rather than a JSON blob: reads then parse only `data`.
 * - `streams` holds each stream's head revision and hash. Appends check the expected revision against it, and
 *   verification compares it with the last event, which is how a deleted tail of a stream is noticed.
 * - STRICT: SQLite would otherwise accept any type in any column.
 */
export function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position        INTEGER PRIMARY KEY AUTOINCREMENT,
      id              TEXT    NOT NULL UNIQUE,
      stream_id       TEXT    NOT NULL,
      revision        INTEGER NOT NULL,
      type            TEXT    NOT NULL,
      data            TEXT    NOT NULL,
      occurred_at     TEXT    NOT NULL,
      recorded_at     TEXT    NOT NULL,
      actor_user_id   TEXT    NOT NULL,
      actor_role      TEXT    NOT NULL,
      actor_team      TEXT    NOT NULL,
      correlation_id  TEXT    NOT NULL,
      causation_id    TEXT    NOT NULL,
      schema_version  INTEGER NOT NULL,
      machine_version INTEGER,
      prev_hash       TEXT    NOT NULL,
      hash            TEXT    NOT NULL,
      UNIQUE (stream_id, revision)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS streams (
      stream_id TEXT    PRIMARY KEY,
      revision  INTEGER NOT NULL,
      hash      TEXT    NOT NULL
    ) STRICT, WITHOUT ROWID;
    PRAGMA user_version = ${SQLITE_SCHEMA_VERSION};
  `);
}

/** Column order of every event read; `EventRow` follows it. */
export const EVENT_COLUMNS =
  'position, id, stream_id, revision, type, data, occurred_at, recorded_at, actor_user_id, actor_role, actor_team, ' +
  'correlation_id, causation_id, schema_version, machine_version, prev_hash, hash';

/** Rows are read as arrays (better-sqlite3 raw mode): cheaper than an object per row on the hot read path. */
export type EventRow = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  occurredAt: string,
  recordedAt: string,
  actorUserId: string,
  actorRole: string,
  actorTeam: string,
  correlationId: string,
  causationId: string,
  schemaVersion: number,
  machineVersion: number | null,
  prevHash: string,
  hash: string,
];

/** The columns `LogEvent` needs, in the order `toLogEvent` reads them. */
export const LOG_EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, occurred_at, recorded_at, actor_team, machine_version';

export type LogEventRow = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  occurredAt: string,
  recordedAt: string,
  actorTeam: string,
  machineVersion: number | null,
];

/** A `LogEventRow` with its data parsed. */
export type ParsedLogEventRow = [...head: [number, string, string, number, string], data: Record<string, unknown>, ...tail: [string, string, string, number | null]];

/**
 * Each event after a position as the JSON text of its `ParsedLogEventRow` (the data column is JSON as stored), in
 * position order: `SELECT … WHERE position > ? ORDER BY position LIMIT ?`. Joined into one array, a chunk of the log
 * parses in one `JSON.parse`.
 */
const LOG_EVENT_JSON = `SELECT '[' || position || ',' || json_quote(id) || ',' || json_quote(stream_id) || ',' || revision || ','
  || json_quote(type) || ',' || data || ',' || json_quote(occurred_at) || ',' || json_quote(recorded_at) || ','
  || json_quote(actor_team) || ',' || ifnull(machine_version, 'null') || ']'
  FROM events`;
export const LOG_EVENT_JSON_SQL = `${LOG_EVENT_JSON} WHERE position > ? ORDER BY position LIMIT ?`;

/**
 * Events at or before a position, stream by stream (`readLogByStream`), after a (stream, revision): the order of the
 * `UNIQUE (stream_id, revision)` index, which the row-value comparison walks. Parameters: stream id, revision,
 * position, limit.
 */
export const LOG_EVENT_BY_STREAM_WHERE = 'WHERE (stream_id, revision) > (?, ?) AND position <= ? ORDER BY stream_id, revision LIMIT ?';

/** `LOG_EVENT_BY_STREAM_WHERE`, each row as `LOG_EVENT_JSON_SQL` gives it. */
export const LOG_EVENT_BY_STREAM_JSON_SQL = `${LOG_EVENT_JSON} ${LOG_EVENT_BY_STREAM_WHERE}`;

export function logEventOf(row: ParsedLogEventRow): LogEvent {
  return {
    id: row[1],
    type: row[4],
    data: row[5],
    metadata: {
      streamId: row[2],
      revision: row[3],
      position: row[0],
      occurredAt: row[6],
      recordedAt: row[7],
      actor: { team: row[8] },
      machineVersion: row[9],
    },
  };
}

export function toLogEvent(row: LogEventRow): LogEvent {
  // The row is the driver's own, read for this call: its data is parsed in place.
  const parsed = row as unknown as ParsedLogEventRow;
  parsed[5] = JSON.parse(row[5]) as Record<string, unknown>;
  return logEventOf(parsed);
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]) as Record<string, unknown>,
    metadata: {
      streamId: row[2],
      revision: row[3],
      position: row[0],
      occurredAt: row[6],
      recordedAt: row[7],
      actor: { userId: row[8], role: row[9], team: row[10] },
      correlationId: row[11],
      causationId: row[12],
      schemaVersion: row[13],
      machineVersion: row[14],
      prevHash: row[15],
      hash: row[16],
    },
  };
}
