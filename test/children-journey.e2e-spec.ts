import { randomUUID } from 'node:crypto';
import type { EventStore } from '@cje/event-store';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true };

describe('a child’s journey from contact to adoption order, over HTTP', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
  });
  afterAll(() => t.close());

  /** Gives a command that must be recorded; answers the recorded event types. */
  async function record(as: string, path: string, body: Record<string, unknown>): Promise<string[]> {
    const res = await api.give(as, childId, path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 200 });
    expect(res.body).toMatchObject({ childId, replayed: false });
    expect(res.headers.get('etag')).toBe(`"${res.body.revision}"`);
    return res.body.events.map((e: { type: string }) => e.type);
  }

  async function view(as = 'sw.north') {
    const res = await api.view(as, childId);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('takes a contact about a new child and opens the record', async () => {
    const res = await api.openChild('sw.north', newChildContact({ contactId: 'contact-1', occurredAt: '2025-01-06', child: { status: 'BORN', dateOfBirth: '2023-03-01' } }));
    expect(res.status).toBe(201);
    childId = res.body.childId;
    expect(childId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get('location')).toBe(`/children/${childId}`);
    expect(res.body).toMatchObject({ revision: 0, replayed: false, events: [{ type: 'ContactReceived', occurredAt: '2025-01-06' }] });
    expect(res.body.position).toBeGreaterThan(0);

    const child = await view();
    expect(child).toMatchObject({ stage: 'MASH_SCREENING', openTracks: ['FRONT_DOOR'], owningTeam: 'north', revision: 0 });
    expect(child.allowedCommands).toEqual(expect.arrayContaining(['RecordMashDecision', 'HoldStrategyDiscussion']));
    expect(child.allowedCommands).not.toContain('OpenReferral');
    expect(child.deadlines).toEqual([expect.objectContaining({ ruleId: 'mash-decision', dueOn: '2025-01-07', source: expect.stringContaining('Working Together') })]);
  });

  it('moves through the front door to an allocated referral', async () => {
    expect(await record('sw.north', 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'contact-1', decision: 'REFER_TO_CSC', checks: ['POLICE', 'HEALTH'] })).toEqual(['MashDecisionMade']);
    expect((await view()).allowedCommands).toContain('OpenReferral');
    expect(await record('sw.north', 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' })).toEqual(['ReferralOpened']);

    const referral = await view();
    expect(referral).toMatchObject({ stage: 'REFERRAL', openTracks: ['CIN_EPISODE'], episodeNumber: 1, keyDates: { referralDate: '2025-01-07' } });
    expect(referral.allocation).toBeNull();
    // Allocation is a manager's decision: the social worker is not offered it, the manager is.
    expect(referral.allowedCommands).toContain('StartAssessment');
    expect(referral.allowedCommands).not.toContain('AllocateCase');
    expect((await view('tm.north')).allowedCommands).toContain('AllocateCase');

    expect(await record('tm.north', 'allocate-case', { occurredAt: '2025-01-07', workerId: 'sw.north', teamId: 'north' })).toEqual(['CaseAllocated']);
    expect(await view()).toMatchObject({ allocation: { workerId: 'sw.north', teamId: 'north' }, owningTeam: 'north' });
  });

  it('assesses the child, and only a manager authorises the assessment', async () => {
    await record('sw.north', 'start-assessment', { occurredAt: '2025-01-08', assessmentId: 'assessment-1' });
    await record('sw.north', 'record-child-seen-for-assessment', { occurredAt: '2025-01-09', assessmentId: 'assessment-1', seenAlone: false });
    await record('sw.north', 'complete-assessment', { occurredAt: '2025-01-13', assessmentId: 'assessment-1' });

    const awaiting = await view();
    expect(awaiting).toMatchObject({ stage: 'ASSESSMENT_AUTHORISATION', openTracks: ['CIN_EPISODE', 'ASSESSMENT'] });
    expect(awaiting.allowedCommands).not.toContain('AuthoriseAssessment');
    expect((await view('tm.north')).allowedCommands).toContain('AuthoriseAssessment');

    expect(await record('tm.north', 'authorise-assessment', { occurredAt: '2025-01-14', assessmentId: 'assessment-1', factors: ['16A', '3B'], outcome: 'STRATEGY_DISCUSSION' })).toEqual([
      'AssessmentAuthorised',
    ]);
    expect(await view()).toMatchObject({ stage: 'REFERRAL', openTracks: ['CIN_EPISODE'] });
  });

  it('holds a strategy discussion, a section 47 enquiry and an ICPC that starts a plan', async () => {
    await record('sw.north', 'hold-strategy-discussion', { occurredAt: '2025-01-15', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE', 'HEALTH'] });
    expect(await view()).toMatchObject({ stage: 'STRATEGY_DISCUSSION', openTracks: ['CIN_EPISODE', 'S47'] });
    await record('sw.north', 'start-s47-enquiry', { occurredAt: '2025-01-15' });

    const enquiry = await view();
    expect(enquiry).toMatchObject({ stage: 'S47_ENQUIRY', keyDates: { s47Started: '2025-01-15', icpcTarget: '2025-02-05' } });
    expect(enquiry.allowedCommands).toContain('ConcludeS47Enquiry');
    expect(enquiry.allowedCommands).not.toContain('HoldIcpc');
    expect(enquiry.deadlines).toContainEqual(expect.objectContaining({ ruleId: 'icpc', startedOn: '2025-01-15', dueOn: '2025-02-05' }));

    await record('sw.north', 'conclude-s47-enquiry', { occurredAt: '2025-01-22', outcome: 'ICPC_REQUIRED' });
    expect((await view()).stage).toBe('ICPC_REQUIRED');
    await record('sw.north', 'schedule-icpc', { occurredAt: '2025-01-23', conferenceDate: '2025-02-05' });
    expect((await view()).allowedCommands).toContain('HoldIcpc');

    expect(await record('sw.north', 'hold-icpc', { occurredAt: '2025-02-05', outcome: 'PLAN', category: 'NEG' })).toEqual(['IcpcHeld', 'ChildProtectionPlanStarted']);
    const plan = await view();
    expect(plan).toMatchObject({ stage: 'CHILD_PROTECTION_PLAN', openTracks: ['CIN_EPISODE', 'CHILD_PROTECTION_PLAN'], cppCategory: 'NEG', childProtectionPlanNumber: 1 });
    expect(plan.allowedCommands).toEqual(expect.arrayContaining(['HoldCoreGroup', 'RecordChildProtectionVisit', 'HoldReviewConference']));
    expect(plan.deadlines.map((d: { ruleId: string }) => d.ruleId)).toEqual(expect.arrayContaining(['first-core-group', 'first-cp-review', 'cp-visit']));
  });

  it('takes the child into care and through care proceedings', async () => {
    await record('sw.north', 'hold-core-group', { occurredAt: '2025-02-12' });
    await record('sw.north', 'become-looked-after', { occurredAt: '2025-03-03', legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1' });
    expect(await view()).toMatchObject({ stage: 'LOOKED_AFTER', lookedAfterLegalStatus: 'V2', placementType: 'U6' });
    await record('sw.north', 'end-child-protection-plan', { occurredAt: '2025-03-03', reason: 'BECAME_LOOKED_AFTER' });
    expect((await view()).openTracks).toEqual(['CIN_EPISODE', 'LOOKED_AFTER']);

    await record('sw.north', 'issue-care-proceedings', { occurredAt: '2025-03-10', orderSought: 'CARE_ORDER' });
    const proceedings = await view();
    expect(proceedings.openTracks).toContain('CARE_PROCEEDINGS');
    expect(proceedings.allowedCommands).toEqual(expect.arrayContaining(['MakeInterimCareOrder', 'MakeFinalOrder', 'WithdrawCareProceedings']));
    expect(proceedings.deadlines).toContainEqual(expect.objectContaining({ ruleId: 'care-proceedings', startedOn: '2025-03-10' }));
    await record('sw.north', 'make-interim-care-order', { occurredAt: '2025-03-11', order: 'INTERIM_CARE_ORDER' });
  });

  it('follows the adoption path from the agency decision to the adoption order', async () => {
    await record('sw.north', 'record-adoption-decision', { occurredAt: '2025-06-02' });
    expect((await view()).stage).toBe('ADOPTION');
    await record('sw.north', 'make-final-order', { occurredAt: '2025-08-04', order: 'PLACEMENT_ORDER' });
    expect(await record('sw.north', 'grant-placement-order', { occurredAt: '2025-08-04' })).toEqual(['PlacementOrderGranted', 'LegalStatusChanged']);
    expect(await view()).toMatchObject({ lookedAfterLegalStatus: 'E1', keyDates: { placementOrder: '2025-08-04' } });

    await record('sw.north', 'match-with-adopters', { occurredAt: '2025-10-01' });
    expect((await view()).allowedCommands).toContain('PlaceForAdoption');
    expect(
      await record('sw.north', 'place-for-adoption', { occurredAt: '2025-10-20', place: 'A6', provider: 'PR1', distanceFromHomeMiles: 12, insideLocalAuthority: false, sameCarer: false }),
    ).toEqual(['PlacedForAdoption', 'PlacementChanged']);
    const placed = await view();
    expect(placed).toMatchObject({ stage: 'PLACED_FOR_ADOPTION', placementType: 'A6' });
    expect(placed.allowedCommands).toContain('GrantAdoptionOrder');

    expect(await record('sw.north', 'grant-adoption-order', { occurredAt: '2026-03-02', reasonEpisodeCeased: 'E11' })).toEqual(['AdoptionOrderGranted', 'CeasedLookedAfter']);
    const adopted = await view();
    expect(adopted.openTracks).toEqual(['CIN_EPISODE']);
    expect(adopted.allowedCommands).toContain('CloseCase');
  });

  it('closes the case, leaving only a new contact or a correction on offer', async () => {
    expect(await record('sw.north', 'close-case', { occurredAt: '2026-03-03', reason: 'RC1' })).toEqual(['CaseClosed']);
    const closed = await view();
    expect(closed).toMatchObject({ stage: 'CLOSED', openTracks: [], closedEpisodes: 1, deadlines: [] });
    expect(closed.allowedCommands).toEqual(['RecordContact', 'CorrectEvent', 'VoidEvent']);
  });

  it('recorded every step in the child’s stream with who, when, why and which machine', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`child-${childId}`);
    const child = await view();
    expect(child.revision).toBe(events.length - 1);
    expect(events.map((e) => e.type)).toEqual([
      'ContactReceived', 'MashDecisionMade', 'ReferralOpened', 'CaseAllocated',
      'AssessmentStarted', 'ChildSeenForAssessment', 'AssessmentCompleted', 'AssessmentAuthorised',
      'StrategyDiscussionHeld', 'S47EnquiryStarted', 'S47EnquiryConcluded', 'IcpcScheduled', 'IcpcHeld', 'ChildProtectionPlanStarted',
      'CoreGroupHeld', 'BecameLookedAfter', 'ChildProtectionPlanEnded', 'CareProceedingsIssued', 'InterimCareOrderMade',
      'AdoptionDecisionMade', 'FinalOrderMade', 'PlacementOrderGranted', 'LegalStatusChanged', 'MatchedWithAdopters',
      'PlacedForAdoption', 'PlacementChanged', 'AdoptionOrderGranted', 'CeasedLookedAfter', 'CaseClosed',
    ]);
    const authorised = events.find((e) => e.type === 'AssessmentAuthorised')!;
    expect(authorised.id).toBe(`${authorised.metadata.causationId}:0`);
    expect(authorised.metadata).toMatchObject({
      occurredAt: '2025-01-14',
      actor: { userId: 'tm.north', role: 'team_manager', team: 'north' },
      schemaVersion: 1,
      machineVersion: 1,
    });
    expect(authorised.data).toMatchObject({ authorisedBy: 'tm.north', outcome: 'STRATEGY_DISCUSSION' });
    expect((await store.verifyStream(`child-${childId}`)).ok).toBe(true);
  });

  it('gives the events of a command the request id as correlation id', async () => {
    const requestId = randomUUID();
    const res = await api.give('sw.north', childId, 'record-contact', { occurredAt: '2026-04-01', contactId: 'contact-2', source: '6', child: { status: 'BORN', dateOfBirth: '2023-03-01' }, concerns: 'Police notification' }, { 'x-request-id': requestId });
    expect(res.status).toBe(200);
    const [event] = await t.app.get<EventStore>(EVENT_STORE).readStream(`child-${childId}`, { fromRevision: res.body.revision });
    expect(event?.metadata).toMatchObject({ correlationId: requestId, causationId: res.body.commandId });
    expect((await view()).stage).toBe('MASH_SCREENING');
  });
});
