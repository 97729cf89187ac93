import { given } from '../testing/decider-spec.contract.js';
import { CTX, command, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';

describe('RecordContact', () => {
  it('records a contact about a born child', () => {
    given()
      .when(steps.contact('2025-01-06', 'c1'))
      .then({ type: 'ContactReceived', data: { contactId: 'c1', childId: 'child-1', source: '2A', child: { status: 'BORN', dateOfBirth: '2015-03-01' } } });
  });

  it('records a contact about an unborn child with the expected date of birth', () => {
    const state = given().when(steps.unbornContact()).then({ type: 'ContactReceived', data: { child: { status: 'UNBORN', expectedDateOfBirth: '2025-06-01' } } });
    expect(describeState(state).keyDates.expectedDateOfBirth).toBe('2025-06-01');
  });

  it('records further contacts while one awaits a decision', () => {
    given(steps.contact('2025-01-06', 'c1')).when(steps.contact('2025-01-06', 'c2')).then('ContactReceived');
  });

  it('rejects a contact id used before', () => {
    given(steps.contact('2025-01-06', 'c1')).when(steps.contact('2025-01-07', 'c1')).thenRejected('RULE_BROKEN', 'a contact with this id is already recorded');
  });

  it('rejects a date of birth after the contact', () => {
    given().when(steps.contact('2025-01-06', 'c1', '2025-02-01')).thenRejected('INVALID_DATE', 'The contact cannot be recorded: the date of birth is after the contact');
  });

  it('rejects describing a born child as unborn', () => {
    given(steps.contact()).when(steps.unbornContact('2025-01-07', 'c2')).thenRejected('RULE_BROKEN', "the child's birth is already recorded");
  });

  it('rejects a date of birth that differs from the recorded one', () => {
    given(steps.contact()).when(steps.contact('2025-01-07', 'c2', '2014-01-01')).thenRejected('RULE_BROKEN', 'differs from the one recorded');
  });

  it('rejects an unknown referral source code', () => {
    given()
      .when(command('RecordContact', '2025-01-06', { contactId: 'c1', source: '11' as never, child: { status: 'BORN', dateOfBirth: null }, concerns: '' }))
      .thenRejected('INVALID_CODE', 'data.source');
  });

  it('rejects a command for another child of the same stream', () => {
    given(steps.contact()).when(command('RecordContact', '2025-01-07', { contactId: 'c2', source: '6', child: { status: 'BORN', dateOfBirth: null }, concerns: '' }, { childId: 'child-2' })).thenRejected('CHILD_MISMATCH');
  });

  it('rejects an effective date in the future', () => {
    given().when(steps.contact('2027-01-04')).thenRejected('INVALID_DATE', 'in the future');
  });

  it('rejects an effective date that is not a date', () => {
    given().when(steps.contact('06/01/2025')).thenRejected('INVALID_DATE', 'not a valid ISO date');
  });

  it('accepts a date-time effective date and keeps it', () => {
    given().when(steps.contact('2025-01-06T09:30:00+00:00')).then({ type: 'ContactReceived', occurredAt: '2025-01-06T09:30:00+00:00' });
  });
});

describe('RecordDateOfBirth', () => {
  it('records the birth of an unborn child', () => {
    given(steps.unbornContact('2025-01-06'))
      .when(command('RecordDateOfBirth', '2025-06-03', { dateOfBirth: '2025-06-02' }))
      .then({ type: 'DateOfBirthRecorded', data: { dateOfBirth: '2025-06-02', wasUnborn: true } });
  });

  it('records a date of birth learned after the contact', () => {
    given(steps.contact('2025-01-06', 'c1', null))
      .when(command('RecordDateOfBirth', '2025-01-08', { dateOfBirth: '2016-05-05' }))
      .then({ type: 'DateOfBirthRecorded', data: { wasUnborn: false } });
  });

  it('rejects a second date of birth (that is a correction)', () => {
    given(steps.contact()).when(command('RecordDateOfBirth', '2025-01-08', { dateOfBirth: '2016-05-05' })).thenRejected('RULE_BROKEN', 'already recorded');
  });

  it('rejects a date of birth after events recorded since the birth', () => {
    given(steps.contact('2025-01-06', 'c1', null))
      .when(command('RecordDateOfBirth', '2025-01-08', { dateOfBirth: '2025-01-07' }))
      .thenRejected('INVALID_DATE', 'after events already recorded since the birth');
  });

  it('rejects recording a birth before any contact', () => {
    given().when(command('RecordDateOfBirth', '2025-01-08', { dateOfBirth: '2016-05-05' })).thenRejected('RULE_BROKEN', 'no contact has been recorded');
  });
});

describe('RecordMashDecision', () => {
  it('refers a contact to children\'s social care', () => {
    given(steps.contact())
      .when(steps.refer())
      .then({ type: 'MashDecisionMade', data: { decision: 'REFER_TO_CSC', checks: ['POLICE', 'HEALTH'], linkedToOpenEpisode: false, emergency: false } });
  });

  it.each(['NFA', 'INFORMATION_AND_ADVICE', 'STEP_DOWN_EARLY_HELP'] as const)('records a %s decision', (decision) => {
    const state = given(steps.contact()).when(command('RecordMashDecision', '2025-01-07', { contactId: 'c1', decision, checks: [] })).then('MashDecisionMade');
    expect(describeState(state).stage).toBe('CLOSED');
  });

  it('links a referral-worthy contact about an open case to that case', () => {
    given(...openCase(), steps.contact('2025-01-10', 'c2'))
      .when(steps.refer('2025-01-10', 'c2'))
      .then({ type: 'MashDecisionMade', data: { linkedToOpenEpisode: true } });
  });

  it('rejects a decision when no contact awaits one', () => {
    given().when(steps.refer()).thenRejected('ILLEGAL_TRANSITION', 'The MASH decision cannot be recorded: no contact is awaiting a MASH decision');
  });

  it('rejects a second decision on the same contact', () => {
    given(steps.contact('2025-01-06', 'c1'), steps.contact('2025-01-06', 'c2'), steps.refer('2025-01-06', 'c1'))
      .when(steps.refer('2025-01-07', 'c1'))
      .thenRejected('RULE_BROKEN', 'this contact already has a decision');
  });

  it('rejects a decision dated before the contact', () => {
    given(steps.contact('2025-01-06')).when(steps.refer('2025-01-03')).thenRejected('INVALID_DATE', 'cannot be dated before the contact');
  });
});

describe('OpenReferral', () => {
  it('opens the first CIN episode from the referred contact', () => {
    const state = given(steps.contact(), steps.refer())
      .when(steps.openReferral('2025-01-07'))
      .then({ type: 'ReferralOpened', data: { episodeNumber: 1, contactIds: ['c1'], source: '2A', primaryNeed: 'N1', reReferral: false, previousReferralDate: null } });
    expect(describeState(state)).toMatchObject({ stage: 'REFERRAL', episodeNumber: 1, openTracks: ['CIN_EPISODE'] });
  });

  it('takes every referred contact into the one referral', () => {
    given(steps.contact('2025-01-06', 'c1'), steps.contact('2025-01-06', 'c2'), steps.refer('2025-01-06', 'c1'), steps.refer('2025-01-06', 'c2'))
      .when(steps.openReferral())
      .then({ type: 'ReferralOpened', data: { contactIds: ['c1', 'c2'] } });
  });

  it('rejects a referral without a referred contact', () => {
    given(steps.contact()).when(steps.openReferral()).thenRejected('RULE_BROKEN', "no contact has been referred to children's social care");
  });

  it('rejects a second open episode', () => {
    given(...openCase()).when(steps.openReferral('2025-01-08')).thenRejected('ILLEGAL_TRANSITION', 'an episode is already open (one CIN episode at a time)');
  });

  it('rejects a referral dated before the MASH decision', () => {
    given(steps.contact('2025-01-06'), steps.refer('2025-01-07')).when(steps.openReferral('2025-01-06')).thenRejected('INVALID_DATE', 'before the MASH decision');
  });
});

describe('RecordReferralNoFurtherAction', () => {
  it('ends the referral in no further action', () => {
    const state = given(...openCase())
      .when(command('RecordReferralNoFurtherAction', '2025-01-07', {}))
      .then({ type: 'ReferralClosedNoFurtherAction', data: { episodeNumber: 1 } });
    expect(describeState(state).stage).toBe('REFERRAL_NFA');
  });

  it('then forbids an assessment, a CIN plan, an s47 and care in that episode', () => {
    const nfa = [...openCase(), command('RecordReferralNoFurtherAction', '2025-01-07', {})];
    const reason = 'the referral in episode 1 ended in no further action';
    given(...nfa).when(steps.startAssessment()).thenRejected('RULE_BROKEN', `An assessment cannot be started: ${reason}`);
    given(...nfa).when(command('StartCinPlan', '2025-01-08', {})).thenRejected('RULE_BROKEN', reason);
    given(...nfa).when(steps.strategyDiscussion()).thenRejected('RULE_BROKEN', reason);
    given(...nfa).when(steps.becomeLookedAfter()).thenRejected('RULE_BROKEN', reason);
    given(...nfa).when(command('IssueCareProceedings', '2025-01-08', { orderSought: 'CARE_ORDER' })).thenRejected('RULE_BROKEN', reason);
  });

  it('is refused once work has started', () => {
    given(...openCase(), steps.startAssessment())
      .when(command('RecordReferralNoFurtherAction', '2025-01-09', {}))
      .thenRejected('RULE_BROKEN', 'work has already started in this episode');
  });

  it('is refused without an open case', () => {
    given(steps.contact()).when(command('RecordReferralNoFurtherAction', '2025-01-09', {})).thenRejected('ILLEGAL_TRANSITION', 'no case is open');
  });

  it('uses the decide context for the future-date check', () => {
    given(...openCase())
      .withContext({ ...CTX, now: '2025-01-07T10:00:00Z' })
      .when(command('RecordReferralNoFurtherAction', '2025-01-08', {}))
      .thenRejected('INVALID_DATE', 'in the future');
  });
});
