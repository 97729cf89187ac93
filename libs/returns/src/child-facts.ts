import {
  effectiveEvents,
  type AdoptionPlacementType,
  type AssessmentFactor,
  type AssessmentOutcome,
  type CareLeaverAccommodation,
  type CareLeaverActivity,
  type CareLeaverInTouch,
  type CategoryOfAbuse,
  type CinPlanEndReason,
  type ClosureReason,
  type CppEndReason,
  type IcpcOutcome,
  type JourneyEvent,
  type LegalStatus,
  type MashDecision,
  type MissingKind,
  type PlacementDetails,
  type PrimaryNeed,
  type ReasonEpisodeCeased,
  type ReasonNewEpisode,
  type ReasonPlaceChange,
  type ReferralSource,
  type ReviewParticipation,
  type S47Outcome,
  type AdoptionReversalReason,
  type ReplayIssue,
  type HealthAssessmentKind,
} from '@cje/journey';
import { dateOf } from './collection-year.js';

/**
 * Everything the statutory returns need from one child's history, as dated facts. Built by one linear walk over the
 * effective events (corrections applied, voids removed): the machine accepted these events when they were recorded,
 * so the walk trusts their order and never replays the machine (a replay costs ~0.3 ms an event; the walk is ~100×
 * cheaper, which is what makes a county's year fit in seconds). Facts carry every date; each return filters by its
 * own period.
 */
export interface ChildFacts {
  readonly childId: string;
  readonly dateOfBirth: string | null;
  /** The expected date of birth while the child was unborn (kept after the birth for the record). */
  readonly expectedDateOfBirth: string | null;
  /** When the birth was recorded (so a return "as at" an earlier date still sees an unborn child). */
  readonly birthRecordedOn: string | null;
  readonly contacts: readonly ContactFact[];
  readonly episodes: readonly CinEpisodeFact[];
  readonly periodsOfCare: readonly CarePeriodFact[];
  readonly careLeaver: CareLeaverFact | null;
  /** Corrections that could not be applied (the journey's own replay issues). */
  readonly issues: readonly ReplayIssue[];
}

export interface ContactFact {
  readonly contactId: string;
  readonly receivedOn: string;
  readonly source: ReferralSource;
  readonly decision: MashDecision | null;
  readonly decidedOn: string | null;
}

export interface AllocationFact {
  readonly workerId: string;
  readonly teamId: string;
  readonly from: string;
  /** Reallocation, deallocation or closure; null while it lasts. */
  readonly to: string | null;
}

export interface AssessmentFact {
  readonly assessmentId: string;
  readonly startedOn: string;
  readonly seen: readonly { readonly on: string; readonly alone: boolean }[];
  readonly completedOn: string | null;
  readonly authorisedOn: string | null;
  readonly factors: readonly AssessmentFactor[];
  readonly outcome: AssessmentOutcome | null;
}

export interface VisitFact {
  readonly on: string;
  readonly childSeen: boolean;
  readonly seenAlone: boolean;
}

export interface CinPlanFact {
  readonly startedOn: string;
  readonly endedOn: string | null;
  readonly endReason: CinPlanEndReason | null;
  readonly fromChildProtectionPlan: boolean;
  readonly reviews: readonly string[];
  readonly visits: readonly VisitFact[];
}

export interface S47Fact {
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

export interface CppFact {
  readonly startedOn: string;
  readonly endedOn: string | null;
  readonly endReason: CppEndReason | null;
  readonly planNumber: number;
  readonly initialCategory: CategoryOfAbuse;
  readonly categoryChanges: readonly { readonly on: string; readonly to: CategoryOfAbuse }[];
  readonly reviews: readonly string[];
  readonly visits: readonly VisitFact[];
  readonly coreGroups: readonly string[];
}

export interface CinEpisodeFact {
  readonly number: number;
  readonly referralDate: string;
  readonly source: ReferralSource;
  readonly primaryNeed: PrimaryNeed;
  readonly reReferral: boolean;
  readonly referralNfaOn: string | null;
  readonly closedOn: string | null;
  readonly closureReason: ClosureReason | null;
  readonly allocations: readonly AllocationFact[];
  readonly assessments: readonly AssessmentFact[];
  readonly strategyDiscussions: readonly { readonly on: string; readonly s47: boolean }[];
  /** Enquiries that started or still await their start (a withdrawn one is dropped, as the journey drops it). */
  readonly s47s: readonly S47Fact[];
  readonly cinPlans: readonly CinPlanFact[];
  readonly cpps: readonly CppFact[];
}

/** One 903 episode: a stretch with one legal status and one placement. */
export interface Episode903Fact {
  readonly startedOn: string;
  readonly reasonNewEpisode: ReasonNewEpisode;
  readonly legalStatus: LegalStatus;
  readonly placement: PlacementDetails;
  readonly endedOn: string | null;
  /** X1 when another episode follows the same day; the REC when care ended; null while open. */
  readonly reasonEnded: ReasonEpisodeCeased | null;
  /** The reason the placement changed at the end of this episode (903 records it on the episode that ends). */
  readonly reasonPlaceChange: ReasonPlaceChange | null;
}

export interface MissingFact {
  readonly kind: MissingKind;
  readonly startedOn: string;
  readonly endedOn: string | null;
  readonly returnInterviewOffered: boolean | null;
  readonly returnInterviewAccepted: boolean | null;
}

export interface AdoptionFact {
  readonly decidedOn: string;
  readonly placementOrderOn: string | null;
  readonly matchedOn: string | null;
  readonly placedOn: string | null;
  readonly place: AdoptionPlacementType | null;
  readonly orderOn: string | null;
  readonly reversedOn: string | null;
  readonly reversalReason: AdoptionReversalReason | null;
}

export interface CarePeriodFact {
  readonly episodeNumber: number;
  readonly startedOn: string;
  readonly endedOn: string | null;
  readonly reasonCeased: ReasonEpisodeCeased | null;
  readonly categoryOfNeed: PrimaryNeed;
  readonly becameCareLeaver: boolean;
  readonly episodes: readonly Episode903Fact[];
  readonly reviews: readonly { readonly on: string; readonly participation: ReviewParticipation | null }[];
  readonly visits: readonly VisitFact[];
  readonly healthAssessments: readonly { readonly on: string; readonly kind: HealthAssessmentKind }[];
  readonly personalEducationPlans: readonly string[];
  readonly missing: readonly MissingFact[];
  readonly adoptions: readonly AdoptionFact[];
}

export interface CareLeaverFact {
  readonly since: string;
  readonly endedOn: string | null;
  /** Every pathway plan and review, including those made while the young person was still looked after. */
  readonly pathwayPlans: readonly string[];
  readonly pathwayPlanReviews: readonly string[];
  readonly contacts: readonly {
    readonly on: string;
    readonly inTouch: CareLeaverInTouch;
    readonly activity: CareLeaverActivity | null;
    readonly accommodation: CareLeaverAccommodation | null;
    readonly accommodationSuitable: boolean | null;
  }[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] extends object | null ? T[K] : T[K] };

/** The child's facts from the events of their stream (as read: corrections and voids are applied here). */
export function childFacts(childId: string, events: readonly JourneyEvent[]): ChildFacts {
  const { events: effective, issues } = effectiveEvents(events);
  let dateOfBirth: string | null = null;
  let expectedDateOfBirth: string | null = null;
  let birthRecordedOn: string | null = null;
  const contacts: Mutable<ContactFact>[] = [];
  const episodes: Mutable<CinEpisodeFact>[] = [];
  const periods: Mutable<CarePeriodFact>[] = [];
  let careLeaver: Mutable<CareLeaverFact> | null = null;
  // A pathway plan starts while the young person is still looked after (from 16): kept for when they become a care leaver.
  const pathwayPlans: string[] = [];
  const pathwayPlanReviews: string[] = [];
  let episode: Mutable<CinEpisodeFact> | null = null;
  let period: Mutable<CarePeriodFact> | null = null;
  const currentS47 = (): Mutable<S47Fact> | undefined => episode?.s47s.at(-1);
  const openCinPlan = (): Mutable<CinPlanFact> | undefined => {
    const plan = episode?.cinPlans.at(-1);
    return plan && plan.endedOn === null ? plan : undefined;
  };
  const openCpp = (): Mutable<CppFact> | undefined => {
    const plan = episode?.cpps.at(-1);
    return plan && plan.endedOn === null ? plan : undefined;
  };
  const current903 = (): Mutable<Episode903Fact> | undefined => period?.episodes.at(-1);
  const currentAdoption = (): Mutable<AdoptionFact> | undefined => {
    const a = period?.adoptions.at(-1);
    return a && a.reversedOn === null ? a : undefined;
  };
  const endAllocation = (on: string): void => {
    const a = episode?.allocations.at(-1);
    if (a && a.to === null) a.to = on;
  };

  for (const event of effective) {
    const on = dateOf(event.occurredAt);
    switch (event.type) {
      case 'ContactReceived': {
        const child = event.data.child;
        if (child.status === 'BORN') {
          if (child.dateOfBirth !== null && dateOfBirth === null) {
            dateOfBirth = child.dateOfBirth;
            birthRecordedOn = on;
          }
        } else if (dateOfBirth === null) expectedDateOfBirth = child.expectedDateOfBirth;
        contacts.push({ contactId: event.data.contactId, receivedOn: on, source: event.data.source, decision: null, decidedOn: null });
        break;
      }
      case 'DateOfBirthRecorded':
        dateOfBirth = event.data.dateOfBirth;
        birthRecordedOn = on;
        break;
      case 'MashDecisionMade': {
        const contact = contacts.find((c) => c.contactId === event.data.contactId);
        if (contact) {
          contact.decision = event.data.decision;
          contact.decidedOn = on;
        }
        break;
      }
      case 'ReferralOpened':
        episode = {
          number: event.data.episodeNumber,
          referralDate: on,
          source: event.data.source,
          primaryNeed: event.data.primaryNeed,
          reReferral: event.data.reReferral,
          referralNfaOn: null,
          closedOn: null,
          closureReason: null,
          allocations: [],
          assessments: [],
          strategyDiscussions: [],
          s47s: [],
          cinPlans: [],
          cpps: [],
        };
        episodes.push(episode);
        break;
      case 'ReferralClosedNoFurtherAction':
        if (episode) episode.referralNfaOn = on;
        break;
      case 'CaseAllocated':
        if (episode) {
          endAllocation(on);
          episode.allocations.push({ workerId: event.data.workerId, teamId: event.data.teamId, from: on, to: null });
        }
        break;
      case 'CaseDeallocated':
        endAllocation(on);
        break;
      case 'SupervisionRecorded':
        break;
      case 'AssessmentStarted':
        episode?.assessments.push({
          assessmentId: event.data.assessmentId,
          startedOn: on,
          seen: [],
          completedOn: null,
          authorisedOn: null,
          factors: [],
          outcome: null,
        });
        break;
      case 'ChildSeenForAssessment':
        episode?.assessments.find((a) => a.assessmentId === event.data.assessmentId)?.seen.push({ on, alone: event.data.seenAlone });
        break;
      case 'AssessmentCompleted': {
        const a = episode?.assessments.find((x) => x.assessmentId === event.data.assessmentId);
        if (a) a.completedOn = on;
        break;
      }
      case 'AssessmentAuthorised': {
        const a = episode?.assessments.find((x) => x.assessmentId === event.data.assessmentId);
        if (a) {
          a.authorisedOn = on;
          a.factors = [...event.data.factors];
          a.outcome = event.data.outcome;
        }
        break;
      }
      case 'CinPlanStarted':
        episode?.cinPlans.push({ startedOn: on, endedOn: null, endReason: null, fromChildProtectionPlan: event.data.fromChildProtectionPlan, reviews: [], visits: [] });
        break;
      case 'CinPlanReviewed':
        openCinPlan()?.reviews.push(on);
        break;
      case 'CinVisitMade':
        openCinPlan()?.visits.push({ on, childSeen: event.data.childSeen, seenAlone: event.data.seenAlone });
        break;
      case 'CinPlanEnded': {
        const plan = openCinPlan();
        if (plan) {
          plan.endedOn = on;
          plan.endReason = event.data.reason;
        }
        break;
      }
      case 'StrategyDiscussionHeld': {
        if (!episode) break;
        episode.strategyDiscussions.push({ on, s47: event.data.outcome === 'S47_ENQUIRY' });
        // The same bookkeeping as the journey: a discussion during an enquiry is a reconvened one; one that decides
        // against an enquiry not yet started withdraws it; otherwise a decision for an enquiry opens one.
        const s47 = currentS47();
        const inHand = s47 !== undefined && s47.startedOn !== null && s47.outcome === null;
        const awaiting = s47 !== undefined && s47.startedOn === null;
        if (inHand) break;
        if (event.data.outcome === 'NO_S47') {
          if (awaiting) episode.s47s.pop();
          break;
        }
        if (awaiting) break;
        episode.s47s.push({
          strategyDiscussionOn: on,
          startedOn: null,
          icpcTargetDate: null,
          concludedOn: null,
          outcome: null,
          conferenceDate: null,
          icpcOn: null,
          icpcOutcome: null,
          icpcCategory: null,
        });
        break;
      }
      case 'S47EnquiryStarted': {
        const s47 = currentS47();
        if (s47) {
          s47.startedOn = on;
          s47.icpcTargetDate = event.data.icpcTargetDate;
        }
        break;
      }
      case 'S47EnquiryConcluded': {
        const s47 = currentS47();
        if (s47) {
          s47.concludedOn = on;
          s47.outcome = event.data.outcome;
        }
        break;
      }
      case 'IcpcScheduled': {
        const s47 = currentS47();
        if (s47) {
          s47.conferenceDate = event.data.conferenceDate;
          s47.icpcTargetDate = event.data.targetDate;
        }
        break;
      }
      case 'IcpcHeld': {
        const s47 = currentS47();
        if (s47) {
          s47.icpcOn = on;
          s47.icpcOutcome = event.data.outcome;
          s47.icpcCategory = event.data.category;
        }
        break;
      }
      case 'ChildProtectionPlanStarted':
        episode?.cpps.push({
          startedOn: on,
          endedOn: null,
          endReason: null,
          planNumber: event.data.planNumber,
          initialCategory: event.data.category,
          categoryChanges: [],
          reviews: [],
          visits: [],
          coreGroups: [],
        });
        break;
      case 'CoreGroupHeld':
        openCpp()?.coreGroups.push(on);
        break;
      case 'ChildProtectionVisitMade':
        openCpp()?.visits.push({ on, childSeen: event.data.childSeen, seenAlone: event.data.seenAlone });
        break;
      case 'ReviewConferenceHeld':
        openCpp()?.reviews.push(on);
        break;
      case 'CategoryOfAbuseChanged':
        openCpp()?.categoryChanges.push({ on, to: event.data.to });
        break;
      case 'ChildProtectionPlanEnded': {
        const plan = openCpp();
        if (plan) {
          plan.endedOn = on;
          plan.endReason = event.data.reason;
        }
        break;
      }
      case 'BecameLookedAfter':
        period = {
          episodeNumber: episode?.number ?? 0,
          startedOn: on,
          endedOn: null,
          reasonCeased: null,
          categoryOfNeed: event.data.categoryOfNeed,
          becameCareLeaver: false,
          episodes: [
            {
              startedOn: on,
              reasonNewEpisode: 'S',
              legalStatus: event.data.legalStatus,
              placement: event.data.placement,
              endedOn: null,
              reasonEnded: null,
              reasonPlaceChange: null,
            },
          ],
          reviews: [],
          visits: [],
          healthAssessments: [],
          personalEducationPlans: [],
          missing: [],
          adoptions: [],
        };
        periods.push(period);
        break;
      case 'LegalStatusChanged': {
        const last = current903();
        if (!period || !last) break;
        last.endedOn = on;
        last.reasonEnded = 'X1';
        period.episodes.push({ startedOn: on, reasonNewEpisode: 'L', legalStatus: event.data.to, placement: last.placement, endedOn: null, reasonEnded: null, reasonPlaceChange: null });
        break;
      }
      case 'PlacementChanged': {
        const last = current903();
        if (!period || !last) break;
        last.endedOn = on;
        last.reasonEnded = 'X1';
        last.reasonPlaceChange = event.data.reasonPlaceChange;
        period.episodes.push({
          startedOn: on,
          reasonNewEpisode: event.data.reasonNewEpisode,
          legalStatus: event.data.newLegalStatus ?? last.legalStatus,
          placement: event.data.placement,
          endedOn: null,
          reasonEnded: null,
          reasonPlaceChange: null,
        });
        break;
      }
      case 'CarePlanRecorded':
      case 'PlacementPlanRecorded':
        break;
      case 'LacReviewHeld':
        period?.reviews.push({ on, participation: event.data.participation });
        break;
      case 'LacVisitMade':
        period?.visits.push({ on, childSeen: event.data.childSeen, seenAlone: event.data.seenAlone });
        break;
      case 'HealthAssessmentRecorded':
        period?.healthAssessments.push({ on, kind: event.data.kind });
        break;
      case 'PersonalEducationPlanRecorded':
        period?.personalEducationPlans.push(on);
        break;
      case 'MissingEpisodeStarted':
        period?.missing.push({ kind: event.data.kind, startedOn: on, endedOn: null, returnInterviewOffered: null, returnInterviewAccepted: null });
        break;
      case 'MissingEpisodeEnded': {
        const m = period?.missing.at(-1);
        if (m && m.endedOn === null) {
          m.endedOn = on;
          m.returnInterviewOffered = event.data.returnInterviewOffered;
          m.returnInterviewAccepted = event.data.returnInterviewAccepted;
        }
        break;
      }
      case 'CareProceedingsIssued':
      case 'InterimCareOrderMade':
      case 'FinalOrderMade':
      case 'CareProceedingsWithdrawn':
        break;
      case 'AdoptionDecisionMade':
        period?.adoptions.push({ decidedOn: on, placementOrderOn: null, matchedOn: null, placedOn: null, place: null, orderOn: null, reversedOn: null, reversalReason: null });
        break;
      case 'PlacementOrderGranted': {
        const a = currentAdoption();
        if (a) a.placementOrderOn = on;
        break;
      }
      case 'MatchedWithAdopters': {
        const a = currentAdoption();
        if (a) a.matchedOn = on;
        break;
      }
      case 'PlacedForAdoption': {
        const a = currentAdoption();
        if (a) {
          a.placedOn = on;
          a.place = event.data.place;
        }
        break;
      }
      case 'AdoptionOrderGranted': {
        const a = currentAdoption();
        if (a) a.orderOn = on;
        break;
      }
      case 'AdoptionDecisionReversed': {
        const a = currentAdoption();
        if (a) {
          a.reversedOn = on;
          a.reversalReason = event.data.reason;
        }
        break;
      }
      case 'CeasedLookedAfter': {
        const last = current903();
        if (!period || !last) break;
        last.endedOn = on;
        last.reasonEnded = event.data.reasonEpisodeCeased;
        period.endedOn = on;
        period.reasonCeased = event.data.reasonEpisodeCeased;
        period.becameCareLeaver = event.data.careLeaver;
        if (event.data.careLeaver && careLeaver === null)
          careLeaver = { since: on, endedOn: null, pathwayPlans, pathwayPlanReviews, contacts: [] };
        period = null;
        break;
      }
      case 'PathwayPlanRecorded':
        pathwayPlans.push(on);
        break;
      case 'PathwayPlanReviewed':
        pathwayPlanReviews.push(on);
        break;
      case 'CareLeaverContactRecorded':
        careLeaver?.contacts.push({
          on,
          inTouch: event.data.inTouch,
          activity: event.data.activity,
          accommodation: event.data.accommodation,
          accommodationSuitable: event.data.accommodationSuitable,
        });
        break;
      case 'CareLeaverServicesEnded':
        if (careLeaver) careLeaver.endedOn = on;
        break;
      case 'CaseClosed':
        if (episode) {
          endAllocation(on);
          episode.closedOn = on;
          episode.closureReason = event.data.reason;
          episode = null;
        }
        break;
    }
  }
  return { childId, dateOfBirth, expectedDateOfBirth, birthRecordedOn, contacts, episodes, periodsOfCare: periods, careLeaver, issues };
}

/** The category of abuse of a plan as it stood on a date. */
export function categoryOn(plan: CppFact, on: string): CategoryOfAbuse {
  let category = plan.initialCategory;
  for (const change of plan.categoryChanges) if (change.on <= on) category = change.to;
  return category;
}

/** The allocation in force on a date within an episode (the latest one starting on or before it). */
export function allocationOn(episode: CinEpisodeFact, on: string): AllocationFact | null {
  let found: AllocationFact | null = null;
  for (const a of episode.allocations) if (a.from <= on && (a.to === null || a.to > on)) found = a;
  return found;
}
