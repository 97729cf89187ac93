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
  PrimaryNeed,
  ReasonEpisodeCeased,
  ReasonPlaceChange,
  ReferralSource,
  ReviewParticipation,
  S47NextStep,
  S47Outcome,
  StrategyDiscussionAgency,
  StrategyDiscussionOutcome,
} from './codes.js';
import type { ChildDetails, PlacementDetails } from './journey-event.js';

/** Who issues a command; the app takes it from the authenticated user. */
export interface JourneyActor {
  readonly userId: string;
  readonly role: string;
  readonly team: string;
}

type Empty = Readonly<Record<string, never>>;

/** Command type → data. Every command's effective date is its `occurredAt`. */
export interface JourneyCommandDataMap {
  RecordContact: {
    readonly contactId: string;
    readonly source: ReferralSource;
    readonly child: ChildDetails;
    readonly concerns: string;
  };
  RecordDateOfBirth: { readonly dateOfBirth: string };
  RecordMashDecision: { readonly contactId: string; readonly decision: MashDecision; readonly checks: readonly MashCheck[] };
  /** Opens a CIN episode from every contact the MASH referred; the source defaults to the first contact's. */
  OpenReferral: { readonly primaryNeed: PrimaryNeed; readonly source?: ReferralSource };
  RecordReferralNoFurtherAction: Empty;
  AllocateCase: { readonly workerId: string; readonly teamId: string };
  DeallocateCase: { readonly reason: string };
  RecordSupervision: { readonly supervisorId: string };
  StartAssessment: { readonly assessmentId: string };
  RecordChildSeenForAssessment: { readonly assessmentId: string; readonly seenAlone: boolean };
  CompleteAssessment: { readonly assessmentId: string };
  AuthoriseAssessment: {
    readonly assessmentId: string;
    readonly factors: readonly AssessmentFactor[];
    readonly outcome: AssessmentOutcome;
  };
  StartCinPlan: Empty;
  ReviewCinPlan: Empty;
  RecordCinVisit: { readonly childSeen: boolean; readonly seenAlone: boolean };
  EndCinPlan: { readonly reason: CinPlanEndReason };
  /**
   * Any time in an open episode; with no episode open, an emergency straight from a contact: the MASH decision (if
   * still due) and the referral are recorded with it, so `primaryNeed` is then required.
   */
  HoldStrategyDiscussion: {
    readonly outcome: StrategyDiscussionOutcome;
    readonly agencies: readonly StrategyDiscussionAgency[];
    readonly emergencyContactId?: string;
    readonly primaryNeed?: PrimaryNeed;
  };
  StartS47Enquiry: Empty;
  ConcludeS47Enquiry: { readonly outcome: S47Outcome; readonly nextStep?: S47NextStep };
  ScheduleIcpc: { readonly conferenceDate: string };
  /** With outcome PLAN the child protection plan starts the same day (and an open CIN plan ends). */
  HoldIcpc: { readonly outcome: IcpcOutcome; readonly category?: CategoryOfAbuse };
  HoldCoreGroup: Empty;
  RecordChildProtectionVisit: { readonly childSeen: boolean; readonly seenAlone: boolean };
  /** When the plan does not continue, `endReason` ends it (STEP_DOWN_TO_CIN also starts the CIN plan). */
  HoldReviewConference: { readonly planContinues: boolean; readonly endReason?: CppEndReason };
  ChangeCategoryOfAbuse: { readonly category: CategoryOfAbuse };
  EndChildProtectionPlan: { readonly reason: CppEndReason };
  BecomeLookedAfter: {
    readonly legalStatus: LegalStatus;
    readonly placement: PlacementDetails;
    readonly categoryOfNeed: PrimaryNeed;
  };
  ChangeLegalStatus: { readonly legalStatus: LegalStatus };
  ChangePlacement: {
    readonly placement: PlacementDetails;
    readonly sameCarer: boolean;
    readonly reasonPlaceChange: ReasonPlaceChange;
    readonly legalStatus?: LegalStatus;
  };
  RecordCarePlan: Empty;
  RecordPlacementPlan: Empty;
  HoldLacReview: { readonly participation?: ReviewParticipation };
  RecordLacVisit: { readonly childSeen: boolean; readonly seenAlone: boolean };
  RecordHealthAssessment: { readonly kind: HealthAssessmentKind };
  RecordPersonalEducationPlan: Empty;
  StartMissingEpisode: { readonly kind: MissingKind };
  EndMissingEpisode: { readonly returnInterviewOffered: boolean; readonly returnInterviewAccepted: boolean };
  IssueCareProceedings: { readonly orderSought: OrderSought };
  MakeInterimCareOrder: { readonly order: InterimOrder };
  MakeFinalOrder: { readonly order: FinalOrder };
  WithdrawCareProceedings: Empty;
  RecordAdoptionDecision: Empty;
  /** Also moves the legal status to E1 when it is not E1 already. */
  GrantPlacementOrder: Empty;
  MatchWithAdopters: Empty;
  /** Records the placement change to the adoption placement (A3–A6) with it. */
  PlaceForAdoption: {
    readonly place: AdoptionPlacementType;
    readonly provider: PlacementDetails['provider'];
    readonly distanceFromHomeMiles: number | null;
    readonly insideLocalAuthority: boolean | null;
    readonly sameCarer: boolean;
  };
  /** Also records that the child ceased to be looked after (REC E11/E12). */
  GrantAdoptionOrder: { readonly reasonEpisodeCeased: AdoptionCeasedReason };
  ReverseAdoptionDecision: { readonly reason: AdoptionReversalReason };
  CeaseLookedAfter: { readonly reasonEpisodeCeased: ReasonEpisodeCeased };
  RecordPathwayPlan: Empty;
  ReviewPathwayPlan: Empty;
  RecordCareLeaverContact: {
    readonly inTouch: CareLeaverInTouch;
    readonly activity?: CareLeaverActivity;
    readonly accommodation?: CareLeaverAccommodation;
    readonly accommodationSuitable?: boolean;
  };
  EndCareLeaverServices: { readonly reason: string };
  CloseCase: { readonly reason: ClosureReason };
  /** Replaces a recorded event's data (whole) and optionally its effective date. */
  CorrectEvent: {
    readonly eventId: string;
    readonly data: Readonly<Record<string, unknown>>;
    readonly occurredAt?: string;
    readonly reason: string;
  };
  /** Voids one or more events together (events recorded by one command usually go together). */
  VoidEvent: { readonly eventIds: readonly string[]; readonly reason: string };
}

export type JourneyCommandType = keyof JourneyCommandDataMap;

export type JourneyCommandOf<T extends JourneyCommandType> = {
  readonly type: T;
  /** Makes the command idempotent; the app derives event ids from it. */
  readonly commandId: string;
  readonly childId: string;
  /** Effective date or date-time of what the command records (ISO 8601), as the worker says. */
  readonly occurredAt: string;
  readonly actor: JourneyActor;
  readonly data: JourneyCommandDataMap[T];
};

export type JourneyCommand = { [T in JourneyCommandType]: JourneyCommandOf<T> }[JourneyCommandType];

export const JOURNEY_COMMAND_TYPES = [
  'RecordContact', 'RecordDateOfBirth', 'RecordMashDecision', 'OpenReferral', 'RecordReferralNoFurtherAction',
  'AllocateCase', 'DeallocateCase', 'RecordSupervision',
  'StartAssessment', 'RecordChildSeenForAssessment', 'CompleteAssessment', 'AuthoriseAssessment',
  'StartCinPlan', 'ReviewCinPlan', 'RecordCinVisit', 'EndCinPlan',
  'HoldStrategyDiscussion', 'StartS47Enquiry', 'ConcludeS47Enquiry', 'ScheduleIcpc', 'HoldIcpc',
  'HoldCoreGroup', 'RecordChildProtectionVisit', 'HoldReviewConference', 'ChangeCategoryOfAbuse', 'EndChildProtectionPlan',
  'BecomeLookedAfter', 'ChangeLegalStatus', 'ChangePlacement', 'RecordCarePlan', 'RecordPlacementPlan', 'HoldLacReview',
  'RecordLacVisit', 'RecordHealthAssessment', 'RecordPersonalEducationPlan', 'StartMissingEpisode', 'EndMissingEpisode',
  'IssueCareProceedings', 'MakeInterimCareOrder', 'MakeFinalOrder', 'WithdrawCareProceedings',
  'RecordAdoptionDecision', 'GrantPlacementOrder', 'MatchWithAdopters', 'PlaceForAdoption', 'GrantAdoptionOrder',
  'ReverseAdoptionDecision', 'CeaseLookedAfter',
  'RecordPathwayPlan', 'ReviewPathwayPlan', 'RecordCareLeaverContact', 'EndCareLeaverServices',
  'CloseCase', 'CorrectEvent', 'VoidEvent',
] as const satisfies readonly JourneyCommandType[];

type MissingFromList = Exclude<JourneyCommandType, (typeof JOURNEY_COMMAND_TYPES)[number]>;
export const ALL_COMMAND_TYPES_LISTED: MissingFromList extends never ? true : never = true;
