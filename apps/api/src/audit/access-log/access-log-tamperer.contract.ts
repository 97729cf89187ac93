import Database from 'better-sqlite3';
import type pg from 'pg';

/** What someone with direct access to the access log's storage could do behind the application's back. Test-only. */
export interface AccessLogTamperer {
  /** Rewrites who read an entry's record. */
  changeUser(seq: number, userId: string): Promise<void>;
  /** Removes one entry. */
  deleteEntry(seq: number): Promise<void>;
}

/** Drops the append-only triggers first, as a person with the file could. */
export function sqliteAccessLogTamperer(filename: string): AccessLogTamperer {
  const edit = (sql: string, ...params: (string | number)[]): Promise<void> => {
    const db = new Database(filename, { fileMustExist: true, timeout: 10_000 });
    try {
      db.transaction(() => {
        db.exec('DROP TRIGGER IF EXISTS access_log_no_update; DROP TRIGGER IF EXISTS access_log_no_delete;');
        const { changes } = db.prepare(sql).run(...params);
        if (changes !== 1) throw new Error(`tampering failed: ${changes} rows matched`);
      }).immediate();
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  return {
    changeUser: (seq, userId) => edit('UPDATE access_log SET user_id = ? WHERE seq = ?', userId, seq),
    deleteEntry: (seq) => edit('DELETE FROM access_log WHERE seq = ?', seq),
  };
}

/** Disables the triggers for its own transaction (`session_replication_role = replica`), as a superuser could. */
export function postgresAccessLogTamperer(pool: pg.Pool, schema: string): AccessLogTamperer {
  const edit = async (sql: string, params: (string | number)[]): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      const result = await client.query(sql.replace('access_log', `"${schema}".access_log`), params);
      if (result.rowCount !== 1) throw new Error(`tampering failed: ${result.rowCount ?? 0} rows matched`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    changeUser: (seq, userId) => edit('UPDATE access_log SET user_id = $1 WHERE seq = $2', [userId, seq]),
    deleteEntry: (seq) => edit('DELETE FROM access_log WHERE seq = $1', [seq]),
  };
}
