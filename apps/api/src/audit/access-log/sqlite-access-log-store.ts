import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { AccessLogEntry, AccessView, PendingAccessLogEntry } from './access-log-entry.js';
import { chainEntries } from './access-log-hash.js';
import { AccessLogChainCheck, type AccessLogIntegrityReport } from './access-log-integrity.js';
import { AccessLogStore, pageOf, type AccessLogPage, type AccessLogQuery } from './access-log-store.js';

/** `./data/journey.db` keeps its access log in `./data/journey.access-log.db`. */
export function accessLogFileFor(eventStoreFile: string): string {
  const full = resolve(eventStoreFile);
  return full.endsWith('.db') ? `${full.slice(0, -3)}.access-log.db` : `${full}.access-log.db`;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS access_log (
    seq        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    at         TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    team       TEXT    NOT NULL,
    child_id   TEXT    NOT NULL,
    view       TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS access_log_by_child ON access_log (child_id, seq);
  CREATE INDEX IF NOT EXISTS access_log_by_user ON access_log (user_id, seq);
  CREATE TABLE IF NOT EXISTS access_log_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
  INSERT OR IGNORE INTO access_log_head (id, seq, hash) VALUES (1, 0, '');
  CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS access_log_head_forward BEFORE UPDATE ON access_log_head WHEN NEW.seq < OLD.seq
    BEGIN SELECT RAISE(ABORT, 'the access log head only moves forward'); END;
  CREATE TRIGGER IF NOT EXISTS access_log_head_kept BEFORE DELETE ON access_log_head
    BEGIN SELECT RAISE(ABORT, 'the access log head is kept'); END;`;

const COLUMNS = 'seq, id, at, user_id, role, team, child_id, view, request_id, prev_hash, hash';
type Row = [number, string, string, string, string, string, string, string, string, string, string];
type HeadRow = [number, string];

function toEntry(row: Row): AccessLogEntry {
  const [seq, id, at, userId, role, team, childId, view, requestId, prevHash, hash] = row;
  return { seq, id, at, userId, role, team, childId, view: view as AccessView, requestId, prevHash, hash };
}

/** Rows verified between yields to the event loop. */
const VERIFY_SLICE = 5000;

function prepare(db: Database.Database) {
  return {
    head: db.prepare<[], HeadRow>('SELECT seq, hash FROM access_log_head WHERE id = 1').raw(true),
    insert: db.prepare<[number, string, string, string, string, string, string, string, string, string, string]>(
      `INSERT INTO access_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    moveHead: db.prepare<[number, string]>('UPDATE access_log_head SET seq = ?, hash = ? WHERE id = 1'),
    byChild: db.prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM access_log WHERE child_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).raw(true),
    byUser: db.prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM access_log WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).raw(true),
  };
}

/**
 * The access log in a SQLite file of its own (WAL, `synchronous=FULL`: an entry reported written survives a power
 * cut). A write takes the file's write lock up front, so several processes chain onto one head in turn.
 */
export class SqliteAccessLogStore extends AccessLogStore {
  private db: Database.Database | undefined;
  private statements: ReturnType<typeof prepare> | undefined;
  private appendBatch: ((batch: readonly PendingAccessLogEntry[]) => AccessLogEntry[]) | undefined;

  constructor(private readonly filename: string) {
    super();
  }

  async init(): Promise<void> {
    if (this.db) return;
    mkdirSync(dirname(this.filename), { recursive: true });
    const db = new Database(this.filename, { timeout: 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.transaction(() => db.exec(SCHEMA)).immediate();
    } catch (error) {
      db.close();
      throw error;
    }
    const st = prepare(db);
    this.db = db;
    this.statements = st;
    this.appendBatch = db.transaction((batch: readonly PendingAccessLogEntry[]): AccessLogEntry[] => {
      const [seq, hash] = st.head.get() ?? [0, ''];
      const chained = chainEntries(batch, { seq, hash });
      for (const e of chained) st.insert.run(e.seq, e.id, e.at, e.userId, e.role, e.team, e.childId, e.view, e.requestId, e.prevHash, e.hash);
      const last = chained.at(-1);
      if (last) st.moveHead.run(last.seq, last.hash);
      return chained;
    }).immediate;
  }

  async append(batch: readonly PendingAccessLogEntry[]): Promise<AccessLogEntry[]> {
    if (!this.appendBatch) throw new Error('the access log is not open');
    return this.appendBatch(batch);
  }

  async byChild(childId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    return pageOf(this.open().byChild.all(childId, query.before ?? Number.MAX_SAFE_INTEGER, query.limit + 1).map(toEntry), query.limit);
  }

  async byUser(userId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    return pageOf(this.open().byUser.all(userId, query.before ?? Number.MAX_SAFE_INTEGER, query.limit + 1).map(toEntry), query.limit);
  }

  /** Through a read-only connection in one read transaction: a consistent snapshot while writes go on. */
  async verify(): Promise<AccessLogIntegrityReport> {
    this.open();
    const reader = new Database(this.filename, { readonly: true, fileMustExist: true, timeout: 10_000 });
    try {
      reader.exec('BEGIN');
      const head = reader.prepare<[], HeadRow>('SELECT seq, hash FROM access_log_head WHERE id = 1').raw(true).get();
      const slice = reader.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM access_log WHERE seq > ? ORDER BY seq LIMIT ?`).raw(true);
      const check = new AccessLogChainCheck();
      // Starts below any sequence number, so rows renumbered out of range by tampering are still read.
      for (let after = Number.MIN_SAFE_INTEGER; ; ) {
        const rows = slice.all(after, VERIFY_SLICE);
        if (rows.length === 0) break;
        const entries = rows.map(toEntry);
        check.check(entries);
        after = entries.at(-1)?.seq ?? after;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return check.finish(head ? { seq: head[0], hash: head[1] } : null);
    } finally {
      reader.close();
    }
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    this.statements = undefined;
    this.appendBatch = undefined;
  }

  private open(): ReturnType<typeof prepare> {
    if (!this.statements) throw new Error('the access log is not open');
    return this.statements;
  }
}
