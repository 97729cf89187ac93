import type { AuthoritySimulation } from './authority-simulation.js';
import { PROFILE } from './authority-profile.js';
import { Weighted } from './seeded-random.js';
import type { SimulatedChild } from './simulated-child.js';
import { between, currentEpisode, maybeClose, planCare, requestClosure, s47Unresolved } from './episode-work.js';
import { requestStrategyDiscussion } from './child-protection.js';

/** Days between CIN visits: the local standard is 28. */
const CIN_VISIT_GAP = new Weighted<readonly [number, number]>([[[14, 28], 80], [[29, 42], 14], [[43, 70], 6]]);
/** Days between CIN plan reviews: due every 6 months. */
const CIN_REVIEW_GAP = new Weighted<readonly [number, number]>([[[80, 180], 82], [[181, 240], 18]]);

/** A CIN plan starts on `day` unless by then a plan is already open (or the case has moved on). */
export function startCinPlanOn(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  const ep = child.ep;
  if (ep === null || ep.cinPlanned) return;
  ep.cinPlanned = true;
  sim.at(day, () => {
    ep.cinPlanned = false;
    const e = currentEpisode(child, ep);
    if (e === null || e.referralNfaOn !== null || e.cinPlan !== null || e.cpp !== null || e.pendingPlan !== null) {
      maybeClose(sim, child, day);
      return;
    }
    if (!sim.issue(child, 'StartCinPlan', day, {})) maybeClose(sim, child, day);
  });
}

/** Runs a CIN plan from its start (however it started): visits, reviews and its end. */
export function startCinPlanTrack(sim: AuthoritySimulation, child: SimulatedChild, day: number, fromChildProtectionPlan: boolean): void {
  const ep = child.ep;
  const started = child.state.context.episode;
  if (ep === null || started?.cinPlan == null) return;
  const rng = sim.rng;
  const count = started.cinPlanCount;
  const onPlan = (): boolean => {
    const e = currentEpisode(child, ep);
    return e?.cinPlan != null && e.cinPlanCount === count;
  };

  const visit = (on: number): void => {
    if (!onPlan()) return;
    const seen = child.state.context.child.status === 'BORN' && rng.chance(0.93);
    sim.issue(child, 'RecordCinVisit', on, { childSeen: seen, seenAlone: seen && sim.ageOn(child, on) >= 5 && rng.chance(0.55) });
    const next = on + between(sim, CIN_VISIT_GAP.pick(rng));
    sim.at(next, () => visit(next));
  };
  const firstVisit = day + between(sim, CIN_VISIT_GAP.pick(rng));
  sim.at(firstVisit, () => visit(firstVisit));

  const review = (on: number): void => {
    if (!onPlan()) return;
    sim.issue(child, 'ReviewCinPlan', on, {});
    const next = sim.workingOnOrAfter(on + between(sim, CIN_REVIEW_GAP.pick(rng)));
    sim.at(next, () => review(next));
  };
  const firstReview = sim.workingOnOrAfter(day + between(sim, CIN_REVIEW_GAP.pick(rng)));
  sim.at(firstReview, () => review(firstReview));

  const end = (on: number): void => {
    if (!onPlan()) return;
    const e = currentEpisode(child, ep);
    if (e === null) return;
    if (s47Unresolved(e.s47) || ep.strategyPlanned || ep.careDay !== null) {
      const retry = sim.workingOnOrAfter(on + 28);
      sim.at(retry, () => end(retry));
      return;
    }
    const r = rng.next();
    if (r < PROFILE.cinEscalation) {
      // Worries grow: a strategy discussion; the plan goes on unless a conference replaces it.
      requestStrategyDiscussion(sim, child, sim.wdAfter(on, rng.int(0, 2)));
      const later = sim.workingOnOrAfter(on + rng.int(90, 200));
      sim.at(later, () => end(later));
      return;
    }
    if (r < PROFILE.cinEscalation + PROFILE.cinToCare && child.state.context.child.status === 'BORN' && sim.ageOn(child, on) < 17) {
      planCare(sim, child, ep, on + rng.int(5, 30), 'planned');
      return;
    }
    const met = rng.chance(0.85);
    if (sim.issue(child, 'EndCinPlan', on, { reason: met ? 'OBJECTIVES_MET' : 'OTHER' })) requestClosure(sim, child, on, met && rng.chance(0.15) ? 'RC9' : 'RC7');
  };
  const length = Math.min(720, Math.max(56, Math.round(rng.logNormal(fromChildProtectionPlan ? 150 : 180, 0.6))));
  const endOn = sim.workingOnOrAfter(day + length);
  sim.at(endOn, () => end(endOn));
}
