import type { CategoryOfAbuse, CppEndReason } from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import { CATEGORY_OF_ABUSE, PROFILE } from './authority-profile.js';
import { Weighted } from './seeded-random.js';
import type { EpisodeIntent, SimulatedChild } from './simulated-child.js';
import { between, currentEpisode, maybeClose, planCare, requestClosure, s47Unresolved, settle } from './episode-work.js';
import { startCinPlanOn } from './cin-plan.js';
import { strategyAgencies } from './front-door.js';

/** Working days from the strategy discussion to the ICPC: ~80% within the 15-day timescale. */
const CONFERENCE_GAP = new Weighted<readonly [number, number]>([[[8, 15], 80], [[16, 25], 20]]);
/** Working days an enquiry that needs no conference takes. */
const S47_LENGTH = new Weighted<readonly [number, number]>([[[3, 10], 70], [[11, 25], 25], [[26, 45], 5]]);
/** How many review conferences a plan has before it ends (the last one ends it): ~9–10 months on average. */
export const REVIEWS_BEFORE_END = new Weighted<number>([[1, 24], [2, 45], [3, 18], [4, 8], [5, 3], [6, 2]]);
const FIRST_CORE_GROUP = new Weighted<readonly [number, number]>([[[2, 10], 90], [[11, 20], 10]]);
/** Working days between child protection visits: the local standard is 10. */
const CP_VISIT_GAP = new Weighted<readonly [number, number]>([[[5, 10], 86], [[11, 15], 11], [[16, 30], 3]]);

export interface ConferencePreset {
  /** The ICPC is held on this day and decides on a plan (a child open at the window's start). */
  readonly conferenceDay: number;
}

export function requestStrategyDiscussion(sim: AuthoritySimulation, child: SimulatedChild, day: number, preset?: ConferencePreset): void {
  const ep = child.ep;
  if (ep === null || ep.strategyPlanned) return;
  ep.strategyPlanned = true;
  sim.at(day, () => holdStrategyDiscussion(sim, child, ep, day, preset));
}

function holdStrategyDiscussion(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, preset?: ConferencePreset): void {
  ep.strategyPlanned = false;
  const e = currentEpisode(child, ep);
  if (e === null || e.referralNfaOn !== null || e.cpp !== null || e.pendingPlan !== null || s47Unresolved(e.s47)) {
    maybeClose(sim, child, day);
    return;
  }
  const enquiry = preset !== undefined || sim.rng.chance(PROFILE.strategyToS47);
  const ok = sim.issue(child, 'HoldStrategyDiscussion', day, {
    outcome: enquiry ? 'S47_ENQUIRY' : 'NO_S47',
    agencies: strategyAgencies(sim, child, day),
  });
  if (!ok || !enquiry) {
    settle(sim, child, day);
    maybeClose(sim, child, day);
    return;
  }
  const startOn = sim.rng.chance(0.9) ? day : sim.wdAfter(day, 1);
  sim.at(startOn, () => startS47Enquiry(sim, child, startOn, day, preset));
}

export function startS47Enquiry(sim: AuthoritySimulation, child: SimulatedChild, day: number, discussedOn: number, preset?: ConferencePreset): void {
  const ep = child.ep;
  const e = currentEpisode(child, ep);
  if (ep === null || e?.s47 == null || e.s47.startedOn !== null || e.s47.outcome !== null) return;
  if (!sim.issue(child, 'StartS47Enquiry', day, {})) return;
  const rng = sim.rng;
  if (preset !== undefined || rng.chance(PROFILE.s47ToIcpc)) {
    const planned = preset?.conferenceDay ?? sim.wdAfter(discussedOn, between(sim, CONFERENCE_GAP.pick(rng)));
    const conference = Math.max(planned, sim.wdAfter(day, 3));
    const span = sim.workingDaysBetween(day, conference);
    const concludeOn = sim.wdAfter(day, rng.int(1, Math.max(1, span - 2)));
    sim.at(concludeOn, () => conferenceNeeded(sim, child, ep, concludeOn, conference, preset !== undefined));
  } else {
    const concludeOn = sim.wdAfter(day, between(sim, S47_LENGTH.pick(rng)));
    sim.at(concludeOn, () => noConferenceNeeded(sim, child, ep, concludeOn));
  }
}

function enquiryOpen(child: SimulatedChild, ep: EpisodeIntent): boolean {
  const s = currentEpisode(child, ep)?.s47;
  return s != null && s.startedOn !== null && s.outcome === null;
}

function conferenceNeeded(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, conference: number, preset: boolean): void {
  if (!enquiryOpen(child, ep)) return;
  if (!sim.issue(child, 'ConcludeS47Enquiry', day, { outcome: 'ICPC_REQUIRED' })) return;
  const on = Math.max(conference, sim.wdAfter(day, 1));
  if (!sim.issue(child, 'ScheduleIcpc', day, { conferenceDate: sim.iso(on) })) return;
  if (!preset && sim.rng.chance(0.05)) {
    // The conference is moved a few days (a key agency cannot attend).
    const moved = sim.wdAfter(on, sim.rng.int(2, 8));
    const decidedOn = Math.max(day, sim.wdBefore(on, 1));
    sim.at(decidedOn, () => {
      const s = currentEpisode(child, ep)?.s47;
      if (s?.icpcOn !== null || s.conferenceDate !== sim.iso(on)) return;
      const ok = sim.issue(child, 'ScheduleIcpc', decidedOn, { conferenceDate: sim.iso(moved) });
      const heldOn = ok ? moved : on;
      sim.at(heldOn, () => holdIcpc(sim, child, ep, heldOn, false));
    });
    return;
  }
  sim.at(on, () => holdIcpc(sim, child, ep, on, preset));
}

function noConferenceNeeded(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number): void {
  const e = currentEpisode(child, ep);
  if (e === null || !enquiryOpen(child, ep)) return;
  const current = e.cinPlan !== null || e.cpp !== null || e.lookedAfter !== null;
  const nextStep = current ? 'CONTINUE_CURRENT_PLAN' : sim.rng.chance(PROFILE.s47NotRequiredToCinPlan) ? 'CIN_PLAN' : 'NO_FURTHER_ACTION';
  if (!sim.issue(child, 'ConcludeS47Enquiry', day, { outcome: 'ICPC_NOT_REQUIRED', nextStep })) return;
  if (nextStep === 'CIN_PLAN') startCinPlanOn(sim, child, sim.wdAfter(day, sim.rng.int(0, 5)));
  else settle(sim, child, day);
}

function holdIcpc(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, preset: boolean): void {
  const e = currentEpisode(child, ep);
  const s = e?.s47;
  if (e == null || s == null || s.outcome !== 'ICPC_REQUIRED' || s.icpcOn !== null || s.conferenceDate !== sim.iso(day)) return;
  const plan = (preset || sim.rng.chance(PROFILE.icpcToPlan)) && e.cpp === null;
  const ok = sim.issue(child, 'HoldIcpc', day, plan ? { outcome: 'PLAN', category: CATEGORY_OF_ABUSE.pick(sim.rng) } : { outcome: 'NO_PLAN' });
  if (!ok || plan) return;
  if (e.cinPlan === null && sim.rng.chance(PROFILE.icpcNoPlanToCinPlan)) startCinPlanOn(sim, child, sim.wdAfter(day, sim.rng.int(0, 5)));
  else settle(sim, child, day);
}

/** A review conference on time (just before the due date) for most plans, a few weeks late for some. */
function reviewDay(sim: AuthoritySimulation, due: number, after: number): number {
  const day = sim.rng.chance(0.9) ? sim.workingOnOrBefore(due - sim.rng.int(0, 15)) : sim.workingOnOrAfter(due + sim.rng.int(1, 25));
  return Math.max(day, sim.wdAfter(after, 1));
}

/** Runs a child protection plan from its start: core groups, visits, review conferences, and how it ends. */
export function startChildProtectionPlan(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  const ep = child.ep;
  const cpp = child.state.context.episode?.cpp;
  if (ep === null || cpp == null) return;
  const rng = sim.rng;
  const planNumber = cpp.planNumber;
  const onPlan = (): boolean => currentEpisode(child, ep)?.cpp?.planNumber === planNumber;
  const legacy = child.legacy?.kind === 'protection' ? child.legacy : null;
  if (legacy) child.legacy = null;
  const reviewsBeforeEnd = legacy?.reviewsBeforeEnd ?? REVIEWS_BEFORE_END.pick(rng);
  const endReason: CppEndReason = legacy?.endReason ?? (rng.chance(0.65) ? 'STEP_DOWN_TO_CIN' : 'CLOSURE');
  if (!legacy) {
    const r = rng.next();
    if (r < PROFILE.cppToCare) {
      const on = day + rng.int(20, 240);
      if (child.birthDay < on) planCare(sim, child, ep, on, 'planned');
    } else if (r < PROFILE.cppToCare + PROFILE.cppTransferred) {
      const on = sim.wdAfter(day, rng.int(20, 150));
      sim.at(on, () => {
        if (onPlan() && sim.issue(child, 'EndChildProtectionPlan', on, { reason: 'TRANSFERRED_TO_ANOTHER_LA' })) requestClosure(sim, child, on, 'RC5');
      });
    }
    if (child.state.context.child.status === 'UNBORN' && rng.chance(PROFILE.prebirthRemoval)) child.removeAtBirth = true;
  }

  const coreGroup = (on: number): void => {
    if (!onPlan()) return;
    sim.issue(child, 'HoldCoreGroup', on, {});
    const next = sim.wdAfter(on, rng.int(15, 30));
    sim.at(next, () => coreGroup(next));
  };
  const firstCoreGroup = sim.wdAfter(day, between(sim, FIRST_CORE_GROUP.pick(rng)));
  sim.at(firstCoreGroup, () => coreGroup(firstCoreGroup));

  const visit = (on: number): void => {
    if (!onPlan()) return;
    const seen = child.state.context.child.status === 'BORN' && rng.chance(0.96);
    sim.issue(child, 'RecordChildProtectionVisit', on, { childSeen: seen, seenAlone: seen && sim.ageOn(child, on) >= 5 && rng.chance(0.65) });
    const next = sim.wdAfter(on, between(sim, CP_VISIT_GAP.pick(rng)));
    sim.at(next, () => visit(next));
  };
  const firstVisit = sim.wdAfter(day, between(sim, CP_VISIT_GAP.pick(rng)));
  sim.at(firstVisit, () => visit(firstVisit));

  const review = (on: number, index: number): void => {
    const e = currentEpisode(child, ep);
    if (e?.cpp?.planNumber !== planNumber) return;
    if (index >= reviewsBeforeEnd) {
      const reason: CppEndReason = e.lookedAfter !== null ? 'BECAME_LOOKED_AFTER' : endReason;
      if (sim.issue(child, 'HoldReviewConference', on, { planContinues: false, endReason: reason }) && reason === 'CLOSURE')
        requestClosure(sim, child, on, 'RC7');
      return;
    }
    sim.issue(child, 'HoldReviewConference', on, { planContinues: true });
    if (rng.chance(PROFILE.cppCategoryChange)) {
      const current = e.cpp.category;
      let to: CategoryOfAbuse = CATEGORY_OF_ABUSE.pick(rng);
      if (to === current) to = current === 'NEG' ? 'EMO' : 'NEG';
      sim.issue(child, 'ChangeCategoryOfAbuse', on, { category: to });
    }
    const next = reviewDay(sim, sim.addMonths(on, 6), on);
    sim.at(next, () => review(next, index + 1));
  };
  const firstReview = reviewDay(sim, sim.addMonths(day, 3), day);
  sim.at(firstReview, () => review(firstReview, 1));
}
