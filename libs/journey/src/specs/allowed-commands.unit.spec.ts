import { allowedCommands } from '../allowed-commands.js';
import { describeState } from '../describe-state.js';
import { emptyJourney } from '../journey-state.js';
import { historyOf } from '../testing/decider-spec.contract.js';
import { command, lookedAfter, onProtectionPlan, openCase, steps } from '../testing/journey-fixtures.contract.js';

describe('allowedCommands (what a screen may offer)', () => {
  it('offers only a contact for a child with no history', () => {
    expect(allowedCommands(emptyJourney())).toEqual(['RecordContact']);
  });

  it('offers the MASH decision, an emergency strategy discussion and corrections once a contact is in', () => {
    expect(allowedCommands(historyOf([steps.contact('2025-01-06', 'c1', null)]))).toEqual([
      'RecordContact', 'RecordDateOfBirth', 'RecordMashDecision', 'HoldStrategyDiscussion', 'CorrectEvent', 'VoidEvent',
    ]);
  });

  it('offers the referral once the MASH has referred', () => {
    expect(allowedCommands(historyOf([steps.contact(), steps.refer()]))).toContain('OpenReferral');
  });

  it('on a child protection plan: the plan\'s work, not a CIN plan and not closure', () => {
    const offered = allowedCommands(historyOf(onProtectionPlan()));
    expect(offered).toEqual(expect.arrayContaining(['HoldCoreGroup', 'RecordChildProtectionVisit', 'HoldReviewConference', 'ChangeCategoryOfAbuse', 'EndChildProtectionPlan', 'BecomeLookedAfter']));
    expect(offered).not.toContain('StartCinPlan');
    expect(offered).not.toContain('CloseCase');
    expect(offered).not.toContain('HoldIcpc');
  });

  it('after a referral NFA: closure, not an assessment', () => {
    const offered = allowedCommands(historyOf([...openCase(), command('RecordReferralNoFurtherAction', '2025-01-07', {})]));
    expect(offered).toContain('CloseCase');
    expect(offered).not.toContain('StartAssessment');
    expect(offered).not.toContain('HoldStrategyDiscussion');
  });

  it('while looked after: care planning, not a second period of care', () => {
    const offered = allowedCommands(historyOf(lookedAfter()));
    expect(offered).toEqual(expect.arrayContaining(['ChangePlacement', 'ChangeLegalStatus', 'HoldLacReview', 'RecordHealthAssessment', 'StartMissingEpisode', 'RecordAdoptionDecision', 'CeaseLookedAfter', 'RecordPathwayPlan']));
    expect(offered).not.toContain('BecomeLookedAfter');
    expect(offered).not.toContain('GrantAdoptionOrder');
    expect(offered).not.toContain('CloseCase');
  });
});

describe('describeState', () => {
  it('names the furthest stage and every open track', () => {
    const state = historyOf([...onProtectionPlan(), steps.becomeLookedAfter('2025-02-03'), command('IssueCareProceedings', '2025-02-04', { orderSought: 'CARE_ORDER' })]);
    expect(describeState(state)).toMatchObject({
      stage: 'LOOKED_AFTER',
      stageLabel: 'Looked after',
      openTracks: ['CIN_EPISODE', 'CHILD_PROTECTION_PLAN', 'LOOKED_AFTER', 'CARE_PROCEEDINGS'],
      episodeNumber: 1,
      cppCategory: 'NEG',
      childProtectionPlanNumber: 1,
      keyDates: { referralDate: '2025-01-07', strategyDiscussion: '2025-01-08', cppStarted: '2025-01-27', lookedAfterSince: '2025-02-03', proceedingsIssued: '2025-02-04', dateOfBirth: '2015-03-01' },
      incomplete: false,
    });
  });

  it('knows a child with no history', () => {
    expect(describeState(emptyJourney())).toMatchObject({ stage: 'NO_INVOLVEMENT', openTracks: [], episodeNumber: null });
  });
});
