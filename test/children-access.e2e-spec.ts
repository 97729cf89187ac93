import { childApi, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('who may see and act on a child', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    childId = await openChild(t, 'sw.north', { contactId: 'contact-1' });
    expect((await api.give('sw.north', childId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'contact-1', decision: 'REFER_TO_CSC' })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'record-child-seen-for-assessment', { occurredAt: '2025-01-09', assessmentId: 'a1', seenAlone: true })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'complete-assessment', { occurredAt: '2025-01-13', assessmentId: 'a1' })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('hides the child from another team’s social worker exactly as a child that does not exist', async () => {
    const hidden = await api.view('sw.south', childId);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: 'CHILD_NOT_FOUND', detail: `No child record ${childId} is open to you.` });
    const command = await api.give('sw.south', childId, 'record-supervision', { occurredAt: '2025-01-09', supervisorId: 'tm.south' });
    expect(command.status).toBe(404);
    expect(command.body.code).toBe('CHILD_NOT_FOUND');
    expect((await api.view('tm.south', childId)).status).toBe(404);
    expect((await api.view('admin', childId)).status).toBe(404);
  });

  it('lets an auditor read the child but change nothing', async () => {
    const read = await api.view('auditor', childId);
    expect(read.status).toBe(200);
    expect(read.body.allowedCommands).toEqual([]);
    const write = await api.give('auditor', childId, 'hold-strategy-discussion', { occurredAt: '2025-01-14', outcome: 'S47_ENQUIRY', agencies: ['CSC'] });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Auditors read records and change nothing.' });
    expect((await api.openChild('auditor')).status).toBe(403);
  });

  it('keeps authorisation for managers: a social worker gets 403 on AuthoriseAssessment', async () => {
    const res = await api.give('sw.north', childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'CIN_PLAN' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Only a team manager may authorise assessment.' });
    expect((await api.view('sw.north', childId)).body.allowedCommands).not.toContain('AuthoriseAssessment');
  });

  it('lets the head of service see and act on every child', async () => {
    expect((await api.view('hos', childId)).body.allowedCommands).toContain('AuthoriseAssessment');
    expect((await api.give('hos', childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'STRATEGY_DISCUSSION' })).status).toBe(200);
  });

  it('moves the child to the team it is allocated to', async () => {
    expect((await api.give('tm.north', childId, 'allocate-case', { occurredAt: '2025-01-15', workerId: 'sw.south', teamId: 'south' })).status).toBe(200);
    expect(await api.view('sw.south', childId)).toMatchObject({ status: 200, body: { owningTeam: 'south' } });
    expect((await api.view('sw.north', childId)).status).toBe(404);
    expect((await api.give('sw.north', childId, 'hold-strategy-discussion', { occurredAt: '2025-01-16', outcome: 'S47_ENQUIRY', agencies: ['CSC'] })).status).toBe(404);
    expect((await api.give('sw.south', childId, 'hold-strategy-discussion', { occurredAt: '2025-01-16', outcome: 'S47_ENQUIRY', agencies: ['CSC'] })).status).toBe(200);
  });

  it('asks for a token', async () => {
    expect((await t.request(`/children/${childId}`)).status).toBe(401);
    expect((await t.request('/children', { method: 'POST', json: {} })).status).toBe(401);
  });
});
