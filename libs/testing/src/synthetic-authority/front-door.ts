import type { ChildDetails, MashCheck, MashDecision, StrategyDiscussionAgency } from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import { CONCERNS, CONTACT_SOURCES, PRIMARY_NEED, PROFILE } from './authority-profile.js';
import { Weighted } from './seeded-random.js';
import type { SimulatedChild } from './simulated-child.js';
import { requestStrategyDiscussion } from './child-protection.js';

/** Why a contact was made, as the generator intends it: the MASH decision then follows from it. */
export type ContactMode = 'about-open-case' | 'refer' | 'emergency' | 'screen-out';

/** Fewer contacts at weekends and bank holidays (police and hospitals only) and in the school holidays. */
const MONTH_FACTOR = [1.02, 1.02, 1.05, 0.95, 1.03, 1.05, 1.0, 0.82, 1.05, 1.05, 1.08, 0.88];
const WORKING_DAY_FACTOR = 1.25;
const CLOSED_DAY_FACTOR = 0.375;

const OPEN_CASE_DECISION = new Weighted<MashDecision>([['REFER_TO_CSC', 55], ['INFORMATION_AND_ADVICE', 30], ['NFA', 15]]);
const SCREEN_OUT_DECISION = new Weighted<MashDecision>([['NFA', 35], ['INFORMATION_AND_ADVICE', 40], ['STEP_DOWN_EARLY_HELP', 25]]);

export function receiveContacts(sim: AuthoritySimulation, day: number): void {
  const month = Number(sim.iso(day).slice(5, 7)) - 1;
  const mean = sim.contactsPerDay * (MONTH_FACTOR[month] ?? 1) * (sim.isWorkingDay(day) ? WORKING_DAY_FACTOR : CLOSED_DAY_FACTOR);
  const count = sim.rng.poisson(mean);
  for (let i = 0; i < count; i++) receiveContact(sim, day);
}

function receiveContact(sim: AuthoritySimulation, day: number): void {
  const rng = sim.rng;
  if (rng.chance(PROFILE.contactAboutOpenCase)) {
    const open = sim.randomOpenChild(day);
    if (open) {
      recordContact(sim, open, day, 'about-open-case');
      return;
    }
  }
  const refer = rng.chance(PROFILE.referralPerContact);
  let child: SimulatedChild | null = null;
  if (refer) {
    const r = rng.next();
    if (r < PROFILE.reReferralPick) child = sim.recentlyClosedChild(day);
    else if (r < PROFILE.reReferralPick + PROFILE.olderKnownPick) child = sim.knownChild(day);
  } else if (rng.chance(PROFILE.knownChildContact)) child = sim.knownChild(day);
  if (child === null) {
    child = sim.createChild(day, { unborn: rng.chance(refer ? PROFILE.unbornReferred : PROFILE.unbornOther) });
    if (!refer) sim.markScreened(child);
  }
  recordContact(sim, child, day, refer ? (rng.chance(PROFILE.emergencyReferral) ? 'emergency' : 'refer') : 'screen-out');
}

/** Records a contact and plans what the MASH does with it. */
export function recordContact(sim: AuthoritySimulation, child: SimulatedChild, day: number, mode: ContactMode): void {
  const rng = sim.rng;
  const contactId = sim.newId();
  const first = child.state.context.childId === null;
  const details = childDetails(sim, child, day, first);
  const ok = sim.issue(
    child,
    'RecordContact',
    day,
    { contactId, source: CONTACT_SOURCES.pick(rng), child: details, concerns: rng.pick(CONCERNS) },
    { commandId: contactId },
  );
  if (!ok) return;
  if (first && child.expectedBirthDay !== null) scheduleBirth(sim, child);
  if (first && details.status === 'BORN' && details.dateOfBirth === null) {
    const on = day + rng.int(1, 10);
    sim.at(on, () => recordDateOfBirth(sim, child, on));
  }
  if (mode === 'emergency' && child.state.context.episode === null) {
    sim.at(day, () => emergencyStrategyDiscussion(sim, child, day, contactId));
    return;
  }
  const decisionDay = mashDecisionDay(sim, day);
  sim.at(decisionDay, () => mashDecision(sim, child, decisionDay, contactId, mode));
}

function childDetails(sim: AuthoritySimulation, child: SimulatedChild, day: number, first: boolean): ChildDetails {
  const known = child.state.context.child;
  if (known.status === 'BORN' && known.dateOfBirth !== null)
    return { status: 'BORN', dateOfBirth: sim.rng.chance(0.9) ? known.dateOfBirth : null };
  if (child.birthDay <= day) {
    const unknown = first && child.legacy === null && sim.rng.chance(PROFILE.dateOfBirthUnknown);
    return { status: 'BORN', dateOfBirth: unknown ? null : sim.iso(child.birthDay) };
  }
  return { status: 'UNBORN', expectedDateOfBirth: sim.iso(child.expectedBirthDay ?? child.birthDay) };
}

/** An unborn child's birth is recorded within days of it. */
function scheduleBirth(sim: AuthoritySimulation, child: SimulatedChild): void {
  const on = child.birthDay + sim.rng.int(0, 10);
  sim.at(on, () => recordDateOfBirth(sim, child, on));
}

function recordDateOfBirth(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  if (child.state.context.child.dateOfBirth !== null) return;
  sim.issue(child, 'RecordDateOfBirth', day, { dateOfBirth: sim.iso(child.birthDay) });
}

/** Within 1 working day for most contacts; some wait longer. */
function mashDecisionDay(sim: AuthoritySimulation, day: number): number {
  const r = sim.rng.next();
  if (r < 0.55 && sim.isWorkingDay(day)) return day;
  if (r < 0.9) return sim.wdAfter(day, 1);
  return sim.wdAfter(day, sim.rng.int(2, 4));
}

function mashChecks(sim: AuthoritySimulation, refer: boolean): MashCheck[] {
  const rng = sim.rng;
  const checks: MashCheck[] = [];
  if (refer || rng.chance(0.6)) checks.push('POLICE');
  if (refer || rng.chance(0.4)) checks.push('HEALTH');
  if (rng.chance(refer ? 0.6 : 0.3)) checks.push('EDUCATION');
  if (rng.chance(0.1)) checks.push('OTHER');
  return checks;
}

function mashDecision(sim: AuthoritySimulation, child: SimulatedChild, day: number, contactId: string, mode: ContactMode): void {
  const contact = child.state.context.contacts.find((c) => c.contactId === contactId);
  if (contact?.status !== 'AWAITING_DECISION') return;
  const decision: MashDecision =
    mode === 'refer' ? 'REFER_TO_CSC' : mode === 'about-open-case' ? OPEN_CASE_DECISION.pick(sim.rng) : SCREEN_OUT_DECISION.pick(sim.rng);
  if (!sim.issue(child, 'RecordMashDecision', day, { contactId, decision, checks: mashChecks(sim, decision === 'REFER_TO_CSC') })) return;
  afterMashDecision(sim, child, day, decision);
}

function afterMashDecision(sim: AuthoritySimulation, child: SimulatedChild, day: number, decision: MashDecision): void {
  if (decision !== 'REFER_TO_CSC') return;
  const ctx = child.state.context;
  if (ctx.episode === null) {
    if (ctx.contacts.some((c) => c.status === 'REFERRED')) scheduleReferral(sim, child, day);
  } else if (sim.rng.chance(PROFILE.linkedContactStrategy)) {
    requestStrategyDiscussion(sim, child, sim.wdAfter(day, sim.rng.int(0, 3)));
  }
}

function scheduleReferral(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  if (child.referralPending) return;
  child.referralPending = true;
  const on = sim.rng.chance(0.7) ? day : sim.wdAfter(day, 1);
  sim.at(on, () => {
    child.referralPending = false;
    const ctx = child.state.context;
    if (ctx.episode !== null || !ctx.contacts.some((c) => c.status === 'REFERRED')) return;
    sim.issue(child, 'OpenReferral', on, { primaryNeed: PRIMARY_NEED.pick(sim.rng) });
  });
}

export function strategyAgencies(sim: AuthoritySimulation, child: SimulatedChild, day: number): StrategyDiscussionAgency[] {
  const rng = sim.rng;
  const agencies: StrategyDiscussionAgency[] = ['CSC'];
  if (rng.chance(0.93)) agencies.push('POLICE');
  if (rng.chance(0.8)) agencies.push('HEALTH');
  const schoolAge = child.state.context.child.status === 'BORN' && sim.ageOn(child, day) >= 4;
  if (schoolAge && rng.chance(0.6)) agencies.push('EDUCATION');
  if (rng.chance(0.1)) agencies.push('OTHER');
  return agencies;
}

/** Significant harm suspected at the door: the strategy discussion is held at once and opens the referral with it. */
function emergencyStrategyDiscussion(sim: AuthoritySimulation, child: SimulatedChild, day: number, contactId: string): void {
  const ok = sim.issue(child, 'HoldStrategyDiscussion', day, {
    outcome: 'S47_ENQUIRY',
    agencies: strategyAgencies(sim, child, day),
    emergencyContactId: contactId,
    primaryNeed: 'N1',
  });
  if (!ok) {
    const decisionDay = mashDecisionDay(sim, day);
    sim.at(decisionDay, () => mashDecision(sim, child, decisionDay, contactId, 'refer'));
  }
}
