import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresEventStore, SqliteEventStore, type RecordedEvent } from '@cje/event-store';
import { postgresReachable } from '../libs/testing/src/postgres-test-server.contract.js';

const CLI = join(process.cwd(), 'dist/apps/cli/src/main.js');
const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SMALL = ['--scale', '0.02', '--years', '1', '--end-date', '2026-03-31', '--seed', 'cli-spec'];

interface Summary {
  store: string;
  commands: number;
  refused: number;
  events: number;
  children: number;
  seconds: number;
}

const pgUp = await postgresReachable(PG_URL);

async function readAll(file: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore({ filename: file });
  await store.init();
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

describe('cje seed (a synthetic authority in an empty store)', () => {
  let dir: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, 'seed', ...args], { env: { PATH: process.env.PATH ?? '', SQLITE_FILE: join(dir, 'journey.db'), ...env }, encoding: 'utf8' });

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-cli-seed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('explains itself with --help', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: cje seed [--store sqlite|postgres] [--years N] [--scale X | --large-county]');
    expect(r.stdout).toContain('--end-date YYYY-MM-DD');
  });

  it('fills an empty SQLite store, every event accepted and the chains intact, and prints counts and time', async () => {
    const r = cli([...SMALL, '--json']);
    expect(r.stderr).toContain('Seeding 0.02 times an average authority (seed cli-spec, 1 year to 2026-03-31)');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary).toMatchObject({ store: 'sqlite', refused: 0 });
    expect(summary.commands).toBeGreaterThan(1000);
    expect(summary.events).toBeGreaterThanOrEqual(summary.commands);
    expect(summary.children).toBeGreaterThan(100);
    expect(summary.seconds).toBeGreaterThan(0);

    const verify = spawnSync(process.execPath, [CLI, 'verify'], { env: { PATH: process.env.PATH ?? '', SQLITE_FILE: join(dir, 'journey.db') }, encoding: 'utf8' });
    expect(verify.stdout).toContain(`INTACT: the whole store: ${summary.events} events in ${summary.children} streams checked`);
    const events = await readAll(join(dir, 'journey.db'));
    expect(new Set(events.map((e) => e.metadata.causationId)).size).toBe(summary.commands);
    expect(events.every((e) => e.metadata.correlationId === 'demo-seed' && e.metadata.machineVersion !== null)).toBe(true);
    // Person matching knows each new child, by key only: no names anywhere in the store or its side table.
    const keys = new Database(join(dir, 'journey.person-match.db'), { readonly: true });
    try {
      const filed = keys.prepare<[], { n: number }>('SELECT count(DISTINCT child_id) AS n FROM person_match_keys').get();
      expect(filed?.n).toBeGreaterThan(summary.children * 0.9);
    } finally {
      keys.close();
    }
    expect(r.stdout + r.stderr).not.toMatch(/firstName|lastName/);
  });

  it('is repeatable: the same options give the same children, commands and events in another store', async () => {
    const first = cli(SMALL);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Seeded [\d,]+ commands as [\d,]+ events for [\d,]+ children in [\d.]+ s \([\d,]+ events\/s\); 0 refused\.$/m);
    const other = join(dir, 'other.db');
    expect(cli(SMALL, { SQLITE_FILE: other }).status).toBe(0);
    const content = (events: RecordedEvent[]) => events.map((e) => [e.id, e.type, e.data, e.metadata.streamId, e.metadata.revision, e.metadata.actor]);
    expect(content(await readAll(other))).toEqual(content(await readAll(join(dir, 'journey.db'))));
  });

  it('refuses a store that holds anything, and changes nothing in it', async () => {
    expect(cli(SMALL).status).toBe(0);
    const before = await readAll(join(dir, 'journey.db'));
    const r = cli(SMALL);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Refused: the SQLite store ${join(dir, 'journey.db')} already holds ${before.length} events`);
    expect(await readAll(join(dir, 'journey.db'))).toEqual(before);
  });

  it('refuses a production configuration unless --force', () => {
    const production = { NODE_ENV: 'production', AUTH_ISSUER: 'http://127.0.0.1:9/issuer', AUTH_AUDIENCE: 'journey' };
    const refused = cli(SMALL, production);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Refused: NODE_ENV is production');
    expect(existsSync(join(dir, 'journey.db'))).toBe(false);
    const forced = cli(['--scale', '0.01', '--years', '0.25', '--end-date', '2026-03-31', '--force', '--json'], production);
    expect(forced.status).toBe(0);
    expect((JSON.parse(forced.stdout) as Summary).commands).toBeGreaterThan(0);
  });

  it.each([
    [['--scale', '2', '--large-county'], 'Give --scale or --large-county, not both'],
    [['--scale', 'big'], "--scale takes a number above 0 and at most 100; got 'big'"],
    [['--years', '0'], "--years takes a number above 0 and at most 30; got '0'"],
    [['--end-date', '2026-02-30'], "--end-date takes a date as YYYY-MM-DD; got '2026-02-30'"],
    [['--store', 'mongo'], "--store takes sqlite or postgres; got 'mongo'"],
    [['--sclae', '1'], "Unknown option '--sclae'"],
  ])('refuses bad usage %j with exit status 2 and says what is wrong', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: cje seed');
    expect(existsSync(join(dir, 'journey.db'))).toBe(false);
  });

  (pgUp ? it : it.skip)('fills an empty PostgreSQL store with --store postgres', async () => {
    const database = `cje_seed_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = PG_URL.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
    try {
      const r = cli([...SMALL, '--store', 'postgres', '--json'], { DATABASE_URL: url });
      expect(r.status).toBe(0);
      const summary = JSON.parse(r.stdout) as Summary;
      expect(summary).toMatchObject({ store: 'postgres', refused: 0 });
      const store = new PostgresEventStore({ connectionString: url });
      await store.init();
      try {
        expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: summary.events, streamsChecked: summary.children });
      } finally {
        await store.close();
      }
      const again = cli([...SMALL, '--store', 'postgres'], { DATABASE_URL: url });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain(`Refused: the postgres store already holds ${summary.events} events`);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
