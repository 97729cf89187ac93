import { randomBytes } from 'node:crypto';
import { childApi, newChildContact, type Answer } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Letters only: person matching compares letters, so test children must not share a surname by accident. */
const surname = () => `Timescale${Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

describe('manager queries over HTTP: dated timescales end to end (command → event → read model → query)', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let position = 0;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
  });
  afterAll(() => t.close());

  async function give(as: string, childId: string, path: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await api.give(as, childId, path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    position = Math.max(position, res.body.position as number);
    return res;
  }

  /** A GET of the manager API as a user, waiting for the read models to reach the last command. */
  async function ask(path: string, as = 'tm.north'): Promise<Answer> {
    const res = await t.request(`${path}${path.includes('?') ? '&' : '?'}waitForPosition=${position}`, { as });
    return { status: res.status, body: JSON.parse(await res.text()), headers: res.headers };
  }

  /** A referred, allocated child of the north team: contact, MASH decision and referral on `on`. */
  async function referred(on: string): Promise<string> {
    const opened = await api.openChild('sw.north', newChildContact({ contactId: 'k1', occurredAt: on, lastName: surname(), child: { status: 'BORN', dateOfBirth: '2016-03-02' } }));
    expect(opened.status).toBe(201);
    position = Math.max(position, opened.body.position as number);
    const childId = opened.body.childId as string;
    await give('sw.north', childId, 'record-mash-decision', { occurredAt: on, contactId: 'k1', decision: 'REFER_TO_CSC' });
    await give('sw.north', childId, 'open-referral', { occurredAt: on, primaryNeed: 'N1' });
    await give('tm.north', childId, 'allocate-case', { occurredAt: on, workerId: 'sw.north', teamId: 'north' });
    return childId;
  }

  const clocksOf = (list: Answer, childId: string, ruleId: string) =>
    (list.body.items as Array<Record<string, unknown>>).filter((d) => d.childId === childId && d.ruleId === ruleId);

  it('puts the ICPC 15 working days after the strategy discussion, over Christmas and New Year, and lists it overdue the day after', async () => {
    const childId = await referred('2024-12-18');
    await give('sw.north', childId, 'hold-strategy-discussion', { occurredAt: '2024-12-19', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] });
    await give('sw.north', childId, 'start-s47-enquiry', { occurredAt: '2024-12-20' });

    // Thu 19 Dec 2024 + 15 WD, skipping 25 and 26 December and 1 January: Tue 14 Jan 2025.
    const dueSoon = await ask('/manager/deadlines/due-soon?asOf=2025-01-06&workingDays=10');
    expect(dueSoon.status).toBe(200);
    expect(dueSoon.body.until).toBe('2025-01-20');
    expect(clocksOf(dueSoon, childId, 'icpc')).toEqual([
      expect.objectContaining({ startedOn: '2024-12-19', dueOn: '2025-01-14', status: 'open', team: 'north', workerId: 'sw.north', standard: 'statutory' }),
    ]);
    expect(clocksOf(dueSoon, childId, 'icpc')[0]?.source).toMatch(/Working Together/);

    expect(clocksOf(await ask('/manager/deadlines/overdue?asOf=2025-01-14'), childId, 'icpc')).toEqual([]);
    expect(clocksOf(await ask('/manager/deadlines/overdue?asOf=2025-01-15'), childId, 'icpc')).toEqual([
      expect.objectContaining({ dueOn: '2025-01-14', status: 'overdue', daysOverdue: 1, workingDaysOverdue: 1 }),
    ]);
  });

  it('judges a visit by when it happened, not when it was recorded; a correction of its date moves the deadlines', async () => {
    const childId = await referred('2025-01-02');
    await give('sw.north', childId, 'hold-strategy-discussion', { occurredAt: '2025-01-03', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] });
    await give('sw.north', childId, 'start-s47-enquiry', { occurredAt: '2025-01-03' });
    await give('sw.north', childId, 'conclude-s47-enquiry', { occurredAt: '2025-01-08', outcome: 'ICPC_REQUIRED' });
    await give('sw.north', childId, 'schedule-icpc', { occurredAt: '2025-01-09', conferenceDate: '2025-01-13' });
    await give('sw.north', childId, 'hold-icpc', { occurredAt: '2025-01-13', outcome: 'PLAN', category: 'NEG' });
    // Mon 13 Jan + 10 WD = Mon 27 Jan. The visit happened on Fri 24 Jan; it is recorded today, long after.
    const visit = await give('sw.north', childId, 'record-child-protection-visit', { occurredAt: '2025-01-24', childSeen: true, seenAlone: true });
    const visitId = visit.body.events[0].id as string;

    const later = await ask('/manager/deadlines/overdue?asOf=2025-02-20&limit=500');
    // The next visit: Fri 24 Jan + 10 WD = Fri 7 Feb; overdue by 13 days (9 working days) on Thu 20 Feb.
    expect(clocksOf(later, childId, 'cp-visit')).toEqual([
      expect.objectContaining({ clockKey: `cp-visit:${visitId}`, startedOn: '2025-01-24', dueOn: '2025-02-07', daysOverdue: 13, workingDaysOverdue: 9 }),
    ]);
    const quarter = await ask('/manager/deadlines/rates?period=quarter&date=2025-01-24&ruleId=cp-visit');
    expect(quarter.body).toMatchObject({ period: { start: '2025-01-01', end: '2025-03-31', label: '2024-25 Q4' }, rules: [{ ruleId: 'cp-visit', completed: 1, inTimescale: 1, metLate: 0, rate: 1 }] });

    await give('tm.north', childId, 'correct-event', { occurredAt: '2025-02-21', eventId: visitId, data: { childSeen: true, seenAlone: true }, correctedOccurredAt: '2025-01-29', reason: 'The visit was on the 29th' });
    const corrected = await ask('/manager/deadlines/rates?period=quarter&date=2025-01-24&ruleId=cp-visit');
    expect(corrected.body.rules).toEqual([expect.objectContaining({ completed: 1, inTimescale: 0, metLate: 1 })]);
    // Wed 29 Jan + 10 WD = Wed 12 Feb.
    expect(clocksOf(await ask('/manager/deadlines/overdue?asOf=2025-02-20&limit=500'), childId, 'cp-visit')).toEqual([
      expect.objectContaining({ startedOn: '2025-01-29', dueOn: '2025-02-12' }),
    ]);
  });

  it('shows a worker their own change at once when the query waits for the command’s position', async () => {
    const childId = await referred('2025-03-03');
    const started = await give('sw.north', childId, 'start-assessment', { occurredAt: '2025-03-04', assessmentId: 'a1' });
    const res = await t.request(`/manager/deadlines/due-soon?asOf=2025-03-05&workingDays=60&workerId=sw.north&limit=500&waitForPosition=${started.body.position}`, { as: 'sw.north' });
    const body = JSON.parse(await res.text());
    expect(res.status).toBe(200);
    // Referral on Mon 3 Mar 2025 + 45 WD, over Good Friday, Easter Monday and the early May bank holiday: Thu 8 May.
    expect(body.items).toContainEqual(expect.objectContaining({ childId, ruleId: 'assessment', dueOn: '2025-05-08', workerId: 'sw.north' }));
  });

  it('answers 503 READ_MODELS_BEHIND when the position is not reached within 5 seconds', async () => {
    const res = await t.request(`/manager/deadlines/overdue?waitForPosition=${position + 1_000_000}`, { as: 'tm.north' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'READ_MODELS_BEHIND', position: position + 1_000_000 });
  });

  it('refuses bad query parameters with a problem naming them', async () => {
    const res = await t.request('/manager/deadlines/overdue?asOf=2025-02-30&limit=0&cursor=x&extra=1', { as: 'tm.north' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.detail).toMatch(/asOf must be a date/);
    expect(body.detail).toMatch(/limit must be between 1 and 500/);
    const cursor = await t.request('/manager/deadlines/overdue?cursor=not-a-cursor', { as: 'tm.north' });
    expect(cursor.status).toBe(400);
    expect(await cursor.json()).toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
