import { given } from '../testing/decider-spec.contract.js';
import { command, icpcScheduled, onProtectionPlan, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';

const cinPlan = (on = '2025-01-07') => command('StartCinPlan', on, {});

describe('HoldStrategyDiscussion', () => {
  it('records a discussion that decides on an s47 enquiry', () => {
    const state = given(...openCase())
      .when(steps.strategyDiscussion('2025-01-08'))
      .then({ type: 'StrategyDiscussionHeld', data: { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE', 'HEALTH'], emergency: false } });
    expect(describeState(state)).toMatchObject({ stage: 'STRATEGY_DISCUSSION', openTracks: ['CIN_EPISODE', 'S47'] });
  });

  it('records a discussion that decides against an enquiry', () => {
    const state = given(...openCase()).when(steps.strategyDiscussion('2025-01-08', 'NO_S47')).then('StrategyDiscussionHeld');
    expect(describeState(state).stage).toBe('REFERRAL');
  });

  it('in an emergency, straight from a contact, records the MASH decision and opens the referral with it', () => {
    const state = given(steps.contact('2025-01-06'))
      .when(command('HoldStrategyDiscussion', '2025-01-06', { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergencyContactId: 'c1', primaryNeed: 'N1' }))
      .then(
        { type: 'MashDecisionMade', data: { contactId: 'c1', decision: 'REFER_TO_CSC', emergency: true } },
        { type: 'ReferralOpened', data: { episodeNumber: 1, contactIds: ['c1'], emergency: true, primaryNeed: 'N1' } },
        { type: 'StrategyDiscussionHeld', data: { emergency: true } },
      );
    expect(describeState(state)).toMatchObject({ stage: 'STRATEGY_DISCUSSION', episodeNumber: 1 });
  });

  it('in an emergency from an already referred contact, opens the referral only', () => {
    given(steps.contact('2025-01-06'), steps.refer('2025-01-06'))
      .when(command('HoldStrategyDiscussion', '2025-01-06', { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergencyContactId: 'c1', primaryNeed: 'N1' }))
      .then('ReferralOpened', 'StrategyDiscussionHeld');
  });

  it('in an emergency needs the primary need for the referral', () => {
    given(steps.contact('2025-01-06'))
      .when(command('HoldStrategyDiscussion', '2025-01-06', { outcome: 'S47_ENQUIRY', agencies: ['CSC'], emergencyContactId: 'c1' }))
      .thenRejected('INVALID_DATA', 'primaryNeed');
  });

  it('without an open case or a contact is refused', () => {
    given(steps.contact(), steps.refer(), steps.openReferral(), steps.close('2025-01-08'))
      .when(steps.strategyDiscussion('2025-01-09'))
      .thenRejected('ILLEGAL_TRANSITION', 'no case is open');
  });

  it('is refused while an ICPC is due', () => {
    given(...icpcScheduled()).when(steps.strategyDiscussion('2025-01-17')).thenRejected('ILLEGAL_TRANSITION', 'an ICPC is already due');
  });

  it('is refused with no agency named', () => {
    given(...openCase()).when(command('HoldStrategyDiscussion', '2025-01-08', { outcome: 'S47_ENQUIRY', agencies: [] })).thenRejected('INVALID_DATA', 'data.agencies');
  });

  it('can be reconvened during the enquiry', () => {
    given(...openCase(), steps.strategyDiscussion(), steps.startS47()).when(steps.strategyDiscussion('2025-01-10')).then('StrategyDiscussionHeld');
  });

  it('happens for a child already on a plan', () => {
    given(...onProtectionPlan()).when(steps.strategyDiscussion('2025-02-03')).then('StrategyDiscussionHeld');
  });
});

describe('StartS47Enquiry', () => {
  it('starts the enquiry and sets the ICPC target 15 working days after the strategy discussion', () => {
    // The worked example of the timescales reference: Monday 6 January 2025 → Monday 27 January 2025.
    given(steps.contact('2025-01-06'), steps.refer('2025-01-06'), steps.openReferral('2025-01-06'), steps.strategyDiscussion('2025-01-06'))
      .when(steps.startS47('2025-01-06'))
      .then({ type: 'S47EnquiryStarted', data: { strategyDiscussionDate: '2025-01-06', icpcTargetDate: '2025-01-27' } });
  });

  it('counts bank holidays out of the ICPC target', () => {
    // Strategy discussion Friday 12 December 2025: 25, 26 December and 1 January are not working days.
    given(steps.contact('2025-12-12'), steps.refer('2025-12-12'), steps.openReferral('2025-12-12'), steps.strategyDiscussion('2025-12-12'))
      .when(steps.startS47('2025-12-12'))
      .then({ type: 'S47EnquiryStarted', data: { icpcTargetDate: '2026-01-07' } });
  });

  it('is refused without a strategy discussion that decided on one', () => {
    given(...openCase()).when(steps.startS47()).thenRejected('ILLEGAL_TRANSITION', 'no strategy discussion has decided on an s47 enquiry');
  });

  it('is refused before the strategy discussion', () => {
    given(...openCase(), steps.strategyDiscussion('2025-01-09')).when(steps.startS47('2025-01-08')).thenRejected('INVALID_DATE', 'before the strategy discussion');
  });
});

describe('ConcludeS47Enquiry', () => {
  const inEnquiry = () => [...openCase(), steps.strategyDiscussion(), steps.startS47()];

  it('concludes that an ICPC is required', () => {
    const state = given(...inEnquiry()).when(steps.concludeS47()).then({ type: 'S47EnquiryConcluded', data: { outcome: 'ICPC_REQUIRED', nextStep: null } });
    expect(describeState(state).stage).toBe('ICPC_REQUIRED');
  });

  it('concludes that no ICPC is required (CIN census ICPCnotRequired)', () => {
    given(...inEnquiry())
      .when(command('ConcludeS47Enquiry', '2025-01-15', { outcome: 'ICPC_NOT_REQUIRED', nextStep: 'CIN_PLAN' }))
      .then({ type: 'S47EnquiryConcluded', data: { outcome: 'ICPC_NOT_REQUIRED', nextStep: 'CIN_PLAN' } });
  });

  it('refuses a next step when a conference is required', () => {
    given(...inEnquiry())
      .when(command('ConcludeS47Enquiry', '2025-01-15', { outcome: 'ICPC_REQUIRED', nextStep: 'CIN_PLAN' }))
      .thenRejected('RULE_BROKEN', 'a next step is given only when no conference is needed');
  });

  it('is refused without an enquiry', () => {
    given(...openCase()).when(steps.concludeS47()).thenRejected('ILLEGAL_TRANSITION', 'The s47 enquiry cannot be concluded: no s47 enquiry is open');
  });
});

describe('ScheduleIcpc', () => {
  const required = () => [...openCase(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47()];

  it('schedules the conference with the target date', () => {
    const state = given(...required())
      .when(steps.scheduleIcpc('2025-01-16', '2025-01-27'))
      .then({ type: 'IcpcScheduled', data: { conferenceDate: '2025-01-27', targetDate: '2025-01-29' } });
    expect(describeState(state).keyDates).toMatchObject({ icpcTarget: '2025-01-29', icpcConference: '2025-01-27' });
  });

  it('allows a conference date in the future', () => {
    given(...required()).when(steps.scheduleIcpc('2025-01-16', '2027-02-01')).then('IcpcScheduled');
  });

  it('reschedules', () => {
    given(...icpcScheduled()).when(steps.scheduleIcpc('2025-01-20', '2025-01-28')).then('IcpcScheduled');
  });

  it('refuses a weekend', () => {
    given(...required()).when(steps.scheduleIcpc('2025-01-16', '2025-01-25')).thenRejected('RULE_BROKEN', 'weekend or bank holiday');
  });

  it('refuses a bank holiday', () => {
    given(...required()).when(steps.scheduleIcpc('2025-01-16', '2025-05-05')).thenRejected('RULE_BROKEN', 'weekend or bank holiday');
  });

  it('refuses scheduling while the enquiry is open', () => {
    given(...openCase(), steps.strategyDiscussion(), steps.startS47())
      .when(steps.scheduleIcpc())
      .thenRejected('ILLEGAL_TRANSITION', 'the s47 enquiry has not concluded that a conference is needed');
  });
});

describe('HoldIcpc', () => {
  it('with a plan: the child protection plan starts on the ICPC date', () => {
    const state = given(...icpcScheduled())
      .when(steps.holdIcpc('2025-01-27', 'PLAN', 'NEG'))
      .then(
        { type: 'IcpcHeld', data: { outcome: 'PLAN', category: 'NEG', targetDate: '2025-01-29' } },
        { type: 'ChildProtectionPlanStarted', occurredAt: '2025-01-27', data: { category: 'NEG', icpcDate: '2025-01-27', planNumber: 1 } },
      );
    expect(describeState(state)).toMatchObject({ stage: 'CHILD_PROTECTION_PLAN', cppCategory: 'NEG', keyDates: { cppStarted: '2025-01-27' } });
  });

  it('with a plan while a CIN plan is open: the CIN plan ends the same day', () => {
    given(steps.contact(), steps.refer(), steps.openReferral(), cinPlan(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47(), steps.scheduleIcpc())
      .when(steps.holdIcpc())
      .then('IcpcHeld', { type: 'CinPlanEnded', data: { reason: 'CHILD_PROTECTION_PLAN' } }, 'ChildProtectionPlanStarted');
  });

  it('without a plan', () => {
    const state = given(...icpcScheduled()).when(steps.holdIcpc('2025-01-27', 'NO_PLAN')).then({ type: 'IcpcHeld', data: { outcome: 'NO_PLAN', category: null } });
    expect(describeState(state).stage).toBe('REFERRAL');
  });

  it('counts the second plan', () => {
    given(
      ...onProtectionPlan(),
      command('EndChildProtectionPlan', '2025-06-02', { reason: 'CLOSURE' }),
      steps.strategyDiscussion('2025-09-01'),
      steps.startS47('2025-09-01'),
      steps.concludeS47('2025-09-05'),
      steps.scheduleIcpc('2025-09-05', '2025-09-15'),
    )
      .when(steps.holdIcpc('2025-09-15'))
      .then('IcpcHeld', { type: 'ChildProtectionPlanStarted', data: { planNumber: 2 } });
  });

  it('refuses a plan without a category', () => {
    given(...icpcScheduled()).when(command('HoldIcpc', '2025-01-27', { outcome: 'PLAN' })).thenRejected('RULE_BROKEN', 'a plan needs a category of abuse');
  });

  it('refuses a weekend', () => {
    given(...icpcScheduled()).when(steps.holdIcpc('2025-02-01')).thenRejected('RULE_BROKEN', 'An ICPC cannot be held on a weekend or bank holiday');
  });

  it('refuses a bank holiday', () => {
    given(...icpcScheduled()).when(steps.holdIcpc('2025-04-18')).thenRejected('RULE_BROKEN', 'weekend or bank holiday');
  });

  it('refuses an ICPC with no s47 enquiry open', () => {
    given(...openCase()).when(steps.holdIcpc('2025-01-27')).thenRejected('ILLEGAL_TRANSITION', 'An ICPC cannot be held: no s47 enquiry is open');
  });

  it('refuses an ICPC that was not scheduled', () => {
    given(...openCase(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47())
      .when(steps.holdIcpc('2025-01-27'))
      .thenRejected('ILLEGAL_TRANSITION', 'the ICPC has not been scheduled');
  });

  it('refuses an ICPC before the enquiry concluded', () => {
    given(...icpcScheduled()).when(steps.holdIcpc('2025-01-14')).thenRejected('INVALID_DATE', 'before the s47 enquiry concluded');
  });

  it('refuses a second plan while one is open', () => {
    given(
      ...onProtectionPlan(),
      steps.strategyDiscussion('2025-02-03'),
      steps.startS47('2025-02-03'),
      steps.concludeS47('2025-02-05'),
      steps.scheduleIcpc('2025-02-05', '2025-02-10'),
    )
      .when(steps.holdIcpc('2025-02-10'))
      .thenRejected('RULE_BROKEN', 'already on a child protection plan: hold a review conference instead');
  });
});

describe('child protection plan', () => {
  it('HoldCoreGroup records a core group', () => {
    const state = given(...onProtectionPlan()).when(command('HoldCoreGroup', '2025-02-05', {})).then('CoreGroupHeld');
    expect(describeState(state).keyDates.cppLastCoreGroup).toBe('2025-02-05');
  });

  it('HoldCoreGroup refuses a date before the plan', () => {
    given(...onProtectionPlan()).when(command('HoldCoreGroup', '2025-01-24', {})).thenRejected('INVALID_DATE', 'before the plan started');
  });

  it('HoldCoreGroup is refused without a plan', () => {
    given(...openCase()).when(command('HoldCoreGroup', '2025-02-05', {})).thenRejected('ILLEGAL_TRANSITION', 'no child protection plan is open');
  });

  it('RecordChildProtectionVisit records the child seen alone', () => {
    const state = given(...onProtectionPlan())
      .when(command('RecordChildProtectionVisit', '2025-02-06', { childSeen: true, seenAlone: true }))
      .then({ type: 'ChildProtectionVisitMade', data: { childSeen: true, seenAlone: true } });
    expect(describeState(state).keyDates.cppLastVisitChildSeen).toBe('2025-02-06');
  });

  it('RecordChildProtectionVisit refuses seeing an unborn child', () => {
    given(steps.unbornContact('2025-01-06'), steps.refer(), steps.openReferral(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47(), steps.scheduleIcpc(), steps.holdIcpc())
      .when(command('RecordChildProtectionVisit', '2025-02-06', { childSeen: true, seenAlone: false }))
      .thenRejected('RULE_BROKEN', 'an unborn child cannot be seen');
  });

  it('HoldReviewConference continuing the plan', () => {
    given(...onProtectionPlan()).when(command('HoldReviewConference', '2025-04-22', { planContinues: true })).then({ type: 'ReviewConferenceHeld', data: { planContinues: true } });
  });

  it('HoldReviewConference ending the plan with a step down starts the CIN plan', () => {
    const state = given(...onProtectionPlan())
      .when(command('HoldReviewConference', '2025-04-22', { planContinues: false, endReason: 'STEP_DOWN_TO_CIN' }))
      .then('ReviewConferenceHeld', { type: 'ChildProtectionPlanEnded', data: { reason: 'STEP_DOWN_TO_CIN' } }, { type: 'CinPlanStarted', data: { fromChildProtectionPlan: true } });
    expect(describeState(state).stage).toBe('CIN_PLAN');
  });

  it('HoldReviewConference ending the plan needs a reason', () => {
    given(...onProtectionPlan()).when(command('HoldReviewConference', '2025-04-22', { planContinues: false })).thenRejected('INVALID_DATA', 'endReason');
  });

  it('ChangeCategoryOfAbuse records the change from the current category', () => {
    const state = given(...onProtectionPlan())
      .when(command('ChangeCategoryOfAbuse', '2025-04-22', { category: 'EMO' }))
      .then({ type: 'CategoryOfAbuseChanged', data: { from: 'NEG', to: 'EMO' } });
    expect(describeState(state).cppCategory).toBe('EMO');
  });

  it('ChangeCategoryOfAbuse refuses the same category', () => {
    given(...onProtectionPlan()).when(command('ChangeCategoryOfAbuse', '2025-04-22', { category: 'NEG' })).thenRejected('RULE_BROKEN', 'the same as the current one');
  });

  it('EndChildProtectionPlan ends the plan', () => {
    const state = given(...onProtectionPlan()).when(command('EndChildProtectionPlan', '2025-07-01', { reason: 'CLOSURE' })).then('ChildProtectionPlanEnded');
    expect(describeState(state).openTracks).toEqual(['CIN_EPISODE']);
  });

  it('EndChildProtectionPlan because the child became looked after needs the child to be looked after', () => {
    given(...onProtectionPlan()).when(command('EndChildProtectionPlan', '2025-07-01', { reason: 'BECAME_LOOKED_AFTER' })).thenRejected('RULE_BROKEN', 'the child is not looked after');
    given(...onProtectionPlan(), steps.becomeLookedAfter('2025-06-02'))
      .when(command('EndChildProtectionPlan', '2025-07-01', { reason: 'BECAME_LOOKED_AFTER' }))
      .then('ChildProtectionPlanEnded');
  });

  it('runs alongside care: a looked-after child on a child protection plan', () => {
    const state = given(...onProtectionPlan()).when(steps.becomeLookedAfter('2025-02-03')).then('BecameLookedAfter');
    expect(describeState(state).openTracks).toEqual(['CIN_EPISODE', 'CHILD_PROTECTION_PLAN', 'LOOKED_AFTER']);
  });
});
