import type {
  AdoptionCeasedReason,
  AdoptionPlacementType,
  AssessmentOutcome,
  CategoryOfAbuse,
  ClosureReason,
  CppEndReason,
  IcpcOutcome,
  InterimOrder,
  LegalStatus,
  MashDecision,
  MissingKind,
  OrderSought,
  PrimaryNeed,
  ReasonEpisodeCeased,
  ReasonNewEpisode,
  ReferralSource,
  S47Outcome,
} from './codes.js';
import type { PlacementDetails } from './journey-event.js';

/**
 * What the machine remembers beyond its state value: the facts the rules and the timescales need. Plain JSON (no
 * undefined, no ids of events) so that a fold and a step-by-step evolution compare equal and a snapshot can be cached.
 */
export interface JourneyContext {
  readonly childId: string | null;
  readonly child: ChildRecord;
  /** Earliest effective date recorded while the child was known to be born (a later date of birth cannot follow it). */
  readonly earliestDateSinceBirth: string | null;
  readonly contacts: readonly ContactRecord[];
  readonly lastReferralDate: string | null;
  readonly closedEpisodes: readonly ClosedEpisode[];
  readonly episode: OpenEpisode | null;
  /** Child protection plans ever started (for "second or subsequent plan"). */
  readonly cppCount: number;
  /** Every period of care, across episodes (for care-leaver eligibility). */
  readonly lookedAfterPeriods: readonly { readonly from: string; readonly to: string | null }[];
  readonly careLeaver: CareLeaverRecord;
}

export interface ChildRecord {
  readonly status: 'UNKNOWN' | 'BORN' | 'UNBORN';
  readonly dateOfBirth: string | null;
  readonly expectedDateOfBirth: string | null;
}

export type ContactStatus = 'AWAITING_DECISION' | 'NOT_REFERRED' | 'REFERRED' | 'LINKED_TO_OPEN_EPISODE' | 'OPENED_REFERRAL';

export interface ContactRecord {
  readonly contactId: string;
  readonly receivedOn: string;
  readonly source: ReferralSource;
  readonly status: ContactStatus;
  readonly decision: MashDecision | null;
  readonly decidedOn: string | null;
}

export interface ClosedEpisode {
  readonly number: number;
  readonly referralDate: string;
  readonly closedOn: string;
  readonly reason: ClosureReason;
  readonly referralNfa: boolean;
}

export interface AssessmentRecord {
  readonly assessmentId: string;
  readonly startedOn: string;
  readonly seenOn: string | null;
  readonly seenAlone: boolean | null;
  readonly completedOn: string | null;
  readonly authorisedOn: string | null;
  readonly outcome: AssessmentOutcome | null;
}

export interface S47Record {
  readonly strategyDiscussionOn: string;
  readonly startedOn: string | null;
  readonly icpcTargetDate: string | null;
  readonly concludedOn: string | null;
  readonly outcome: S47Outcome | null;
  readonly conferenceDate: string | null;
  readonly icpcOn: string | null;
  readonly icpcOutcome: IcpcOutcome | null;
  readonly icpcCategory: CategoryOfAbuse | null;
}

export interface CinPlanRecord {
  readonly startedOn: string;
  readonly lastReviewOn: string | null;
  readonly lastVisitOn: string | null;
  readonly lastSeenOn: string | null;
}

export interface CppRecord {
  readonly startedOn: string;
  readonly planNumber: number;
  readonly initialCategory: CategoryOfAbuse;
  readonly category: CategoryOfAbuse;
  readonly lastCoreGroupOn: string | null;
  readonly lastVisitOn: string | null;
  readonly lastSeenOn: string | null;
  readonly lastReviewOn: string | null;
}

/** One 903 episode: a period with one legal status and one placement. */
export interface Episode903 {
  readonly startedOn: string;
  readonly legalStatus: LegalStatus;
  readonly placement: PlacementDetails;
  readonly reasonNewEpisode: ReasonNewEpisode;
}

export interface AdoptionRecord {
  readonly decidedOn: string;
  readonly placementOrderOn: string | null;
  readonly matchedOn: string | null;
  readonly placedOn: string | null;
  readonly place: AdoptionPlacementType | null;
  readonly orderOn: string | null;
  readonly orderReason: AdoptionCeasedReason | null;
}

export interface LookedAfterRecord {
  readonly startedOn: string;
  readonly categoryOfNeed: PrimaryNeed;
  readonly legalStatus: LegalStatus;
  readonly placement: PlacementDetails;
  readonly placementStartedOn: string;
  readonly placementsInPeriod: number;
  readonly episodes: readonly Episode903[];
  readonly carePlanOn: string | null;
  readonly placementPlanOn: string | null;
  readonly reviewCount: number;
  readonly lastReviewOn: string | null;
  readonly lastVisitOn: string | null;
  readonly initialHealthAssessmentOn: string | null;
  readonly lastHealthAssessmentOn: string | null;
  readonly pepOn: string | null;
  readonly missing: { readonly kind: MissingKind; readonly since: string } | null;
  readonly adoption: AdoptionRecord | null;
}

export interface ProceedingsRecord {
  readonly issuedOn: string;
  readonly orderSought: OrderSought;
  readonly interimOrder: InterimOrder | null;
  readonly interimOrderOn: string | null;
}

export interface OpenEpisode {
  readonly number: number;
  readonly referralDate: string;
  readonly contactIds: readonly string[];
  readonly source: ReferralSource;
  readonly primaryNeed: PrimaryNeed;
  readonly reReferral: boolean;
  readonly emergency: boolean;
  readonly referralNfaOn: string | null;
  /** Latest effective date of anything in the episode: closure cannot precede it. */
  readonly lastActivityOn: string;
  readonly allocation: { readonly workerId: string; readonly teamId: string; readonly since: string } | null;
  readonly lastSupervisionOn: string | null;
  readonly assessments: readonly AssessmentRecord[];
  readonly lastStrategyDiscussionOn: string | null;
  /** The enquiry in hand (or the last one, once resolved). */
  readonly s47: S47Record | null;
  readonly s47Count: number;
  /** Set between an ICPC that decided on a plan and the plan's start. */
  readonly pendingPlan: { readonly icpcOn: string; readonly category: CategoryOfAbuse } | null;
  readonly cinPlan: CinPlanRecord | null;
  readonly cinPlanCount: number;
  readonly cpp: CppRecord | null;
  readonly lastCppEnd: { readonly on: string; readonly reason: CppEndReason } | null;
  readonly lookedAfter: LookedAfterRecord | null;
  readonly lastCeasedLookedAfter: { readonly on: string; readonly reason: ReasonEpisodeCeased } | null;
  readonly adoptedOn: string | null;
  readonly proceedings: ProceedingsRecord | null;
  readonly proceedingsCount: number;
}

export interface CareLeaverRecord {
  readonly since: string | null;
  readonly pathwayPlanOn: string | null;
  readonly lastPathwayReviewOn: string | null;
  readonly lastContactOn: string | null;
  readonly endedOn: string | null;
}

export const INITIAL_CONTEXT: JourneyContext = {
  childId: null,
  child: { status: 'UNKNOWN', dateOfBirth: null, expectedDateOfBirth: null },
  earliestDateSinceBirth: null,
  contacts: [],
  lastReferralDate: null,
  closedEpisodes: [],
  episode: null,
  cppCount: 0,
  lookedAfterPeriods: [],
  careLeaver: { since: null, pathwayPlanOn: null, lastPathwayReviewOn: null, lastContactOn: null, endedOn: null },
};

/** S47 work still owed an answer: closure needs every enquiry resolved (ICPC held or not required). */
export function s47Unresolved(s47: S47Record | null): boolean {
  if (s47 === null) return false;
  if (s47.outcome === 'ICPC_NOT_REQUIRED') return false;
  if (s47.outcome === 'ICPC_REQUIRED') return s47.icpcOn === null;
  return true;
}
