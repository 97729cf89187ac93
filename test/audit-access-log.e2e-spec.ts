import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AccessLogStore } from '../apps/api/src/audit/access-log/access-log-store.js';
import { childApi, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A surname of its own: person matching compares letters only, so a surname of random hex digits can collide. */
const surname = () => `Test${randomUUID().replace(/-/g, '').slice(0, 12).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;

interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string }>>;
}
interface Entry {
  seq: number;
  at: string;
  userId: string;
  role: string;
  team: string;
  childId: string;
  view: string;
  requestId: string;
}

describe('the access log: every read of a child’s record is recorded, and auditors can ask who looked', () => {
  let t: TestApp;
  let childId: string;
  let otherChild: string;

  beforeAll(async () => {
    t = await startTestApp();
    childId = await openChild(t, 'sw.north', { lastName: surname() });
    otherChild = await openChild(t, 'sw.south', { lastName: surname() });
  });
  afterAll(() => t.close());

  const get = async (path: string, as: string) => {
    const res = await t.request(path, { as });
    const text = await res.text();
    return { status: res.status, requestId: res.headers.get('x-request-id'), body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const logOf = async (id: string, query = ''): Promise<{ entries: Entry[]; nextBefore: number | null }> => {
    const res = await get(`/audit/access-log/children/${id}${query}`, 'auditor');
    expect(res.status).toBe(200);
    return res.body;
  };

  it('records each read with who (user, role, team), when, which child, which view and the request id', async () => {
    const before = Date.now();
    const read = await get(`/children/${childId}`, 'sw.north');
    expect(read.status).toBe(200);
    const { entries } = await logOf(childId);
    const entry = entries.find((e) => e.requestId === read.requestId);
    expect(entry).toMatchObject({ userId: 'sw.north', role: 'social_worker', team: 'north', childId, view: 'record' });
    expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('records a read on every route that shows one child’s data (every GET route with a child in its path)', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as OpenApi;
    const reads = Object.entries(doc.paths)
      .filter(([path, methods]) => path.includes('{childId}') && methods.get)
      .map(([path]) => path);
    expect(reads.length).toBeGreaterThanOrEqual(6);
    for (const path of reads) {
      const res = await get(path.replace('{childId}', childId), 'auditor');
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const { entries } = await logOf(childId, '?limit=500');
      const logged = entries.filter((e) => e.requestId === res.requestId);
      expect({ path, logged: logged.map((e) => [e.userId, e.childId]) }).toEqual({ path, logged: [['auditor', childId]] });
    }
  });

  it('records nothing for a read that was refused', async () => {
    const refused = await get(`/children/${childId}`, 'sw.south');
    expect(refused.status).toBe(404);
    expect((await logOf(childId, '?limit=500')).entries.some((e) => e.requestId === refused.requestId)).toBe(false);
    expect((await get(`/audit/access-log/users/sw.south`, 'auditor')).body.entries.some((e: Entry) => e.childId === childId)).toBe(false);
  });

  it('answers auditors by user, newest first, a page at a time', async () => {
    for (let i = 0; i < 3; i++) expect((await get(`/children/${otherChild}`, 'tm.south')).status).toBe(200);
    expect((await get(`/children/${otherChild}/history`, 'tm.south')).status).toBe(200);
    const first = await get('/audit/access-log/users/tm.south?limit=3', 'auditor');
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: Entry) => e.view)).toEqual(['history', 'record', 'record']);
    expect(first.body.entries.every((e: Entry) => e.userId === 'tm.south' && e.childId === otherChild)).toBe(true);
    expect(first.body.nextBefore).toEqual(first.body.entries[2].seq);
    const second = await get(`/audit/access-log/users/tm.south?limit=3&before=${first.body.nextBefore}`, 'auditor');
    expect(second.body).toEqual({ entries: [expect.objectContaining({ view: 'record', userId: 'tm.south' })], nextBefore: null });
  });

  it('answers auditors by child, paged, and logs the auditor’s own query against the child', async () => {
    const page = await logOf(otherChild, '?limit=2');
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({ userId: 'auditor', view: 'access-log' });
    expect(page.entries[0]!.seq).toBeGreaterThan(page.entries[1]!.seq);
    const rest = await logOf(otherChild, `?limit=500&before=${page.nextBefore}`);
    expect(rest.entries.every((e) => e.seq < page.entries[1]!.seq)).toBe(true);
  });

  it('lets nobody but auditors read the log, and checks the paging parameters', async () => {
    for (const as of ['hos', 'tm.north', 'sw.north', 'admin']) {
      expect((await get(`/audit/access-log/children/${childId}`, as)).status).toBe(403);
      expect((await get('/audit/access-log/users/sw.north', as)).status).toBe(403);
    }
    for (const query of ['?limit=0', '?limit=501', '?limit=ten', '?before=-1', '?sort=asc']) {
      expect({ query, status: (await get(`/audit/access-log/children/${childId}${query}`, 'auditor')).status }).toEqual({ query, status: 400 });
    }
    expect((await get('/audit/access-log/users/%3Cscript%3E', 'auditor')).body).toMatchObject({ status: 400, code: 'INVALID_USER_ID' });
  });

  it('fails closed: a read that cannot be logged is refused with 503, shows nothing, and reads work again after', async () => {
    const store = t.app.get(AccessLogStore);
    const append = jest.spyOn(store, 'append').mockRejectedValueOnce(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }));
    try {
      const refused = await get(`/children/${childId}`, 'sw.north');
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'ACCESS_LOG_UNAVAILABLE', status: 503 });
      expect(refused.body).not.toHaveProperty('stage');
      const logLine = t.logs.find((l) => l.includes('access log write failed'));
      expect(logLine).toContain('SQLITE_IOERR');
    } finally {
      append.mockRestore();
    }
    expect((await get(`/children/${childId}`, 'sw.north')).status).toBe(200);
  });

  it('keeps an intact hash chain over every entry', async () => {
    const res = await get('/integrity', 'auditor');
    expect(res.body.accessLog).toMatchObject({ ok: true, problems: [], head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(res.body.accessLog.entriesChecked).toBeGreaterThan(10);
  });

  it('holds ids only: nothing from the record itself', async () => {
    const api = childApi(t);
    const named = await openChild(t, 'sw.north', { concerns: 'Uniquely-worded-concern-7f3a', lastName: 'Zyxwvutson' });
    expect((await api.view('sw.north', named)).status).toBe(200);
    const { entries } = await logOf(named);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Uniquely-worded-concern-7f3a');
    expect(text).not.toContain('Zyxwvutson');
  });
});
