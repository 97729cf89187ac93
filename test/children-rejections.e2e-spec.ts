import { randomUUID } from 'node:crypto';
import type { EventStore } from '@cje/event-store';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('commands the journey refuses, and bodies that are not commands', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    childId = await openChild(t, 'sw.north', { contactId: 'contact-1' });
    expect((await api.give('sw.north', childId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'contact-1', decision: 'REFER_TO_CSC' })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' })).status).toBe(200);
  });
  afterAll(() => t.close());

  const streamLength = async () => (await t.app.get<EventStore>(EVENT_STORE).readStream(`child-${childId}`)).length;

  it('answers an ICPC with no s47 enquiry open with 409 and the journey’s reason', async () => {
    const before = await streamLength();
    const res = await api.give('sw.north', childId, 'hold-icpc', { occurredAt: '2025-01-27', outcome: 'PLAN', category: 'NEG' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: '/problems/illegal-transition',
      title: 'Conflict',
      status: 409,
      code: 'ILLEGAL_TRANSITION',
      detail: 'An ICPC cannot be held: no s47 enquiry is open',
      instance: `/children/${childId}/hold-icpc`,
    });
    expect(await streamLength()).toBe(before);
  });

  it('answers a broken rule with 422 and says which', async () => {
    const res = await api.give('sw.north', childId, 'hold-strategy-discussion', {
      occurredAt: '2025-01-08',
      outcome: 'S47_ENQUIRY',
      agencies: ['CSC', 'POLICE'],
      emergencyContactId: 'contact-1',
      primaryNeed: 'N1',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'RULE_BROKEN', detail: 'A strategy discussion cannot be recorded as an emergency from a contact: the case is already open' });
  });

  it('refuses effective dates in the future with 422, for a new child too', async () => {
    const future = '2099-01-01';
    const res = await api.give('sw.north', childId, 'start-assessment', { occurredAt: future, assessmentId: 'a1' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVALID_DATE', detail: 'The effective date is in the future' });

    const contact = newChildContact({ occurredAt: '2099-06-01T09:00:00+01:00' });
    const opened = await api.openChild('sw.north', contact);
    expect(opened.status).toBe(422);
    expect(opened.body.code).toBe('INVALID_DATE');
  });

  it('refuses a date before what it follows with 422', async () => {
    const res = await api.give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-02', assessmentId: 'a1' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_DATE');
  });

  it('answers an invalid body with 400 listing every field that is wrong', async () => {
    const res = await t.request(`/children/${childId}/record-mash-decision`, {
      method: 'POST',
      as: 'sw.north',
      json: { commandId: 'not-a-uuid', occurredAt: '2025-02-30', contactId: 'contact-1', decision: 'MAYBE', checks: ['POLICE', 'PSYCHIC'], colour: 'blue' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: string[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        'commandId must be a UUID',
        'occurredAt must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDThh:mm, optional seconds and offset)',
        expect.stringMatching(/^decision must be one of the following values: NFA, INFORMATION_AND_ADVICE/),
        expect.stringMatching(/^each of checks must be one of the following values: POLICE/),
        'property colour should not exist',
      ]),
    );
  });

  it('checks nested bodies field by field', async () => {
    const res = await api.give('sw.north', childId, 'become-looked-after', {
      occurredAt: '2025-02-03',
      legalStatus: 'V2',
      categoryOfNeed: 'N1',
      placement: { place: 'XX', provider: 'PR1', distanceFromHomeMiles: -3, postcode: 'RG1 1AA' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^placement\.place must be one of the following values/),
        'placement.distanceFromHomeMiles must not be less than 0',
        'placement.property postcode should not exist',
      ]),
    );
  });

  it('requires the command id, and a child’s details that fit its status', async () => {
    const res = await api.openChild('sw.north', {
      occurredAt: '2025-01-06',
      source: '2A',
      child: { status: 'UNBORN', dateOfBirth: '2025-01-01' },
      concerns: 'Pre-birth concerns',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        'commandId must be a UUID',
        'child.dateOfBirth is recorded only for a child whose status is BORN',
        'child.expectedDateOfBirth must be a date written YYYY-MM-DD',
      ]),
    );
  });

  it('answers an unknown child with 404', async () => {
    const unknown = randomUUID();
    expect((await api.view('sw.north', unknown)).body).toMatchObject({ status: 404, code: 'CHILD_NOT_FOUND' });
    expect((await api.give('sw.north', unknown, 'start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' })).status).toBe(404);
    expect((await api.view('sw.north', 'not a child id!')).status).toBe(404);
  });

  it('answers a correction of an event that is not in the history with 404 UNKNOWN_EVENT', async () => {
    const res = await api.give('sw.north', childId, 'correct-event', { occurredAt: '2025-01-09', eventId: 'no-such-event:0', data: {}, reason: 'Typo' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_EVENT', detail: "No event with this id is in the child's history" });
  });

  it('corrects a recorded event with a new event', async () => {
    const started = await api.give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' });
    expect(started.status).toBe(200);
    const eventId = started.body.events[0].id as string;
    const corrected = await api.give('sw.north', childId, 'correct-event', {
      occurredAt: '2025-01-10',
      eventId,
      data: { assessmentId: 'a1' },
      correctedOccurredAt: '2025-01-09',
      reason: 'Started the day after the referral, not two days after',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.events).toEqual([expect.objectContaining({ type: 'EventCorrected' })]);
    expect((await api.view('sw.north', childId)).body.keyDates.assessmentStarted).toBe('2025-01-09');
  });

  it('refuses a malformed If-Match header with 400', async () => {
    const res = await api.give('sw.north', childId, 'record-child-seen-for-assessment', { occurredAt: '2025-01-10', assessmentId: 'a1', seenAlone: true }, { 'if-match': 'W/"3"' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_IF_MATCH');
  });
});
