import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@cje/event-store';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact, openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('idempotent commands and workers acting on one child at once', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
  });
  afterAll(() => t.close());

  const stream = (childId: string): Promise<RecordedEvent[]> => t.app.get<EventStore>(EVENT_STORE).readStream(`child-${childId}`);
  const fingerprint = (events: readonly RecordedEvent[]) => events.map((e) => `${e.metadata.revision}|${e.id}|${e.type}|${e.metadata.hash}`);

  /** A child whose completed assessment awaits a manager. */
  async function awaitingAuthorisation(): Promise<string> {
    const childId = await openChild(t, 'sw.north', { contactId: 'contact-1' });
    for (const [path, body] of [
      ['record-mash-decision', { occurredAt: '2025-01-06', contactId: 'contact-1', decision: 'REFER_TO_CSC' }],
      ['open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' }],
      ['start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' }],
      ['record-child-seen-for-assessment', { occurredAt: '2025-01-09', assessmentId: 'a1', seenAlone: true }],
      ['complete-assessment', { occurredAt: '2025-01-13', assessmentId: 'a1' }],
    ] as const) {
      expect((await api.give('sw.north', childId, path, body)).status).toBe(200);
    }
    return childId;
  }

  it('records a command once however often it is sent, and answers the same each time', async () => {
    const childId = await awaitingAuthorisation();
    const body = { commandId: randomUUID(), occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['21'], outcome: 'CIN_PLAN' };
    const first = await api.give('tm.north', childId, 'authorise-assessment', body);
    const again = await api.give('tm.north', childId, 'authorise-assessment', body);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.body.replayed).toBe(false);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect((await stream(childId)).filter((e) => e.type === 'AssessmentAuthorised')).toHaveLength(1);
  });

  it('answers a repeated new-child contact with the record its first attempt opened', async () => {
    const contact = newChildContact();
    const first = await api.openChild('sw.north', contact);
    const again = await api.openChild('sw.north', contact);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await stream(first.body.childId)).toHaveLength(1);
  });

  it('refuses a command id already used for another child, writing nothing', async () => {
    const one = await openChild(t);
    const other = await openChild(t);
    const commandId = randomUUID();
    expect((await api.give('sw.north', one, 'record-contact', { commandId, occurredAt: '2025-02-01', source: '6', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: 'Police' })).status).toBe(200);
    const before = fingerprint(await stream(other));
    const res = await api.give('sw.north', other, 'record-contact', { commandId, occurredAt: '2025-02-01', source: '6', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: 'Police' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(fingerprint(await stream(other))).toEqual(before);
  });

  it('lets exactly one of two managers authorising the same assessment at once win; the other gets 409', async () => {
    const childId = await awaitingAuthorisation();
    const before = fingerprint(await stream(childId));
    const authorise = (as: string, outcome: string) =>
      api.give(as, childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome });
    const answers = await Promise.all([authorise('tm.north', 'CIN_PLAN'), authorise('hos', 'STRATEGY_DISCUSSION')]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', detail: 'The assessment cannot be authorised: no completed assessment awaits authorisation' });
    const after = await stream(childId);
    expect(fingerprint(after).slice(0, before.length)).toEqual(before);
    expect(after.filter((e) => e.type === 'AssessmentAuthorised')).toHaveLength(1);
    expect((await t.app.get<EventStore>(EVENT_STORE).verifyStream(`child-${childId}`)).ok).toBe(true);
  });

  it('refuses a command made on a revision the record has moved on from (If-Match), with no retry', async () => {
    const childId = await awaitingAuthorisation();
    const seen = await api.view('tm.north', childId);
    const revision = seen.body.revision as number;
    expect(seen.headers.get('etag')).toBe(`"${revision}"`);
    // Someone else records something first.
    expect((await api.give('sw.north', childId, 'allocate-case', { occurredAt: '2025-01-13', workerId: 'sw.north', teamId: 'north' })).status).toBe(403);
    expect((await api.give('tm.north', childId, 'allocate-case', { occurredAt: '2025-01-13', workerId: 'sw.north', teamId: 'north' })).status).toBe(200);
    const before = fingerprint(await stream(childId));

    const stale = await api.give('tm.north', childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'CIN_PLAN' }, { 'if-match': `"${revision}"` });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', expectedRevision: revision, actualRevision: revision + 1 });
    expect(fingerprint(await stream(childId))).toEqual(before);

    const current = await api.give('tm.north', childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'CIN_PLAN' }, { 'if-match': `"${revision + 1}"` });
    expect(current.status).toBe(200);
    expect(current.body.revision).toBe(revision + 2);
  });

  it('records every one of many commands sent at once about one child, losing none', async () => {
    const childId = await awaitingAuthorisation();
    expect((await api.give('tm.north', childId, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'CIN_PLAN' })).status).toBe(200);
    expect((await api.give('sw.north', childId, 'start-cin-plan', { occurredAt: '2025-01-15' })).status).toBe(200);
    const visits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api.give(i % 2 ? 'sw.north' : 'sw.north2', childId, 'record-cin-visit', { occurredAt: `2025-02-${String(i + 1).padStart(2, '0')}`, childSeen: true, seenAlone: i % 3 === 0 })),
    );
    expect(visits.map((v) => v.status)).toEqual(Array(12).fill(200));
    expect(new Set(visits.map((v) => v.body.revision)).size).toBe(12);
    expect((await stream(childId)).filter((e) => e.type === 'CinVisitMade')).toHaveLength(12);
  });
});
