import { given } from '../testing/decider-spec.contract.js';
import { command, icpcScheduled, lookedAfter, onProtectionPlan, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';
import type { JourneyCommand } from '../journey-command.js';

const assessed = (): JourneyCommand[] => [...openCase(), steps.startAssessment(), steps.seeChild(), steps.completeAssessment(), steps.authoriseAssessment('2025-01-21', 'a1', 'NO_FURTHER_ACTION')];

describe('CloseCase', () => {
  it('closes the episode with a reason (CIN census ReasonForClosure)', () => {
    const state = given(...assessed()).when(steps.close('2025-01-22', 'RC8')).then({ type: 'CaseClosed', data: { episodeNumber: 1, reason: 'RC8' } });
    expect(describeState(state)).toMatchObject({ stage: 'CLOSED', episodeNumber: null, closedEpisodes: 1, openTracks: [] });
  });

  it('closes after a referral that ended in no further action', () => {
    given(...openCase(), command('RecordReferralNoFurtherAction', '2025-01-07', {})).when(steps.close('2025-01-07', 'RC7')).then('CaseClosed');
  });

  it.each(['RC8', 'RC9'] as const)('refuses %s without a completed assessment', (reason) => {
    given(...openCase()).when(steps.close('2025-01-22', reason)).thenRejected('RULE_BROKEN', 'closure reasons RC8 and RC9 need a completed assessment in this episode');
  });

  it('refuses closure while an assessment is not authorised', () => {
    given(...openCase(), steps.startAssessment(), steps.seeChild(), steps.completeAssessment())
      .when(steps.close('2025-01-22', 'RC7'))
      .thenRejected('RULE_BROKEN', 'every assessment must be authorised first');
  });

  it('refuses closure with an s47 enquiry unresolved, at every step before the ICPC', () => {
    const reason = 'an s47 enquiry is unresolved: hold the ICPC or record that none is required';
    given(...openCase(), steps.strategyDiscussion()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', reason);
    given(...openCase(), steps.strategyDiscussion(), steps.startS47()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', reason);
    given(...openCase(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', reason);
    given(...icpcScheduled()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', reason);
  });

  it('closes once the s47 is resolved: ICPC not required, or ICPC held', () => {
    given(...openCase(), steps.strategyDiscussion(), steps.startS47(), steps.concludeS47('2025-01-15', 'ICPC_NOT_REQUIRED')).when(steps.close('2025-03-03')).then('CaseClosed');
    given(...icpcScheduled(), steps.holdIcpc('2025-01-27', 'NO_PLAN')).when(steps.close('2025-03-03')).then('CaseClosed');
  });

  it('refuses closure with a plan open, in care, or in proceedings', () => {
    given(...onProtectionPlan()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', 'the child protection plan is still open: end it first');
    given(...openCase(), command('StartCinPlan', '2025-01-10', {})).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', 'the child in need plan is still open');
    given(...lookedAfter()).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', 'record how they ceased to be looked after first');
    given(...openCase(), command('IssueCareProceedings', '2025-02-10', { orderSought: 'CARE_ORDER' })).when(steps.close('2025-03-03')).thenRejected('RULE_BROKEN', 'care proceedings are still open');
  });

  it('refuses RC1 without an adoption', () => {
    given(...openCase()).when(steps.close('2025-03-03', 'RC1')).thenRejected('RULE_BROKEN', 'RC1 (adopted) needs an adoption order in this episode');
  });

  it('refuses a closure dated before the last thing recorded in the episode', () => {
    given(...assessed()).when(steps.close('2025-01-20', 'RC8')).thenRejected('INVALID_DATE', 'before the last thing recorded in this episode');
  });

  it('refuses when no case is open', () => {
    given(steps.contact()).when(steps.close()).thenRejected('ILLEGAL_TRANSITION', 'The case cannot be closed: no case is open');
  });

  it('refuses an unknown closure reason code', () => {
    given(...openCase()).when(steps.close('2025-03-03', 'RC10' as never)).thenRejected('INVALID_CODE', 'data.reason');
  });
});

describe('a new contact after closure reopens the journey', () => {
  const closed = (): JourneyCommand[] => [...openCase(), command('RecordReferralNoFurtherAction', '2025-01-07', {}), steps.close('2025-01-07', 'RC7')];

  it('in a new episode, a re-referral within 12 months of the previous referral', () => {
    const state = given(...closed(), steps.contact('2025-09-01', 'c2'), steps.refer('2025-09-01', 'c2'))
      .when(steps.openReferral('2025-09-02'))
      .then({ type: 'ReferralOpened', data: { episodeNumber: 2, reReferral: true, previousReferralDate: '2025-01-07', contactIds: ['c2'] } });
    expect(describeState(state)).toMatchObject({ episodeNumber: 2, reReferral: true, closedEpisodes: 1 });
  });

  it('not a re-referral after 12 months', () => {
    given(...closed(), steps.contact('2026-01-08', 'c2'), steps.refer('2026-01-08', 'c2'))
      .when(steps.openReferral('2026-01-08'))
      .then({ type: 'ReferralOpened', data: { episodeNumber: 2, reReferral: false } });
  });

  it('exactly 12 months later is still a re-referral', () => {
    given(...closed(), steps.contact('2026-01-07', 'c2'), steps.refer('2026-01-07', 'c2'))
      .when(steps.openReferral('2026-01-07'))
      .then({ type: 'ReferralOpened', data: { reReferral: true } });
  });

  it('episodes never overlap: a referral cannot predate the last closure', () => {
    // Contacts and MASH decisions may be recorded late (dated before the closure); the referral still cannot be.
    given(...closed().slice(0, -1), steps.close('2025-03-03', 'RC7'), steps.contact('2025-03-01', 'c2'), steps.refer('2025-03-01', 'c2'))
      .when(steps.openReferral('2025-03-02'))
      .thenRejected('INVALID_DATE', 'A referral cannot be opened: it cannot be dated before the previous episode closed');
  });
});
