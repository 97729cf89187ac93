import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childApi, newChildContact, type Answer } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Letters only: person matching compares letters, so test children must not share a surname by accident. */
const surname = () => `Standards${Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

describe("a child's deadlines follow the authority's local standards and region, as the manager's lists do", () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let dir: string;
  let position = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cje-local-standards-'));
    const file = join(dir, 'timescales.json');
    // Supervision every 14 days instead of the default 28; Scottish bank holidays (2 January is one, unlike in England).
    writeFileSync(file, JSON.stringify({ authority: 'Test Borough', localStandards: { 'case-supervision': { clock: { kind: 'days', amount: 14 }, source: 'Test Borough standard' } } }));
    t = await startTestApp({ TIMESCALES_CONFIG_FILE: file, TIMESCALE_REGION: 'scotland' });
    api = childApi(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function give(as: string, childId: string, path: string, body: Record<string, unknown>): Promise<void> {
    const res = await api.give(as, childId, path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    position = Math.max(position, res.body.position as number);
  }

  async function deadline(childId: string, ruleId: string): Promise<Record<string, unknown> | undefined> {
    const view = await api.view('sw.north', childId);
    expect(view.status).toBe(200);
    return (view.body.deadlines as Array<Record<string, unknown>>).find((d) => d.ruleId === ruleId);
  }

  async function ask(path: string): Promise<Answer> {
    const res = await t.request(`${path}&waitForPosition=${position}`, { as: 'tm.north' });
    return { status: res.status, body: JSON.parse(await res.text()), headers: res.headers };
  }

  it('GET /children/:id dates the deadlines by the configured standard and calendar, the same day the manager sees', async () => {
    const opened = await api.openChild('sw.north', newChildContact({ contactId: 'k1', occurredAt: '2024-12-31', lastName: surname() }));
    expect(opened.status).toBe(201);
    position = opened.body.position as number;
    const childId = opened.body.childId as string;
    // Tue 31 Dec 2024 + 1 working day: 1 and 2 January are Scottish bank holidays, so Fri 3 Jan (Thu 2 Jan in England).
    expect(await deadline(childId, 'mash-decision')).toMatchObject({ startedOn: '2024-12-31', dueOn: '2025-01-03' });

    await give('sw.north', childId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'k1', decision: 'REFER_TO_CSC' });
    await give('sw.north', childId, 'open-referral', { occurredAt: '2025-01-06', primaryNeed: 'N1' });
    await give('tm.north', childId, 'allocate-case', { occurredAt: '2025-01-06', workerId: 'sw.north', teamId: 'north' });

    // Mon 6 Jan + 14 days, the local standard (the default of 28 days would give Mon 3 Feb).
    const supervision = await deadline(childId, 'case-supervision');
    expect(supervision).toMatchObject({ startedOn: '2025-01-06', dueOn: '2025-01-20', standard: 'local', source: 'Test Borough standard' });

    const overdue = await ask('/manager/deadlines/overdue?asOf=2025-02-20&limit=500');
    expect(overdue.status).toBe(200);
    const listed = (overdue.body.items as Array<Record<string, unknown>>).filter((d) => d.childId === childId && d.ruleId === 'case-supervision');
    expect(listed).toEqual([expect.objectContaining({ dueOn: supervision?.dueOn, source: 'Test Borough standard' })]);
  });
});
