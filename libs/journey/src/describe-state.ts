import type { JourneyContext } from './journey-context.js';
import type { JourneyState } from './journey-state.js';
import { stageView, type StageView } from './stage-view.js';

/** The furthest-on stage of the journey, for a case header. */
export const JOURNEY_STAGES = {
  NO_INVOLVEMENT: 'No involvement',
  MASH_SCREENING: 'Contact awaiting MASH decision',
  AWAITING_REFERRAL: "Referred to children's social care: referral not yet opened",
  REFERRAL: 'Referral open',
  REFERRAL_NFA: 'Referral: no further action (to close)',
  ASSESSMENT: 'Assessment in progress',
  ASSESSMENT_AUTHORISATION: 'Assessment awaiting authorisation',
  CIN_PLAN: 'Child in need plan',
  STRATEGY_DISCUSSION: 'Strategy discussion: s47 enquiry to start',
  S47_ENQUIRY: 'Section 47 enquiry',
  ICPC_REQUIRED: 'ICPC required: to schedule',
  ICPC_SCHEDULED: 'ICPC scheduled',
  CHILD_PROTECTION_PLAN: 'Child protection plan',
  LOOKED_AFTER: 'Looked after',
  ADOPTION: 'Looked after: adoption plan',
  PLACED_FOR_ADOPTION: 'Placed for adoption',
  CARE_LEAVER: 'Care leaver',
  CLOSED: 'Closed',
} as const;
export type JourneyStage = keyof typeof JOURNEY_STAGES;

export type JourneyTrack =
  | 'FRONT_DOOR'
  | 'CIN_EPISODE'
  | 'ASSESSMENT'
  | 'CIN_PLAN'
  | 'S47'
  | 'CHILD_PROTECTION_PLAN'
  | 'LOOKED_AFTER'
  | 'MISSING'
  | 'ADOPTION'
  | 'CARE_PROCEEDINGS'
  | 'CARE_LEAVER';

/** Dates the timescales and case screens start clocks from (ISO dates; null when not applicable). */
export interface JourneyKeyDates {
  readonly dateOfBirth: string | null;
  readonly expectedDateOfBirth: string | null;
  readonly oldestContactAwaitingDecision: string | null;
  readonly referralDate: string | null;
  readonly previousReferralDate: string | null;
  readonly allocatedSince: string | null;
  readonly lastSupervision: string | null;
  readonly assessmentStarted: string | null;
  readonly assessmentCompleted: string | null;
  readonly strategyDiscussion: string | null;
  readonly s47Started: string | null;
  readonly icpcTarget: string | null;
  readonly icpcConference: string | null;
  readonly cinPlanStarted: string | null;
  readonly cinPlanLastReview: string | null;
  readonly cinPlanLastVisit: string | null;
  readonly cppStarted: string | null;
  readonly cppLastCoreGroup: string | null;
  readonly cppLastVisitChildSeen: string | null;
  readonly cppLastReview: string | null;
  readonly lookedAfterSince: string | null;
  readonly placementSince: string | null;
  readonly carePlan: string | null;
  readonly placementPlan: string | null;
  readonly lastLacReview: string | null;
  readonly lastLacVisit: string | null;
  readonly initialHealthAssessment: string | null;
  readonly lastHealthAssessment: string | null;
  readonly personalEducationPlan: string | null;
  readonly missingSince: string | null;
  readonly proceedingsIssued: string | null;
  readonly adoptionDecision: string | null;
  readonly placementOrder: string | null;
  readonly matchedWithAdopters: string | null;
  readonly placedForAdoption: string | null;
  readonly careLeaverSince: string | null;
  readonly pathwayPlan: string | null;
  readonly lastPathwayPlanReview: string | null;
}

export interface JourneyDescription {
  readonly stage: JourneyStage;
  readonly stageLabel: string;
  readonly openTracks: readonly JourneyTrack[];
  /** The open CIN episode's number (1 for the first), or null when none is open. */
  readonly episodeNumber: number | null;
  readonly closedEpisodes: number;
  readonly reReferral: boolean;
  readonly allocation: { readonly workerId: string; readonly teamId: string } | null;
  readonly lookedAfterLegalStatus: string | null;
  readonly placementType: string | null;
  readonly cppCategory: string | null;
  readonly childProtectionPlanNumber: number | null;
  readonly keyDates: JourneyKeyDates;
  /** The history holds events that could not be replayed (see `issues` on the state). */
  readonly incomplete: boolean;
}

function stageOf(view: StageView, ctx: JourneyContext): JourneyStage {
  if (view.lookedAfter) return view.adoption === 'placed' || view.adoption === 'adopted' ? 'PLACED_FOR_ADOPTION' : view.adoption !== 'none' ? 'ADOPTION' : 'LOOKED_AFTER';
  if (view.plan === 'childProtectionPlan' || view.protection === 'planToStart') return 'CHILD_PROTECTION_PLAN';
  if (view.protection === 'icpcScheduled') return 'ICPC_SCHEDULED';
  if (view.protection === 'icpcRequired') return 'ICPC_REQUIRED';
  if (view.protection === 's47Enquiry') return 'S47_ENQUIRY';
  if (view.protection === 'awaitingS47') return 'STRATEGY_DISCUSSION';
  if (view.plan === 'cinPlan') return 'CIN_PLAN';
  if (view.assessment === 'awaitingAuthorisation') return 'ASSESSMENT_AUTHORISATION';
  if (view.assessment === 'inProgress') return 'ASSESSMENT';
  if (view.referral === 'noFurtherAction') return 'REFERRAL_NFA';
  if (view.episodeOpen) return 'REFERRAL';
  if (view.careLeaver === 'careLeaver') return 'CARE_LEAVER';
  if (view.frontDoor === 'screening') return 'MASH_SCREENING';
  if (view.frontDoor === 'referred') return 'AWAITING_REFERRAL';
  return ctx.closedEpisodes.length > 0 || ctx.contacts.length > 0 ? 'CLOSED' : 'NO_INVOLVEMENT';
}

/** A summary of where the child's journey stands, for screens and read models. */
export function describeState(state: JourneyState): JourneyDescription {
  const ctx = state.context;
  const view = stageView(state.value);
  const e = ctx.episode;
  const l = e?.lookedAfter ?? null;
  const s47 = e?.s47 ?? null;
  const inHand = e?.assessments.find((a) => a.authorisedOn === null) ?? null;
  const tracks: JourneyTrack[] = [];
  if (view.frontDoor !== 'quiet') tracks.push('FRONT_DOOR');
  if (view.episodeOpen) tracks.push('CIN_EPISODE');
  if (view.assessment === 'inProgress' || view.assessment === 'awaitingAuthorisation') tracks.push('ASSESSMENT');
  if (view.plan === 'cinPlan') tracks.push('CIN_PLAN');
  if (view.protection !== null && view.protection !== 'none' && view.protection !== 'planToStart') tracks.push('S47');
  if (view.plan === 'childProtectionPlan') tracks.push('CHILD_PROTECTION_PLAN');
  if (view.lookedAfter) tracks.push('LOOKED_AFTER');
  if (view.missing) tracks.push('MISSING');
  if (view.adoption !== null && view.adoption !== 'none') tracks.push('ADOPTION');
  if (view.proceedings === 'issued' || view.proceedings === 'interimOrder') tracks.push('CARE_PROCEEDINGS');
  if (view.careLeaver === 'careLeaver' || view.careLeaver === 'eligibleInCare') tracks.push('CARE_LEAVER');
  const stage = stageOf(view, ctx);
  const awaiting = ctx.contacts.filter((c) => c.status === 'AWAITING_DECISION').map((c) => c.receivedOn).sort();
  return {
    stage,
    stageLabel: JOURNEY_STAGES[stage],
    openTracks: tracks,
    episodeNumber: e?.number ?? null,
    closedEpisodes: ctx.closedEpisodes.length,
    reReferral: e?.reReferral ?? false,
    allocation: e?.allocation ? { workerId: e.allocation.workerId, teamId: e.allocation.teamId } : null,
    lookedAfterLegalStatus: l?.legalStatus ?? null,
    placementType: l?.placement.place ?? null,
    cppCategory: e?.cpp?.category ?? null,
    childProtectionPlanNumber: e?.cpp?.planNumber ?? null,
    keyDates: {
      dateOfBirth: ctx.child.dateOfBirth,
      expectedDateOfBirth: ctx.child.status === 'UNBORN' ? ctx.child.expectedDateOfBirth : null,
      oldestContactAwaitingDecision: awaiting[0] ?? null,
      referralDate: e?.referralDate ?? null,
      previousReferralDate: e ? (ctx.closedEpisodes.at(-1)?.referralDate ?? null) : ctx.lastReferralDate,
      allocatedSince: e?.allocation?.since ?? null,
      lastSupervision: e?.lastSupervisionOn ?? null,
      assessmentStarted: inHand?.startedOn ?? null,
      assessmentCompleted: inHand?.completedOn ?? null,
      strategyDiscussion: s47?.strategyDiscussionOn ?? null,
      s47Started: s47?.startedOn ?? null,
      icpcTarget: s47?.icpcTargetDate ?? null,
      icpcConference: s47?.icpcOn === null ? (s47?.conferenceDate ?? null) : null,
      cinPlanStarted: e?.cinPlan?.startedOn ?? null,
      cinPlanLastReview: e?.cinPlan?.lastReviewOn ?? null,
      cinPlanLastVisit: e?.cinPlan?.lastVisitOn ?? null,
      cppStarted: e?.cpp?.startedOn ?? null,
      cppLastCoreGroup: e?.cpp?.lastCoreGroupOn ?? null,
      cppLastVisitChildSeen: e?.cpp?.lastSeenOn ?? null,
      cppLastReview: e?.cpp?.lastReviewOn ?? null,
      lookedAfterSince: l?.startedOn ?? null,
      placementSince: l?.placementStartedOn ?? null,
      carePlan: l?.carePlanOn ?? null,
      placementPlan: l?.placementPlanOn ?? null,
      lastLacReview: l?.lastReviewOn ?? null,
      lastLacVisit: l?.lastVisitOn ?? null,
      initialHealthAssessment: l?.initialHealthAssessmentOn ?? null,
      lastHealthAssessment: l?.lastHealthAssessmentOn ?? null,
      personalEducationPlan: l?.pepOn ?? null,
      missingSince: l?.missing?.since ?? null,
      proceedingsIssued: e?.proceedings?.issuedOn ?? null,
      adoptionDecision: l?.adoption?.decidedOn ?? null,
      placementOrder: l?.adoption?.placementOrderOn ?? null,
      matchedWithAdopters: l?.adoption?.matchedOn ?? null,
      placedForAdoption: l?.adoption?.placedOn ?? null,
      careLeaverSince: ctx.careLeaver.since,
      pathwayPlan: ctx.careLeaver.pathwayPlanOn,
      lastPathwayPlanReview: ctx.careLeaver.lastPathwayReviewOn,
    },
    incomplete: state.issues.length > 0 || state.snapshot.hasTag('transient'),
  };
}
