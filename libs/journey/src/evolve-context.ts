import { dateOf, maxDate } from './dates.js';
import type {
  AssessmentRecord,
  JourneyContext,
  LookedAfterRecord,
  OpenEpisode,
  S47Record,
} from './journey-context.js';
import type { MachineEvent } from './journey-event.js';

/**
 * The context half of the machine's transitions: how each accepted event changes what the journey remembers. The
 * machine decides whether an event is accepted and which states it moves; this function only records facts.
 */
export function evolveContext(context: JourneyContext, event: MachineEvent): JourneyContext {
  const ctx = trackBirthDates(context, event);
  const on = dateOf(event.occurredAt);
  switch (event.type) {
    case 'ContactReceived': {
      const d = event.data;
      const child =
        d.child.status === 'UNBORN'
          ? ctx.child.status === 'BORN'
            ? ctx.child
            : { status: 'UNBORN' as const, dateOfBirth: null, expectedDateOfBirth: d.child.expectedDateOfBirth }
          : {
              status: 'BORN' as const,
              dateOfBirth: d.child.dateOfBirth ?? ctx.child.dateOfBirth,
              expectedDateOfBirth: ctx.child.expectedDateOfBirth,
            };
      return {
        ...ctx,
        childId: ctx.childId ?? d.childId,
        child,
        contacts: [
          ...ctx.contacts,
          { contactId: d.contactId, receivedOn: on, source: d.source, status: 'AWAITING_DECISION', decision: null, decidedOn: null },
        ],
      };
    }
    case 'DateOfBirthRecorded':
      return { ...ctx, child: { ...ctx.child, status: 'BORN', dateOfBirth: event.data.dateOfBirth } };
    case 'MashDecisionMade': {
      const d = event.data;
      const status =
        d.decision !== 'REFER_TO_CSC' ? 'NOT_REFERRED' : d.linkedToOpenEpisode ? 'LINKED_TO_OPEN_EPISODE' : 'REFERRED';
      return {
        ...ctx,
        contacts: ctx.contacts.map((c) =>
          c.contactId === d.contactId ? { ...c, status, decision: d.decision, decidedOn: on } : c,
        ),
      };
    }
    case 'ReferralOpened': {
      const d = event.data;
      const episode: OpenEpisode = {
        number: d.episodeNumber,
        referralDate: on,
        contactIds: d.contactIds,
        source: d.source,
        primaryNeed: d.primaryNeed,
        reReferral: d.reReferral,
        emergency: d.emergency,
        referralNfaOn: null,
        lastActivityOn: on,
        allocation: null,
        lastSupervisionOn: null,
        assessments: [],
        lastStrategyDiscussionOn: null,
        s47: null,
        s47Count: 0,
        pendingPlan: null,
        cinPlan: null,
        cinPlanCount: 0,
        cpp: null,
        lastCppEnd: null,
        lookedAfter: null,
        lastCeasedLookedAfter: null,
        adoptedOn: null,
        proceedings: null,
        proceedingsCount: 0,
      };
      return {
        ...ctx,
        lastReferralDate: on,
        episode,
        contacts: ctx.contacts.map((c) => (d.contactIds.includes(c.contactId) ? { ...c, status: 'OPENED_REFERRAL' } : c)),
      };
    }
    case 'ReferralClosedNoFurtherAction':
      return withEpisode(ctx, on, () => ({ referralNfaOn: on }));
    case 'CaseAllocated':
      return withEpisode(ctx, on, () => ({ allocation: { workerId: event.data.workerId, teamId: event.data.teamId, since: on } }));
    case 'CaseDeallocated':
      return withEpisode(ctx, on, () => ({ allocation: null }));
    case 'SupervisionRecorded':
      return withEpisode(ctx, on, (e) => ({ lastSupervisionOn: maxDate(e.lastSupervisionOn ?? undefined, on) ?? on }));
    case 'AssessmentStarted': {
      const record: AssessmentRecord = {
        assessmentId: event.data.assessmentId,
        startedOn: on,
        seenOn: null,
        seenAlone: null,
        completedOn: null,
        authorisedOn: null,
        outcome: null,
      };
      return withEpisode(ctx, on, (e) => ({ assessments: [...e.assessments, record] }));
    }
    case 'ChildSeenForAssessment':
      return withAssessment(ctx, on, event.data.assessmentId, (a) => ({
        seenOn: maxDate(a.seenOn ?? undefined, on) ?? on,
        seenAlone: (a.seenAlone ?? false) || event.data.seenAlone,
      }));
    case 'AssessmentCompleted':
      return withAssessment(ctx, on, event.data.assessmentId, () => ({ completedOn: on }));
    case 'AssessmentAuthorised':
      return withAssessment(ctx, on, event.data.assessmentId, () => ({ authorisedOn: on, outcome: event.data.outcome }));
    case 'CinPlanStarted':
      return withEpisode(ctx, on, (e) => ({
        cinPlan: { startedOn: on, lastReviewOn: null, lastVisitOn: null, lastSeenOn: null },
        cinPlanCount: e.cinPlanCount + 1,
      }));
    case 'CinPlanReviewed':
      return withEpisode(ctx, on, (e) => ({ cinPlan: e.cinPlan && { ...e.cinPlan, lastReviewOn: later(e.cinPlan.lastReviewOn, on) } }));
    case 'CinVisitMade':
      return withEpisode(ctx, on, (e) => ({
        cinPlan: e.cinPlan && {
          ...e.cinPlan,
          lastVisitOn: later(e.cinPlan.lastVisitOn, on),
          lastSeenOn: event.data.childSeen ? later(e.cinPlan.lastSeenOn, on) : e.cinPlan.lastSeenOn,
        },
      }));
    case 'CinPlanEnded':
      return withEpisode(ctx, on, () => ({ cinPlan: null }));
    case 'StrategyDiscussionHeld':
      return withEpisode(ctx, on, (e) => {
        const enquiryInHand = e.s47 !== null && e.s47.startedOn !== null && e.s47.outcome === null;
        if (enquiryInHand) return { lastStrategyDiscussionOn: on };
        if (event.data.outcome === 'NO_S47') {
          // A reconvened discussion that decides against an enquiry not yet started withdraws it.
          const notStarted = e.s47 !== null && e.s47.startedOn === null;
          return { lastStrategyDiscussionOn: on, s47: notStarted ? null : e.s47, s47Count: notStarted ? e.s47Count - 1 : e.s47Count };
        }
        if (e.s47 !== null && e.s47.startedOn === null) return { lastStrategyDiscussionOn: on };
        const s47: S47Record = {
          strategyDiscussionOn: on,
          startedOn: null,
          icpcTargetDate: null,
          concludedOn: null,
          outcome: null,
          conferenceDate: null,
          icpcOn: null,
          icpcOutcome: null,
          icpcCategory: null,
        };
        return { lastStrategyDiscussionOn: on, s47, s47Count: e.s47Count + 1 };
      });
    case 'S47EnquiryStarted':
      return withS47(ctx, on, () => ({ startedOn: on, icpcTargetDate: event.data.icpcTargetDate }));
    case 'S47EnquiryConcluded':
      return withS47(ctx, on, () => ({ concludedOn: on, outcome: event.data.outcome }));
    case 'IcpcScheduled':
      return withS47(ctx, on, () => ({ conferenceDate: event.data.conferenceDate, icpcTargetDate: event.data.targetDate }));
    case 'IcpcHeld': {
      const held = withS47(ctx, on, () => ({ icpcOn: on, icpcOutcome: event.data.outcome, icpcCategory: event.data.category }));
      const category = event.data.category;
      return event.data.outcome === 'PLAN' && category !== null
        ? withEpisode(held, on, () => ({ pendingPlan: { icpcOn: on, category } }))
        : held;
    }
    case 'ChildProtectionPlanStarted':
      return {
        ...withEpisode(ctx, on, () => ({
          pendingPlan: null,
          cpp: {
            startedOn: on,
            planNumber: event.data.planNumber,
            initialCategory: event.data.category,
            category: event.data.category,
            lastCoreGroupOn: null,
            lastVisitOn: null,
            lastSeenOn: null,
            lastReviewOn: null,
          },
        })),
        cppCount: ctx.cppCount + 1,
      };
    case 'CoreGroupHeld':
      return withEpisode(ctx, on, (e) => ({ cpp: e.cpp && { ...e.cpp, lastCoreGroupOn: later(e.cpp.lastCoreGroupOn, on) } }));
    case 'ChildProtectionVisitMade':
      return withEpisode(ctx, on, (e) => ({
        cpp: e.cpp && {
          ...e.cpp,
          lastVisitOn: later(e.cpp.lastVisitOn, on),
          lastSeenOn: event.data.childSeen ? later(e.cpp.lastSeenOn, on) : e.cpp.lastSeenOn,
        },
      }));
    case 'ReviewConferenceHeld':
      return withEpisode(ctx, on, (e) => ({ cpp: e.cpp && { ...e.cpp, lastReviewOn: later(e.cpp.lastReviewOn, on) } }));
    case 'CategoryOfAbuseChanged':
      return withEpisode(ctx, on, (e) => ({ cpp: e.cpp && { ...e.cpp, category: event.data.to } }));
    case 'ChildProtectionPlanEnded':
      return withEpisode(ctx, on, () => ({ cpp: null, lastCppEnd: { on, reason: event.data.reason } }));
    case 'BecameLookedAfter': {
      const d = event.data;
      const lookedAfter: LookedAfterRecord = {
        startedOn: on,
        categoryOfNeed: d.categoryOfNeed,
        legalStatus: d.legalStatus,
        placement: d.placement,
        placementStartedOn: on,
        placementsInPeriod: 1,
        episodes: [{ startedOn: on, legalStatus: d.legalStatus, placement: d.placement, reasonNewEpisode: 'S' }],
        carePlanOn: null,
        placementPlanOn: null,
        reviewCount: 0,
        lastReviewOn: null,
        lastVisitOn: null,
        initialHealthAssessmentOn: null,
        lastHealthAssessmentOn: null,
        pepOn: null,
        missing: null,
        adoption: null,
      };
      return {
        ...withEpisode(ctx, on, () => ({ lookedAfter })),
        lookedAfterPeriods: [...ctx.lookedAfterPeriods, { from: on, to: null }],
      };
    }
    case 'LegalStatusChanged':
      return withLookedAfter(ctx, on, (l) => ({
        legalStatus: event.data.to,
        episodes: [...l.episodes, { startedOn: on, legalStatus: event.data.to, placement: l.placement, reasonNewEpisode: 'L' }],
      }));
    case 'PlacementChanged':
      return withLookedAfter(ctx, on, (l) => {
        const legalStatus = event.data.newLegalStatus ?? l.legalStatus;
        return {
          legalStatus,
          placement: event.data.placement,
          placementStartedOn: on,
          placementPlanOn: null,
          placementsInPeriod: l.placementsInPeriod + 1,
          episodes: [
            ...l.episodes,
            { startedOn: on, legalStatus, placement: event.data.placement, reasonNewEpisode: event.data.reasonNewEpisode },
          ],
        };
      });
    case 'CarePlanRecorded':
      return withLookedAfter(ctx, on, (l) => ({ carePlanOn: later(l.carePlanOn, on) }));
    case 'PlacementPlanRecorded':
      return withLookedAfter(ctx, on, (l) => ({ placementPlanOn: later(l.placementPlanOn, on) }));
    case 'LacReviewHeld':
      return withLookedAfter(ctx, on, (l) => ({ reviewCount: l.reviewCount + 1, lastReviewOn: later(l.lastReviewOn, on) }));
    case 'LacVisitMade':
      return withLookedAfter(ctx, on, (l) => ({ lastVisitOn: later(l.lastVisitOn, on) }));
    case 'HealthAssessmentRecorded':
      return withLookedAfter(ctx, on, (l) => ({
        initialHealthAssessmentOn: event.data.kind === 'INITIAL' ? on : l.initialHealthAssessmentOn,
        lastHealthAssessmentOn: later(l.lastHealthAssessmentOn, on),
      }));
    case 'PersonalEducationPlanRecorded':
      return withLookedAfter(ctx, on, (l) => ({ pepOn: later(l.pepOn, on) }));
    case 'MissingEpisodeStarted':
      return withLookedAfter(ctx, on, () => ({ missing: { kind: event.data.kind, since: on } }));
    case 'MissingEpisodeEnded':
      return withLookedAfter(ctx, on, () => ({ missing: null }));
    case 'CareProceedingsIssued':
      return withEpisode(ctx, on, (e) => ({
        proceedings: { issuedOn: on, orderSought: event.data.orderSought, interimOrder: null, interimOrderOn: null },
        proceedingsCount: e.proceedingsCount + 1,
      }));
    case 'InterimCareOrderMade':
      return withEpisode(ctx, on, (e) => ({
        proceedings: e.proceedings && { ...e.proceedings, interimOrder: event.data.order, interimOrderOn: on },
      }));
    case 'FinalOrderMade':
    case 'CareProceedingsWithdrawn':
      return withEpisode(ctx, on, () => ({ proceedings: null }));
    case 'AdoptionDecisionMade':
      return withLookedAfter(ctx, on, () => ({
        adoption: { decidedOn: on, placementOrderOn: null, matchedOn: null, placedOn: null, place: null, orderOn: null, orderReason: null },
      }));
    case 'PlacementOrderGranted':
      return withAdoption(ctx, on, () => ({ placementOrderOn: on }));
    case 'MatchedWithAdopters':
      return withAdoption(ctx, on, () => ({ matchedOn: on }));
    case 'PlacedForAdoption':
      return withAdoption(ctx, on, () => ({ placedOn: on, place: event.data.place }));
    case 'AdoptionOrderGranted':
      return withAdoption(ctx, on, () => ({ orderOn: on, orderReason: event.data.reasonEpisodeCeased }));
    case 'AdoptionDecisionReversed':
      return withLookedAfter(ctx, on, () => ({ adoption: null }));
    case 'CeasedLookedAfter': {
      const adopted = ctx.episode?.lookedAfter?.adoption?.orderOn ?? null;
      const ended = withEpisode(ctx, on, () => ({
        lookedAfter: null,
        lastCeasedLookedAfter: { on, reason: event.data.reasonEpisodeCeased },
        adoptedOn: adopted,
      }));
      const periods = ctx.lookedAfterPeriods.map((p) => (p.to === null ? { ...p, to: on } : p));
      const careLeaver =
        event.data.careLeaver && ctx.careLeaver.since === null ? { ...ctx.careLeaver, since: on } : ctx.careLeaver;
      return { ...ended, lookedAfterPeriods: periods, careLeaver };
    }
    case 'PathwayPlanRecorded':
      return { ...ctx, careLeaver: { ...ctx.careLeaver, pathwayPlanOn: later(ctx.careLeaver.pathwayPlanOn, on) } };
    case 'PathwayPlanReviewed':
      return { ...ctx, careLeaver: { ...ctx.careLeaver, lastPathwayReviewOn: later(ctx.careLeaver.lastPathwayReviewOn, on) } };
    case 'CareLeaverContactRecorded':
      return { ...ctx, careLeaver: { ...ctx.careLeaver, lastContactOn: later(ctx.careLeaver.lastContactOn, on) } };
    case 'CareLeaverServicesEnded':
      return { ...ctx, careLeaver: { ...ctx.careLeaver, endedOn: on } };
    case 'CaseClosed': {
      const e = ctx.episode;
      if (e === null) return ctx;
      return {
        ...ctx,
        episode: null,
        closedEpisodes: [
          ...ctx.closedEpisodes,
          { number: e.number, referralDate: e.referralDate, closedOn: on, reason: event.data.reason, referralNfa: e.referralNfaOn !== null },
        ],
      };
    }
  }
}

const later = (current: string | null, on: string): string => maxDate(current ?? undefined, on) ?? on;

function trackBirthDates(ctx: JourneyContext, event: MachineEvent): JourneyContext {
  if (ctx.child.status !== 'BORN' && !(event.type === 'ContactReceived' && event.data.child.status === 'BORN')) return ctx;
  if (event.type === 'DateOfBirthRecorded') return ctx;
  const on = dateOf(event.occurredAt);
  const earliest = ctx.earliestDateSinceBirth === null || on < ctx.earliestDateSinceBirth ? on : ctx.earliestDateSinceBirth;
  return earliest === ctx.earliestDateSinceBirth ? ctx : { ...ctx, earliestDateSinceBirth: earliest };
}

function withEpisode(
  ctx: JourneyContext,
  on: string,
  change: (episode: OpenEpisode) => Partial<OpenEpisode>,
): JourneyContext {
  const e = ctx.episode;
  if (e === null) return ctx;
  return { ...ctx, episode: { ...e, ...change(e), lastActivityOn: later(e.lastActivityOn, on) } };
}

function withAssessment(
  ctx: JourneyContext,
  on: string,
  assessmentId: string,
  change: (a: AssessmentRecord) => Partial<AssessmentRecord>,
): JourneyContext {
  return withEpisode(ctx, on, (e) => ({
    assessments: e.assessments.map((a) => (a.assessmentId === assessmentId ? { ...a, ...change(a) } : a)),
  }));
}

function withS47(ctx: JourneyContext, on: string, change: (s: S47Record) => Partial<S47Record>): JourneyContext {
  return withEpisode(ctx, on, (e) => ({ s47: e.s47 && { ...e.s47, ...change(e.s47) } }));
}

function withLookedAfter(
  ctx: JourneyContext,
  on: string,
  change: (l: LookedAfterRecord) => Partial<LookedAfterRecord>,
): JourneyContext {
  return withEpisode(ctx, on, (e) => ({ lookedAfter: e.lookedAfter && { ...e.lookedAfter, ...change(e.lookedAfter) } }));
}

function withAdoption(
  ctx: JourneyContext,
  on: string,
  change: (a: NonNullable<LookedAfterRecord['adoption']>) => Partial<NonNullable<LookedAfterRecord['adoption']>>,
): JourneyContext {
  return withLookedAfter(ctx, on, (l) => ({ adoption: l.adoption && { ...l.adoption, ...change(l.adoption) } }));
}
