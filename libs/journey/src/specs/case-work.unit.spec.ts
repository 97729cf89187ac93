import { given } from '../testing/decider-spec.contract.js';
import { WORKER, command, onProtectionPlan, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';

const allocate = (on = '2025-01-07', workerId = 'sw-1', teamId = 'team-a') => command('AllocateCase', on, { workerId, teamId });

describe('AllocateCase', () => {
  it('allocates the open case to a worker and team', () => {
    const state = given(...openCase()).when(allocate()).then({ type: 'CaseAllocated', data: { workerId: 'sw-1', teamId: 'team-a' } });
    expect(describeState(state).allocation).toEqual({ workerId: 'sw-1', teamId: 'team-a' });
  });

  it('reallocates to another worker', () => {
    given(...openCase(), allocate()).when(allocate('2025-01-10', 'sw-2')).then({ type: 'CaseAllocated', data: { workerId: 'sw-2' } });
  });

  it('rejects allocating to the worker who already holds the case', () => {
    given(...openCase(), allocate()).when(allocate('2025-01-10')).thenRejected('RULE_BROKEN', 'already allocated to this worker');
  });

  it('rejects allocation without an open case', () => {
    given(steps.contact()).when(allocate()).thenRejected('ILLEGAL_TRANSITION', 'The case cannot be allocated: no case is open');
  });

  it('rejects an allocation dated before the referral', () => {
    given(...openCase()).when(allocate('2025-01-06')).thenRejected('INVALID_DATE', 'cannot be dated before the referral that opened episode 1');
  });
});

describe('DeallocateCase', () => {
  it('leaves the case unallocated', () => {
    const state = given(...openCase(), allocate()).when(command('DeallocateCase', '2025-01-20', { reason: 'Worker left' })).then('CaseDeallocated');
    expect(describeState(state).allocation).toBeNull();
  });

  it('rejects when the case is not allocated', () => {
    given(...openCase()).when(command('DeallocateCase', '2025-01-20', { reason: 'x' })).thenRejected('ILLEGAL_TRANSITION', 'the case is not allocated');
  });
});

describe('RecordSupervision', () => {
  it('records supervision of an allocated case', () => {
    const state = given(...openCase(), allocate()).when(command('RecordSupervision', '2025-01-14', { supervisorId: 'tm-1' })).then('SupervisionRecorded');
    expect(describeState(state).keyDates.lastSupervision).toBe('2025-01-14');
  });

  it('rejects supervision of an unallocated case', () => {
    given(...openCase()).when(command('RecordSupervision', '2025-01-14', { supervisorId: 'tm-1' })).thenRejected('ILLEGAL_TRANSITION', 'the case is not allocated');
  });

  it('rejects supervision dated before the allocation', () => {
    given(...openCase(), allocate('2025-01-10')).when(command('RecordSupervision', '2025-01-09', { supervisorId: 'tm-1' })).thenRejected('INVALID_DATE', 'before the case was allocated');
  });
});

describe('StartAssessment', () => {
  it('starts a single assessment', () => {
    const state = given(...openCase()).when(steps.startAssessment()).then({ type: 'AssessmentStarted', data: { assessmentId: 'a1' } });
    expect(describeState(state)).toMatchObject({ stage: 'ASSESSMENT', keyDates: { assessmentStarted: '2025-01-08' } });
  });

  it('rejects a second assessment while one is in progress', () => {
    given(...openCase(), steps.startAssessment()).when(steps.startAssessment('2025-01-09', 'a2')).thenRejected('ILLEGAL_TRANSITION', 'another assessment is in progress');
  });

  it('rejects reusing an assessment id in the episode', () => {
    given(...openCase(), steps.startAssessment(), steps.seeChild(), steps.completeAssessment(), steps.authoriseAssessment())
      .when(steps.startAssessment('2025-02-01', 'a1'))
      .thenRejected('RULE_BROKEN', 'an assessment with this id is already recorded');
  });

  it('rejects an assessment dated before the referral', () => {
    given(...openCase()).when(steps.startAssessment('2025-01-06')).thenRejected('INVALID_DATE', 'before the referral');
  });
});

describe('RecordChildSeenForAssessment', () => {
  it('records the child seen alone', () => {
    given(...openCase(), steps.startAssessment()).when(steps.seeChild()).then({ type: 'ChildSeenForAssessment', data: { assessmentId: 'a1', seenAlone: true } });
  });

  it('rejects seeing an unborn child', () => {
    given(steps.unbornContact(), steps.refer(), steps.openReferral(), steps.startAssessment())
      .when(steps.seeChild())
      .thenRejected('RULE_BROKEN', 'an unborn child cannot be seen');
  });

  it('rejects an unknown assessment id', () => {
    given(...openCase(), steps.startAssessment()).when(steps.seeChild('2025-01-09', 'zz')).thenRejected('RULE_BROKEN', 'no assessment with this id is in progress');
  });

  it('rejects a visit before the assessment started', () => {
    given(...openCase(), steps.startAssessment('2025-01-08')).when(steps.seeChild('2025-01-07')).thenRejected('INVALID_DATE', 'before it started');
  });

  it('rejects when no assessment is in progress', () => {
    given(...openCase()).when(steps.seeChild()).thenRejected('ILLEGAL_TRANSITION', 'no assessment is in progress');
  });
});

describe('CompleteAssessment', () => {
  it('completes an assessment once the child has been seen', () => {
    const state = given(...openCase(), steps.startAssessment(), steps.seeChild()).when(steps.completeAssessment()).then('AssessmentCompleted');
    expect(describeState(state).stage).toBe('ASSESSMENT_AUTHORISATION');
  });

  it('completes an assessment of an unborn child without a visit', () => {
    given(steps.unbornContact(), steps.refer(), steps.openReferral(), steps.startAssessment()).when(steps.completeAssessment()).then('AssessmentCompleted');
  });

  it('rejects completion before the child has been seen', () => {
    given(...openCase(), steps.startAssessment()).when(steps.completeAssessment()).thenRejected('RULE_BROKEN', 'The assessment cannot be completed: the child has not been seen');
  });

  it('rejects completion dated before the start', () => {
    given(...openCase(), steps.startAssessment('2025-01-10'), steps.seeChild('2025-01-10'))
      .when(steps.completeAssessment('2025-01-09'))
      .thenRejected('INVALID_DATE', 'it cannot be completed before it started');
  });
});

describe('AuthoriseAssessment', () => {
  const completed = () => [...openCase(), steps.startAssessment(), steps.seeChild(), steps.completeAssessment()];

  it('records the manager, the factors and the outcome', () => {
    const state = given(...completed())
      .when(steps.authoriseAssessment())
      .then({ type: 'AssessmentAuthorised', data: { assessmentId: 'a1', authorisedBy: 'tm-1', factors: ['3B', '4B'], outcome: 'CIN_PLAN' } });
    expect(describeState(state).stage).toBe('REFERRAL');
  });

  it('rejects authorisation by a social worker', () => {
    given(...completed())
      .when(command('AuthoriseAssessment', '2025-01-21', { assessmentId: 'a1', factors: ['21'], outcome: 'NO_FURTHER_ACTION' }, { actor: WORKER }))
      .thenRejected('NOT_PERMITTED', 'Only a team manager');
  });

  it('rejects "no factors" combined with factors', () => {
    given(...completed())
      .when(command('AuthoriseAssessment', '2025-01-21', { assessmentId: 'a1', factors: ['21', '1B'], outcome: 'CIN_PLAN' }))
      .thenRejected('RULE_BROKEN', '"no factors identified" (21) cannot be combined');
  });

  it('rejects an assessment factor code not in the CIN census list', () => {
    given(...completed())
      .when(command('AuthoriseAssessment', '2025-01-21', { assessmentId: 'a1', factors: ['99Z' as never], outcome: 'CIN_PLAN' }))
      .thenRejected('INVALID_CODE', 'data.factors');
  });

  it('rejects authorising an assessment that is not complete', () => {
    given(...openCase(), steps.startAssessment(), steps.seeChild()).when(steps.authoriseAssessment()).thenRejected('ILLEGAL_TRANSITION', 'no completed assessment awaits authorisation');
  });

  it('rejects authorisation dated before completion', () => {
    given(...completed()).when(steps.authoriseAssessment('2025-01-17')).thenRejected('INVALID_DATE', 'before it was completed');
  });
});

describe('CIN plan', () => {
  const start = (on = '2025-01-22') => command('StartCinPlan', on, {});
  const onCinPlan = () => [...openCase(), start()];

  it('StartCinPlan starts a child in need plan', () => {
    const state = given(...openCase()).when(start()).then({ type: 'CinPlanStarted', data: { fromChildProtectionPlan: false } });
    expect(describeState(state)).toMatchObject({ stage: 'CIN_PLAN', keyDates: { cinPlanStarted: '2025-01-22' } });
  });

  it('StartCinPlan is refused while a child protection plan is open', () => {
    given(...onProtectionPlan())
      .when(start('2025-02-03'))
      .thenRejected('ILLEGAL_TRANSITION', 'A child in need plan cannot start: a child protection plan is open (a CIN plan and a child protection plan never run together)');
  });

  it('StartCinPlan is refused when a plan is already open', () => {
    given(...onCinPlan()).when(start('2025-01-23')).thenRejected('ILLEGAL_TRANSITION', 'a child in need plan is already open');
  });

  it('ReviewCinPlan records a review', () => {
    given(...onCinPlan()).when(command('ReviewCinPlan', '2025-07-01', {})).then('CinPlanReviewed');
  });

  it('ReviewCinPlan is refused before the plan started', () => {
    given(...onCinPlan()).when(command('ReviewCinPlan', '2025-01-21', {})).thenRejected('INVALID_DATE', 'before the plan started');
  });

  it('ReviewCinPlan is refused without a plan', () => {
    given(...openCase()).when(command('ReviewCinPlan', '2025-07-01', {})).thenRejected('ILLEGAL_TRANSITION', 'no child in need plan is open');
  });

  it('RecordCinVisit records a visit with the child seen', () => {
    given(...onCinPlan()).when(command('RecordCinVisit', '2025-02-10', { childSeen: true, seenAlone: false })).then({ type: 'CinVisitMade', data: { childSeen: true } });
  });

  it('RecordCinVisit refuses "seen alone" without "seen"', () => {
    given(...onCinPlan()).when(command('RecordCinVisit', '2025-02-10', { childSeen: false, seenAlone: true })).thenRejected('RULE_BROKEN', 'seen alone without being seen');
  });

  it('EndCinPlan ends the plan', () => {
    given(...onCinPlan()).when(command('EndCinPlan', '2025-06-01', { reason: 'OBJECTIVES_MET' })).then({ type: 'CinPlanEnded', data: { reason: 'OBJECTIVES_MET' } });
  });

  it('EndCinPlan refuses an end before the start', () => {
    given(...onCinPlan()).when(command('EndCinPlan', '2025-01-21', { reason: 'OTHER' })).thenRejected('INVALID_DATE', 'it cannot end before it started');
  });
});
