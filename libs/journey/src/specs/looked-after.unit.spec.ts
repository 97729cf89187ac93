import { given } from '../testing/decider-spec.contract.js';
import { FOSTER, command, lookedAfter, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';

const place = (on: string, placement: Partial<typeof FOSTER> | { place: string } = {}, extra: { sameCarer?: boolean; legalStatus?: 'C1' | 'C2' | 'E1' | 'V2' } = {}) =>
  command('ChangePlacement', on, {
    placement: { ...FOSTER, ...placement } as never,
    sameCarer: extra.sameCarer ?? false,
    reasonPlaceChange: 'CARPL',
    ...(extra.legalStatus ? { legalStatus: extra.legalStatus } : {}),
  });

describe('BecomeLookedAfter', () => {
  it('starts the period of care with a legal status and a placement (903 RNE S)', () => {
    const state = given(...openCase())
      .when(steps.becomeLookedAfter('2025-02-03', 'V2'))
      .then({ type: 'BecameLookedAfter', data: { legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1', reasonNewEpisode: 'S' } });
    expect(describeState(state)).toMatchObject({ stage: 'LOOKED_AFTER', lookedAfterLegalStatus: 'V2', placementType: 'U6', keyDates: { lookedAfterSince: '2025-02-03' } });
  });

  it('refuses an unborn child', () => {
    given(steps.unbornContact(), steps.refer(), steps.openReferral()).when(steps.becomeLookedAfter()).thenRejected('RULE_BROKEN', 'an unborn child cannot be looked after');
  });

  it('refuses E1 without a placement order', () => {
    given(...openCase()).when(steps.becomeLookedAfter('2025-02-03', 'E1')).thenRejected('RULE_BROKEN', 'legal status E1 is recorded by granting a placement order');
  });

  it('refuses a placement for adoption as the first placement', () => {
    given(...openCase())
      .when(command('BecomeLookedAfter', '2025-02-03', { legalStatus: 'C2', placement: { ...FOSTER, place: 'A6' }, categoryOfNeed: 'N1' }))
      .thenRejected('RULE_BROKEN', 'placing the child for adoption');
  });

  it('refuses a legal status code outside the 903 list', () => {
    given(...openCase()).when(steps.becomeLookedAfter('2025-02-03', 'C9' as never)).thenRejected('INVALID_CODE', 'data.legalStatus');
  });

  it('refuses a child already looked after', () => {
    given(...lookedAfter()).when(steps.becomeLookedAfter('2025-02-04')).thenRejected('ILLEGAL_TRANSITION', 'the child is already looked after');
  });

  it('refuses a new period of care dated before the last one ended', () => {
    given(...lookedAfter(), command('CeaseLookedAfter', '2025-03-03', { reasonEpisodeCeased: 'E4A' }))
      .when(steps.becomeLookedAfter('2025-03-01'))
      .thenRejected('INVALID_DATE', 'before the child last ceased to be looked after');
  });
});

describe('ChangeLegalStatus', () => {
  it('opens a new 903 episode with RNE L', () => {
    const state = given(...lookedAfter())
      .when(command('ChangeLegalStatus', '2025-03-10', { legalStatus: 'C1' }))
      .then({ type: 'LegalStatusChanged', data: { from: 'V2', to: 'C1', reasonNewEpisode: 'L' } });
    expect(state.context.episode?.lookedAfter?.episodes.map((e) => e.reasonNewEpisode)).toEqual(['S', 'L']);
  });

  it('refuses an unchanged legal status', () => {
    given(...lookedAfter()).when(command('ChangeLegalStatus', '2025-03-10', { legalStatus: 'V2' })).thenRejected('RULE_BROKEN', 'the legal status is unchanged');
  });

  it('refuses E1 without a placement order', () => {
    given(...lookedAfter()).when(command('ChangeLegalStatus', '2025-03-10', { legalStatus: 'E1' })).thenRejected('RULE_BROKEN', 'E1 needs a placement order');
  });

  it('refuses a change dated before the current episode', () => {
    given(...lookedAfter()).when(command('ChangeLegalStatus', '2025-02-01', { legalStatus: 'C1' })).thenRejected('INVALID_DATE', 'before the current placement episode began');
  });

  it('refuses a child who is not looked after', () => {
    given(...openCase()).when(command('ChangeLegalStatus', '2025-03-10', { legalStatus: 'C1' })).thenRejected('ILLEGAL_TRANSITION', 'the child is not looked after');
  });
});

describe('ChangePlacement', () => {
  it('a new carer: RNE P with the reason for the change', () => {
    given(...lookedAfter())
      .when(place('2025-03-03', { place: 'U4' }))
      .then({ type: 'PlacementChanged', data: { placement: { place: 'U4' }, reasonNewEpisode: 'P', reasonPlaceChange: 'CARPL', newLegalStatus: null } });
  });

  it('the same carer: RNE T', () => {
    given(...lookedAfter()).when(place('2025-03-03', { place: 'U4' }, { sameCarer: true })).then({ type: 'PlacementChanged', data: { reasonNewEpisode: 'T' } });
  });

  it('with a legal status change the same day: RNE B, or U with the same carer', () => {
    given(...lookedAfter()).when(place('2025-03-03', { place: 'K2' }, { legalStatus: 'C1' })).then({ type: 'PlacementChanged', data: { reasonNewEpisode: 'B', newLegalStatus: 'C1' } });
    given(...lookedAfter()).when(place('2025-03-03', {}, { legalStatus: 'C1', sameCarer: true })).then({ type: 'PlacementChanged', data: { reasonNewEpisode: 'U' } });
  });

  it('K3 is valid from the 2025 to 2026 collection year, not before', () => {
    given(...lookedAfter()).when(place('2025-03-31', { place: 'K3' })).thenRejected('INVALID_CODE', 'placement code K3 is not valid in the 2024 to 2025 collection year');
    given(...lookedAfter()).when(place('2025-04-01', { place: 'K3' })).then('PlacementChanged');
  });

  it('H5, P2 and Z1 are not valid from 2025 to 2026', () => {
    for (const code of ['H5', 'P2', 'Z1']) {
      given(...lookedAfter()).when(place('2025-03-31', { place: code })).then('PlacementChanged');
      given(...lookedAfter()).when(place('2025-04-01', { place: code })).thenRejected('INVALID_CODE', `placement code ${code} is not valid in the 2025 to 2026 collection year`);
    }
  });

  it('refuses an unknown provider code', () => {
    given(...lookedAfter()).when(place('2025-03-03', { provider: 'PR9' } as never)).thenRejected('INVALID_CODE', 'data.placement.provider');
  });

  it('refuses an adoption placement code (placing for adoption records it)', () => {
    given(...lookedAfter()).when(place('2025-03-03', { place: 'A4' })).thenRejected('RULE_BROKEN', 'placing the child for adoption');
  });

  it('refuses a change dated before the current episode', () => {
    given(...lookedAfter()).when(place('2025-02-01')).thenRejected('INVALID_DATE', 'before the current placement episode began');
  });
});

describe('care planning while looked after', () => {
  it('RecordCarePlan', () => {
    const state = given(...lookedAfter()).when(command('RecordCarePlan', '2025-02-10', {})).then('CarePlanRecorded');
    expect(describeState(state).keyDates.carePlan).toBe('2025-02-10');
  });

  it('RecordCarePlan refuses a date before care began', () => {
    given(...lookedAfter()).when(command('RecordCarePlan', '2025-01-31', {})).thenRejected('INVALID_DATE', 'before the child became looked after');
  });

  it('RecordPlacementPlan for the current placement', () => {
    const state = given(...lookedAfter(), place('2025-03-03', { place: 'U4' })).when(command('RecordPlacementPlan', '2025-03-05', {})).then('PlacementPlanRecorded');
    expect(describeState(state).keyDates).toMatchObject({ placementSince: '2025-03-03', placementPlan: '2025-03-05' });
  });

  it('RecordPlacementPlan refuses a date before the placement began', () => {
    given(...lookedAfter(), place('2025-03-03', { place: 'U4' })).when(command('RecordPlacementPlan', '2025-03-01', {})).thenRejected('INVALID_DATE', 'before the placement began');
  });

  it('HoldLacReview with the child\'s participation code', () => {
    given(...lookedAfter()).when(command('HoldLacReview', '2025-02-28', { participation: 'PN1' })).then({ type: 'LacReviewHeld', data: { participation: 'PN1' } });
  });

  it('HoldLacReview refuses a child who is not looked after', () => {
    given(...openCase()).when(command('HoldLacReview', '2025-02-28', {})).thenRejected('ILLEGAL_TRANSITION', 'A looked-after review cannot be recorded: the child is not looked after');
  });

  it('RecordLacVisit', () => {
    given(...lookedAfter()).when(command('RecordLacVisit', '2025-02-07', { childSeen: true, seenAlone: true })).then('LacVisitMade');
  });

  it('RecordLacVisit refuses "seen alone" without "seen"', () => {
    given(...lookedAfter()).when(command('RecordLacVisit', '2025-02-07', { childSeen: false, seenAlone: true })).thenRejected('RULE_BROKEN', 'seen alone');
  });

  it('RecordHealthAssessment: the initial one, then reviews', () => {
    given(...lookedAfter()).when(command('RecordHealthAssessment', '2025-02-20', { kind: 'INITIAL' })).then('HealthAssessmentRecorded');
    given(...lookedAfter()).when(command('RecordHealthAssessment', '2025-02-20', { kind: 'REVIEW' })).thenRejected('RULE_BROKEN', 'a review follows the initial health assessment');
    given(...lookedAfter(), command('RecordHealthAssessment', '2025-02-20', { kind: 'INITIAL' }))
      .when(command('RecordHealthAssessment', '2025-03-20', { kind: 'INITIAL' }))
      .thenRejected('RULE_BROKEN', 'already recorded for this period of care');
    given(...lookedAfter(), command('RecordHealthAssessment', '2025-02-20', { kind: 'INITIAL' }))
      .when(command('RecordHealthAssessment', '2025-08-20', { kind: 'REVIEW' }))
      .then('HealthAssessmentRecorded');
  });

  it('RecordPersonalEducationPlan', () => {
    given(...lookedAfter()).when(command('RecordPersonalEducationPlan', '2025-02-14', {})).then('PersonalEducationPlanRecorded');
  });

  it('RecordPersonalEducationPlan refuses a child who is not looked after', () => {
    given(...openCase()).when(command('RecordPersonalEducationPlan', '2025-02-14', {})).thenRejected('ILLEGAL_TRANSITION', 'the child is not looked after');
  });
});

describe('missing episodes', () => {
  it('StartMissingEpisode and EndMissingEpisode (903 MISSING M/A)', () => {
    const missing = given(...lookedAfter()).when(command('StartMissingEpisode', '2025-03-01', { kind: 'M' })).then({ type: 'MissingEpisodeStarted', data: { kind: 'M' } });
    expect(describeState(missing).openTracks).toContain('MISSING');
    given(...lookedAfter(), command('StartMissingEpisode', '2025-03-01', { kind: 'M' }))
      .when(command('EndMissingEpisode', '2025-03-02', { returnInterviewOffered: true, returnInterviewAccepted: false }))
      .then('MissingEpisodeEnded');
  });

  it('refuses a second missing episode at once, and an end with none', () => {
    given(...lookedAfter(), command('StartMissingEpisode', '2025-03-01', { kind: 'A' }))
      .when(command('StartMissingEpisode', '2025-03-02', { kind: 'M' }))
      .thenRejected('ILLEGAL_TRANSITION', 'already recorded as missing');
    given(...lookedAfter())
      .when(command('EndMissingEpisode', '2025-03-02', { returnInterviewOffered: true, returnInterviewAccepted: true }))
      .thenRejected('ILLEGAL_TRANSITION', 'not recorded as missing');
  });

  it('refuses a return before the child went missing', () => {
    given(...lookedAfter(), command('StartMissingEpisode', '2025-03-05', { kind: 'M' }))
      .when(command('EndMissingEpisode', '2025-03-04', { returnInterviewOffered: true, returnInterviewAccepted: true }))
      .thenRejected('INVALID_DATE', 'it cannot end before it started');
  });
});

describe('CeaseLookedAfter', () => {
  it('returns home as part of care planning (REC E4A)', () => {
    const state = given(...lookedAfter())
      .when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E4A' }))
      .then({ type: 'CeasedLookedAfter', data: { reasonEpisodeCeased: 'E4A', careLeaver: false } });
    expect(describeState(state).stage).toBe('REFERRAL');
  });

  it.each(['E45', 'E46', 'E47', 'E48', 'E41', 'E3', 'E2', 'E9', 'E8', 'E13'] as const)('ceases with REC %s', (reason) => {
    given(...lookedAfter()).when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: reason })).then('CeasedLookedAfter');
  });

  it('refuses adoption without an adoption order', () => {
    given(...lookedAfter()).when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E11' })).thenRejected('RULE_BROKEN', 'only through an adoption order');
  });

  it('refuses X1, which only the return writes', () => {
    given(...lookedAfter()).when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'X1' })).thenRejected('RULE_BROKEN', 'X1 is written by the return');
  });

  it('refuses staying put (E17) before 18', () => {
    given(...lookedAfter()).when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E17' })).thenRejected('RULE_BROKEN', 'staying put (E17) applies from age 18');
  });

  it('refuses while the child is missing', () => {
    given(...lookedAfter(), command('StartMissingEpisode', '2025-03-01', { kind: 'M' }))
      .when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E4B' }))
      .thenRejected('RULE_BROKEN', 'end the missing episode first');
  });

  it('refuses a child who is not looked after', () => {
    given(...openCase()).when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E4A' })).thenRejected('ILLEGAL_TRANSITION', 'the child is not looked after');
  });
});

describe('care proceedings (a parallel track)', () => {
  const issue = (on = '2025-02-10') => command('IssueCareProceedings', on, { orderSought: 'CARE_ORDER' });

  it('IssueCareProceedings for a child at home or in care', () => {
    const state = given(...openCase()).when(issue()).then({ type: 'CareProceedingsIssued', data: { orderSought: 'CARE_ORDER' } });
    expect(describeState(state).openTracks).toEqual(['CIN_EPISODE', 'CARE_PROCEEDINGS']);
    const both = given(...lookedAfter()).when(issue()).then('CareProceedingsIssued');
    expect(describeState(both).openTracks).toEqual(['CIN_EPISODE', 'LOOKED_AFTER', 'CARE_PROCEEDINGS']);
  });

  it('IssueCareProceedings refuses a second set while one is open', () => {
    given(...openCase(), issue()).when(issue('2025-02-11')).thenRejected('ILLEGAL_TRANSITION', 'care proceedings are already open');
  });

  it('MakeInterimCareOrder, and renewals', () => {
    given(...lookedAfter(), issue()).when(command('MakeInterimCareOrder', '2025-02-12', { order: 'INTERIM_CARE_ORDER' })).then('InterimCareOrderMade');
    given(...lookedAfter(), issue(), command('MakeInterimCareOrder', '2025-02-12', { order: 'INTERIM_CARE_ORDER' }))
      .when(command('MakeInterimCareOrder', '2025-03-12', { order: 'INTERIM_CARE_ORDER' }))
      .then('InterimCareOrderMade');
  });

  it('MakeInterimCareOrder refuses a date before the application', () => {
    given(...lookedAfter(), issue()).when(command('MakeInterimCareOrder', '2025-02-07', { order: 'INTERIM_CARE_ORDER' })).thenRejected('INVALID_DATE', 'before the proceedings were issued');
  });

  it('MakeFinalOrder records the order and the weeks the proceedings took', () => {
    given(...lookedAfter(), issue('2025-02-10'), command('MakeInterimCareOrder', '2025-02-12', { order: 'INTERIM_CARE_ORDER' }))
      .when(command('MakeFinalOrder', '2025-08-11', { order: 'CARE_ORDER' }))
      .then({ type: 'FinalOrderMade', data: { order: 'CARE_ORDER', weeksSinceIssue: 26 } });
  });

  it('MakeFinalOrder refuses with no proceedings open', () => {
    given(...lookedAfter()).when(command('MakeFinalOrder', '2025-08-11', { order: 'CARE_ORDER' })).thenRejected('ILLEGAL_TRANSITION', 'no care proceedings are open');
  });

  it('WithdrawCareProceedings', () => {
    given(...openCase(), issue()).when(command('WithdrawCareProceedings', '2025-03-01', {})).then('CareProceedingsWithdrawn');
    given(...openCase()).when(command('WithdrawCareProceedings', '2025-03-01', {})).thenRejected('ILLEGAL_TRANSITION', 'no care proceedings are open');
  });
});
