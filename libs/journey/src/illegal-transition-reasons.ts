import { CANNOT } from './event-actions.js';
import type { MachineEventType } from './journey-event.js';
import type { StageView } from './stage-view.js';

/**
 * Why an event has no transition at the journey's current stage, in words: the first unmet requirement on the way to
 * the stage where it could happen. Only used to explain ILLEGAL_TRANSITION; the machine itself decides.
 */
type Need = readonly [met: (v: StageView) => boolean, unmet: string];

const caseOpen: Need = [(v) => v.episodeOpen, 'no case is open'];
const inCare: Need = [(v) => v.lookedAfter, 'the child is not looked after'];
const onCinPlan: Need = [(v) => v.plan === 'cinPlan', 'no child in need plan is open'];
const onCpp: Need = [(v) => v.plan === 'childProtectionPlan', 'no child protection plan is open'];
const proceedingsOpen: Need = [(v) => v.proceedings === 'issued' || v.proceedings === 'interimOrder', 'no care proceedings are open'];
const adoptionDecided: Need = [(v) => v.adoption !== 'none' && v.adoption !== null, 'there is no adoption decision'];
const careLeaver: Need = [(v) => v.careLeaver === 'careLeaver', 'the young person is not a care leaver receiving services'];

const NEEDS: { readonly [T in MachineEventType]: readonly Need[] } = {
  ContactReceived: [],
  DateOfBirthRecorded: [],
  MashDecisionMade: [[(v) => v.frontDoor === 'screening', 'no contact is awaiting a MASH decision']],
  ReferralOpened: [
    [(v) => !v.episodeOpen, 'an episode is already open (one CIN episode at a time)'],
    [(v) => v.frontDoor !== 'quiet', "no contact has been referred to children's social care"],
  ],
  ReferralClosedNoFurtherAction: [caseOpen, [(v) => v.referral === 'active', 'the referral has already ended in no further action']],
  CaseAllocated: [caseOpen],
  CaseDeallocated: [caseOpen, [(v) => v.allocation === 'allocated', 'the case is not allocated']],
  SupervisionRecorded: [caseOpen, [(v) => v.allocation === 'allocated', 'the case is not allocated']],
  AssessmentStarted: [caseOpen, [(v) => v.assessment === 'idle', 'another assessment is in progress']],
  ChildSeenForAssessment: [caseOpen, [(v) => v.assessment === 'inProgress', 'no assessment is in progress']],
  AssessmentCompleted: [caseOpen, [(v) => v.assessment === 'inProgress', 'no assessment is in progress']],
  AssessmentAuthorised: [caseOpen, [(v) => v.assessment === 'awaitingAuthorisation', 'no completed assessment awaits authorisation']],
  CinPlanStarted: [
    caseOpen,
    [(v) => v.plan !== 'childProtectionPlan', 'a child protection plan is open (a CIN plan and a child protection plan never run together)'],
    [(v) => v.plan !== 'cinPlan', 'a child in need plan is already open'],
  ],
  CinPlanReviewed: [caseOpen, onCinPlan],
  CinVisitMade: [caseOpen, onCinPlan],
  CinPlanEnded: [caseOpen, onCinPlan],
  StrategyDiscussionHeld: [
    caseOpen,
    [(v) => v.protection !== 'icpcRequired' && v.protection !== 'icpcScheduled', 'an ICPC is already due: hold it first'],
  ],
  S47EnquiryStarted: [
    caseOpen,
    [(v) => v.protection !== 'none', 'no strategy discussion has decided on an s47 enquiry'],
    [(v) => v.protection === 'awaitingS47', 'an s47 enquiry has already started'],
  ],
  S47EnquiryConcluded: [caseOpen, [(v) => v.protection === 's47Enquiry', 'no s47 enquiry is open']],
  IcpcScheduled: [
    caseOpen,
    [(v) => v.protection !== 'none' && v.protection !== 'awaitingS47', 'no s47 enquiry is open'],
    [(v) => v.protection !== 's47Enquiry', 'the s47 enquiry has not concluded that a conference is needed'],
  ],
  IcpcHeld: [
    caseOpen,
    [(v) => v.protection !== 'none' && v.protection !== 'awaitingS47', 'no s47 enquiry is open'],
    [(v) => v.protection !== 's47Enquiry', 'the s47 enquiry has not concluded that a conference is needed'],
    [(v) => v.protection === 'icpcScheduled', 'the ICPC has not been scheduled'],
  ],
  ChildProtectionPlanStarted: [
    caseOpen,
    [(v) => v.plan !== 'cinPlan', 'a child in need plan is open (a CIN plan and a child protection plan never run together)'],
    [(v) => v.plan !== 'childProtectionPlan', 'a child protection plan is already open'],
  ],
  CoreGroupHeld: [caseOpen, onCpp],
  ChildProtectionVisitMade: [caseOpen, onCpp],
  ReviewConferenceHeld: [caseOpen, onCpp],
  CategoryOfAbuseChanged: [caseOpen, onCpp],
  ChildProtectionPlanEnded: [caseOpen, onCpp],
  BecameLookedAfter: [caseOpen, [(v) => !v.lookedAfter, 'the child is already looked after']],
  LegalStatusChanged: [caseOpen, inCare],
  PlacementChanged: [caseOpen, inCare],
  CarePlanRecorded: [caseOpen, inCare],
  PlacementPlanRecorded: [caseOpen, inCare],
  LacReviewHeld: [caseOpen, inCare],
  LacVisitMade: [caseOpen, inCare],
  HealthAssessmentRecorded: [caseOpen, inCare],
  PersonalEducationPlanRecorded: [caseOpen, inCare],
  MissingEpisodeStarted: [caseOpen, inCare, [(v) => !v.missing, 'the child is already recorded as missing']],
  MissingEpisodeEnded: [caseOpen, inCare, [(v) => v.missing, 'the child is not recorded as missing']],
  CareProceedingsIssued: [caseOpen, [(v) => v.proceedings === 'none', 'care proceedings are already open']],
  InterimCareOrderMade: [caseOpen, proceedingsOpen],
  FinalOrderMade: [caseOpen, proceedingsOpen],
  CareProceedingsWithdrawn: [caseOpen, proceedingsOpen],
  AdoptionDecisionMade: [caseOpen, inCare, [(v) => v.adoption === 'none', 'an adoption decision is already recorded']],
  PlacementOrderGranted: [
    caseOpen,
    inCare,
    adoptionDecided,
    [(v) => v.adoption !== 'placementOrder', 'a placement order is already recorded'],
    [(v) => v.adoption !== 'placed', 'the child is already placed for adoption'],
  ],
  MatchedWithAdopters: [
    caseOpen,
    inCare,
    adoptionDecided,
    [(v) => v.adoption !== 'matched' && v.adoption !== 'placed', 'the child is already matched with adopters'],
  ],
  PlacedForAdoption: [
    caseOpen,
    inCare,
    adoptionDecided,
    [(v) => v.adoption !== 'placed', 'the child is already placed for adoption'],
    [(v) => v.adoption === 'matched', 'the child has not been matched with adopters'],
  ],
  AdoptionOrderGranted: [caseOpen, inCare, adoptionDecided, [(v) => v.adoption === 'placed', 'the child has not been placed for adoption']],
  AdoptionDecisionReversed: [caseOpen, inCare, adoptionDecided],
  CeasedLookedAfter: [caseOpen, inCare],
  PathwayPlanRecorded: [[(v) => v.careLeaver !== 'servicesEnded', 'leaving-care services have ended']],
  PathwayPlanReviewed: [[(v) => v.careLeaver === 'eligibleInCare' || v.careLeaver === 'careLeaver', 'no pathway plan is recorded']],
  CareLeaverContactRecorded: [careLeaver],
  CareLeaverServicesEnded: [careLeaver],
  CaseClosed: [caseOpen],
};

export function explainIllegal(type: MachineEventType, view: StageView): string {
  const unmet = NEEDS[type].find(([met]) => !met(view));
  return `${CANNOT[type]}: ${unmet ? unmet[1] : 'not possible at this stage of the journey'}`;
}
