import {
  ADOPTION_PLACEMENT_TYPES,
  NO_FACTORS_IDENTIFIED,
  PLACEMENT_ORDER_ADOPTION_TYPES,
  placementTypesForCollectionYear,
  type PlacementType,
} from './codes.js';
import { isCareLeaverOnCeasing } from './care-leaver-eligibility.js';
import { addMonths, ageOn, collectionYearOf, daysBetween, dateOf } from './dates.js';
import { CANNOT } from './event-actions.js';
import { s47Unresolved, type JourneyContext, type OpenEpisode } from './journey-context.js';
import type { JourneyEventOf, MachineEvent, MachineEventType } from './journey-event.js';
import type { Rejection } from './rejection.js';

/**
 * The rules of the journey, one named entry per rule, each giving its reason in plain words. The machine's guards
 * call `firstViolation`; `decide` reports the same reason; `allowedCommands` uses the preconditions (rules that depend
 * only on what is already recorded). A rule applies to events accepted by machine version `since` or later, so a
 * stream recorded under an older machine replays under the rules it was accepted by.
 */

type Ctx = JourneyContext;
type Fragment = { readonly code: Rejection['code']; readonly reason: string };
type Check<T extends MachineEventType> = (ctx: Ctx, event: JourneyEventOf<T>) => Fragment | null;
type Precondition = (ctx: Ctx) => string | null;

interface Versioned<F> {
  readonly id: string;
  readonly since: number;
  readonly test: F;
}
interface RuleSet<T extends MachineEventType> {
  readonly pre?: readonly Versioned<Precondition>[];
  readonly checks?: readonly Versioned<Check<T>>[];
}
type RuleBook = { readonly [T in MachineEventType]: RuleSet<T> };

const rule = <F>(id: string, test: F, since = 1): Versioned<F> => ({ id, since, test });
const broken = (reason: string): Fragment => ({ code: 'RULE_BROKEN', reason });
const badDate = (reason: string): Fragment => ({ code: 'INVALID_DATE', reason });
const badCode = (reason: string): Fragment => ({ code: 'INVALID_CODE', reason });
const on = (event: MachineEvent): string => dateOf(event.occurredAt);

/** Fails when the event is dated before `reference` (absent references never fail). */
function notBefore(event: MachineEvent, reference: string | null | undefined, reason: string): Fragment | null {
  return reference !== null && reference !== undefined && on(event) < reference ? badDate(reason) : null;
}

const episodeOf = (ctx: Ctx): OpenEpisode | null => ctx.episode;
const lookedAfterOf = (ctx: Ctx) => ctx.episode?.lookedAfter ?? null;
const adoptionOf = (ctx: Ctx) => ctx.episode?.lookedAfter?.adoption ?? null;
const currentEpisode903Start = (ctx: Ctx): string | null => lookedAfterOf(ctx)?.episodes.at(-1)?.startedOn ?? null;
const assessmentInHand = (ctx: Ctx) => ctx.episode?.assessments.find((a) => a.authorisedOn === null) ?? null;

const notAfterNfa = rule<Precondition>('referral-nfa-ends-the-episode-work', (ctx) =>
  ctx.episode?.referralNfaOn ? `the referral in episode ${ctx.episode.number} ended in no further action` : null,
);
const notUnborn = (what: string) =>
  rule<Precondition>('not-for-an-unborn-child', (ctx) => (ctx.child.status === 'UNBORN' ? what : null));

function seenConsistency(ctx: Ctx, data: { childSeen: boolean; seenAlone: boolean }): Fragment | null {
  if (data.seenAlone && !data.childSeen) return broken('the child cannot be seen alone without being seen');
  if (data.childSeen && ctx.child.status === 'UNBORN') return broken('an unborn child cannot be seen');
  return null;
}

function placeValidForYear(place: PlacementType, date: string): Fragment | null {
  const year = collectionYearOf(date);
  return placementTypesForCollectionYear(year).includes(place)
    ? null
    : badCode(`placement code ${place} is not valid in the ${year} to ${year + 1} collection year`);
}

const isAdoptionPlace = (place: PlacementType): boolean => (ADOPTION_PLACEMENT_TYPES as readonly string[]).includes(place);

const RULES: RuleBook = {
  ContactReceived: {
    checks: [
      rule('contact-id-unique', (ctx, e) =>
        ctx.contacts.some((c) => c.contactId === e.data.contactId) ? broken('a contact with this id is already recorded') : null,
      ),
      rule('one-child-per-stream', (ctx, e) =>
        ctx.childId !== null && e.data.childId !== ctx.childId ? broken('the contact is for a different child record') : null,
      ),
      rule('birth-cannot-be-undone', (ctx, e) =>
        e.data.child.status === 'UNBORN' && ctx.child.status === 'BORN' ? broken("the child's birth is already recorded") : null,
      ),
      rule('one-date-of-birth', (ctx, e) =>
        e.data.child.status === 'BORN' &&
        e.data.child.dateOfBirth !== null &&
        ctx.child.dateOfBirth !== null &&
        e.data.child.dateOfBirth !== ctx.child.dateOfBirth
          ? broken('the date of birth differs from the one recorded; correct the recorded date of birth instead')
          : null,
      ),
      rule('birth-before-contact', (ctx, e) => {
        if (e.data.child.status !== 'BORN' || e.data.child.dateOfBirth === null) return null;
        if (e.data.child.dateOfBirth > on(e)) return badDate('the date of birth is after the contact');
        return ctx.earliestDateSinceBirth !== null && e.data.child.dateOfBirth > ctx.earliestDateSinceBirth
          ? badDate('the date of birth is after events already recorded since the birth')
          : null;
      }),
    ],
  },
  DateOfBirthRecorded: {
    pre: [
      rule('contact-first', (ctx) => (ctx.childId === null ? 'no contact has been recorded for the child' : null)),
      rule('date-of-birth-once', (ctx) =>
        ctx.child.status === 'BORN' && ctx.child.dateOfBirth !== null
          ? 'the date of birth is already recorded; correct the event that recorded it instead'
          : null,
      ),
    ],
    checks: [
      rule('birth-not-after-recording', (_ctx, e) =>
        e.data.dateOfBirth > on(e) ? badDate('the date of birth is after the date it is recorded') : null,
      ),
      rule('birth-before-later-events', (ctx, e) =>
        ctx.earliestDateSinceBirth !== null && e.data.dateOfBirth > ctx.earliestDateSinceBirth
          ? badDate('the date of birth is after events already recorded since the birth')
          : null,
      ),
      rule('was-unborn-matches', (ctx, e) =>
        e.data.wasUnborn !== (ctx.child.status === 'UNBORN')
          ? broken(e.data.wasUnborn ? 'the child is not recorded as unborn' : 'the child is recorded as unborn')
          : null,
      ),
    ],
  },
  MashDecisionMade: {
    checks: [
      rule('decision-for-a-waiting-contact', (ctx, e) => {
        const contact = ctx.contacts.find((c) => c.contactId === e.data.contactId);
        if (!contact) return broken('no contact with this id is recorded');
        if (contact.status !== 'AWAITING_DECISION') return broken('this contact already has a decision');
        return notBefore(e, contact.receivedOn, 'it cannot be dated before the contact');
      }),
      rule('referral-of-an-open-case-links-to-it', (ctx, e) => {
        const expected = e.data.decision === 'REFER_TO_CSC' && ctx.episode !== null;
        if (e.data.linkedToOpenEpisode === expected) return null;
        return broken(
          expected
            ? 'the case is already open, so the contact goes to the open episode'
            : 'only a referral about a child whose case is open is linked to the open episode',
        );
      }),
      rule('emergency-only-when-referring', (_ctx, e) =>
        e.data.emergency && e.data.decision !== 'REFER_TO_CSC'
          ? broken("only a referral to children's social care is made in an emergency")
          : null,
      ),
    ],
  },
  ReferralOpened: {
    checks: [
      rule('episode-number-follows', (ctx, e) =>
        e.data.episodeNumber !== ctx.closedEpisodes.length + 1 ? broken('the episode number does not follow the last episode') : null,
      ),
      rule('referral-from-referred-contacts', (ctx, e) => {
        const contacts = e.data.contactIds.map((id) => ctx.contacts.find((c) => c.contactId === id));
        if (contacts.length === 0 || contacts.some((c) => c?.status !== 'REFERRED'))
          return broken("it must come from contacts the MASH referred to children's social care");
        const latestDecision = contacts.map((c) => c?.decidedOn ?? '').sort().at(-1);
        return notBefore(e, latestDecision, 'it cannot be dated before the MASH decision');
      }),
      rule('episodes-never-overlap', (ctx, e) =>
        notBefore(e, ctx.closedEpisodes.at(-1)?.closedOn, 'it cannot be dated before the previous episode closed'),
      ),
      rule('re-referral-within-12-months', (ctx, e) => {
        const previous = ctx.lastReferralDate;
        const expected = previous !== null && on(e) <= addMonths(previous, 12);
        return e.data.reReferral !== expected || e.data.previousReferralDate !== previous
          ? broken('the re-referral flag does not match the date of the previous referral')
          : null;
      }),
    ],
  },
  ReferralClosedNoFurtherAction: {
    pre: [
      rule('nfa-only-before-work-starts', (ctx) => {
        const e = episodeOf(ctx);
        if (e === null) return null;
        const started =
          e.assessments.length > 0 || e.s47Count > 0 || e.lastStrategyDiscussionOn !== null || e.cinPlanCount > 0 ||
          e.cpp !== null || e.lookedAfter !== null || e.lastCeasedLookedAfter !== null || e.proceedingsCount > 0;
        return started ? 'work has already started in this episode (assessment, enquiry, plan, care or proceedings)' : null;
      }),
    ],
    checks: [
      rule('nfa-names-the-open-episode', (ctx, e) =>
        e.data.episodeNumber !== ctx.episode?.number ? broken('it must name the open episode') : null,
      ),
    ],
  },
  CaseAllocated: {
    checks: [
      rule('reallocation-changes-something', (ctx, e) => {
        const a = ctx.episode?.allocation;
        return a && a.workerId === e.data.workerId && a.teamId === e.data.teamId
          ? broken('the case is already allocated to this worker in this team')
          : null;
      }),
    ],
  },
  CaseDeallocated: {},
  SupervisionRecorded: {
    checks: [
      rule('supervision-after-allocation', (ctx, e) =>
        notBefore(e, ctx.episode?.allocation?.since, 'it cannot be dated before the case was allocated'),
      ),
    ],
  },
  AssessmentStarted: {
    pre: [notAfterNfa],
    checks: [
      rule('assessment-id-unique', (ctx, e) =>
        ctx.episode?.assessments.some((a) => a.assessmentId === e.data.assessmentId)
          ? broken('an assessment with this id is already recorded in this episode')
          : null,
      ),
    ],
  },
  ChildSeenForAssessment: {
    pre: [notUnborn('an unborn child cannot be seen')],
    checks: [
      rule('seen-for-the-assessment-in-hand', (ctx, e) => {
        const a = assessmentInHand(ctx);
        if (a?.assessmentId !== e.data.assessmentId) return broken('no assessment with this id is in progress');
        return notBefore(e, a.startedOn, 'the child cannot be seen for an assessment before it started');
      }),
    ],
  },
  AssessmentCompleted: {
    pre: [
      rule('child-seen-before-completion', (ctx) => {
        const a = assessmentInHand(ctx);
        return a !== null && a.seenOn === null && ctx.child.status !== 'UNBORN' ? 'the child has not been seen' : null;
      }),
    ],
    checks: [
      rule('complete-the-assessment-in-hand', (ctx, e) => {
        const a = assessmentInHand(ctx);
        if (a?.assessmentId !== e.data.assessmentId) return broken('no assessment with this id is in progress');
        return (
          notBefore(e, a.startedOn, 'it cannot be completed before it started') ??
          notBefore(e, a.seenOn, 'it cannot be completed before the child was seen')
        );
      }),
    ],
  },
  AssessmentAuthorised: {
    checks: [
      rule('authorise-the-completed-assessment', (ctx, e) => {
        const a = assessmentInHand(ctx);
        if (a?.assessmentId !== e.data.assessmentId || a.completedOn === null)
          return broken('no completed assessment with this id awaits authorisation');
        return notBefore(e, a.completedOn, 'it cannot be authorised before it was completed');
      }),
      rule('assessment-factors', (_ctx, e) => {
        const factors = e.data.factors;
        if (factors.length === 0) return broken('at least one assessment factor is needed (21 when none were identified)');
        if (factors.includes(NO_FACTORS_IDENTIFIED) && factors.length > 1)
          return broken('"no factors identified" (21) cannot be combined with other factors');
        return new Set(factors).size !== factors.length ? broken('a factor is listed twice') : null;
      }),
    ],
  },
  CinPlanStarted: { pre: [notAfterNfa] },
  CinPlanReviewed: {
    checks: [rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cinPlan?.startedOn, 'it cannot be dated before the plan started'))],
  },
  CinVisitMade: {
    checks: [
      rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cinPlan?.startedOn, 'it cannot be dated before the plan started')),
      rule('seen-consistency', (ctx, e) => seenConsistency(ctx, e.data)),
    ],
  },
  CinPlanEnded: {
    checks: [rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cinPlan?.startedOn, 'it cannot end before it started'))],
  },
  StrategyDiscussionHeld: {
    pre: [notAfterNfa],
    checks: [
      rule('emergency-discussion-opens-the-referral', (ctx, e) =>
        e.data.emergency && !(ctx.episode?.emergency === true && ctx.episode.lastStrategyDiscussionOn === null)
          ? broken('only the discussion that opened an emergency referral is marked as an emergency')
          : null,
      ),
      rule('reconvened-after-the-first', (ctx, e) =>
        s47Unresolved(ctx.episode?.s47 ?? null)
          ? notBefore(e, ctx.episode?.s47?.strategyDiscussionOn, 'it cannot be dated before the discussion it follows')
          : null,
      ),
    ],
  },
  S47EnquiryStarted: {
    checks: [
      rule('s47-follows-its-strategy-discussion', (ctx, e) => {
        const s = ctx.episode?.s47;
        if (!s) return null;
        if (e.data.strategyDiscussionDate !== s.strategyDiscussionOn)
          return broken('it must follow the strategy discussion that decided on it');
        if (e.data.icpcTargetDate < s.strategyDiscussionOn) return badDate('the ICPC target date is before the strategy discussion');
        return notBefore(e, s.strategyDiscussionOn, 'it cannot start before the strategy discussion');
      }),
    ],
  },
  S47EnquiryConcluded: {
    checks: [
      rule('conclude-after-start', (ctx, e) => notBefore(e, ctx.episode?.s47?.startedOn, 'it cannot conclude before it started')),
      rule('next-step-only-without-conference', (_ctx, e) =>
        e.data.outcome === 'ICPC_REQUIRED' && e.data.nextStep !== null
          ? broken('a next step is given only when no conference is needed')
          : null,
      ),
    ],
  },
  IcpcScheduled: {
    checks: [
      rule('schedule-after-conclusion', (ctx, e) =>
        notBefore(e, ctx.episode?.s47?.concludedOn, 'it cannot be scheduled before the s47 enquiry concluded'),
      ),
      rule('conference-after-enquiry-start', (ctx, e) => {
        const started = ctx.episode?.s47?.startedOn;
        return started && e.data.conferenceDate < started ? badDate('the conference cannot be before the s47 enquiry started') : null;
      }),
      rule('target-from-the-strategy-discussion', (ctx, e) =>
        ctx.episode?.s47 && e.data.targetDate !== ctx.episode.s47.icpcTargetDate
          ? broken('the target date must be the one set when the s47 enquiry started')
          : null,
      ),
    ],
  },
  IcpcHeld: {
    checks: [
      rule('held-after-conclusion', (ctx, e) =>
        notBefore(e, ctx.episode?.s47?.concludedOn, 'it cannot be held before the s47 enquiry concluded'),
      ),
      rule('plan-has-a-category', (_ctx, e) => {
        if (e.data.outcome === 'PLAN' && e.data.category === null) return broken('a plan needs a category of abuse');
        if (e.data.outcome === 'NO_PLAN' && e.data.category !== null) return broken('a category of abuse is given only with a plan');
        return null;
      }),
      rule('one-protection-plan-at-a-time', (ctx, e) =>
        e.data.outcome === 'PLAN' && ctx.episode?.cpp
          ? broken('the child is already on a child protection plan: hold a review conference instead')
          : null,
      ),
      rule('target-from-the-strategy-discussion', (ctx, e) =>
        ctx.episode?.s47 && e.data.targetDate !== ctx.episode.s47.icpcTargetDate
          ? broken('the target date must be the one set when the s47 enquiry started')
          : null,
      ),
    ],
  },
  ChildProtectionPlanStarted: {
    pre: [
      rule('plan-only-from-an-icpc', (ctx) =>
        ctx.episode?.pendingPlan ? null : 'a child protection plan starts only from an ICPC that decided on a plan',
      ),
    ],
    checks: [
      rule('plan-starts-on-the-icpc-date', (ctx, e) => {
        const pending = ctx.episode?.pendingPlan;
        if (!pending) return null;
        if (on(e) !== pending.icpcOn || e.data.icpcDate !== pending.icpcOn) return badDate('the plan starts on the date of the ICPC');
        return e.data.category !== pending.category ? broken('the category must be the one the ICPC decided') : null;
      }),
      rule('plan-number-follows', (ctx, e) =>
        e.data.planNumber !== ctx.cppCount + 1 ? broken('the plan number does not follow the earlier plans') : null,
      ),
    ],
  },
  CoreGroupHeld: {
    checks: [rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cpp?.startedOn, 'it cannot be dated before the plan started'))],
  },
  ChildProtectionVisitMade: {
    checks: [
      rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cpp?.startedOn, 'it cannot be dated before the plan started')),
      rule('seen-consistency', (ctx, e) => seenConsistency(ctx, e.data)),
    ],
  },
  ReviewConferenceHeld: {
    checks: [rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cpp?.startedOn, 'it cannot be dated before the plan started'))],
  },
  CategoryOfAbuseChanged: {
    checks: [
      rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cpp?.startedOn, 'it cannot be dated before the plan started')),
      rule('category-changes', (ctx, e) => {
        if (ctx.episode?.cpp && e.data.from !== ctx.episode.cpp.category) return broken("the plan's current category is different");
        return e.data.to === e.data.from ? broken('the new category is the same as the current one') : null;
      }),
    ],
  },
  ChildProtectionPlanEnded: {
    checks: [
      rule('after-plan-start', (ctx, e) => notBefore(e, ctx.episode?.cpp?.startedOn, 'it cannot end before it started')),
      rule('looked-after-reason-needs-care', (ctx, e) =>
        e.data.reason === 'BECAME_LOOKED_AFTER' && !ctx.episode?.lookedAfter ? broken('the child is not looked after') : null,
      ),
    ],
  },
  BecameLookedAfter: {
    pre: [notAfterNfa, notUnborn('an unborn child cannot be looked after')],
    checks: [
      rule('e1-through-a-placement-order', (_ctx, e) =>
        e.data.legalStatus === 'E1' ? broken('legal status E1 is recorded by granting a placement order') : null,
      ),
      rule('adoption-placement-through-placing', (_ctx, e) =>
        isAdoptionPlace(e.data.placement.place) ? broken('a placement for adoption is recorded by placing the child for adoption') : null,
      ),
      rule('place-valid-for-year', (_ctx, e) => placeValidForYear(e.data.placement.place, on(e))),
      rule('periods-of-care-never-overlap', (ctx, e) =>
        notBefore(e, ctx.lookedAfterPeriods.at(-1)?.to, 'it cannot be dated before the child last ceased to be looked after'),
      ),
    ],
  },
  LegalStatusChanged: {
    checks: [
      rule('legal-status-changes', (ctx, e) => {
        const l = lookedAfterOf(ctx);
        if (l && e.data.from !== l.legalStatus) return broken('the current legal status is different');
        return e.data.to === e.data.from ? broken('the legal status is unchanged') : null;
      }),
      rule('e1-needs-a-placement-order', (ctx, e) =>
        e.data.to === 'E1' && !adoptionOf(ctx)?.placementOrderOn ? broken('legal status E1 needs a placement order') : null,
      ),
      rule('after-current-903-episode', (ctx, e) =>
        notBefore(e, currentEpisode903Start(ctx), 'it cannot be dated before the current placement episode began'),
      ),
    ],
  },
  PlacementChanged: {
    checks: [
      rule('place-valid-for-year', (_ctx, e) => placeValidForYear(e.data.placement.place, on(e))),
      rule('adoption-placement-through-placing', (ctx, e) => {
        const adoption = adoptionOf(ctx);
        const place = e.data.placement.place;
        if (isAdoptionPlace(place)) {
          const justPlaced =
            adoption?.placedOn === on(e) && adoption.place === place && lookedAfterOf(ctx)?.placement.place !== place;
          return justPlaced ? null : broken('a placement for adoption is recorded by placing the child for adoption');
        }
        return adoption?.placedOn
          ? broken('the child is placed for adoption: reverse the adoption decision before moving the child')
          : null;
      }),
      rule('reason-new-episode-matches', (ctx, e) => {
        const legalChange = e.data.newLegalStatus !== null;
        const expected = legalChange ? (e.data.sameCarer ? 'U' : 'B') : e.data.sameCarer ? 'T' : 'P';
        if (e.data.reasonNewEpisode !== expected) return broken('the reason for the new episode does not match the change');
        if (legalChange && e.data.newLegalStatus === lookedAfterOf(ctx)?.legalStatus) return broken('the legal status is unchanged');
        return e.data.newLegalStatus === 'E1' && !adoptionOf(ctx)?.placementOrderOn ? broken('legal status E1 needs a placement order') : null;
      }),
      rule('after-current-903-episode', (ctx, e) =>
        notBefore(e, currentEpisode903Start(ctx), 'it cannot be dated before the current placement episode began'),
      ),
    ],
  },
  CarePlanRecorded: { checks: [afterCareStarted()] },
  PlacementPlanRecorded: {
    checks: [
      rule('after-placement-start', (ctx, e) =>
        notBefore(e, lookedAfterOf(ctx)?.placementStartedOn, 'it cannot be dated before the placement began'),
      ),
    ],
  },
  LacReviewHeld: { checks: [afterCareStarted()] },
  LacVisitMade: {
    checks: [afterCareStarted(), rule('seen-consistency', (ctx, e) => seenConsistency(ctx, e.data))],
  },
  HealthAssessmentRecorded: {
    checks: [
      afterCareStarted(),
      rule('initial-then-reviews', (ctx, e) => {
        const initial = lookedAfterOf(ctx)?.initialHealthAssessmentOn ?? null;
        if (e.data.kind === 'INITIAL' && initial !== null) return broken('an initial health assessment is already recorded for this period of care');
        if (e.data.kind === 'REVIEW' && initial === null) return broken('a review follows the initial health assessment');
        return e.data.kind === 'REVIEW' ? notBefore(e, initial, 'a review cannot be dated before the initial health assessment') : null;
      }),
    ],
  },
  PersonalEducationPlanRecorded: { checks: [afterCareStarted()] },
  MissingEpisodeStarted: { checks: [afterCareStarted()] },
  MissingEpisodeEnded: {
    checks: [
      rule('return-after-going-missing', (ctx, e) =>
        notBefore(e, lookedAfterOf(ctx)?.missing?.since, 'it cannot end before it started'),
      ),
    ],
  },
  CareProceedingsIssued: { pre: [notAfterNfa, notUnborn('care proceedings cannot be issued for an unborn child')] },
  InterimCareOrderMade: { checks: [afterProceedingsIssued()] },
  FinalOrderMade: {
    checks: [
      afterProceedingsIssued(),
      rule('weeks-since-issue', (ctx, e) => {
        const issued = ctx.episode?.proceedings?.issuedOn;
        return issued && e.data.weeksSinceIssue !== Math.floor(daysBetween(issued, on(e)) / 7)
          ? broken('the weeks since issue do not match the dates')
          : null;
      }),
    ],
  },
  CareProceedingsWithdrawn: { checks: [afterProceedingsIssued()] },
  AdoptionDecisionMade: { checks: [afterCareStarted()] },
  PlacementOrderGranted: {
    checks: [rule('after-decision', (ctx, e) => notBefore(e, adoptionOf(ctx)?.decidedOn, 'it cannot be dated before the adoption decision'))],
  },
  MatchedWithAdopters: {
    checks: [
      rule('after-decision-and-order', (ctx, e) =>
        notBefore(e, adoptionOf(ctx)?.decidedOn, 'it cannot be dated before the adoption decision') ??
        notBefore(e, adoptionOf(ctx)?.placementOrderOn, 'it cannot be dated before the placement order'),
      ),
    ],
  },
  PlacedForAdoption: {
    checks: [
      rule('after-match', (ctx, e) => notBefore(e, adoptionOf(ctx)?.matchedOn, 'it cannot be dated before the match')),
      rule('consent-or-placement-order', (ctx, e) => {
        const order = adoptionOf(ctx)?.placementOrderOn ?? null;
        const underOrder = PLACEMENT_ORDER_ADOPTION_TYPES.includes(e.data.place);
        if (underOrder && order === null) return broken('placing under a placement order (A5/A6) needs a placement order');
        if (!underOrder && order !== null) return broken('with a placement order granted the placement is A5 or A6');
        return null;
      }),
      rule('place-valid-for-year', (_ctx, e) => placeValidForYear(e.data.place, on(e))),
    ],
  },
  AdoptionOrderGranted: {
    checks: [rule('after-placement', (ctx, e) => notBefore(e, adoptionOf(ctx)?.placedOn, 'it cannot be dated before the child was placed for adoption'))],
  },
  AdoptionDecisionReversed: {
    checks: [rule('after-decision', (ctx, e) => notBefore(e, adoptionOf(ctx)?.decidedOn, 'it cannot be dated before the adoption decision'))],
  },
  CeasedLookedAfter: {
    checks: [
      rule('x1-is-never-recorded', (_ctx, e) =>
        e.data.reasonEpisodeCeased === 'X1' ? broken('X1 is written by the return when a new episode follows; it is never recorded') : null,
      ),
      rule('adoption-only-by-order', (ctx, e) => {
        const adoption = adoptionOf(ctx);
        const byAdoption = e.data.reasonEpisodeCeased === 'E11' || e.data.reasonEpisodeCeased === 'E12';
        if (byAdoption && !adoption?.orderOn) return broken('a child leaves care by adoption only through an adoption order');
        if (adoption?.orderOn && e.data.reasonEpisodeCeased !== adoption.orderReason)
          return broken("after an adoption order the reason must be the order's (E11 or E12)");
        return null;
      }),
      rule('not-while-missing', (ctx) =>
        lookedAfterOf(ctx)?.missing ? broken('the child is recorded as missing: end the missing episode first') : null,
      ),
      rule('age-bound-reasons', (ctx, e) => {
        const reason = e.data.reasonEpisodeCeased;
        const dob = ctx.child.dateOfBirth;
        if (reason === 'E17') {
          if (dob === null) return broken("staying put (E17) needs the child's date of birth");
          return ageOn(dob, on(e)) < 18 ? broken('staying put (E17) applies from age 18') : null;
        }
        if (['E45', 'E46', 'E47', 'E48'].includes(reason) && dob !== null && ageOn(dob, on(e)) >= 18)
          return broken('a special guardianship order is not made for a young person aged 18 or over');
        return null;
      }),
      rule('care-leaver-flag-matches', (ctx, e) =>
        e.data.careLeaver !== isCareLeaverOnCeasing(ctx, on(e), e.data.reasonEpisodeCeased)
          ? broken("the care leaver flag does not match the young person's age and time in care")
          : null,
      ),
      rule('after-current-903-episode', (ctx, e) =>
        notBefore(e, currentEpisode903Start(ctx), 'it cannot be dated before the current placement episode began'),
      ),
    ],
  },
  PathwayPlanRecorded: {
    checks: [
      rule('pathway-plan-for-16-plus-or-care-leaver', (ctx, e) => {
        const activeCareLeaver = ctx.careLeaver.since !== null && ctx.careLeaver.endedOn === null;
        const dob = ctx.child.dateOfBirth;
        const eligibleInCare = lookedAfterOf(ctx) !== null && dob !== null && ageOn(dob, on(e)) >= 16;
        return activeCareLeaver || eligibleInCare ? null : broken('a pathway plan is for a looked-after child aged 16 or over, or a care leaver');
      }),
    ],
  },
  PathwayPlanReviewed: {
    pre: [rule('review-follows-plan', (ctx) => (ctx.careLeaver.pathwayPlanOn === null ? 'no pathway plan is recorded' : null))],
    checks: [rule('after-plan', (ctx, e) => notBefore(e, ctx.careLeaver.pathwayPlanOn, 'it cannot be dated before the pathway plan'))],
  },
  CareLeaverContactRecorded: {
    checks: [rule('after-leaving-care', (ctx, e) => notBefore(e, ctx.careLeaver.since, 'it cannot be dated before the young person left care'))],
  },
  CareLeaverServicesEnded: {
    checks: [rule('after-leaving-care', (ctx, e) => notBefore(e, ctx.careLeaver.since, 'it cannot be dated before the young person left care'))],
  },
  CaseClosed: {
    pre: [
      rule('plans-ended-first', (ctx) => {
        const e = episodeOf(ctx);
        if (e?.cinPlan) return 'the child in need plan is still open: end it first';
        if (e?.cpp || e?.pendingPlan) return 'the child protection plan is still open: end it first';
        return null;
      }),
      rule('care-ended-first', (ctx) =>
        ctx.episode?.lookedAfter ? 'the child is looked after: record how they ceased to be looked after first' : null,
      ),
      rule('proceedings-ended-first', (ctx) => (ctx.episode?.proceedings ? 'care proceedings are still open' : null)),
      rule('every-assessment-authorised', (ctx) =>
        ctx.episode?.assessments.some((a) => a.authorisedOn === null) ? 'every assessment must be authorised first' : null,
      ),
      rule('every-s47-resolved', (ctx) =>
        s47Unresolved(ctx.episode?.s47 ?? null)
          ? 'an s47 enquiry is unresolved: hold the ICPC or record that none is required'
          : null,
      ),
    ],
    checks: [
      rule('closure-names-the-open-episode', (ctx, e) =>
        e.data.episodeNumber !== ctx.episode?.number ? broken('it must name the open episode') : null,
      ),
      rule('rc8-rc9-need-an-assessment', (ctx, e) =>
        (e.data.reason === 'RC8' || e.data.reason === 'RC9') && !ctx.episode?.assessments.some((a) => a.completedOn !== null)
          ? broken('closure reasons RC8 and RC9 need a completed assessment in this episode')
          : null,
      ),
      rule('rc1-needs-an-adoption', (ctx, e) =>
        e.data.reason === 'RC1' && !ctx.episode?.adoptedOn ? broken('RC1 (adopted) needs an adoption order in this episode') : null,
      ),
      rule('closure-after-everything', (ctx, e) =>
        notBefore(e, ctx.episode?.lastActivityOn, 'it cannot be dated before the last thing recorded in this episode'),
      ),
    ],
  },
};

function afterCareStarted<T extends MachineEventType>(): Versioned<Check<T>> {
  return rule('after-care-started', (ctx: Ctx, e: JourneyEventOf<T>) =>
    notBefore(e as MachineEvent, lookedAfterOf(ctx)?.startedOn, 'it cannot be dated before the child became looked after'),
  );
}

function afterProceedingsIssued<T extends MachineEventType>(): Versioned<Check<T>> {
  return rule('after-proceedings-issued', (ctx: Ctx, e: JourneyEventOf<T>) =>
    notBefore(e as MachineEvent, ctx.episode?.proceedings?.issuedOn, 'it cannot be dated before the proceedings were issued'),
  );
}

/** Events that belong to the open CIN episode and so cannot predate its referral. */
const OUTSIDE_EPISODE: ReadonlySet<MachineEventType> = new Set<MachineEventType>([
  'ContactReceived', 'DateOfBirthRecorded', 'MashDecisionMade', 'ReferralOpened',
  'PathwayPlanRecorded', 'PathwayPlanReviewed', 'CareLeaverContactRecorded', 'CareLeaverServicesEnded',
]);

const UNIVERSAL: readonly Versioned<(ctx: Ctx, event: MachineEvent) => Fragment | null>[] = [
  rule('not-before-birth', (ctx, e) =>
    e.type !== 'DateOfBirthRecorded' && ctx.child.status === 'BORN' && ctx.child.dateOfBirth !== null
      ? notBefore(e, ctx.child.dateOfBirth, "it cannot be dated before the child's date of birth")
      : null,
  ),
  rule('not-before-referral', (ctx, e) =>
    ctx.episode !== null && !OUTSIDE_EPISODE.has(e.type)
      ? notBefore(e, ctx.episode.referralDate, `it cannot be dated before the referral that opened episode ${ctx.episode.number}`)
      : null,
  ),
];

const prefix = (type: MachineEventType, f: Fragment): Rejection => ({ code: f.code, reason: `${CANNOT[type]}: ${f.reason}` });

/** The first context-only rule that forbids this kind of event now, if any. */
export function preconditionFailure(ctx: Ctx, type: MachineEventType, machineVersion: number): Rejection | null {
  const set = RULES[type] as RuleSet<MachineEventType>;
  for (const p of set.pre ?? []) {
    if (p.since > machineVersion) continue;
    const reason = p.test(ctx);
    if (reason !== null) return prefix(type, broken(reason));
  }
  return null;
}

/** The first rule this event breaks in this context, or null. Guards and `decide` both use it. */
export function firstViolation(ctx: Ctx, event: MachineEvent): Rejection | null {
  for (const u of UNIVERSAL) {
    if (u.since > event.machineVersion) continue;
    const f = u.test(ctx, event);
    if (f !== null) return prefix(event.type, f);
  }
  const pre = preconditionFailure(ctx, event.type, event.machineVersion);
  if (pre !== null) return pre;
  const checks = (RULES[event.type] as RuleSet<MachineEventType>).checks ?? [];
  for (const c of checks) {
    if (c.since > event.machineVersion) continue;
    const f = (c.test as (ctx: Ctx, event: MachineEvent) => Fragment | null)(ctx, event);
    if (f !== null) return prefix(event.type, f);
  }
  return null;
}
