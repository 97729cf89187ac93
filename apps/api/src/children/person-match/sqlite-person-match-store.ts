import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PersonMatchStore, type PersonMatchEntry } from './person-match-store.js';

/** `./data/journey.db` keeps its match keys in `./data/journey.person-match.db`. */
export function personMatchFileFor(eventStoreFile: string): string {
  const full = resolve(eventStoreFile);
  return full.endsWith('.db') ? `${full.slice(0, -3)}.person-match.db` : `${full}.person-match.db`;
}

/** Match keys in a SQLite file of their own, so the event store's file holds the log and nothing else. */
export class SqlitePersonMatchStore extends PersonMatchStore {
  private db: Database.Database | undefined;
  private find: Database.Statement<[string], string> | undefined;
  private insert: Database.Statement<[string, string, number]> | undefined;

  constructor(private readonly filename: string) {
    super();
  }

  async init(): Promise<string> {
    mkdirSync(dirname(this.filename), { recursive: true });
    const db = new Database(this.filename, { timeout: 10_000 });
    this.db = db;
    db.pragma('journal_mode = WAL');
    // A key lost to a power cut only weakens matching for that child; it never corrupts the file.
    db.pragma('synchronous = NORMAL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS person_match_salt (id INTEGER PRIMARY KEY CHECK (id = 1), salt TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS person_match_keys (
        match_key TEXT NOT NULL, child_id TEXT NOT NULL, added INTEGER NOT NULL,
        PRIMARY KEY (match_key, child_id)
      ) WITHOUT ROWID;`);
    db.prepare('INSERT OR IGNORE INTO person_match_salt (id, salt) VALUES (1, ?)').run(randomBytes(32).toString('hex'));
    const salt = db.prepare<[], string>('SELECT salt FROM person_match_salt WHERE id = 1').pluck().get();
    this.find = db.prepare<[string], string>('SELECT child_id FROM person_match_keys WHERE match_key = ? ORDER BY added, child_id').pluck();
    this.insert = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO person_match_keys (match_key, child_id, added) VALUES (?, ?, ?)');
    if (salt === undefined) throw new Error('person match salt missing after init');
    return salt;
  }

  async childrenWithKey(key: string): Promise<string[]> {
    return this.statements().find.all(key);
  }

  async add(key: string, childId: string): Promise<void> {
    this.statements().insert.run(key, childId, Date.now());
  }

  async addMany(entries: readonly PersonMatchEntry[]): Promise<void> {
    const { insert } = this.statements();
    const added = Date.now();
    this.database().transaction(() => {
      for (const { key, childId } of entries) insert.run(key, childId, added);
    })();
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  private database(): Database.Database {
    if (!this.db) throw new Error('person match store used before init');
    return this.db;
  }

  private statements() {
    if (!this.find || !this.insert) throw new Error('person match store used before init');
    return { find: this.find, insert: this.insert };
  }
}
