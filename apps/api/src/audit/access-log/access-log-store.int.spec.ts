import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { PendingAccessLogEntry } from './access-log-entry.js';
import type { AccessLogStore } from './access-log-store.js';
import { postgresAccessLogTamperer, sqliteAccessLogTamperer, type AccessLogTamperer } from './access-log-tamperer.contract.js';
import { PostgresAccessLogStore } from './postgres-access-log-store.js';
import { SqliteAccessLogStore, accessLogFileFor } from './sqlite-access-log-store.js';
import { postgresReachable } from '../../../../../libs/testing/src/postgres-test-server.contract.js';

const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

const pgUp = await postgresReachable(PG_URL);
if (!pgUp && !REQUIRE_POSTGRES) console.warn(`PostgreSQL access log tests skipped: nothing answers at ${PG_URL.replace(/\/\/[^@/]*@/, '//')}`);

interface Target {
  open(): Promise<AccessLogStore>;
  tamperer(): AccessLogTamperer;
  /** A plain UPDATE or DELETE through the database's ordinary interface. */
  plainSql(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'cje-access-log-'));
  const file = accessLogFileFor(join(dir, 'journey.db'));
  return {
    open: async () => new SqliteAccessLogStore(file),
    tamperer: () => sqliteAccessLogTamperer(file),
    plainSql: async (sql) => {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = `access_log_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let created = false;
  return {
    open: async () => {
      if (!created) await admin.query(`CREATE SCHEMA ${schema}`);
      created = true;
      return new PostgresAccessLogStore(url);
    },
    tamperer: () => postgresAccessLogTamperer(admin, schema),
    plainSql: async (sql) => {
      await admin.query(sql.replaceAll('access_log', `"${schema}".access_log`));
    },
    dispose: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const entry = (i: number, over: Partial<PendingAccessLogEntry> = {}): PendingAccessLogEntry => ({
  id: `e${i}-${randomBytes(4).toString('hex')}`,
  at: `2025-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
  userId: i % 2 === 0 ? 'sw.north' : 'auditor',
  role: i % 2 === 0 ? 'social_worker' : 'auditor',
  team: i % 2 === 0 ? 'north' : 'quality-assurance',
  childId: i % 3 === 0 ? 'child-a' : 'child-b',
  view: 'record',
  requestId: `req-${i}`,
  ...over,
});

const targets: [string, () => Target, boolean][] = [
  ['SQLite', sqliteTarget, true],
  ['PostgreSQL', postgresTarget, pgUp || REQUIRE_POSTGRES],
];

describe.each(targets)('the access log on %s', (_name, makeTarget, runs) => {
  const maybe = runs ? it : it.skip;
  let target: Target;
  let store: AccessLogStore;

  beforeEach(async () => {
    if (!runs) return;
    target = makeTarget();
    store = await target.open();
    await store.init();
  });
  afterEach(async () => {
    if (!runs) return;
    await store.close();
    await target.dispose();
  });

  async function fill(n: number): Promise<void> {
    for (let i = 1; i <= n; i += 4) await store.append(Array.from({ length: Math.min(4, n - i + 1) }, (_, k) => entry(i + k)));
  }

  maybe('chains batches into one gapless sequence that verifies', async () => {
    const first = await store.append([entry(1), entry(2)]);
    const second = await store.append([entry(3)]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(second[0]?.prevHash).toBe(first[1]?.hash);
    const report = await store.verify();
    expect(report).toMatchObject({ ok: true, entriesChecked: 3, head: { seq: 3, hash: second[0]?.hash }, problems: [] });
  });

  maybe('answers by child and by user, newest first, a page at a time', async () => {
    await fill(12);
    const page1 = await store.byChild('child-a', { limit: 3 });
    expect(page1.entries.map((e) => e.seq)).toEqual([12, 9, 6]);
    expect(page1.nextBefore).toBe(6);
    const page2 = await store.byChild('child-a', { limit: 3, before: page1.nextBefore ?? undefined });
    expect(page2).toMatchObject({ entries: [{ seq: 3, childId: 'child-a', userId: 'auditor', view: 'record', requestId: 'req-3' }], nextBefore: null });
    const byUser = await store.byUser('sw.north', { limit: 100 });
    expect(byUser.entries.map((e) => e.seq)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(byUser.entries.every((e) => e.role === 'social_worker' && e.team === 'north')).toBe(true);
    expect(await store.byUser('nobody', { limit: 10 })).toEqual({ entries: [], nextBefore: null });
  });

  maybe('refuses updates and deletes through the database itself', async () => {
    await fill(2);
    // By message, not class: better-sqlite3's error class may come from another test file's realm in a shared worker.
    const refusal = (sql: string) =>
      target.plainSql(sql).then(
        () => 'accepted',
        (error: unknown) => String((error as { message?: unknown } | null)?.message),
      );
    expect(await refusal("UPDATE access_log SET user_id = 'someone-else' WHERE seq = 1")).toMatch(/append-only/);
    expect(await refusal('DELETE FROM access_log WHERE seq = 2')).toMatch(/append-only/);
    expect((await store.verify()).ok).toBe(true);
  });

  maybe('shows an entry changed behind its back (triggers dropped) as a hash mismatch', async () => {
    await fill(5);
    await target.tamperer().changeUser(3, 'someone-else');
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'hash_mismatch', seq: 3 })]);
  });

  maybe('shows a removed entry as a gap and a broken link, and a removed last entry against the head', async () => {
    await fill(5);
    await target.tamperer().deleteEntry(2);
    await target.tamperer().deleteEntry(5);
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['sequence_gap', 3],
      ['broken_link', 3],
      ['head_mismatch', 4],
    ]);
  });

  maybe('lets two writers on the same storage extend one chain', async () => {
    const other = await target.open();
    await other.init();
    try {
      await store.append([entry(1)]);
      await other.append([entry(2), entry(3)]);
      await store.append([entry(4)]);
      expect(await store.verify()).toMatchObject({ ok: true, entriesChecked: 4 });
    } finally {
      await other.close();
    }
  });
});
