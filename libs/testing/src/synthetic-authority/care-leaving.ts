import type { CareLeaverInTouch } from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY } from './authority-profile.js';
import { Weighted } from './seeded-random.js';
import type { EpisodeIntent, SimulatedChild } from './simulated-child.js';
import { requestClosure, transferTo } from './episode-work.js';

const IN_TOUCH = new Weighted<CareLeaverInTouch>([['YES', 86], ['NO', 6], ['REFU', 3], ['NREQ', 2], ['RHOM', 3]]);
/** Pathway plan within 3 months of the 16th birthday for most; reviews every 6 months. */
const FIRST_PATHWAY_PLAN = new Weighted<readonly [number, number]>([[[0, 60], 85], [[61, 150], 15]]);
const PATHWAY_REVIEW_GAP = new Weighted<readonly [number, number]>([[[140, 182], 85], [[183, 240], 15]]);

const activeCareLeaver = (child: SimulatedChild): boolean => {
  const leaver = child.state.context.careLeaver;
  return leaver.since !== null && leaver.endedOn === null;
};

/** Keeps a pathway plan from `from` (16th birthday, or leaving care) while the young person is eligible. */
export function keepPathwayPlan(sim: AuthoritySimulation, child: SimulatedChild, from: number): void {
  if (child.pathwayKept) return;
  child.pathwayKept = true;
  const rng = sim.rng;
  const sixteen = sim.birthday(child.birthDay, 16);
  const step = (on: number): void => {
    const ctx = child.state.context;
    const inCare = ctx.episode?.lookedAfter != null && ctx.child.dateOfBirth !== null && on >= sixteen;
    if (!inCare && !activeCareLeaver(child)) {
      child.pathwayKept = false;
      return;
    }
    // A plan from an earlier period of care does not carry over: after leaving care without support it starts anew.
    const region = (child.state.value as { readonly careLeaver?: unknown }).careLeaver;
    if (ctx.careLeaver.pathwayPlanOn === null || region === 'notEligible') sim.issue(child, 'RecordPathwayPlan', on, {});
    else sim.issue(child, 'ReviewPathwayPlan', on, {});
    const [low, high] = PATHWAY_REVIEW_GAP.pick(rng);
    const next = sim.workingOnOrAfter(on + rng.int(low, high));
    sim.at(next, () => step(next));
  };
  const [low, high] = FIRST_PATHWAY_PLAN.pick(rng);
  const first = sim.workingOnOrAfter(Math.max(from, sixteen) + rng.int(low, high));
  sim.at(first, () => step(first));
}

/**
 * A care leaver: the case stays open with the leaving care team (personal adviser) until 21, with contacts every
 * two or three months and the pathway plan kept; then services end and the case closes.
 */
export function startCareLeaving(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number): void {
  const rng = sim.rng;
  ep.closing = null;
  const handOver = day + rng.int(0, 20);
  sim.at(handOver, () => transferTo(sim, child, ep, handOver, 'leaving-care'));
  keepPathwayPlan(sim, child, day);
  const twentyFirst = sim.birthday(child.birthDay, 21);
  const contact = (on: number): void => {
    if (!activeCareLeaver(child) || on >= twentyFirst) return;
    const inTouch = IN_TOUCH.pick(rng);
    const yes = inTouch === 'YES';
    sim.issue(child, 'RecordCareLeaverContact', on, {
      inTouch,
      ...(yes
        ? { activity: CARE_LEAVER_ACTIVITY.pick(rng), accommodation: CARE_LEAVER_ACCOMMODATION.pick(rng), accommodationSuitable: rng.chance(0.88) }
        : {}),
    });
    const next = sim.workingOnOrAfter(on + rng.int(42, 95));
    sim.at(next, () => contact(next));
  };
  const first = sim.workingOnOrAfter(day + rng.int(14, 60));
  sim.at(first, () => contact(first));
  const ends = sim.workingOnOrAfter(twentyFirst + rng.int(0, 14));
  sim.at(ends, () => {
    if (!activeCareLeaver(child)) return;
    if (sim.issue(child, 'EndCareLeaverServices', ends, { reason: 'Reached 21: leaving care services ended' })) requestClosure(sim, child, ends, 'RC7');
  });
}
