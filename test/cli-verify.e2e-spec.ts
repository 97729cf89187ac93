import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@cje/event-store';
import { sqliteTamperer } from '../libs/event-store/src/sqlite/sqlite-tamperer.contract.js';

const CLI = join(process.cwd(), 'dist/apps/cli/src/main.js');
const actor = { userId: 'sw.north', role: 'social_worker', team: 'north' };
const event = (id: string, type: string, data: Record<string, unknown>): NewEvent => ({
  id,
  type,
  data,
  metadata: { occurredAt: '2025-01-06', actor, correlationId: id, causationId: id, schemaVersion: 1, machineVersion: 1 },
});

describe('cje verify (auditor checks nothing was altered)', () => {
  let dir: string;
  let file: string;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', SQLITE_FILE: file }, encoding: 'utf8' });

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cje-cli-'));
    file = join(dir, 'journey.db');
    const store = new SqliteEventStore({ filename: file });
    await store.init();
    await store.append('child-a', [event('a1', 'ContactReceived', { source: '2A' }), event('a2', 'MashDecisionMade', { decision: 'REFER_TO_CSC' })], { expectedRevision: 'no_stream' });
    await store.append('child-b', [event('b1', 'ContactReceived', { source: '6' })], { expectedRevision: 'no_stream' });
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('explains itself with --help', () => {
    const r = cli('verify', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: cje verify');
    expect(r.stdout).toContain('--child <id>');
  });

  it('reports an untouched store as intact and exits 0', () => {
    const r = cli('verify');
    expect(r.stdout).toContain('INTACT: the whole store: 3 events in 2 streams checked');
    expect(r.status).toBe(0);
  });

  it('exits 1 and names the altered event when someone edits the database directly', async () => {
    await sqliteTamperer(file).changeData('child-a', 1, { decision: 'NFA' });
    const all = cli('verify');
    expect(all.status).toBe(1);
    expect(all.stdout).toContain('ALTERED');
    expect(all.stdout).toContain('hash_mismatch in child-a at revision 1');
    const one = cli('verify', '--child', 'a', '--json');
    expect(one.status).toBe(1);
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'hash_mismatch', streamId: 'child-a', revision: 1 }] });
    expect(cli('verify', '--child', 'b').status).toBe(0);
  });

  it('notices a deleted event', async () => {
    await sqliteTamperer(file).deleteEvent('child-a', 0);
    const r = cli('verify');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/broken_link|revision_gap/);
  });

  it('refuses unknown options with exit status 2', () => {
    const r = cli('verify', '--chlid', 'a');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--chlid'");
  });
});
