import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { NewEvent } from '@cje/event-store';
import type { BenchTarget } from './bench-target.js';

/** The hash column holds a SHA-256 in hex; the baseline stores one of the same size without computing it. */
export const PLACEHOLDER_HASH = '0'.repeat(64);

const COLUMNS =
  'position, id, stream_id, revision, type, data, occurred_at, recorded_at, actor_user_id, actor_role, actor_team, ' +
  'correlation_id, causation_id, schema_version, machine_version, prev_hash, hash';

type Row = unknown[];

/**
 * The SQLite baseline: the adapter's tables, durability (WAL, synchronous=FULL) and statements, written directly with
 * better-sqlite3 and nothing else: no validation, no hashing, no event objects beyond decoding `data`.
 */
export function rawSqliteTarget(filename: string): BenchTarget {
  const db = new Database(filename, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, actor_user_id TEXT NOT NULL,
      actor_role TEXT NOT NULL, actor_team TEXT NOT NULL, correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL,
      schema_version INTEGER NOT NULL, machine_version INTEGER, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
      UNIQUE (stream_id, revision)
    ) STRICT;
    CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL) STRICT, WITHOUT ROWID;
  `);
  const head = db.prepare<[string], [number, string]>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true);
  const byId = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM events WHERE id = ?`).raw(true);
  const insert = db.prepare(
    `INSERT INTO events (id, stream_id, revision, type, data, occurred_at, recorded_at, actor_user_id, actor_role, actor_team,
       correlation_id, causation_id, schema_version, machine_version, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertHead = db.prepare(
    'INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
  );
  const stream = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`).raw(true);
  const after = db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true);
  const decode = (rows: Row[]): Row[] => {
    for (const row of rows) row[5] = JSON.parse(row[5] as string);
    return rows;
  };

  const append = db.transaction((streamId: string, events: readonly NewEvent[], expectedRevision: number) => {
    const current = head.get(streamId)?.[0] ?? -1;
    if (current !== expectedRevision) throw new Error(`raw baseline: ${streamId} is at ${current}, not ${expectedRevision}`);
    const recordedAt = new Date().toISOString();
    events.forEach((e, i) => {
      if (byId.get(e.id)) throw new Error(`raw baseline: ${e.id} already stored`);
      const m = e.metadata;
      insert.run(e.id, streamId, current + 1 + i, e.type, JSON.stringify(e.data), m.occurredAt, recordedAt, m.actor.userId, m.actor.role,
        m.actor.team, m.correlationId, m.causationId, m.schemaVersion, m.machineVersion, PLACEHOLDER_HASH, PLACEHOLDER_HASH);
    });
    upsertHead.run(streamId, current + events.length, PLACEHOLDER_HASH);
  });
  const readAll = (from: number, maxCount: number) => {
    const rows = decode(after.all(from, maxCount));
    return { count: rows.length, lastPosition: (rows[rows.length - 1]?.[0] as number | undefined) ?? from };
  };

  return {
    async append(streamId, events, expectedRevision) {
      append.immediate(streamId, events, expectedRevision);
    },
    async readStream(streamId) {
      return decode(stream.all(streamId)).length;
    },
    async readAll(from, maxCount) {
      return readAll(from, maxCount);
    },
    async catchUp(count, batchSize) {
      let seen = 0;
      let position = 0;
      while (seen < count) {
        const batch = readAll(position, batchSize);
        if (batch.count === 0) break;
        seen += Math.min(batch.count, count - seen);
        position = batch.lastPosition;
      }
      return seen;
    },
    async dispose() {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
    },
  };
}
