import pg from 'pg';
import type { AccessLogEntry, AccessView, PendingAccessLogEntry } from './access-log-entry.js';
import { chainEntries } from './access-log-hash.js';
import { AccessLogChainCheck, type AccessLogIntegrityReport } from './access-log-integrity.js';
import { AccessLogStore, pageOf, type AccessLogPage, type AccessLogQuery } from './access-log-store.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS access_log (
    seq        BIGINT PRIMARY KEY,
    id         TEXT   NOT NULL UNIQUE,
    at         TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    role       TEXT   NOT NULL,
    team       TEXT   NOT NULL,
    child_id   TEXT   NOT NULL,
    view       TEXT   NOT NULL,
    request_id TEXT   NOT NULL,
    prev_hash  TEXT   NOT NULL,
    hash       TEXT   NOT NULL
  );
  CREATE INDEX IF NOT EXISTS access_log_by_child ON access_log (child_id, seq);
  CREATE INDEX IF NOT EXISTS access_log_by_user ON access_log (user_id, seq);
  CREATE TABLE IF NOT EXISTS access_log_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL);
  INSERT INTO access_log_head (id, seq, hash) VALUES (1, 0, '') ON CONFLICT (id) DO NOTHING;
  CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
  CREATE OR REPLACE FUNCTION access_log_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN RAISE EXCEPTION 'the access log head only moves forward'; END IF;
      RETURN NEW;
    END $$;
  CREATE OR REPLACE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
  CREATE OR REPLACE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();
  CREATE OR REPLACE TRIGGER access_log_head_forward BEFORE UPDATE OR DELETE ON access_log_head
    FOR EACH ROW EXECUTE FUNCTION access_log_head_forward();`;

const COLUMNS = 'seq::text AS seq, id, at, user_id, role, team, child_id, view, request_id, prev_hash, hash';
interface Row {
  seq: string;
  id: string;
  at: string;
  user_id: string;
  role: string;
  team: string;
  child_id: string;
  view: string;
  request_id: string;
  prev_hash: string;
  hash: string;
}

function toEntry(r: Row): AccessLogEntry {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    userId: r.user_id,
    role: r.role,
    team: r.team,
    childId: r.child_id,
    view: r.view as AccessView,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const VERIFY_SLICE = 5000;

/**
 * The access log in the PostgreSQL database that holds the event log (tables `access_log`, `access_log_head`).
 * Writers serialise on the head row (`FOR UPDATE`), so processes sharing the database extend one chain in turn.
 * Triggers refuse UPDATE, DELETE and TRUNCATE; the hash chain shows what a superuser does around them.
 */
export class PostgresAccessLogStore extends AccessLogStore {
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    super();
    this.pool = new pg.Pool({ connectionString, max: 4 });
    // An idle client's connection dropping must not take the process down; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<void> {
    await this.transaction(async (client) => {
      // Two processes starting together would otherwise race to create the same tables.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('cje.access_log.init'))");
      await client.query(SCHEMA);
    });
  }

  async append(batch: readonly PendingAccessLogEntry[]): Promise<AccessLogEntry[]> {
    if (batch.length === 0) return [];
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM access_log_head WHERE id = 1 FOR UPDATE');
      const head = rows[0];
      const chained = chainEntries(batch, { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' });
      const column = <K extends keyof AccessLogEntry>(key: K) => chained.map((e) => e[key]);
      await client.query(
        `INSERT INTO access_log (seq, id, at, user_id, role, team, child_id, view, request_id, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
        [
          column('seq'),
          column('id'),
          column('at'),
          column('userId'),
          column('role'),
          column('team'),
          column('childId'),
          column('view'),
          column('requestId'),
          column('prevHash'),
          column('hash'),
        ],
      );
      const last = chained.at(-1);
      if (last) await client.query('UPDATE access_log_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
      return chained;
    });
  }

  async byChild(childId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM access_log WHERE child_id = $1 AND seq < $2 ORDER BY access_log.seq DESC LIMIT $3`, [
      childId,
      query.before ?? Number.MAX_SAFE_INTEGER,
      query.limit + 1,
    ]);
    return pageOf(rows.map(toEntry), query.limit);
  }

  async byUser(userId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM access_log WHERE user_id = $1 AND seq < $2 ORDER BY access_log.seq DESC LIMIT $3`, [
      userId,
      query.before ?? Number.MAX_SAFE_INTEGER,
      query.limit + 1,
    ]);
    return pageOf(rows.map(toEntry), query.limit);
  }

  /** In one repeatable-read transaction: the head and the rows from the same snapshot. */
  async verify(): Promise<AccessLogIntegrityReport> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const head = (await client.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM access_log_head WHERE id = 1')).rows[0];
      const check = new AccessLogChainCheck();
      for (let after = Number.MIN_SAFE_INTEGER; ; ) {
        const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM access_log WHERE seq > $1 ORDER BY access_log.seq LIMIT $2`, [after, VERIFY_SLICE]);
        if (rows.length === 0) break;
        const entries = rows.map(toEntry);
        check.check(entries);
        after = entries.at(-1)?.seq ?? after;
      }
      await client.query('COMMIT');
      return check.finish(head ? { seq: Number(head.seq), hash: head.hash } : null);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
