import type {
  AdoptionCeasedReason,
  AdoptionPlacementType,
  AdoptionReversalReason,
  AssessmentFactor,
  AssessmentOutcome,
  CareLeaverAccommodation,
  CareLeaverActivity,
  CareLeaverInTouch,
  CategoryOfAbuse,
  CinPlanEndReason,
  ClosureReason,
  CppEndReason,
  FinalOrder,
  HealthAssessmentKind,
  IcpcOutcome,
  InterimOrder,
  LegalStatus,
  MashCheck,
  MashDecision,
  MissingKind,
  OrderSought,
  PlacementProvider,
  PlacementType,
  PrimaryNeed,
  ReasonEpisodeCeased,
  ReasonNewEpisode,
  ReasonPlaceChange,
  ReferralSource,
  ReviewParticipation,
  S47NextStep,
  S47Outcome,
  StrategyDiscussionAgency,
  StrategyDiscussionOutcome,
} from './codes.js';

/** The child as a contact describes them. Unborn children carry an expected date of birth (CIN `ExpectedPersonBirthDate`). */
export type ChildDetails =
  | { readonly status: 'BORN'; readonly dateOfBirth: string | null }
  | { readonly status: 'UNBORN'; readonly expectedDateOfBirth: string };

/** A 903 placement. Distance and location stand in for postcodes: the journey keeps no addresses. */
export interface PlacementDetails {
  readonly place: PlacementType;
  readonly provider: PlacementProvider;
  /** 903 `PL_DISTANCE` (miles from home), when known. */
  readonly distanceFromHomeMiles: number | null;
  /** 903 `PL_LOCATION`: inside the authority's own area. */
  readonly insideLocalAuthority: boolean | null;
}

type Empty = Readonly<Record<string, never>>;

/** Event type → data. Dates in data are ISO `YYYY-MM-DD`; the effective date of the event itself is `occurredAt`. */
export interface JourneyEventDataMap {
  ContactReceived: {
    readonly contactId: string;
    readonly childId: string;
    readonly source: ReferralSource;
    readonly child: ChildDetails;
    readonly concerns: string;
  };
  DateOfBirthRecorded: { readonly dateOfBirth: string; readonly wasUnborn: boolean };
  MashDecisionMade: {
    readonly contactId: string;
    readonly decision: MashDecision;
    readonly checks: readonly MashCheck[];
    /** Decided on the spot because a strategy discussion was needed at once. */
    readonly emergency: boolean;
    /** A referral-worthy contact about a child whose case is already open goes to that case, not to a new referral. */
    readonly linkedToOpenEpisode: boolean;
  };
  ReferralOpened: {
    readonly episodeNumber: number;
    readonly contactIds: readonly string[];
    readonly source: ReferralSource;
    readonly primaryNeed: PrimaryNeed;
    readonly reReferral: boolean;
    readonly previousReferralDate: string | null;
    readonly emergency: boolean;
  };
  ReferralClosedNoFurtherAction: { readonly episodeNumber: number };
  CaseAllocated: { readonly workerId: string; readonly teamId: string };
  CaseDeallocated: { readonly reason: string };
  SupervisionRecorded: { readonly supervisorId: string };
  AssessmentStarted: { readonly assessmentId: string };
  ChildSeenForAssessment: { readonly assessmentId: string; readonly seenAlone: boolean };
  AssessmentCompleted: { readonly assessmentId: string };
  AssessmentAuthorised: {
    readonly assessmentId: string;
    readonly authorisedBy: string;
    readonly factors: readonly AssessmentFactor[];
    readonly outcome: AssessmentOutcome;
  };
  CinPlanStarted: { readonly fromChildProtectionPlan: boolean };
  CinPlanReviewed: Empty;
  CinVisitMade: { readonly childSeen: boolean; readonly seenAlone: boolean };
  CinPlanEnded: { readonly reason: CinPlanEndReason };
  StrategyDiscussionHeld: {
    readonly outcome: StrategyDiscussionOutcome;
    readonly agencies: readonly StrategyDiscussionAgency[];
    readonly emergency: boolean;
  };
  S47EnquiryStarted: { readonly strategyDiscussionDate: string; readonly icpcTargetDate: string };
  S47EnquiryConcluded: { readonly outcome: S47Outcome; readonly nextStep: S47NextStep | null };
  IcpcScheduled: { readonly conferenceDate: string; readonly targetDate: string };
  IcpcHeld: { readonly outcome: IcpcOutcome; readonly category: CategoryOfAbuse | null; readonly targetDate: string };
  ChildProtectionPlanStarted: {
    readonly category: CategoryOfAbuse;
    readonly icpcDate: string;
    /** 1 for the child's first plan; CIN census `NumberOfPreviousCPP` is this minus one. */
    readonly planNumber: number;
  };
  CoreGroupHeld: Empty;
  ChildProtectionVisitMade: { readonly childSeen: boolean; readonly seenAlone: boolean };
  ReviewConferenceHeld: { readonly planContinues: boolean };
  CategoryOfAbuseChanged: { readonly from: CategoryOfAbuse; readonly to: CategoryOfAbuse };
  ChildProtectionPlanEnded: { readonly reason: CppEndReason };
  BecameLookedAfter: {
    readonly legalStatus: LegalStatus;
    readonly placement: PlacementDetails;
    /** 903 `CIN` (category of need) for the period of care. */
    readonly categoryOfNeed: PrimaryNeed;
    readonly reasonNewEpisode: 'S';
  };
  LegalStatusChanged: { readonly from: LegalStatus; readonly to: LegalStatus; readonly reasonNewEpisode: 'L' };
  PlacementChanged: {
    readonly placement: PlacementDetails;
    readonly sameCarer: boolean;
    readonly reasonPlaceChange: ReasonPlaceChange;
    /** Set when the legal status changes on the same day as the placement (903 RNE B/U). */
    readonly newLegalStatus: LegalStatus | null;
    readonly reasonNewEpisode: ReasonNewEpisode;
  };
  CarePlanRecorded: Empty;
  PlacementPlanRecorded: Empty;
  LacReviewHeld: { readonly participation: ReviewParticipation | null };
  LacVisitMade: { readonly childSeen: boolean; readonly seenAlone: boolean };
  HealthAssessmentRecorded: { readonly kind: HealthAssessmentKind };
  PersonalEducationPlanRecorded: Empty;
  MissingEpisodeStarted: { readonly kind: MissingKind };
  MissingEpisodeEnded: { readonly returnInterviewOffered: boolean; readonly returnInterviewAccepted: boolean };
  CareProceedingsIssued: { readonly orderSought: OrderSought };
  InterimCareOrderMade: { readonly order: InterimOrder };
  FinalOrderMade: { readonly order: FinalOrder; readonly weeksSinceIssue: number };
  CareProceedingsWithdrawn: Empty;
  AdoptionDecisionMade: Empty;
  PlacementOrderGranted: Empty;
  MatchedWithAdopters: Empty;
  PlacedForAdoption: { readonly place: AdoptionPlacementType };
  AdoptionOrderGranted: { readonly reasonEpisodeCeased: AdoptionCeasedReason };
  AdoptionDecisionReversed: { readonly reason: AdoptionReversalReason };
  CeasedLookedAfter: {
    readonly reasonEpisodeCeased: ReasonEpisodeCeased;
    /** Decided when the child left care: aged 16+ after 13 weeks looked after since 14, and not adopted, etc. */
    readonly careLeaver: boolean;
  };
  PathwayPlanRecorded: Empty;
  PathwayPlanReviewed: Empty;
  CareLeaverContactRecorded: {
    readonly inTouch: CareLeaverInTouch;
    readonly activity: CareLeaverActivity | null;
    readonly accommodation: CareLeaverAccommodation | null;
    readonly accommodationSuitable: boolean | null;
  };
  CareLeaverServicesEnded: { readonly reason: string };
  CaseClosed: { readonly episodeNumber: number; readonly reason: ClosureReason };
  EventCorrected: {
    readonly eventId: string;
    readonly eventType: MachineEventType;
    /** The corrected event's whole data, replacing what was recorded. */
    readonly data: Readonly<Record<string, unknown>>;
    /** A corrected effective date, or null to keep the recorded one. */
    readonly occurredAt: string | null;
    readonly reason: string;
  };
  EventVoided: { readonly eventId: string; readonly eventType: MachineEventType; readonly reason: string };
}

export type JourneyEventType = keyof JourneyEventDataMap;
export type CorrectionEventType = 'EventCorrected' | 'EventVoided';
/** Events the machine itself takes; corrections act on the history before it is replayed. */
export type MachineEventType = Exclude<JourneyEventType, CorrectionEventType>;

export type JourneyEventOf<T extends JourneyEventType> = {
  readonly id: string;
  readonly type: T;
  readonly data: JourneyEventDataMap[T];
  /** Effective date or date-time, as the worker says. */
  readonly occurredAt: string;
  /** System time of recording, when read back from the store; audit only, never used by the rules. */
  readonly recordedAt?: string;
  /** The machine definition that accepted the event. */
  readonly machineVersion: number;
};

export type JourneyEvent = { [T in JourneyEventType]: JourneyEventOf<T> }[JourneyEventType];
export type MachineEvent = { [T in MachineEventType]: JourneyEventOf<T> }[MachineEventType];
export type CorrectionEvent = JourneyEventOf<'EventCorrected'> | JourneyEventOf<'EventVoided'>;

/** What `decide` returns: the app gives each draft its id (e.g. `${commandId}:${index}`) and the store envelope. */
export type JourneyEventDraftOf<T extends JourneyEventType> = {
  readonly type: T;
  readonly data: JourneyEventDataMap[T];
  readonly occurredAt: string;
  readonly machineVersion: number;
};
export type JourneyEventDraft = { [T in JourneyEventType]: JourneyEventDraftOf<T> }[JourneyEventType];

export const JOURNEY_EVENT_TYPES = [
  'ContactReceived', 'DateOfBirthRecorded', 'MashDecisionMade', 'ReferralOpened', 'ReferralClosedNoFurtherAction',
  'CaseAllocated', 'CaseDeallocated', 'SupervisionRecorded',
  'AssessmentStarted', 'ChildSeenForAssessment', 'AssessmentCompleted', 'AssessmentAuthorised',
  'CinPlanStarted', 'CinPlanReviewed', 'CinVisitMade', 'CinPlanEnded',
  'StrategyDiscussionHeld', 'S47EnquiryStarted', 'S47EnquiryConcluded', 'IcpcScheduled', 'IcpcHeld',
  'ChildProtectionPlanStarted', 'CoreGroupHeld', 'ChildProtectionVisitMade', 'ReviewConferenceHeld',
  'CategoryOfAbuseChanged', 'ChildProtectionPlanEnded',
  'BecameLookedAfter', 'LegalStatusChanged', 'PlacementChanged', 'CarePlanRecorded', 'PlacementPlanRecorded',
  'LacReviewHeld', 'LacVisitMade', 'HealthAssessmentRecorded', 'PersonalEducationPlanRecorded',
  'MissingEpisodeStarted', 'MissingEpisodeEnded',
  'CareProceedingsIssued', 'InterimCareOrderMade', 'FinalOrderMade', 'CareProceedingsWithdrawn',
  'AdoptionDecisionMade', 'PlacementOrderGranted', 'MatchedWithAdopters', 'PlacedForAdoption', 'AdoptionOrderGranted',
  'AdoptionDecisionReversed', 'CeasedLookedAfter',
  'PathwayPlanRecorded', 'PathwayPlanReviewed', 'CareLeaverContactRecorded', 'CareLeaverServicesEnded',
  'CaseClosed', 'EventCorrected', 'EventVoided',
] as const satisfies readonly JourneyEventType[];

// Fails to compile when an event type is added to the map but not to the list above.
type MissingFromList = Exclude<JourneyEventType, (typeof JOURNEY_EVENT_TYPES)[number]>;
export const ALL_EVENT_TYPES_LISTED: MissingFromList extends never ? true : never = true;

export const isCorrectionEvent = (event: JourneyEvent): event is CorrectionEvent =>
  event.type === 'EventCorrected' || event.type === 'EventVoided';

export function isJourneyEventType(type: string): type is JourneyEventType {
  return (JOURNEY_EVENT_TYPES as readonly string[]).includes(type);
}
