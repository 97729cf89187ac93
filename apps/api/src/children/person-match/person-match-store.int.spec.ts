import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PersonMatchStore } from './person-match-store.js';
import { PostgresPersonMatchStore } from './postgres-person-match-store.js';
import { SqlitePersonMatchStore, personMatchFileFor } from './sqlite-person-match-store.js';
import { postgresReachable } from '../../../../../libs/testing/src/postgres-test-server.contract.js';

const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

const pgUp = await postgresReachable(PG_URL);
if (!pgUp && !REQUIRE_POSTGRES) console.warn(`PostgreSQL person match store tests skipped: nothing answers at ${PG_URL.replace(/\/\/[^@/]*@/, '//')}`);

interface Target {
  open(): Promise<PersonMatchStore>;
  reopen(): Promise<PersonMatchStore>;
  dispose(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'cje-person-match-'));
  const file = personMatchFileFor(join(dir, 'journey.db'));
  return {
    open: async () => new SqlitePersonMatchStore(file),
    reopen: async () => new SqlitePersonMatchStore(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = `person_match_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    open: async () => {
      await admin.query(`CREATE SCHEMA ${schema}`);
      return new PostgresPersonMatchStore(url);
    },
    reopen: async () => new PostgresPersonMatchStore(url),
    dispose: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const targets: [string, () => Target, boolean][] = [
  ['SQLite', sqliteTarget, true],
  ['PostgreSQL', postgresTarget, pgUp || REQUIRE_POSTGRES],
];

describe.each(targets)('person match store on %s', (_name, makeTarget, runs) => {
  const maybe = runs ? it : it.skip;
  let target: Target;
  let store: PersonMatchStore;

  beforeEach(async () => {
    if (!runs) return;
    target = makeTarget();
    store = await target.open();
  });
  afterEach(async () => {
    if (!runs) return;
    await store.close();
    await target.dispose();
  });

  maybe('keeps one salt per installation, across restarts', async () => {
    const salt = await store.init();
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const again = await target.reopen();
    try {
      expect(await again.init()).toBe(salt);
    } finally {
      await again.close();
    }
  });

  maybe('files children under a key, oldest first, each once', async () => {
    await store.init();
    expect(await store.childrenWithKey('k1')).toEqual([]);
    await store.add('k1', 'child-b');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.add('k1', 'child-a');
    await store.add('k1', 'child-b');
    await store.add('k2', 'child-c');
    expect(await store.childrenWithKey('k1')).toEqual(['child-b', 'child-a']);
    expect(await store.childrenWithKey('k2')).toEqual(['child-c']);
  });

  maybe('files many children at once, each findable under its key, a repeat changing nothing', async () => {
    await store.init();
    await store.add('k1', 'child-a');
    const entries = Array.from({ length: 2500 }, (_, i) => ({ key: `bulk-${i % 1000}`, childId: `child-${i}` }));
    await store.addMany([...entries, { key: 'k1', childId: 'child-z' }]);
    await store.addMany(entries);
    await store.addMany([]);
    expect(await store.childrenWithKey('k1')).toEqual(['child-a', 'child-z']);
    expect((await store.childrenWithKey('bulk-7')).sort()).toEqual(['child-1007', 'child-2007', 'child-7']);
  });
});
