import { randomUUID } from 'node:crypto';
import type { EventStore } from '@cje/event-store';
import { describeState, fold } from '@cje/journey';
import { toJourneyEvent } from '../apps/api/src/children/child-record.js';
import { ChildRecords } from '../apps/api/src/children/child-records.js';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact, type Answer } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A surname of its own: person matching compares letters only, so a surname of random hex digits can collide. */
const surname = () => `Test${randomUUID().replace(/-/g, '').slice(0, 12).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;

const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true };
const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

describe('case history and replay as at a date, over HTTP', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
  });
  afterAll(() => t.close());

  async function give(as: string, childId: string, path: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await api.give(as, childId, path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 200 });
    return res;
  }
  async function open(as = 'sw.north', overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await api.openChild(as, newChildContact({ contactId: 'c1', lastName: surname(), ...overrides }));
    expect(res.status).toBe(201);
    return res.body.childId as string;
  }
  async function referred(as = 'sw.north', team = as.split('.')[1] ?? 'north'): Promise<string> {
    const childId = await open(as);
    await give(as, childId, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' });
    await give(as, childId, 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' });
    await give(`tm.${team}`, childId, 'allocate-case', { occurredAt: '2025-01-07', workerId: as, teamId: team });
    return childId;
  }
  const get = async (path: string, as = 'sw.north') => {
    const res = await t.request(path, { as });
    return { status: res.status, body: JSON.parse(await res.text()) };
  };

  describe('the history of a corrected case', () => {
    let childId: string;
    let startId: string;
    let seenId: string;

    beforeAll(async () => {
      childId = await referred();
      startId = (await give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-20', assessmentId: 'a1' })).body.events[0].id;
      seenId = (await give('sw.north', childId, 'record-child-seen-for-assessment', { occurredAt: '2025-01-21', assessmentId: 'a1', seenAlone: true })).body.events[0].id;
      await give('tm.north', childId, 'correct-event', { occurredAt: '2025-03-05', eventId: startId, data: { assessmentId: 'a1' }, correctedOccurredAt: '2025-01-09', reason: 'Started on the 9th' });
      await give('sw.north', childId, 'void-event', { occurredAt: '2025-03-06', eventIds: [seenId], reason: 'Recorded against the wrong child' });
    });

    it('lists every event with effective and recorded times and who recorded it', async () => {
      const { status, body } = await get(`/children/${childId}/history`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ childId, revision: 7, order: 'recorded' });
      expect(body.entries.map((e: { type: string }) => e.type)).toEqual([
        'ContactReceived', 'MashDecisionMade', 'ReferralOpened', 'CaseAllocated', 'AssessmentStarted', 'ChildSeenForAssessment', 'EventCorrected', 'EventVoided',
      ]);
      expect(body.entries[3]).toMatchObject({ occurredAt: '2025-01-07', recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), actor: { userId: 'tm.north', role: 'team_manager', team: 'north' } });
    });

    it('shows a correction against what it corrected: original and corrected values, who, when and why', async () => {
      const { body } = await get(`/children/${childId}/history`);
      const started = body.entries.find((e: { eventId: string }) => e.eventId === startId);
      expect(started).toMatchObject({
        status: 'corrected',
        original: { occurredAt: '2025-01-20', data: { assessmentId: 'a1' } },
        current: { occurredAt: '2025-01-09', data: { assessmentId: 'a1' } },
        corrections: [{ type: 'EventCorrected', actor: { userId: 'tm.north', role: 'team_manager' }, reason: 'Started on the 9th', correctedOccurredAt: '2025-01-09', applied: true }],
      });
      expect(started.corrections[0].recordedAt).toEqual(body.entries.find((e: { type: string }) => e.type === 'EventCorrected').recordedAt);
      expect(body.entries.find((e: { eventId: string }) => e.eventId === seenId)).toMatchObject({
        status: 'voided',
        current: null,
        corrections: [{ type: 'EventVoided', reason: 'Recorded against the wrong child', actor: { userId: 'sw.north' } }],
      });
      expect(body.entries.find((e: { type: string }) => e.type === 'EventVoided')).toMatchObject({ status: 'correction', corrects: { eventId: seenId, type: 'ChildSeenForAssessment' } });
    });

    it('orders by effective date on request, corrected dates counting', async () => {
      const { body } = await get(`/children/${childId}/history?order=effective`);
      const types = body.entries.map((e: { type: string }) => e.type);
      expect(types.slice(0, 5)).toEqual(['ContactReceived', 'MashDecisionMade', 'ReferralOpened', 'CaseAllocated', 'AssessmentStarted']);
      expect(body.order).toBe('effective');
    });

    it('refuses malformed queries with 400 and names the problem', async () => {
      for (const query of ['order=newest', 'order=recorded&extra=1']) {
        expect({ query, status: (await get(`/children/${childId}/history?${query}`)).status }).toEqual({ query, status: 400 });
      }
      for (const query of ['effective=2025-02-30', 'effective=yesterday', 'known=2025-03-01T10:00', 'known=2025-13-01', 'effective=2025-01-01&effective=2025-01-02', 'asOf=2025-01-01']) {
        const res = await get(`/children/${childId}/as-at?${query}`);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      }
    });
  });

  describe('as at a date: effective versus known', () => {
    let childId: string;
    let beforeCorrection: string;
    let beforeSeen: string;

    beforeAll(async () => {
      childId = await referred();
      const started = await give('sw.north', childId, 'start-assessment', { occurredAt: '2025-01-20', assessmentId: 'a1' });
      await pause();
      beforeSeen = new Date().toISOString();
      await pause();
      // The visit on the 21st is typed up later.
      await give('sw.north', childId, 'record-child-seen-for-assessment', { occurredAt: '2025-01-21', assessmentId: 'a1', seenAlone: true });
      await pause();
      beforeCorrection = new Date().toISOString();
      await pause();
      await give('tm.north', childId, 'correct-event', { occurredAt: '2025-03-05', eventId: started.body.events[0].id, data: { assessmentId: 'a1' }, correctedOccurredAt: '2025-01-09', reason: 'Started on the 9th' });
    });

    const asAt = async (query: string) => {
      const res = await get(`/children/${childId}/as-at?${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };

    it('as known now, applies the later correction to the past', async () => {
      expect(await asAt('effective=2025-01-15')).toMatchObject({ stage: 'ASSESSMENT', keyDates: { assessmentStarted: '2025-01-09' }, effective: '2025-01-15', known: null, asOf: '2025-01-15' });
    });

    it('as known before the correction, the assessment had not started by 15 January', async () => {
      const state = await asAt(`effective=2025-01-15&known=${encodeURIComponent(beforeCorrection)}`);
      expect(state).toMatchObject({ stage: 'REFERRAL', keyDates: { referralDate: '2025-01-07', assessmentStarted: null }, known: beforeCorrection });
      expect(state.eventsKnown).toBe(6);
    });

    it('knows only what had been recorded by then: the visit typed up later is not yet known', async () => {
      const before = await asAt(`effective=2025-01-31&known=${encodeURIComponent(beforeSeen)}`);
      const after = await asAt(`effective=2025-01-31&known=${encodeURIComponent(beforeCorrection)}`);
      expect(after.eventsApplied - before.eventsApplied).toBe(1);
      expect(before.keyDates.assessmentStarted).toBe('2025-01-20');
    });

    it('judges deadlines on the date asked about', async () => {
      const state = await asAt('effective=2025-01-10');
      expect(state.deadlines).toContainEqual(expect.objectContaining({ ruleId: expect.stringContaining('assessment'), status: 'open' }));
      expect(state.asOf).toBe('2025-01-10');
    });

    it('takes a known date as the end of that day: before any event was recorded, nothing is known', async () => {
      expect(await asAt('known=2020-01-01')).toMatchObject({ stage: 'NO_INVOLVEMENT', eventsKnown: 0, revisionKnown: -1 });
    });

    it('is open to whoever may see the child, and hidden from other teams', async () => {
      expect((await get(`/children/${childId}/as-at`, 'auditor')).status).toBe(200);
      expect((await get(`/children/${childId}/as-at`, 'sw.south')).status).toBe(404);
      expect((await get(`/children/${childId}/history`, 'admin')).status).toBe(404);
    });
  });

  describe('replaying the whole log', () => {
    beforeAll(async () => {
      // A spread of journeys: child in need, protection, care, a closed case, corrections and voids.
      const cin = await referred('sw.north');
      await give('sw.north', cin, 'start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' });
      await give('sw.north', cin, 'record-child-seen-for-assessment', { occurredAt: '2025-01-09', assessmentId: 'a1', seenAlone: false });
      await give('sw.north', cin, 'complete-assessment', { occurredAt: '2025-01-13', assessmentId: 'a1' });
      await give('tm.north', cin, 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'a1', factors: ['16A'], outcome: 'CIN_PLAN' });
      await give('sw.north', cin, 'start-cin-plan', { occurredAt: '2025-01-20' });

      const cp = await referred('sw.south');
      await give('sw.south', cp, 'hold-strategy-discussion', { occurredAt: '2025-01-15', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] });
      await give('sw.south', cp, 'start-s47-enquiry', { occurredAt: '2025-01-15' });
      await give('sw.south', cp, 'conclude-s47-enquiry', { occurredAt: '2025-01-22', outcome: 'ICPC_REQUIRED' });
      await give('sw.south', cp, 'schedule-icpc', { occurredAt: '2025-01-23', conferenceDate: '2025-02-05' });
      await give('sw.south', cp, 'hold-icpc', { occurredAt: '2025-02-05', outcome: 'PLAN', category: 'NEG' });
      const coreGroup = await give('sw.south', cp, 'hold-core-group', { occurredAt: '2025-02-12' });
      await give('tm.south', cp, 'correct-event', { occurredAt: '2025-02-14', eventId: coreGroup.body.events[0].id, data: {}, correctedOccurredAt: '2025-02-11', reason: 'Met on the 11th' });

      const lac = await referred('sw.north');
      await give('sw.north', lac, 'become-looked-after', { occurredAt: '2025-02-03', legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1' });
      const move = await give('sw.north', lac, 'change-placement', { occurredAt: '2025-03-03', placement: { ...FOSTER, place: 'U4' }, reasonPlaceChange: 'CARPL', sameCarer: false });
      await give('tm.north', lac, 'void-event', { occurredAt: '2025-03-04', eventIds: move.body.events.map((e: { id: string }) => e.id), reason: 'The move did not happen' });

      const closed = await open('sw.mash');
      await give('sw.mash', closed, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'NFA' });
      await open('sw.north');
    });

    it('gives, for every child in the log, the same journey as the command side holds (fold of all events ≡ cached state ≡ GET /children/:id)', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const records = t.app.get(ChildRecords);
      const childIds = [...new Set((await store.readAll()).map((e) => e.metadata.streamId).filter((s) => s.startsWith('child-')))].map((s) => s.slice('child-'.length));
      expect(childIds).toHaveLength(7);
      for (const childId of childIds) {
        const stream = await store.readStream(`child-${childId}`);
        const replayed = fold(stream.map(toJourneyEvent));
        const live = (await records.load(childId)).journey;
        expect({ childId, context: replayed.context, value: replayed.value }).toEqual({ childId, context: live.context, value: live.value });

        const view = await get(`/children/${childId}`, 'hos');
        const asAt = await get(`/children/${childId}/as-at`, 'hos');
        expect(view.status).toBe(200);
        const { stage, openTracks, keyDates, allocation, episodeNumber, closedEpisodes, cppCategory, placementType, lookedAfterLegalStatus, incomplete } = view.body;
        expect({ childId, ...asAt.body }).toMatchObject({ childId, stage, openTracks, keyDates, allocation, episodeNumber, closedEpisodes, cppCategory, placementType, lookedAfterLegalStatus, incomplete });
        expect(asAt.body.revisionKnown).toBe(view.body.revision);
        expect(describeState(replayed).stage).toBe(stage);
      }
    });
  });
});
