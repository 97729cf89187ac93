import { given } from '../testing/decider-spec.contract.js';
import { FOSTER, command, lookedAfter, openCase, steps } from '../testing/journey-fixtures.contract.js';
import { describeState } from '../describe-state.js';
import type { JourneyCommand } from '../journey-command.js';

const decision = (on = '2025-03-03') => command('RecordAdoptionDecision', on, {});
const placementOrder = (on = '2025-04-01') => command('GrantPlacementOrder', on, {});
const match = (on = '2025-05-01') => command('MatchWithAdopters', on, {});
const placeForAdoption = (on = '2025-05-15', place: 'A3' | 'A4' | 'A5' | 'A6' = 'A6') =>
  command('PlaceForAdoption', on, { place, provider: 'PR1', distanceFromHomeMiles: 12, insideLocalAuthority: false, sameCarer: false });
const adoptionOrder = (on = '2025-11-03', reason: 'E11' | 'E12' = 'E11') => command('GrantAdoptionOrder', on, { reasonEpisodeCeased: reason });
const placed = (): JourneyCommand[] => [...lookedAfter(), decision(), placementOrder(), match(), placeForAdoption()];

describe('adoption path', () => {
  it('RecordAdoptionDecision (agency decision maker: should be placed for adoption)', () => {
    const state = given(...lookedAfter()).when(decision()).then('AdoptionDecisionMade');
    expect(describeState(state)).toMatchObject({ stage: 'ADOPTION', keyDates: { adoptionDecision: '2025-03-03' } });
  });

  it('RecordAdoptionDecision refuses a child who is not looked after', () => {
    given(...openCase()).when(decision()).thenRejected('ILLEGAL_TRANSITION', 'the child is not looked after');
  });

  it('GrantPlacementOrder moves the legal status to E1', () => {
    const state = given(...lookedAfter(), decision())
      .when(placementOrder())
      .then('PlacementOrderGranted', { type: 'LegalStatusChanged', data: { from: 'V2', to: 'E1', reasonNewEpisode: 'L' } });
    expect(describeState(state).lookedAfterLegalStatus).toBe('E1');
  });

  it('GrantPlacementOrder refuses without an adoption decision', () => {
    given(...lookedAfter()).when(placementOrder()).thenRejected('ILLEGAL_TRANSITION', 'there is no adoption decision');
  });

  it('GrantPlacementOrder refuses a date before the decision', () => {
    given(...lookedAfter(), decision('2025-03-03')).when(placementOrder('2025-03-01')).thenRejected('INVALID_DATE', 'before the adoption decision');
  });

  it('MatchWithAdopters after the placement order', () => {
    given(...lookedAfter(), decision(), placementOrder()).when(match()).then('MatchedWithAdopters');
  });

  it('MatchWithAdopters refuses a date before the placement order', () => {
    given(...lookedAfter(), decision(), placementOrder('2025-04-01')).when(match('2025-03-20')).thenRejected('INVALID_DATE', 'before the placement order');
  });

  it('PlaceForAdoption under a placement order (A5/A6) records the 903 placement change too', () => {
    const state = given(...lookedAfter(), decision(), placementOrder(), match())
      .when(placeForAdoption('2025-05-15', 'A6'))
      .then({ type: 'PlacedForAdoption', data: { place: 'A6' } }, { type: 'PlacementChanged', data: { placement: { place: 'A6' }, reasonNewEpisode: 'P' } });
    expect(describeState(state)).toMatchObject({ stage: 'PLACED_FOR_ADOPTION', placementType: 'A6' });
  });

  it('PlaceForAdoption with consent (A3/A4) needs no placement order, and A5/A6 need one', () => {
    given(...lookedAfter(), decision(), match()).when(placeForAdoption('2025-05-15', 'A4')).then('PlacedForAdoption', 'PlacementChanged');
    given(...lookedAfter(), decision(), match()).when(placeForAdoption('2025-05-15', 'A5')).thenRejected('RULE_BROKEN', 'needs a placement order');
    given(...lookedAfter(), decision(), placementOrder(), match()).when(placeForAdoption('2025-05-15', 'A3')).thenRejected('RULE_BROKEN', 'the placement is A5 or A6');
  });

  it('PlaceForAdoption refuses before a match', () => {
    given(...lookedAfter(), decision(), placementOrder()).when(placeForAdoption()).thenRejected('ILLEGAL_TRANSITION', 'the child has not been matched with adopters');
  });

  it('GrantAdoptionOrder: the child ceases to be looked after (REC E11/E12) and the case can close RC1', () => {
    const state = given(...placed())
      .when(adoptionOrder('2025-11-03', 'E12'))
      .then({ type: 'AdoptionOrderGranted', data: { reasonEpisodeCeased: 'E12' } }, { type: 'CeasedLookedAfter', data: { reasonEpisodeCeased: 'E12', careLeaver: false } });
    expect(describeState(state).openTracks).toEqual(['CIN_EPISODE']);
    given(...placed(), adoptionOrder()).when(steps.close('2025-11-04', 'RC1')).then({ type: 'CaseClosed', data: { reason: 'RC1' } });
  });

  it('GrantAdoptionOrder refuses a child not placed for adoption', () => {
    given(...lookedAfter(), decision()).when(adoptionOrder()).thenRejected('ILLEGAL_TRANSITION', 'the child has not been placed for adoption');
  });

  it('while placed for adoption, other moves wait for the plan to be reversed', () => {
    given(...placed())
      .when(command('ChangePlacement', '2025-06-02', { placement: FOSTER, sameCarer: false, reasonPlaceChange: 'CARPL' }))
      .thenRejected('RULE_BROKEN', 'reverse the adoption decision before moving the child');
  });

  it('ReverseAdoptionDecision ends the adoption plan', () => {
    const state = given(...placed()).when(command('ReverseAdoptionDecision', '2025-06-02', { reason: 'RD3' })).then({ type: 'AdoptionDecisionReversed', data: { reason: 'RD3' } });
    expect(describeState(state).stage).toBe('LOOKED_AFTER');
    given(...lookedAfter()).when(command('ReverseAdoptionDecision', '2025-06-02', { reason: 'RD4' })).thenRejected('ILLEGAL_TRANSITION', 'there is no adoption decision');
  });
});

/** A 16-year-old (born 1 June 2008) looked after from 3 February 2025. */
const olderChild = (): JourneyCommand[] => [steps.contact('2025-01-06', 'c1', '2008-06-01'), steps.refer(), steps.openReferral(), steps.becomeLookedAfter('2025-02-03')];
const leftCare = (): JourneyCommand[] => [...olderChild(), command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E5' })];

describe('care leavers', () => {
  it('leaving care at 16+ after 13 weeks in care makes a care leaver', () => {
    const state = given(...olderChild())
      .when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E5' }))
      .then({ type: 'CeasedLookedAfter', data: { careLeaver: true } });
    expect(describeState(state).openTracks).toContain('CARE_LEAVER');
  });

  it('fewer than 13 weeks in care does not', () => {
    given(...olderChild()).when(command('CeaseLookedAfter', '2025-04-01', { reasonEpisodeCeased: 'E5' })).then({ type: 'CeasedLookedAfter', data: { careLeaver: false } });
  });

  it('staying put at 18 (E17)', () => {
    given(steps.contact('2025-01-06', 'c1', '2007-01-01'), steps.refer(), steps.openReferral(), steps.becomeLookedAfter('2025-02-03'))
      .when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E17' }))
      .then({ type: 'CeasedLookedAfter', data: { careLeaver: true } });
  });

  it('no special guardianship order at 18', () => {
    given(steps.contact('2025-01-06', 'c1', '2007-01-01'), steps.refer(), steps.openReferral(), steps.becomeLookedAfter('2025-02-03'))
      .when(command('CeaseLookedAfter', '2025-06-02', { reasonEpisodeCeased: 'E45' }))
      .thenRejected('RULE_BROKEN', 'special guardianship order is not made for a young person aged 18 or over');
  });

  it('RecordPathwayPlan for a looked-after 16-year-old, and for a care leaver', () => {
    given(...olderChild()).when(command('RecordPathwayPlan', '2025-03-03', {})).then('PathwayPlanRecorded');
    given(...leftCare()).when(command('RecordPathwayPlan', '2025-06-03', {})).then('PathwayPlanRecorded');
  });

  it('RecordPathwayPlan refuses a looked-after child under 16', () => {
    given(...lookedAfter()).when(command('RecordPathwayPlan', '2025-03-03', {})).thenRejected('RULE_BROKEN', 'aged 16 or over, or a care leaver');
  });

  it('ReviewPathwayPlan follows a pathway plan', () => {
    given(...leftCare(), command('RecordPathwayPlan', '2025-06-03', {})).when(command('ReviewPathwayPlan', '2025-12-01', {})).then('PathwayPlanReviewed');
    given(...leftCare()).when(command('ReviewPathwayPlan', '2025-12-01', {})).thenRejected('RULE_BROKEN', 'The pathway plan cannot be reviewed: no pathway plan is recorded');
  });

  it('RecordCareLeaverContact records in touch, activity and accommodation (903 OC3)', () => {
    given(...leftCare())
      .when(command('RecordCareLeaverContact', '2025-07-01', { inTouch: 'YES', activity: 'F2', accommodation: 'E', accommodationSuitable: true }))
      .then({ type: 'CareLeaverContactRecorded', data: { inTouch: 'YES', activity: 'F2', accommodation: 'E', accommodationSuitable: true } });
  });

  it('RecordCareLeaverContact refuses a young person who is not a care leaver', () => {
    given(...olderChild()).when(command('RecordCareLeaverContact', '2025-07-01', { inTouch: 'YES' })).thenRejected('ILLEGAL_TRANSITION', 'not a care leaver');
  });

  it('EndCareLeaverServices, after which nothing more is recorded as a care leaver', () => {
    given(...leftCare()).when(command('EndCareLeaverServices', '2025-12-01', { reason: 'Aged 21' })).then('CareLeaverServicesEnded');
    given(...leftCare(), command('EndCareLeaverServices', '2025-12-01', { reason: 'Aged 21' }))
      .when(command('RecordPathwayPlan', '2025-12-02', {}))
      .thenRejected('ILLEGAL_TRANSITION', 'leaving-care services have ended');
  });

  it('EndCareLeaverServices refuses a young person who is not a care leaver', () => {
    given(...olderChild()).when(command('EndCareLeaverServices', '2025-12-01', { reason: 'Aged 21' })).thenRejected('ILLEGAL_TRANSITION', 'Care leaver services cannot end: the young person is not a care leaver receiving services');
  });

  it('care leaver services outlast the CIN episode', () => {
    given(...leftCare(), steps.close('2025-06-03', 'RC7'))
      .when(command('RecordCareLeaverContact', '2025-07-01', { inTouch: 'YES' }))
      .then('CareLeaverContactRecorded');
  });
});
