import { addMonths, addWorkingDays, dateOf, daysBetween } from './dates.js';
import { isCareLeaverOnCeasing } from './care-leaver-eligibility.js';
import { explainIllegal } from './illegal-transition-reasons.js';
import type { JourneyCommand, JourneyCommandType } from './journey-command.js';
import type { JourneyEventDataMap, JourneyEventDraft, JourneyEventDraftOf, MachineEventType } from './journey-event.js';
import type { JourneyState } from './journey-state.js';
import { MACHINE_VERSION } from './machine-version.js';
import type { Rejection } from './rejection.js';
import { stageView } from './stage-view.js';

/** What `decide` needs from the outside world: the time of the decision and the working-day calendar. */
export interface DecideContext {
  /** Now, as an ISO date-time (the command's receipt time); effective dates may not be after it. */
  readonly now: string;
  /** England and Wales working days (the app wires the timescales calendar). */
  isWorkingDay(date: string): boolean;
}

export type Translation = { readonly ok: true; readonly drafts: JourneyEventDraft[] } | { readonly ok: false; readonly rejection: Rejection };

/** The event that carries each command; what a screen may offer is judged on it. */
export const PRIMARY_EVENT: { readonly [T in Exclude<JourneyCommandType, 'CorrectEvent' | 'VoidEvent'>]: MachineEventType } = {
  RecordContact: 'ContactReceived',
  RecordDateOfBirth: 'DateOfBirthRecorded',
  RecordMashDecision: 'MashDecisionMade',
  OpenReferral: 'ReferralOpened',
  RecordReferralNoFurtherAction: 'ReferralClosedNoFurtherAction',
  AllocateCase: 'CaseAllocated',
  DeallocateCase: 'CaseDeallocated',
  RecordSupervision: 'SupervisionRecorded',
  StartAssessment: 'AssessmentStarted',
  RecordChildSeenForAssessment: 'ChildSeenForAssessment',
  CompleteAssessment: 'AssessmentCompleted',
  AuthoriseAssessment: 'AssessmentAuthorised',
  StartCinPlan: 'CinPlanStarted',
  ReviewCinPlan: 'CinPlanReviewed',
  RecordCinVisit: 'CinVisitMade',
  EndCinPlan: 'CinPlanEnded',
  HoldStrategyDiscussion: 'StrategyDiscussionHeld',
  StartS47Enquiry: 'S47EnquiryStarted',
  ConcludeS47Enquiry: 'S47EnquiryConcluded',
  ScheduleIcpc: 'IcpcScheduled',
  HoldIcpc: 'IcpcHeld',
  HoldCoreGroup: 'CoreGroupHeld',
  RecordChildProtectionVisit: 'ChildProtectionVisitMade',
  HoldReviewConference: 'ReviewConferenceHeld',
  ChangeCategoryOfAbuse: 'CategoryOfAbuseChanged',
  EndChildProtectionPlan: 'ChildProtectionPlanEnded',
  BecomeLookedAfter: 'BecameLookedAfter',
  ChangeLegalStatus: 'LegalStatusChanged',
  ChangePlacement: 'PlacementChanged',
  RecordCarePlan: 'CarePlanRecorded',
  RecordPlacementPlan: 'PlacementPlanRecorded',
  HoldLacReview: 'LacReviewHeld',
  RecordLacVisit: 'LacVisitMade',
  RecordHealthAssessment: 'HealthAssessmentRecorded',
  RecordPersonalEducationPlan: 'PersonalEducationPlanRecorded',
  StartMissingEpisode: 'MissingEpisodeStarted',
  EndMissingEpisode: 'MissingEpisodeEnded',
  IssueCareProceedings: 'CareProceedingsIssued',
  MakeInterimCareOrder: 'InterimCareOrderMade',
  MakeFinalOrder: 'FinalOrderMade',
  WithdrawCareProceedings: 'CareProceedingsWithdrawn',
  RecordAdoptionDecision: 'AdoptionDecisionMade',
  GrantPlacementOrder: 'PlacementOrderGranted',
  MatchWithAdopters: 'MatchedWithAdopters',
  PlaceForAdoption: 'PlacedForAdoption',
  GrantAdoptionOrder: 'AdoptionOrderGranted',
  ReverseAdoptionDecision: 'AdoptionDecisionReversed',
  CeaseLookedAfter: 'CeasedLookedAfter',
  RecordPathwayPlan: 'PathwayPlanRecorded',
  ReviewPathwayPlan: 'PathwayPlanReviewed',
  RecordCareLeaverContact: 'CareLeaverContactRecorded',
  EndCareLeaverServices: 'CareLeaverServicesEnded',
  CloseCase: 'CaseClosed',
};

const ok = (...drafts: JourneyEventDraft[]): Translation => ({ ok: true, drafts });
const no = (code: Rejection['code'], reason: string): Translation => ({ ok: false, rejection: { code, reason } });

/** ICPC within 15 working days of the strategy discussion that started the s47 (Working Together 2023). */
export const ICPC_WORKING_DAYS = 15;

/**
 * Turns a command into the events that record it. Decisions that depend on the calendar or on the history (re-referral,
 * 903 RNE, care-leaver eligibility, ICPC target date) are made here and written into the events, so a replay never
 * needs today's calendar. Rules are not checked here; the machine checks every draft.
 */
export function translateCommand(state: JourneyState, command: Exclude<JourneyCommand, { type: 'CorrectEvent' | 'VoidEvent' }>, ctx: DecideContext): Translation {
  const at = command.occurredAt;
  const on = dateOf(at);
  const c = state.context;
  const episode = c.episode;
  const l = episode?.lookedAfter ?? null;
  const draft = <T extends MachineEventType>(type: T, data: JourneyEventDataMap[T]): JourneyEventDraft =>
    ({ type, data, occurredAt: at, machineVersion: MACHINE_VERSION }) as JourneyEventDraftOf<T> as JourneyEventDraft;

  switch (command.type) {
    case 'RecordContact': {
      const d = command.data;
      const child = d.child.status === 'BORN' ? { status: 'BORN' as const, dateOfBirth: d.child.dateOfBirth ?? null } : d.child;
      return ok(draft('ContactReceived', { contactId: d.contactId, childId: command.childId, source: d.source, child, concerns: d.concerns }));
    }
    case 'RecordDateOfBirth':
      return ok(draft('DateOfBirthRecorded', { dateOfBirth: command.data.dateOfBirth, wasUnborn: c.child.status === 'UNBORN' }));
    case 'RecordMashDecision': {
      const d = command.data;
      return ok(
        draft('MashDecisionMade', {
          contactId: d.contactId,
          decision: d.decision,
          checks: d.checks,
          emergency: false,
          linkedToOpenEpisode: d.decision === 'REFER_TO_CSC' && episode !== null,
        }),
      );
    }
    case 'OpenReferral': {
      const referred = c.contacts.filter((x) => x.status === 'REFERRED');
      if (episode !== null || referred.length === 0)
        return episode !== null || stageView(state.value).frontDoor === 'quiet'
          ? no('ILLEGAL_TRANSITION', explainIllegal('ReferralOpened', stageView(state.value)))
          : no('RULE_BROKEN', "A referral cannot be opened: no contact has been referred to children's social care");
      return ok(referralDraft(state, on, referred.map((x) => x.contactId), command.data.source ?? referred[0]?.source ?? '10', command.data.primaryNeed, false, draft));
    }
    case 'RecordReferralNoFurtherAction':
      return ok(draft('ReferralClosedNoFurtherAction', { episodeNumber: episode?.number ?? 0 }));
    case 'AllocateCase':
      return ok(draft('CaseAllocated', { workerId: command.data.workerId, teamId: command.data.teamId }));
    case 'DeallocateCase':
      return ok(draft('CaseDeallocated', { reason: command.data.reason }));
    case 'RecordSupervision':
      return ok(draft('SupervisionRecorded', { supervisorId: command.data.supervisorId }));
    case 'StartAssessment':
      return ok(draft('AssessmentStarted', { assessmentId: command.data.assessmentId }));
    case 'RecordChildSeenForAssessment':
      return ok(draft('ChildSeenForAssessment', { assessmentId: command.data.assessmentId, seenAlone: command.data.seenAlone }));
    case 'CompleteAssessment':
      return ok(draft('AssessmentCompleted', { assessmentId: command.data.assessmentId }));
    case 'AuthoriseAssessment':
      return ok(
        draft('AssessmentAuthorised', {
          assessmentId: command.data.assessmentId,
          authorisedBy: command.actor.userId,
          factors: command.data.factors,
          outcome: command.data.outcome,
        }),
      );
    case 'StartCinPlan':
      return ok(draft('CinPlanStarted', { fromChildProtectionPlan: false }));
    case 'ReviewCinPlan':
      return ok(draft('CinPlanReviewed', {}));
    case 'RecordCinVisit':
      return ok(draft('CinVisitMade', { childSeen: command.data.childSeen, seenAlone: command.data.seenAlone }));
    case 'EndCinPlan':
      return ok(draft('CinPlanEnded', { reason: command.data.reason }));
    case 'HoldStrategyDiscussion': {
      const d = command.data;
      const discussion = (emergency: boolean) => draft('StrategyDiscussionHeld', { outcome: d.outcome, agencies: d.agencies, emergency });
      if (episode !== null) {
        return d.emergencyContactId === undefined
          ? ok(discussion(false))
          : no('RULE_BROKEN', 'A strategy discussion cannot be recorded as an emergency from a contact: the case is already open');
      }
      if (d.emergencyContactId === undefined)
        return no('ILLEGAL_TRANSITION', 'A strategy discussion cannot be recorded: no case is open (in an emergency, name the contact it comes from)');
      const contact = c.contacts.find((x) => x.contactId === d.emergencyContactId);
      if (!contact || (contact.status !== 'AWAITING_DECISION' && contact.status !== 'REFERRED'))
        return no('RULE_BROKEN', 'A strategy discussion cannot be recorded: the contact is not awaiting a decision or a referral');
      if (d.primaryNeed === undefined) return no('INVALID_DATA', 'data.primaryNeed is needed to open the referral in an emergency');
      const decision =
        contact.status === 'AWAITING_DECISION'
          ? [draft('MashDecisionMade', { contactId: contact.contactId, decision: 'REFER_TO_CSC', checks: [], emergency: true, linkedToOpenEpisode: false })]
          : [];
      const contactIds = [
        ...c.contacts.filter((x) => x.status === 'REFERRED' && x.contactId !== contact.contactId).map((x) => x.contactId),
        contact.contactId,
      ];
      return ok(...decision, referralDraft(state, on, contactIds, contact.source, d.primaryNeed, true, draft), discussion(true));
    }
    case 'StartS47Enquiry': {
      const discussedOn = episode?.s47?.strategyDiscussionOn ?? on;
      return ok(
        draft('S47EnquiryStarted', {
          strategyDiscussionDate: discussedOn,
          icpcTargetDate: addWorkingDays(discussedOn, ICPC_WORKING_DAYS, (date) => ctx.isWorkingDay(date)),
        }),
      );
    }
    case 'ConcludeS47Enquiry':
      return ok(draft('S47EnquiryConcluded', { outcome: command.data.outcome, nextStep: command.data.nextStep ?? null }));
    case 'ScheduleIcpc': {
      if (!ctx.isWorkingDay(command.data.conferenceDate))
        return no('RULE_BROKEN', 'An ICPC cannot be scheduled: the conference date is a weekend or bank holiday');
      return ok(draft('IcpcScheduled', { conferenceDate: command.data.conferenceDate, targetDate: icpcTarget(state, on, ctx) }));
    }
    case 'HoldIcpc': {
      if (!ctx.isWorkingDay(on)) return no('RULE_BROKEN', 'An ICPC cannot be held on a weekend or bank holiday');
      const category = command.data.category ?? null;
      const held = draft('IcpcHeld', { outcome: command.data.outcome, category, targetDate: icpcTarget(state, on, ctx) });
      if (command.data.outcome !== 'PLAN' || category === null) return ok(held);
      const endCin = episode?.cinPlan ? [draft('CinPlanEnded', { reason: 'CHILD_PROTECTION_PLAN' })] : [];
      return ok(held, ...endCin, draft('ChildProtectionPlanStarted', { category, icpcDate: on, planNumber: c.cppCount + 1 }));
    }
    case 'HoldCoreGroup':
      return ok(draft('CoreGroupHeld', {}));
    case 'RecordChildProtectionVisit':
      return ok(draft('ChildProtectionVisitMade', { childSeen: command.data.childSeen, seenAlone: command.data.seenAlone }));
    case 'HoldReviewConference': {
      const d = command.data;
      const review = draft('ReviewConferenceHeld', { planContinues: d.planContinues });
      if (d.planContinues) return d.endReason === undefined ? ok(review) : no('INVALID_DATA', 'data.endReason is given only when the plan ends');
      if (d.endReason === undefined) return no('INVALID_DATA', 'data.endReason is needed when the plan ends');
      return ok(review, ...endPlan(d.endReason, draft));
    }
    case 'ChangeCategoryOfAbuse':
      return ok(draft('CategoryOfAbuseChanged', { from: episode?.cpp?.category ?? command.data.category, to: command.data.category }));
    case 'EndChildProtectionPlan':
      return ok(...endPlan(command.data.reason, draft));
    case 'BecomeLookedAfter':
      return ok(
        draft('BecameLookedAfter', {
          legalStatus: command.data.legalStatus,
          placement: command.data.placement,
          categoryOfNeed: command.data.categoryOfNeed,
          reasonNewEpisode: 'S',
        }),
      );
    case 'ChangeLegalStatus':
      return ok(draft('LegalStatusChanged', { from: l?.legalStatus ?? command.data.legalStatus, to: command.data.legalStatus, reasonNewEpisode: 'L' }));
    case 'ChangePlacement': {
      const d = command.data;
      const newLegalStatus = d.legalStatus ?? null;
      const rne = newLegalStatus !== null ? (d.sameCarer ? 'U' : 'B') : d.sameCarer ? 'T' : 'P';
      return ok(draft('PlacementChanged', { placement: d.placement, sameCarer: d.sameCarer, reasonPlaceChange: d.reasonPlaceChange, newLegalStatus, reasonNewEpisode: rne }));
    }
    case 'RecordCarePlan':
      return ok(draft('CarePlanRecorded', {}));
    case 'RecordPlacementPlan':
      return ok(draft('PlacementPlanRecorded', {}));
    case 'HoldLacReview':
      return ok(draft('LacReviewHeld', { participation: command.data.participation ?? null }));
    case 'RecordLacVisit':
      return ok(draft('LacVisitMade', { childSeen: command.data.childSeen, seenAlone: command.data.seenAlone }));
    case 'RecordHealthAssessment':
      return ok(draft('HealthAssessmentRecorded', { kind: command.data.kind }));
    case 'RecordPersonalEducationPlan':
      return ok(draft('PersonalEducationPlanRecorded', {}));
    case 'StartMissingEpisode':
      return ok(draft('MissingEpisodeStarted', { kind: command.data.kind }));
    case 'EndMissingEpisode':
      return ok(
        draft('MissingEpisodeEnded', {
          returnInterviewOffered: command.data.returnInterviewOffered,
          returnInterviewAccepted: command.data.returnInterviewAccepted,
        }),
      );
    case 'IssueCareProceedings':
      return ok(draft('CareProceedingsIssued', { orderSought: command.data.orderSought }));
    case 'MakeInterimCareOrder':
      return ok(draft('InterimCareOrderMade', { order: command.data.order }));
    case 'MakeFinalOrder': {
      const issued = episode?.proceedings?.issuedOn ?? on;
      return ok(draft('FinalOrderMade', { order: command.data.order, weeksSinceIssue: Math.max(0, Math.floor(daysBetween(issued, on) / 7)) }));
    }
    case 'WithdrawCareProceedings':
      return ok(draft('CareProceedingsWithdrawn', {}));
    case 'RecordAdoptionDecision':
      return ok(draft('AdoptionDecisionMade', {}));
    case 'GrantPlacementOrder': {
      const e1 = l !== null && l.legalStatus !== 'E1' ? [draft('LegalStatusChanged', { from: l.legalStatus, to: 'E1', reasonNewEpisode: 'L' })] : [];
      return ok(draft('PlacementOrderGranted', {}), ...e1);
    }
    case 'MatchWithAdopters':
      return ok(draft('MatchedWithAdopters', {}));
    case 'PlaceForAdoption': {
      const d = command.data;
      return ok(
        draft('PlacedForAdoption', { place: d.place }),
        draft('PlacementChanged', {
          placement: { place: d.place, provider: d.provider, distanceFromHomeMiles: d.distanceFromHomeMiles, insideLocalAuthority: d.insideLocalAuthority },
          sameCarer: d.sameCarer,
          reasonPlaceChange: 'CARPL',
          newLegalStatus: null,
          reasonNewEpisode: d.sameCarer ? 'T' : 'P',
        }),
      );
    }
    case 'GrantAdoptionOrder': {
      const rec = command.data.reasonEpisodeCeased;
      return ok(
        draft('AdoptionOrderGranted', { reasonEpisodeCeased: rec }),
        draft('CeasedLookedAfter', { reasonEpisodeCeased: rec, careLeaver: isCareLeaverOnCeasing(c, on, rec) }),
      );
    }
    case 'ReverseAdoptionDecision':
      return ok(draft('AdoptionDecisionReversed', { reason: command.data.reason }));
    case 'CeaseLookedAfter': {
      const rec = command.data.reasonEpisodeCeased;
      return ok(draft('CeasedLookedAfter', { reasonEpisodeCeased: rec, careLeaver: isCareLeaverOnCeasing(c, on, rec) }));
    }
    case 'RecordPathwayPlan':
      return ok(draft('PathwayPlanRecorded', {}));
    case 'ReviewPathwayPlan':
      return ok(draft('PathwayPlanReviewed', {}));
    case 'RecordCareLeaverContact': {
      const d = command.data;
      return ok(
        draft('CareLeaverContactRecorded', {
          inTouch: d.inTouch,
          activity: d.activity ?? null,
          accommodation: d.accommodation ?? null,
          accommodationSuitable: d.accommodationSuitable ?? null,
        }),
      );
    }
    case 'EndCareLeaverServices':
      return ok(draft('CareLeaverServicesEnded', { reason: command.data.reason }));
    case 'CloseCase':
      return ok(draft('CaseClosed', { episodeNumber: episode?.number ?? 0, reason: command.data.reason }));
  }
}

type Draft = <T extends MachineEventType>(type: T, data: JourneyEventDataMap[T]) => JourneyEventDraft;

function referralDraft(
  state: JourneyState,
  on: string,
  contactIds: readonly string[],
  source: JourneyEventDataMap['ReferralOpened']['source'],
  primaryNeed: JourneyEventDataMap['ReferralOpened']['primaryNeed'],
  emergency: boolean,
  draft: Draft,
): JourneyEventDraft {
  const previous = state.context.lastReferralDate;
  return draft('ReferralOpened', {
    episodeNumber: state.context.closedEpisodes.length + 1,
    contactIds,
    source,
    primaryNeed,
    reReferral: previous !== null && on <= addMonths(previous, 12),
    previousReferralDate: previous,
    emergency,
  });
}

function endPlan(reason: JourneyEventDataMap['ChildProtectionPlanEnded']['reason'], draft: Draft): JourneyEventDraft[] {
  const ended = draft('ChildProtectionPlanEnded', { reason });
  return reason === 'STEP_DOWN_TO_CIN' ? [ended, draft('CinPlanStarted', { fromChildProtectionPlan: true })] : [ended];
}

function icpcTarget(state: JourneyState, on: string, ctx: DecideContext): string {
  const s47 = state.context.episode?.s47;
  return s47?.icpcTargetDate ?? addWorkingDays(s47?.strategyDiscussionOn ?? on, ICPC_WORKING_DAYS, (date) => ctx.isWorkingDay(date));
}
