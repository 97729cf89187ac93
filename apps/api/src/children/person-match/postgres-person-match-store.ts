import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PersonMatchStore, type PersonMatchEntry } from './person-match-store.js';

/** Match keys in a table of their own in the PostgreSQL database that holds the log. */
export class PostgresPersonMatchStore extends PersonMatchStore {
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    super();
    this.pool = new pg.Pool({ connectionString, max: 2 });
  }

  async init(): Promise<string> {
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS person_match_salt (id INTEGER PRIMARY KEY CHECK (id = 1), salt TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS person_match_keys (
        match_key TEXT NOT NULL, child_id TEXT NOT NULL, added TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (match_key, child_id)
      );`);
    await this.pool.query('INSERT INTO person_match_salt (id, salt) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32).toString('hex')]);
    const { rows } = await this.pool.query<{ salt: string }>('SELECT salt FROM person_match_salt WHERE id = 1');
    const salt = rows[0]?.salt;
    if (salt === undefined) throw new Error('person match salt missing after init');
    return salt;
  }

  async childrenWithKey(key: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ child_id: string }>('SELECT child_id FROM person_match_keys WHERE match_key = $1 ORDER BY added, child_id', [key]);
    return rows.map((r) => r.child_id);
  }

  async add(key: string, childId: string): Promise<void> {
    await this.pool.query('INSERT INTO person_match_keys (match_key, child_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [key, childId]);
  }

  async addMany(entries: readonly PersonMatchEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.pool.query(
      'INSERT INTO person_match_keys (match_key, child_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
      [entries.map((e) => e.key), entries.map((e) => e.childId)],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
