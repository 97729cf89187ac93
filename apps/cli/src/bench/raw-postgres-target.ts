import pg from 'pg';
import type { NewEvent } from '@cje/event-store';
import type { BenchTarget } from './bench-target.js';
import { PLACEHOLDER_HASH } from './raw-sqlite-target.js';

export interface RawPostgresOptions {
  readonly connectionString: string;
  /** A schema of its own, created here and dropped by dispose(). */
  readonly schema: string;
  /** Connections: as many as there are concurrent writers, like the adapter's pool. */
  readonly connections: number;
  /**
   * True: positions come from a one-row counter locked until commit, as the adapter's do (gapless, in commit order).
   * False: from an identity column, which lets writers commit side by side but leaves holes and commit-order
   * inversions: the ceiling of what PostgreSQL does with these rows when nothing is serialised.
   */
  readonly gapless: boolean;
}

const INSERT_COLUMNS =
  'event_id, stream_id, revision, type, data, occurred_at, recorded_at, actor_user_id, actor_role, actor_team, correlation_id, causation_id, schema_version, machine_version, prev_hash, hash';
const READ_COLUMNS = `position, ${INSERT_COLUMNS}`;

type Row = { position: string; data: string | Record<string, unknown> } & Record<string, unknown>;

/**
 * The PostgreSQL baseline: tables like the adapter's, the same statements issued directly with `pg`, each append one
 * transaction committed with `synchronous_commit = on` (the server's default), nothing else: no validation, no
 * hashing, no event objects beyond decoding `data`.
 */
export async function rawPostgresTarget(options: RawPostgresOptions): Promise<BenchTarget> {
  const s = `"${options.schema}"`;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.connections });
  const position = options.gapless ? 'position bigint PRIMARY KEY' : 'position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
  try {
    await pool.query(`CREATE SCHEMA ${s}`);
    await pool.query(`CREATE TABLE ${s}.events (
        ${position}, event_id text NOT NULL UNIQUE, stream_id text NOT NULL, revision integer NOT NULL, type text NOT NULL,
        data text NOT NULL, occurred_at text NOT NULL, recorded_at text NOT NULL, actor_user_id text NOT NULL,
        actor_role text NOT NULL, actor_team text NOT NULL, correlation_id text NOT NULL, causation_id text NOT NULL,
        schema_version integer NOT NULL, machine_version integer, prev_hash text NOT NULL, hash text NOT NULL,
        UNIQUE (stream_id, revision))`);
    await pool.query(`CREATE TABLE ${s}.streams (stream_id text PRIMARY KEY, revision integer NOT NULL, hash text NOT NULL)`);
    await pool.query(`CREATE TABLE ${s}.log_head (id boolean PRIMARY KEY DEFAULT true CHECK (id), position bigint NOT NULL)`);
    await pool.query(`INSERT INTO ${s}.log_head (id, position) VALUES (true, 0)`);
  } catch (error) {
    await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await pool.end();
    throw error;
  }

  const decode = (rows: Row[]): Row[] => {
    for (const row of rows) row.data = JSON.parse(row.data as string) as Record<string, unknown>;
    return rows;
  };
  const readAfter = async (after: number, maxCount: number) => {
    const { rows } = await pool.query<Row>(`SELECT ${READ_COLUMNS} FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT $2`, [after, maxCount]);
    decode(rows);
    return { count: rows.length, lastPosition: Number(rows[rows.length - 1]?.position ?? after) };
  };

  return {
    async append(streamId: string, events: readonly NewEvent[], expectedRevision: number) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const last = expectedRevision + events.length;
        const moved =
          expectedRevision < 0
            ? await client.query(`INSERT INTO ${s}.streams (stream_id, revision, hash) VALUES ($1, $2, $3) ON CONFLICT (stream_id) DO NOTHING`, [streamId, last, PLACEHOLDER_HASH])
            : await client.query(`UPDATE ${s}.streams SET revision = $2, hash = $3 WHERE stream_id = $1 AND revision = $4`, [streamId, last, PLACEHOLDER_HASH, expectedRevision]);
        if (moved.rowCount !== 1) throw new Error(`raw baseline: ${streamId} is not at revision ${expectedRevision}`);
        let firstPosition = 0;
        if (options.gapless) {
          const head = await client.query<{ position: string }>(`UPDATE ${s}.log_head SET position = position + $1 WHERE id RETURNING position`, [events.length]);
          firstPosition = Number(head.rows[0]?.position) - events.length + 1;
        }
        const recordedAt = new Date().toISOString();
        const values: unknown[] = [];
        const tuples = events.map((e, i) => {
          const m = e.metadata;
          const row = [e.id, streamId, expectedRevision + 1 + i, e.type, JSON.stringify(e.data), m.occurredAt, recordedAt, m.actor.userId,
            m.actor.role, m.actor.team, m.correlationId, m.causationId, m.schemaVersion, m.machineVersion, PLACEHOLDER_HASH, PLACEHOLDER_HASH];
          if (options.gapless) row.unshift(firstPosition + i);
          const base = values.length;
          values.push(...row);
          return `(${row.map((_, k) => `$${base + k + 1}`).join(', ')})`;
        });
        const columns = options.gapless ? READ_COLUMNS : INSERT_COLUMNS;
        await client.query(`INSERT INTO ${s}.events (${columns}) VALUES ${tuples.join(', ')}`, values);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async readStream(streamId) {
      const { rows } = await pool.query<Row>(`SELECT ${READ_COLUMNS} FROM ${s}.events WHERE stream_id = $1 ORDER BY revision`, [streamId]);
      return decode(rows).length;
    },
    readAll: readAfter,
    async catchUp(count, batchSize) {
      let seen = 0;
      let after = 0;
      while (seen < count) {
        const batch = await readAfter(after, batchSize);
        if (batch.count === 0) break;
        seen += Math.min(batch.count, count - seen);
        after = batch.lastPosition;
      }
      return seen;
    },
    async dispose() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
