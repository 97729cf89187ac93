import { given, historyOf } from '../testing/decider-spec.contract.js';
import { CTX, command, icpcScheduled, onProtectionPlan, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { decide } from '../decide.js';
import { describeState } from '../describe-state.js';
import { fold } from '../journey-state.js';
import type { JourneyEvent } from '../journey-event.js';

const correct = (eventId: string, data: Record<string, unknown>, occurredAt?: string) =>
  command('CorrectEvent', '2025-03-10', { eventId, data, reason: 'Entered in error', ...(occurredAt ? { occurredAt } : {}) });
const voidEvents = (...eventIds: string[]) => command('VoidEvent', '2025-03-10', { eventIds, reason: 'Recorded on the wrong child' });

describe('CorrectEvent', () => {
  const history = () => [
    ...openCase(),
    command('StartAssessment', '2025-01-08', { assessmentId: 'a1' }, { commandId: 'start' }),
    steps.seeChild('2025-01-09'),
    steps.completeAssessment('2025-01-20'),
  ];

  it('replaces the recorded data; the replay uses the corrected data', () => {
    const state = given(...history())
      .when(correct('start:0', { assessmentId: 'a1' }, '2025-01-09'))
      .then({ type: 'EventCorrected', data: { eventId: 'start:0', eventType: 'AssessmentStarted', occurredAt: '2025-01-09', reason: 'Entered in error' } });
    expect(describeState(state).keyDates.assessmentStarted).toBe('2025-01-09');
  });

  it('refuses a correction that would make the history impossible', () => {
    given(...history())
      .when(correct('start:0', { assessmentId: 'a1' }, '2025-01-21'))
      .thenRejected('RULE_BROKEN', 'The correction would make the history impossible: The child cannot be recorded as seen for the assessment: the child cannot be seen for an assessment before it started');
  });

  it('refuses corrected data that breaks the event\'s shape or codes', () => {
    given(...history()).when(correct('start:0', { assessment: 'a1' })).thenRejected('INVALID_DATA', 'data.assessmentId is missing');
    const withContact = [command('RecordContact', '2025-01-06', { contactId: 'c1', source: '2A', child: { status: 'BORN', dateOfBirth: null }, concerns: '' }, { commandId: 'contact' })];
    given(...withContact)
      .when(correct('contact:0', { contactId: 'c1', childId: 'child-1', source: 'ZZ', child: { status: 'BORN', dateOfBirth: null }, concerns: '' }))
      .thenRejected('INVALID_CODE', 'data.source');
  });

  it('refuses an event that is not in the history', () => {
    given(...history()).when(correct('nope:0', {})).thenRejected('UNKNOWN_EVENT');
  });

  it('refuses correcting a correction', () => {
    given(...history(), command('CorrectEvent', '2025-03-09', { eventId: 'start:0', data: { assessmentId: 'a1' }, reason: 'x' }, { commandId: 'fix' }))
      .when(correct('fix:0', {}))
      .thenRejected('RULE_BROKEN', 'cannot itself be corrected');
  });

  it('refuses a corrected date in the future', () => {
    given(...history()).when(correct('start:0', { assessmentId: 'a1' }, '2027-01-01')).thenRejected('INVALID_DATE', 'in the future');
  });

  it('needs a reason', () => {
    given(...history()).when(command('CorrectEvent', '2025-03-10', { eventId: 'start:0', data: { assessmentId: 'a1' }, reason: ' ' })).thenRejected('INVALID_DATA', 'needs a reason');
  });

  it('corrects a category of abuse recorded at the ICPC (both events of the command)', () => {
    const history2 = [...icpcScheduled(), command('HoldIcpc', '2025-01-27', { outcome: 'PLAN', category: 'NEG' }, { commandId: 'icpc' })];
    const state = historyOf(history2);
    const first = decide(state, correct('icpc:0', { outcome: 'PLAN', category: 'PHY', targetDate: '2025-01-29' }), CTX);
    expect(first.ok ? 'accepted' : first.rejection.reason).toMatch(/the category must be the one the ICPC decided/);
  });
});

describe('VoidEvent', () => {
  it('removes an event from the replay', () => {
    const history = [...onProtectionPlan(), command('RecordChildProtectionVisit', '2025-02-06', { childSeen: true, seenAlone: true }, { commandId: 'visit' })];
    const state = given(...history).when(voidEvents('visit:0')).then({ type: 'EventVoided', data: { eventId: 'visit:0', eventType: 'ChildProtectionVisitMade' } });
    expect(describeState(state).keyDates.cppLastVisitChildSeen).toBeNull();
  });

  it('refuses voiding an ICPC alone when its plan started with it', () => {
    const history = [...icpcScheduled(), command('HoldIcpc', '2025-01-27', { outcome: 'PLAN', category: 'NEG' }, { commandId: 'icpc' })];
    given(...history)
      .when(voidEvents('icpc:0'))
      .thenRejected('RULE_BROKEN', 'The void would make the history impossible: A child protection plan cannot start: a child protection plan starts only from an ICPC that decided on a plan');
    given(...history).when(voidEvents('icpc:1')).thenRejected('RULE_BROKEN', 'would leave a step half-recorded');
  });

  it('voids the events of one command together', () => {
    const history = [...icpcScheduled(), command('HoldIcpc', '2025-01-27', { outcome: 'PLAN', category: 'NEG' }, { commandId: 'icpc' })];
    const state = given(...history).when(voidEvents('icpc:0', 'icpc:1')).then('EventVoided', 'EventVoided');
    expect(describeState(state).stage).toBe('ICPC_SCHEDULED');
  });

  it('refuses voiding what later events depend on', () => {
    const history = [steps.contact(), steps.refer(), command('OpenReferral', '2025-01-07', { primaryNeed: 'N1' }, { commandId: 'referral' }), steps.startAssessment()];
    given(...history).when(voidEvents('referral:0')).thenRejected('RULE_BROKEN', 'An assessment cannot be started: no case is open');
  });

  it('refuses voiding twice, naming an event twice, or naming none', () => {
    const history = [...openCase(), command('AllocateCase', '2025-01-08', { workerId: 'w', teamId: 't' }, { commandId: 'alloc' })];
    given(...history, voidEvents('alloc:0')).when(voidEvents('alloc:0')).thenRejected('RULE_BROKEN', 'already been voided');
    given(...history).when(voidEvents('alloc:0', 'alloc:0')).thenRejected('INVALID_DATA', 'named twice');
    given(...history).when(voidEvents()).thenRejected('INVALID_DATA', 'at least one event');
  });
});

describe('replaying corrections and voids', () => {
  const at = (id: string, type: JourneyEvent['type'], occurredAt: string, data: object): JourneyEvent => ({ id, type, occurredAt, data, machineVersion: 1 }) as JourneyEvent;
  const base: JourneyEvent[] = [
    at('e1', 'ContactReceived', '2025-01-06', { contactId: 'c1', childId: 'child-1', source: '2A', child: { status: 'BORN', dateOfBirth: '2015-03-01' }, concerns: '' }),
    at('e2', 'MashDecisionMade', '2025-01-06', { contactId: 'c1', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }),
    at('e3', 'ReferralOpened', '2025-01-07', { episodeNumber: 1, contactIds: ['c1'], source: '2A', primaryNeed: 'N4', reReferral: false, previousReferralDate: null, emergency: false }),
    at('e4', 'CaseAllocated', '2025-01-08', { workerId: 'sw-1', teamId: 'team-a' }),
  ];

  it('applies a correction in place: the corrected event keeps its position and id', () => {
    const corrected = fold([...base, at('x1', 'EventCorrected', '2025-01-09', { eventId: 'e3', eventType: 'ReferralOpened', data: { ...base[2]!.data, primaryNeed: 'N1' }, occurredAt: null, reason: 'typo' })]);
    expect(corrected.issues).toEqual([]);
    expect(corrected.context.episode).toMatchObject({ primaryNeed: 'N1', referralDate: '2025-01-07' });
    expect(corrected.context.episode?.allocation?.workerId).toBe('sw-1');
  });

  it('the latest correction wins', () => {
    const twice = fold([
      ...base,
      at('x1', 'EventCorrected', '2025-01-09', { eventId: 'e4', eventType: 'CaseAllocated', data: { workerId: 'sw-2', teamId: 'team-a' }, occurredAt: null, reason: 'a' }),
      at('x2', 'EventCorrected', '2025-01-10', { eventId: 'e4', eventType: 'CaseAllocated', data: { workerId: 'sw-3', teamId: 'team-a' }, occurredAt: null, reason: 'b' }),
    ]);
    expect(twice.context.episode?.allocation?.workerId).toBe('sw-3');
  });

  it('a void removes the event wherever it stood', () => {
    const voided = fold([...base, at('x1', 'EventVoided', '2025-01-09', { eventId: 'e4', eventType: 'CaseAllocated', reason: 'wrong case' })]);
    expect(voided.context.episode?.allocation).toBeNull();
    expect(voided).toMatchObject({ issues: [] });
  });

  it('equals the journey recorded correctly in the first place', () => {
    const fixed = fold([...base, at('x1', 'EventCorrected', '2025-01-09', { eventId: 'e4', eventType: 'CaseAllocated', data: { workerId: 'sw-9', teamId: 'team-b' }, occurredAt: '2025-01-07', reason: 'a' })]);
    const right = fold([...base.slice(0, 3), at('e4', 'CaseAllocated', '2025-01-07', { workerId: 'sw-9', teamId: 'team-b' })]);
    expect(fixed.context).toEqual(right.context);
    expect(fixed.value).toEqual(right.value);
  });

  it('reports (never hides) a stored history the machine cannot take', () => {
    const broken = fold([base[0]!, base[2]!]);
    expect(broken.issues).toEqual([
      expect.objectContaining({ eventId: 'e3', code: 'RULE_BROKEN', reason: "A referral cannot be opened: it must come from contacts the MASH referred to children's social care" }),
    ]);
    expect(describeState(broken).incomplete).toBe(true);
  });
});
