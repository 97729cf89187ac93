import type { AssessmentFactor, AssessmentOutcome, ClosureReason, OpenEpisode, S47Record } from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import type { TeamKind } from './authority-options.js';
import { ASSESSMENT_FACTORS, PROFILE } from './authority-profile.js';
import { Weighted } from './seeded-random.js';
import type { EpisodeIntent, SimulatedChild } from './simulated-child.js';
import { requestStrategyDiscussion, startS47Enquiry } from './child-protection.js';
import { startCinPlanOn } from './cin-plan.js';
import { enterCare } from './looked-after.js';

/** Working days from referral to allocation: most next day, a few cases wait weeks for a worker. */
const ALLOCATION_DELAY = new Weighted<readonly [number, number]>([[[0, 0], 35], [[1, 1], 30], [[2, 5], 20], [[6, 20], 11], [[21, 60], 4]]);
const ASSESSMENT_START = new Weighted<readonly [number, number]>([[[0, 0], 40], [[1, 1], 25], [[2, 2], 15], [[3, 3], 8], [[4, 10], 12]]);
/** Working days from referral to authorisation: about 85% within the 45-day timescale. */
const ASSESSMENT_LENGTH = new Weighted<readonly [number, number]>([[[12, 35], 50], [[36, 45], 35], [[46, 95], 15]]);
const SUPERVISION_INTERVAL = new Weighted<readonly [number, number]>([[[20, 28], 70], [[29, 40], 20], [[41, 60], 10]]);
const OUTCOME_FIRST = new Weighted<AssessmentOutcome>([['NO_FURTHER_ACTION', 45], ['STEP_DOWN_EARLY_HELP', 20], ['CIN_PLAN', 32], ['STRATEGY_DISCUSSION', 3]]);
const OUTCOME_AFTER_S47 = new Weighted<AssessmentOutcome>([['NO_FURTHER_ACTION', 62], ['STEP_DOWN_EARLY_HELP', 25], ['CIN_PLAN', 13]]);
const CLOSE_DELAY = new Weighted<readonly [number, number]>([[[0, 0], 40], [[1, 3], 35], [[4, 10], 25]]);

export const between = (sim: AuthoritySimulation, range: readonly [number, number]): number => sim.rng.int(range[0], range[1]);

/** S47 work still owed an answer (closure needs every enquiry resolved). */
export function s47Unresolved(s47: S47Record | null): boolean {
  if (s47 === null || s47.outcome === 'ICPC_NOT_REQUIRED') return false;
  if (s47.outcome === 'ICPC_REQUIRED') return s47.icpcOn === null;
  return true;
}

/** The child's open episode, if it is still the one the intent was made for. */
export function currentEpisode(child: SimulatedChild, intent: EpisodeIntent | null = child.ep): OpenEpisode | null {
  const e = child.state.context.episode;
  return e !== null && intent !== null && child.ep === intent && e.number === intent.number ? e : null;
}

export function onReferralOpened(sim: AuthoritySimulation, child: SimulatedChild, day: number, emergency: boolean): void {
  const e = child.state.context.episode;
  if (e === null) return;
  const rng = sim.rng;
  const ep: EpisodeIntent = {
    number: e.number,
    referralDay: day,
    closing: null,
    closeScheduled: false,
    supervising: false,
    strategyPlanned: false,
    cinPlanned: false,
    careDay: null,
  };
  child.ep = ep;
  sim.markOpen(child);
  const allocateOn = sim.wdAfter(day, between(sim, ALLOCATION_DELAY.pick(rng)));
  sim.at(allocateOn, () => allocateIfWaiting(sim, child, ep, allocateOn));

  const legacy = child.legacy;
  if (legacy?.kind === 'care') {
    scheduleAssessment(sim, child, ep);
    planCare(sim, child, ep, Math.max(legacy.entryDay, day), legacy.entryKind);
    return;
  }
  if (legacy?.kind === 'protection') {
    scheduleAssessment(sim, child, ep);
    const discussion = Math.max(sim.wdBefore(legacy.icpcDay, rng.int(9, 14)), sim.wdAfter(day, 0));
    requestStrategyDiscussion(sim, child, discussion, { conferenceDay: legacy.icpcDay });
    return;
  }
  if (emergency) {
    const startOn = rng.chance(0.85) ? day : sim.wdAfter(day, 1);
    sim.at(startOn, () => startS47Enquiry(sim, child, startOn, day));
    if (child.birthDay <= day && rng.chance(PROFILE.emergencyCare)) planCare(sim, child, ep, day + rng.int(0, 1), 'emergency');
    scheduleAssessment(sim, child, ep);
    return;
  }
  const r = rng.next();
  if (r < PROFILE.referralNfa) {
    const on = sim.wdAfter(day, rng.int(0, 2));
    sim.at(on, () => {
      if (currentEpisode(child, ep) === null) return;
      if (sim.issue(child, 'RecordReferralNoFurtherAction', on, {})) requestClosure(sim, child, on, 'RC7');
    });
    return;
  }
  scheduleAssessment(sim, child, ep);
  if (r < PROFILE.referralNfa + PROFILE.protectionRoute) {
    const gap = rng.chance(0.55) ? rng.int(0, 1) : rng.int(2, 8);
    requestStrategyDiscussion(sim, child, sim.wdAfter(day, gap));
  } else if (r < PROFILE.referralNfa + PROFILE.protectionRoute + PROFILE.careFromAssessment) {
    const on = day + rng.int(7, 60);
    if (child.birthDay < on) planCare(sim, child, ep, on, 'planned');
  }
}

/** Care is planned for `day`: the case stays open for it. */
export function planCare(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, kind: 'emergency' | 'planned' | 'newborn'): void {
  if (ep.careDay !== null) return;
  ep.careDay = day;
  sim.at(day, () => enterCare(sim, child, ep, day, kind));
}

// --- allocation and supervision ---------------------------------------------------------------------------------

function allocateIfWaiting(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number): void {
  const e = currentEpisode(child, ep);
  if (e === null || e.allocation !== null || e.referralNfaOn !== null) return;
  allocate(sim, child, day, teamKindFor(child));
}

/** The kind of team that should hold the case now. */
export function teamKindFor(child: SimulatedChild): TeamKind {
  const ctx = child.state.context;
  if (ctx.careLeaver.since !== null && ctx.careLeaver.endedOn === null) return 'leaving-care';
  if (ctx.episode?.lookedAfter) return 'children-in-care';
  return 'casework';
}

export function allocate(sim: AuthoritySimulation, child: SimulatedChild, day: number, kind: TeamKind): void {
  const team = sim.pickTeam(kind);
  const workerId = sim.pickWorker(team);
  const current = child.state.context.episode?.allocation;
  if (current?.workerId === workerId && current.teamId === team.id) return;
  sim.issue(child, 'AllocateCase', day, { workerId, teamId: team.id });
}

/** Moves the case to a team of `kind` (children in care, leaving care) unless it is already with one. */
export function transferTo(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, kind: TeamKind): void {
  const e = currentEpisode(child, ep);
  if (e === null || !sim.hasTeamOfKind(kind)) return;
  if (e.allocation !== null && sim.teamKindOf(e.allocation.teamId) === kind) return;
  allocate(sim, child, day, kind);
}

export function onAllocated(sim: AuthoritySimulation, child: SimulatedChild, day: number, previousWorker: string | null, workerId: string): void {
  if (previousWorker !== null) sim.adjustCaseload(previousWorker, -1);
  sim.adjustCaseload(workerId, 1);
  const ep = child.ep;
  if (ep === null) return;
  if (!ep.supervising) {
    ep.supervising = true;
    const next = sim.workingOnOrAfter(day + between(sim, SUPERVISION_INTERVAL.pick(sim.rng)));
    sim.at(next, () => supervise(sim, child, ep, next));
  }
  if (sim.rng.chance(PROFILE.workerLeaves)) {
    const leaves = sim.workingOnOrAfter(day + sim.rng.int(30, 200));
    sim.at(leaves, () => {
      if (currentEpisode(child, ep)?.allocation?.workerId !== workerId) return;
      sim.issue(child, 'DeallocateCase', leaves, { reason: 'Worker left the authority' });
    });
  }
}

export function onDeallocated(sim: AuthoritySimulation, child: SimulatedChild, day: number, previousWorker: string | null): void {
  if (previousWorker !== null) sim.adjustCaseload(previousWorker, -1);
  const ep = child.ep;
  if (ep === null) return;
  const on = sim.wdAfter(day, sim.rng.int(3, 40));
  sim.at(on, () => allocateIfWaiting(sim, child, ep, on));
}

/**
 * Supervision about every four weeks while the case is allocated. It is also the manager's look at the case: an
 * episode where nothing is happening and nothing is planned is settled here (a plan or closure), as a manager would.
 */
function supervise(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number): void {
  const e = currentEpisode(child, ep);
  if (e === null) return;
  if (e.allocation !== null) {
    const manager = sim.actorFor(child, 'manager');
    sim.issue(child, 'RecordSupervision', day, { supervisorId: manager.userId }, { actor: manager });
  }
  if (day - ep.referralDay > 30 && isIdle(child, ep)) settle(sim, child, day);
  else maybeClose(sim, child, day);
  const next = sim.workingOnOrAfter(day + (e.allocation !== null ? between(sim, SUPERVISION_INTERVAL.pick(sim.rng)) : 14));
  sim.at(next, () => supervise(sim, child, ep, next));
}

/** Nothing open, nothing planned, and no closure on the way. */
export function isIdle(child: SimulatedChild, ep: EpisodeIntent): boolean {
  const e = currentEpisode(child, ep);
  if (e === null || ep.closing !== null || ep.strategyPlanned || ep.cinPlanned || ep.careDay !== null) return false;
  if (e.cinPlan || e.cpp || e.pendingPlan || e.lookedAfter || e.proceedings || s47Unresolved(e.s47)) return false;
  if (e.assessments.length === 0 && e.referralNfaOn === null) return false;
  if (e.assessments.some((a) => a.authorisedOn === null)) return false;
  const ctx = child.state.context;
  return !(ctx.careLeaver.since !== null && ctx.careLeaver.endedOn === null);
}

/** Work finished without a plan: a CIN plan for some, otherwise the case closes. */
export function settle(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  const ep = child.ep;
  if (ep === null || !isIdle(child, ep)) return;
  const e = currentEpisode(child, ep);
  if (e !== null && e.referralNfaOn === null && sim.rng.chance(0.2)) {
    startCinPlanOn(sim, child, sim.wdAfter(day, sim.rng.int(0, 5)));
    return;
  }
  requestClosure(sim, child, day, e?.assessments.some((a) => a.completedOn !== null) ? 'RC8' : 'RC7');
}

// --- assessment ---------------------------------------------------------------------------------------------

function scheduleAssessment(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent): void {
  const on = sim.wdAfter(ep.referralDay, between(sim, ASSESSMENT_START.pick(sim.rng)));
  sim.at(on, () => startAssessment(sim, child, ep, on));
}

function startAssessment(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number): void {
  const e = currentEpisode(child, ep);
  if (e === null || e.referralNfaOn !== null || e.assessments.some((a) => a.authorisedOn === null)) return;
  const assessmentId = sim.newId();
  if (!sim.issue(child, 'StartAssessment', day, { assessmentId })) return;
  const rng = sim.rng;
  const authoriseOn = Math.max(sim.wdAfter(ep.referralDay, between(sim, ASSESSMENT_LENGTH.pick(rng))), sim.wdAfter(day, 3));
  const seenOn = Math.min(sim.wdAfter(day, rng.int(1, 8)), authoriseOn);
  const completeOn = Math.max(seenOn, sim.wdBefore(authoriseOn, rng.int(0, 4)));
  sim.at(seenOn, () => {
    seeChild(sim, child, ep, assessmentId, seenOn);
  });
  sim.at(completeOn, () => completeAssessment(sim, child, ep, assessmentId, completeOn, authoriseOn));
}

function assessmentInHand(child: SimulatedChild, ep: EpisodeIntent, assessmentId: string) {
  return currentEpisode(child, ep)?.assessments.find((a) => a.assessmentId === assessmentId && a.authorisedOn === null) ?? null;
}

function seeChild(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, assessmentId: string, day: number): boolean {
  const a = assessmentInHand(child, ep, assessmentId);
  if (a === null || a.seenOn !== null || child.state.context.child.status !== 'BORN') return false;
  const seenAlone = sim.ageOn(child, day) >= 5 && sim.rng.chance(0.6);
  return sim.issue(child, 'RecordChildSeenForAssessment', day, { assessmentId, seenAlone });
}

function completeAssessment(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, assessmentId: string, day: number, authoriseOn: number): void {
  const a = assessmentInHand(child, ep, assessmentId);
  if (a === null || a.completedOn !== null) return;
  // A child born while the assessment ran must be seen before it is completed.
  if (a.seenOn === null && child.state.context.child.status === 'BORN') seeChild(sim, child, ep, assessmentId, day);
  if (!sim.issue(child, 'CompleteAssessment', day, { assessmentId })) return;
  sim.at(authoriseOn, () => authoriseAssessment(sim, child, ep, assessmentId, authoriseOn));
}

function assessmentFactors(sim: AuthoritySimulation): AssessmentFactor[] {
  if (sim.rng.chance(0.06)) return ['21'];
  const count = sim.rng.int(1, 3);
  const factors = new Set<AssessmentFactor>();
  for (let i = 0; i < count * 2 && factors.size < count; i++) factors.add(ASSESSMENT_FACTORS.pick(sim.rng));
  return [...factors];
}

function authoriseAssessment(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, assessmentId: string, day: number): void {
  const a = assessmentInHand(child, ep, assessmentId);
  const e = currentEpisode(child, ep);
  if (a === null || e === null || a.completedOn === null) return;
  const busy = e.cinPlan || e.cpp || e.pendingPlan || e.lookedAfter || e.proceedings || ep.strategyPlanned || ep.cinPlanned || ep.careDay !== null;
  const outcome: AssessmentOutcome = s47Unresolved(e.s47)
    ? 'STRATEGY_DISCUSSION'
    : busy
      ? 'CONTINUE_CURRENT_PLAN'
      : (e.s47Count > 0 ? OUTCOME_AFTER_S47 : OUTCOME_FIRST).pick(sim.rng);
  if (!sim.issue(child, 'AuthoriseAssessment', day, { assessmentId, factors: assessmentFactors(sim), outcome })) return;
  if (s47Unresolved(e.s47) || busy) return;
  switch (outcome) {
    case 'NO_FURTHER_ACTION':
      requestClosure(sim, child, day, 'RC8');
      return;
    case 'STEP_DOWN_EARLY_HELP':
      requestClosure(sim, child, day, 'RC9');
      return;
    case 'CIN_PLAN':
      startCinPlanOn(sim, child, sim.wdAfter(day, sim.rng.int(0, 5)));
      return;
    case 'STRATEGY_DISCUSSION':
      requestStrategyDiscussion(sim, child, sim.wdAfter(day, sim.rng.int(0, 3)));
      return;
    case 'CONTINUE_CURRENT_PLAN':
      return;
  }
}

// --- closure ------------------------------------------------------------------------------------------------

/** The case is to close with `reason` once nothing is open in it. */
export function requestClosure(sim: AuthoritySimulation, child: SimulatedChild, day: number, reason: ClosureReason): void {
  const ep = child.ep;
  if (ep === null) return;
  ep.closing = reason;
  maybeClose(sim, child, day);
}

function closable(child: SimulatedChild, ep: EpisodeIntent): boolean {
  const e = currentEpisode(child, ep);
  if (e === null || ep.strategyPlanned || ep.cinPlanned || ep.careDay !== null) return false;
  if (e.cinPlan || e.cpp || e.pendingPlan || e.lookedAfter || e.proceedings) return false;
  if (e.assessments.some((a) => a.authorisedOn === null) || s47Unresolved(e.s47)) return false;
  const ctx = child.state.context;
  return !(ctx.careLeaver.since !== null && ctx.careLeaver.endedOn === null);
}

/** Called whenever some work ends: closes the case a few days later if closure was asked for and nothing is open. */
export function maybeClose(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  const ep = child.ep;
  if (ep === null || ep.closing === null || ep.closeScheduled || !closable(child, ep)) return;
  ep.closeScheduled = true;
  const on = sim.workingOnOrAfter(day + between(sim, CLOSE_DELAY.pick(sim.rng)));
  sim.at(on, () => {
    ep.closeScheduled = false;
    if (ep.closing === null || !closable(child, ep)) return;
    const e = currentEpisode(child, ep);
    const assessed = e?.assessments.some((a) => a.completedOn !== null) ?? false;
    const reason = (ep.closing === 'RC8' || ep.closing === 'RC9') && !assessed ? 'RC7' : ep.closing;
    sim.issue(child, 'CloseCase', on, { reason });
  });
}

export function onCaseClosed(sim: AuthoritySimulation, child: SimulatedChild, day: number, previousWorker: string | null): void {
  if (previousWorker !== null) sim.adjustCaseload(previousWorker, -1);
  child.ep = null;
  child.care = null;
  sim.markClosed(child, day);
}
