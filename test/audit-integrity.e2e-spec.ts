import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteTamperer } from '../libs/event-store/src/sqlite/sqlite-tamperer.contract.js';
import { sqliteAccessLogTamperer } from '../apps/api/src/audit/access-log/access-log-tamperer.contract.js';
import { accessLogFileFor } from '../apps/api/src/audit/access-log/sqlite-access-log-store.js';
import { childApi, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A surname of its own: person matching compares letters only, so a surname of random hex digits can collide. */
const surname = () => `Test${randomUUID().replace(/-/g, '').slice(0, 12).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;

const CLI = join(process.cwd(), 'dist/apps/cli/src/main.js');

describe('tamper evidence and replay: the API’s integrity checks and the cje command line on the same store', () => {
  let t: TestApp;
  let file: string;
  let replayed: string;
  let altered: string;
  let untouched: string;
  let pruned: string;

  // Asynchronous, so the API in this process keeps serving (a blocked event loop drops its keep-alive connections).
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', SQLITE_FILE: file } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const get = async (path: string, as = 'auditor') => {
    const res = await t.request(path, { as });
    return { status: res.status, body: JSON.parse(await res.text()) };
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
    t = await startTestApp();
    file = join(t.dir, 'journey.db');
    const api = childApi(t);
    const referred = async () => {
      const id = await openChild(t, 'sw.north', { contactId: 'c1', lastName: surname() });
      expect((await api.give('sw.north', id, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' })).status).toBe(200);
      expect((await api.give('sw.north', id, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' })).status).toBe(200);
      return id;
    };
    replayed = await referred();
    const started = await api.give('sw.north', replayed, 'start-assessment', { occurredAt: '2025-01-20', assessmentId: 'a1' });
    await api.give('tm.north', replayed, 'correct-event', { occurredAt: '2025-03-05', eventId: started.body.events[0].id, data: { assessmentId: 'a1' }, correctedOccurredAt: '2025-01-09', reason: 'Started on the 9th' });
    altered = await referred();
    untouched = await referred();
    pruned = await referred();
  });
  afterAll(() => t.close());

  describe('before anyone tampers', () => {
    it('reports every chain intact through the API, for auditors and the head of service', async () => {
      for (const as of ['auditor', 'hos']) {
        const { status, body } = await get('/integrity', as);
        expect(status).toBe(200);
        expect(body).toMatchObject({ ok: true, eventLog: { ok: true, streamsChecked: 4, problems: [] }, accessLog: { ok: true, problems: [] } });
      }
      expect(await get(`/integrity/children/${altered}`, 'hos')).toMatchObject({ status: 200, body: { childId: altered, streamId: `child-${altered}`, eventLog: { ok: true, eventsChecked: 3 } } });
    });

    it('answers an unknown child with 404', async () => {
      expect((await get('/integrity/children/no-such-child')).status).toBe(404);
    });

    it('cje replay explains itself with --help', async () => {
      const r = await cli('replay', '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: cje replay --child <childId> [--effective YYYY-MM-DD] [--known <date or date-time>] [--json]');
    });

    it('cje replay prints the state as at a date, from the log alone, as the API answers it', async () => {
      const api = (await get(`/children/${replayed}/as-at?effective=2025-01-15`)).body;
      const json = await cli('replay', '--child', replayed, '--effective', '2025-01-15', '--json');
      expect(json.status).toBe(0);
      const state = JSON.parse(json.stdout);
      expect(state).toMatchObject({ childId: replayed, effective: '2025-01-15', stage: api.stage, keyDates: api.keyDates, eventsApplied: api.eventsApplied });
      expect(state.keyDates.assessmentStarted).toBe('2025-01-09');

      const text = await cli('replay', '--child', replayed, '--effective', '2025-01-15');
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`Child ${replayed} as at 2025-01-15, as known now`);
      expect(text.stdout).toContain('stage:         ASSESSMENT');
      expect(text.stdout).toMatch(/assessmentStarted\s+2025-01-09/);
    });

    it('cje replay --known leaves out what was recorded later (here: the correction)', async () => {
      const r = await cli('replay', '--child', replayed, '--effective', '2025-01-31', '--known', '2000-01-01', '--json');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ eventsKnown: 0, stage: 'NO_INVOLVEMENT' });
    });

    it('cje replay says so for a child with no record (exit 1) and for bad dates (exit 2)', async () => {
      const missing = await cli('replay', '--child', 'no-such-child');
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('There is no record of child no-such-child');
      const bad = await cli('replay', '--child', replayed, '--effective', '2025-02-30');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--effective must be a date written YYYY-MM-DD');
      expect((await cli('replay', '--child', replayed, '--known', '2025-03-01T10:00')).status).toBe(2);
      expect((await cli('replay')).status).toBe(2);
    });
  });

  describe('after someone edits the SQLite files directly', () => {
    beforeAll(async () => {
      await sqliteTamperer(file).changeData(`child-${altered}`, 1, { contactId: 'c1', decision: 'NFA', checks: [] });
      await sqliteTamperer(file).deleteEvent(`child-${pruned}`, 2);
      await sqliteAccessLogTamperer(accessLogFileFor(file)).changeUser(1, 'someone-else');
    });

    it('shows the changed event on that child’s check, and leaves other children intact', async () => {
      const { body } = await get(`/integrity/children/${altered}`);
      expect(body.eventLog).toMatchObject({ ok: false, problems: [{ kind: 'hash_mismatch', streamId: `child-${altered}`, revision: 1 }] });
      expect((await get(`/integrity/children/${untouched}`)).body.eventLog.ok).toBe(true);
    });

    it('shows every alteration on the whole check: the changed event, the deleted one, and the rewritten access-log entry', async () => {
      const { status, body } = await get('/integrity', 'hos');
      expect(status).toBe(200);
      expect(body.ok).toBe(false);
      const kinds = body.eventLog.problems.map((p: { kind: string; streamId: string }) => `${p.kind} ${p.streamId}`);
      expect(kinds).toEqual(expect.arrayContaining([`hash_mismatch child-${altered}`, `head_mismatch child-${pruned}`]));
      expect(body.accessLog).toMatchObject({ ok: false, problems: [{ kind: 'hash_mismatch', seq: 1 }] });
    });

    it('cje verify exits 1 and names the altered child; an untouched child still verifies', async () => {
      const all = await cli('verify');
      expect(all.status).toBe(1);
      expect(all.stdout).toContain(`hash_mismatch in child-${altered} at revision 1`);
      expect((await cli('verify', '--child', untouched)).status).toBe(0);
      const one = await cli('verify', '--child', altered, '--json');
      expect(one.status).toBe(1);
      expect(JSON.parse(one.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'hash_mismatch', revision: 1 }] });
    });
  });
});
