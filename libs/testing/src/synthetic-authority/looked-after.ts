import {
  placementTypesForCollectionYear,
  type LegalStatus,
  type LookedAfterRecord,
  type PlacementDetails,
  type PlacementType,
  type ReasonEpisodeCeased,
} from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import { PLACEMENT_PROVIDER, PROFILE, REASON_PLACE_CHANGE, REVIEW_PARTICIPATION } from './authority-profile.js';
import { Weighted, type SeededRandom } from './seeded-random.js';
import type { CareDestiny, CareDestinyKind, CareEntryKind, CareIntent, EpisodeIntent, SimulatedChild } from './simulated-child.js';
import { currentEpisode, maybeClose, planCare, requestClosure, transferTo } from './episode-work.js';
import { startCinPlanOn } from './cin-plan.js';
import { keepPathwayPlan, startCareLeaving } from './care-leaving.js';

const ENTRY_STATUS: Record<CareEntryKind, Weighted<LegalStatus>> = {
  emergency: new Weighted<LegalStatus>([['L1', 30], ['L2', 15], ['V2', 55]]),
  planned: new Weighted<LegalStatus>([['C1', 45], ['V2', 55]]),
  newborn: new Weighted<LegalStatus>([['C1', 60], ['L2', 20], ['V2', 20]]),
};

/** How periods of care end, by age at entry (CLA 2024 reasons ceased, shaped by age). */
const DESTINY_BY_AGE: readonly (readonly [number, Weighted<CareDestinyKind>])[] = [
  [0, new Weighted<CareDestinyKind>([['adoption', 52], ['return-home', 18], ['special-guardianship', 18], ['long-term', 12]])],
  [4, new Weighted<CareDestinyKind>([['adoption', 26], ['return-home', 30], ['special-guardianship', 20], ['child-arrangements', 4], ['long-term', 20]])],
  [9, new Weighted<CareDestinyKind>([['return-home', 42], ['special-guardianship', 14], ['child-arrangements', 4], ['long-term', 38], ['other', 2]])],
  [14, new Weighted<CareDestinyKind>([['return-home', 45], ['long-term', 40], ['remand', 3], ['transfer', 2], ['other', 5], ['special-guardianship', 5]])],
  [17, new Weighted<CareDestinyKind>([['leaving-at-18', 55], ['return-home', 35], ['remand', 4], ['other', 6]])],
];

const PLACES_BY_AGE: readonly (readonly [number, Weighted<PlacementType>])[] = [
  [0, new Weighted<PlacementType>([['U6', 60], ['U3', 20], ['R3', 12], ['U5', 8]])],
  [4, new Weighted<PlacementType>([['U6', 66], ['U3', 24], ['U5', 5], ['U4', 5]])],
  [9, new Weighted<PlacementType>([['U6', 66], ['U3', 22], ['U4', 6], ['K2', 6]])],
  [15, new Weighted<PlacementType>([['U6', 52], ['U3', 12], ['K2', 27], ['U4', 5], ['S1', 2], ['K1', 2]])],
  [17, new Weighted<PlacementType>([['U6', 30], ['U3', 8], ['K2', 22], ['K3', 40]])],
];
const REMAND_PLACES = new Weighted<PlacementType>([['K1', 30], ['K2', 40], ['U6', 30]]);
const RESIDENTIAL: ReadonlySet<PlacementType> = new Set(['K1', 'K2', 'K3', 'H5', 'R1', 'S1']);

const AT_18 = new Weighted<ReasonEpisodeCeased>([['E17', 22], ['E5', 45], ['E6', 8], ['E8', 10], ['E13', 15]]);
const FIRST_VISIT = new Weighted<readonly [number, number]>([[[1, 7], 85], [[8, 14], 15]]);
const VISIT_GAP = new Weighted<readonly [number, number]>([[[20, 42], 85], [[43, 70], 15]]);
const PLACEMENT_PLAN = new Weighted<readonly [number, number]>([[[1, 5], 85], [[6, 15], 15]]);
const CARE_PLAN = new Weighted<readonly [number, number]>([[[1, 10], 88], [[11, 25], 12]]);
const FIRST_LAC_REVIEW = new Weighted<readonly [number, number]>([[[8, 20], 88], [[21, 35], 12]]);
const HEALTH_ASSESSMENT = new Weighted<readonly [number, number]>([[[5, 20], 72], [[21, 45], 28]]);
const PEP = new Weighted<readonly [number, number]>([[[3, 10], 75], [[11, 30], 25]]);
const MISSING_LENGTH = new Weighted<readonly [number, number]>([[[0, 0], 45], [[1, 1], 35], [[2, 4], 20]]);

const byAge = <T>(table: readonly (readonly [number, Weighted<T>])[], age: number): Weighted<T> =>
  (table.find(([upTo]) => age <= upTo) ?? table[table.length - 1])?.[1] as Weighted<T>;

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, Math.round(x)));

/**
 * How a period of care starting on `entryDay` will go, with every date decided now (so that a child open when the
 * window starts can be given the history that leads there). Timings: care proceedings median ~36 weeks; adoption
 * placement order ~9–11 months after entry, match ~5 months later (A2), placed ~15–16 months after entry (A1).
 */
export function sampleDestiny(sim: AuthoritySimulation, birthDay: number, entryDay: number, entryKind: CareEntryKind): CareDestiny {
  const rng = sim.rng;
  const age = Math.floor((entryDay - birthDay) / 365.25);
  const day18 = sim.birthday(birthDay, 18);
  let kind: CareDestinyKind = day18 - entryDay < 120 ? 'leaving-at-18' : byAge(DESTINY_BY_AGE, age).pick(rng);
  const entryStatus: LegalStatus = kind === 'remand' ? 'J1' : ENTRY_STATUS[entryKind].pick(rng);
  const courtRoute = kind === 'adoption' || kind === 'special-guardianship' || kind === 'child-arrangements';
  const needsProceedings =
    courtRoute || entryStatus === 'C1' || (kind === 'long-term' && rng.chance(0.85)) || (kind === 'return-home' && rng.chance(0.2));
  const emergencyEndsDay = entryStatus === 'L1' ? entryDay + rng.int(1, 3) : entryStatus === 'L2' ? entryDay + rng.int(3, 8) : null;
  const issueDay = entryStatus === 'C1' ? entryDay : (emergencyEndsDay ?? entryDay + rng.int(10, 60));
  const finalOrderDay = issueDay + 7 * clamp(rng.logNormal(36, 0.3), 12, 80);
  let exitDay: number;
  let adoption: CareDestiny['adoption'] = null;
  let proceedings = needsProceedings ? { issueDay, finalOrderDay } : null;
  switch (kind) {
    case 'adoption': {
      const placementOrderDay = Math.max(issueDay + 7 * clamp(rng.logNormal(40, 0.22), 26, 70), entryDay + 200);
      const decisionDay = Math.max(entryDay + 60, placementOrderDay - rng.int(20, 90));
      const matchDay = placementOrderDay + clamp(rng.logNormal(150, 0.35), 45, 420);
      const placedDay = matchDay + rng.int(7, 35);
      const reversed = rng.chance(0.07);
      adoption = { decisionDay, placementOrderDay, matchDay, placedDay, reversed };
      proceedings = { issueDay, finalOrderDay: placementOrderDay };
      exitDay = reversed ? day18 : placedDay + rng.int(100, 300);
      break;
    }
    case 'special-guardianship':
    case 'child-arrangements':
      exitDay = finalOrderDay;
      if (exitDay > day18 - 60) {
        kind = 'long-term';
        exitDay = day18;
      }
      break;
    case 'return-home':
      exitDay = proceedings ? finalOrderDay : entryDay + clamp(rng.logNormal(150, 0.9), 10, 1100);
      if (exitDay >= day18) {
        kind = 'leaving-at-18';
        exitDay = day18;
      }
      break;
    case 'long-term':
    case 'leaving-at-18':
      exitDay = day18;
      break;
    case 'remand':
      exitDay = Math.min(entryDay + rng.int(20, 120), day18 - 1);
      break;
    case 'transfer':
    case 'other':
      exitDay = Math.min(entryDay + clamp(rng.logNormal(200, 0.7), 30, 1000), day18 - 1);
      break;
  }
  return { kind, entryStatus, proceedings, emergencyEndsDay, exitDay: Math.max(exitDay, entryDay + 1), adoption };
}

function collectionYear(sim: AuthoritySimulation, day: number): number {
  const iso = sim.iso(day);
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-01' ? year : year - 1;
}

function choosePlacement(sim: AuthoritySimulation, child: SimulatedChild, day: number, destiny: CareDestiny): PlacementDetails {
  const rng = sim.rng;
  const age = sim.ageOn(child, day);
  let place = destiny.kind === 'remand' ? REMAND_PLACES.pick(rng) : byAge(PLACES_BY_AGE, age).pick(rng);
  if (place === 'U5' && destiny.kind !== 'adoption') place = 'U6';
  const valid = placementTypesForCollectionYear(collectionYear(sim, day));
  if (place === 'K3' && !valid.includes('K3')) place = 'H5';
  if (!valid.includes(place)) place = 'U6';
  const residential = RESIDENTIAL.has(place);
  const provider = residential ? (rng.chance(0.75) ? 'PR4' : 'PR1') : place === 'U3' ? 'PR1' : PLACEMENT_PROVIDER.pick(rng);
  const distance = clamp(rng.logNormal(residential ? 18 : 6, 0.8), 0, 250);
  const inside = distance <= 8 ? rng.chance(0.85) : distance <= 20 ? rng.chance(0.45) : rng.chance(0.1);
  return { place, provider, distanceFromHomeMiles: distance, insideLocalAuthority: inside };
}

function weightedRange(rng: SeededRandom, table: Weighted<readonly [number, number]>): number {
  const [low, high] = table.pick(rng);
  return rng.int(low, high);
}

/** The child becomes looked after on `day` (an interim care order first when the destiny starts under one). */
export function enterCare(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, kind: CareEntryKind): void {
  ep.careDay = null;
  const e = currentEpisode(child, ep);
  const known = child.state.context.child;
  if (e === null || e.lookedAfter !== null || e.referralNfaOn !== null || known.status !== 'BORN' || known.dateOfBirth === null || day >= sim.birthday(child.birthDay, 18) - 30) {
    maybeClose(sim, child, day);
    return;
  }
  const legacy = child.legacy?.kind === 'care' ? child.legacy : null;
  if (legacy) child.legacy = null;
  const destiny = legacy?.destiny ?? sampleDestiny(sim, child.birthDay, day, kind);
  if (destiny.entryStatus === 'C1') {
    if (e.proceedings === null && !sim.issue(child, 'IssueCareProceedings', day, { orderSought: 'CARE_ORDER' })) return;
    if (!sim.issue(child, 'MakeInterimCareOrder', day, { order: 'INTERIM_CARE_ORDER' })) return;
  }
  const placement = choosePlacement(sim, child, day, destiny);
  if (!sim.issue(child, 'BecomeLookedAfter', day, { legalStatus: destiny.entryStatus, placement, categoryOfNeed: e.primaryNeed })) {
    if (currentEpisode(child, ep)?.proceedings) sim.issue(child, 'WithdrawCareProceedings', day, {});
    maybeClose(sim, child, day);
    return;
  }
  startCare(sim, child, ep, day, destiny);
}

function lookedAfter(child: SimulatedChild, ep: EpisodeIntent, care: CareIntent): LookedAfterRecord | null {
  return child.care === care ? (currentEpisode(child, ep)?.lookedAfter ?? null) : null;
}

/** Everything a period of care brings: plans, reviews, visits, health, education, court, moves and the way out. */
function startCare(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, day: number, destiny: CareDestiny): void {
  const rng = sim.rng;
  const care: CareIntent = { entryDay: day, destiny, visitToken: 0 };
  child.care = care;
  const inCare = (): LookedAfterRecord | null => lookedAfter(child, ep, care);
  const age = sim.ageOn(child, day);
  const e = currentEpisode(child, ep);
  if (e === null) return;

  // A plan at home gives way to care.
  if (e.cinPlan !== null) {
    const on = day + rng.int(0, 2);
    sim.at(on, () => {
      if (inCare() && currentEpisode(child, ep)?.cinPlan) sim.issue(child, 'EndCinPlan', on, { reason: 'BECAME_LOOKED_AFTER' });
    });
  }
  if (e.cpp !== null) {
    const on = sim.wdAfter(day, rng.int(0, 10));
    sim.at(on, () => {
      if (inCare() && currentEpisode(child, ep)?.cpp) sim.issue(child, 'EndChildProtectionPlan', on, { reason: 'BECAME_LOOKED_AFTER' });
    });
  }
  const handOver = day + rng.int(5, 30);
  sim.at(handOver, () => {
    if (inCare()) transferTo(sim, child, ep, handOver, 'children-in-care');
  });

  const carePlanOn = sim.wdAfter(day, weightedRange(rng, CARE_PLAN));
  sim.at(carePlanOn, () => {
    if (inCare()?.carePlanOn === null) sim.issue(child, 'RecordCarePlan', carePlanOn, {});
  });

  const review = (on: number, count: number): void => {
    if (!inCare()) return;
    const participation = sim.ageOn(child, on) < 4 ? 'PN0' : REVIEW_PARTICIPATION.pick(rng);
    sim.issue(child, 'HoldLacReview', on, { participation });
    const due = sim.addMonths(on, count === 1 ? 3 : 6);
    const next = rng.chance(0.9) ? sim.workingOnOrBefore(due - rng.int(0, 20)) : sim.workingOnOrAfter(due + rng.int(1, 30));
    sim.at(next, () => review(next, count + 1));
  };
  const firstReview = sim.wdAfter(day, weightedRange(rng, FIRST_LAC_REVIEW));
  sim.at(firstReview, () => review(firstReview, 1));

  const health = (on: number, initial: boolean): void => {
    const l = inCare();
    if (!l) return;
    if (initial && l.initialHealthAssessmentOn !== null) return;
    sim.issue(child, 'RecordHealthAssessment', on, { kind: initial ? 'INITIAL' : 'REVIEW' });
    const due = sim.addMonths(on, sim.ageOn(child, on) < 5 ? 6 : 12);
    const next = rng.chance(0.85) ? sim.workingOnOrBefore(due - rng.int(0, 20)) : sim.workingOnOrAfter(due + rng.int(1, 40));
    sim.at(next, () => health(next, false));
  };
  const initialHealth = sim.wdAfter(day, weightedRange(rng, HEALTH_ASSESSMENT));
  sim.at(initialHealth, () => health(initialHealth, true));

  if (age >= 4 && age <= 16) {
    const pep = (on: number): void => {
      if (!inCare() || sim.ageOn(child, on) >= 17) return;
      sim.issue(child, 'RecordPersonalEducationPlan', on, {});
      const next = sim.workingOnOrAfter(on + rng.int(90, 140));
      sim.at(next, () => pep(next));
    };
    const firstPep = sim.wdAfter(day, weightedRange(rng, PEP));
    sim.at(firstPep, () => pep(firstPep));
  }

  onNewPlacement(sim, child, ep, care, day);
  planCourt(sim, child, ep, care);
  if (destiny.adoption) planAdoption(sim, child, ep, care);
  planMoves(sim, child, ep, care, day);
  if (age >= 11) planMissing(sim, child, ep, care, day);
  const sixteen = sim.birthday(child.birthDay, 16);
  if (sixteen < destiny.exitDay) keepPathwayPlan(sim, child, Math.max(day, sixteen));
  sim.at(destiny.exitDay, () => leaveCare(sim, child, ep, care, destiny.exitDay));
}

/** Each placement: a visit within 7 days, a placement plan within 5 working days, then visits about every 6 weeks. */
function onNewPlacement(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent, day: number): void {
  const rng = sim.rng;
  const token = ++care.visitToken;
  const placements = lookedAfter(child, ep, care)?.placementsInPeriod ?? 0;
  const visit = (on: number): void => {
    const l = lookedAfter(child, ep, care);
    if (!l || care.visitToken !== token) return;
    const seen = rng.chance(0.95);
    sim.issue(child, 'RecordLacVisit', on, { childSeen: seen, seenAlone: seen && sim.ageOn(child, on) >= 5 && rng.chance(0.7) });
    const settled = (l.placement.place === 'U1' || l.placement.place === 'U4') && on - sim.toDay(l.placementStartedOn) > 365;
    const next = on + (settled ? rng.int(60, 91) : weightedRange(rng, VISIT_GAP));
    sim.at(next, () => visit(next));
  };
  const first = day + weightedRange(rng, FIRST_VISIT);
  sim.at(first, () => visit(first));
  const planOn = sim.wdAfter(day, weightedRange(rng, PLACEMENT_PLAN));
  sim.at(planOn, () => {
    const l = lookedAfter(child, ep, care);
    if (l && l.placementsInPeriod === placements && l.placementPlanOn === null) sim.issue(child, 'RecordPlacementPlan', planOn, {});
  });
}

/** Police protection or an EPO gives way within days; proceedings and interim orders; the final order. */
function planCourt(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent): void {
  const rng = sim.rng;
  const destiny = care.destiny;
  const issueWithInterimOrder = (on: number, interim: boolean): void => {
    const e = currentEpisode(child, ep);
    const l = lookedAfter(child, ep, care);
    if (e === null || !l) return;
    if (e.proceedings === null && !sim.issue(child, 'IssueCareProceedings', on, { orderSought: 'CARE_ORDER' })) return;
    if (!interim) return;
    if (!sim.issue(child, 'MakeInterimCareOrder', on, { order: 'INTERIM_CARE_ORDER' })) return;
    if (l.legalStatus !== 'C1') sim.issue(child, 'ChangeLegalStatus', on, { legalStatus: 'C1' });
  };
  if (destiny.emergencyEndsDay !== null) {
    const on = destiny.emergencyEndsDay;
    sim.at(on, () => {
      const l = lookedAfter(child, ep, care);
      if (!l) return;
      if (destiny.proceedings) issueWithInterimOrder(on, true);
      else if (l.legalStatus === 'L1' || l.legalStatus === 'L2') sim.issue(child, 'ChangeLegalStatus', on, { legalStatus: 'V2' });
    });
  } else if (destiny.proceedings && destiny.entryStatus !== 'C1') {
    const on = destiny.proceedings.issueDay;
    sim.at(on, () => issueWithInterimOrder(on, rng.chance(0.7)));
  }
  // Orders that end care are made on the way out (leaveCare); a care order is made here.
  const endsCare = destiny.kind === 'special-guardianship' || destiny.kind === 'child-arrangements' || destiny.kind === 'return-home';
  if (destiny.proceedings && destiny.kind !== 'adoption' && !endsCare) {
    const on = destiny.proceedings.finalOrderDay;
    sim.at(on, () => {
      const l = lookedAfter(child, ep, care);
      if (!l || currentEpisode(child, ep)?.proceedings == null || on >= care.destiny.exitDay) return;
      if (!sim.issue(child, 'MakeFinalOrder', on, { order: 'CARE_ORDER' })) return;
      if (l.legalStatus !== 'C2') sim.issue(child, 'ChangeLegalStatus', on, { legalStatus: 'C2' });
      if (care.destiny.kind === 'long-term' && rng.chance(0.6)) {
        const matched = on + rng.int(30, 150);
        sim.at(matched, () => settleLongTerm(sim, child, ep, care, matched));
      }
    });
  }
}

/** Foster carers become the child's long-term carers: a change of placement status with the same carers. */
function settleLongTerm(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent, day: number): void {
  const l = lookedAfter(child, ep, care);
  if (!l || l.adoption !== null || l.missing !== null) return;
  const place = l.placement.place === 'U6' ? 'U4' : l.placement.place === 'U3' ? 'U1' : null;
  if (place === null) return;
  if (sim.issue(child, 'ChangePlacement', day, { placement: { ...l.placement, place }, sameCarer: true, reasonPlaceChange: 'PLACE' }))
    onNewPlacement(sim, child, ep, care, day);
}

function planAdoption(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent): void {
  const plan = care.destiny.adoption;
  if (plan === null) return;
  const rng = sim.rng;
  sim.at(plan.decisionDay, () => {
    if (lookedAfter(child, ep, care)?.adoption === null) sim.issue(child, 'RecordAdoptionDecision', plan.decisionDay, {});
  });
  sim.at(plan.placementOrderDay, () => {
    const on = plan.placementOrderDay;
    const adoption = lookedAfter(child, ep, care)?.adoption;
    if (!adoption || adoption.placementOrderOn !== null) return;
    if (currentEpisode(child, ep)?.proceedings) sim.issue(child, 'MakeFinalOrder', on, { order: 'PLACEMENT_ORDER' });
    sim.issue(child, 'GrantPlacementOrder', on, {});
  });
  sim.at(plan.matchDay, () => {
    const on = plan.matchDay;
    const adoption = lookedAfter(child, ep, care)?.adoption;
    if (!adoption || adoption.matchedOn !== null) return;
    if (!plan.reversed) {
      sim.issue(child, 'MatchWithAdopters', on, {});
      return;
    }
    // No adopters found: the plan changes to long-term care.
    if (sim.issue(child, 'ReverseAdoptionDecision', on, { reason: 'RD3' })) care.destiny.kind = 'long-term';
  });
  sim.at(plan.placedDay, () => {
    const on = plan.placedDay;
    const l = lookedAfter(child, ep, care);
    if (!l?.adoption || l.adoption.matchedOn === null || l.adoption.placedOn !== null) return;
    const sameCarer = l.placement.place === 'U5' || l.placement.place === 'U2';
    const underOrder = l.adoption.placementOrderOn !== null;
    const place = underOrder ? (sameCarer ? 'A5' : 'A6') : sameCarer ? 'A3' : 'A4';
    const ok = sim.issue(child, 'PlaceForAdoption', on, {
      place,
      provider: sameCarer ? l.placement.provider : rng.chance(0.7) ? 'PR1' : 'PR5',
      distanceFromHomeMiles: sameCarer ? l.placement.distanceFromHomeMiles : clamp(rng.logNormal(15, 0.8), 0, 250),
      insideLocalAuthority: sameCarer ? l.placement.insideLocalAuthority : rng.chance(0.4),
      sameCarer,
    });
    if (ok) onNewPlacement(sim, child, ep, care, on);
  });
}

/** Placement moves: rare for young children and settled placements, more frequent for teenagers. */
function planMoves(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent, from: number): void {
  const rng = sim.rng;
  const rate = (on: number): number => {
    const age = sim.ageOn(child, on);
    return age < 5 ? 0.15 : age < 10 ? 0.2 : age < 16 ? 0.45 : 0.55;
  };
  const move = (on: number): void => {
    const l = lookedAfter(child, ep, care);
    if (!l) return;
    if (l.adoption?.placedOn == null && l.missing === null && on < care.destiny.exitDay - 7) {
      const placement = choosePlacement(sim, child, on, care.destiny);
      if (sim.issue(child, 'ChangePlacement', on, { placement, sameCarer: false, reasonPlaceChange: REASON_PLACE_CHANGE.pick(rng) }))
        onNewPlacement(sim, child, ep, care, on);
    }
    const next = on + 1 + Math.round(rng.exponential(365 / rate(on)));
    sim.at(next, () => move(next));
  };
  const first = from + 1 + Math.round(rng.exponential(365 / rate(from)));
  sim.at(first, () => move(first));
}

/** Missing and away episodes among teenagers: most never, a minority often. */
function planMissing(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent, from: number): void {
  const rng = sim.rng;
  const perYear = rng.chance(0.25) ? 3 : 0.15;
  const start = (on: number): void => {
    const l = lookedAfter(child, ep, care);
    if (!l) return;
    let next = on + 1 + Math.round(rng.exponential(365 / perYear));
    if (l.missing === null && l.adoption?.placedOn == null && on < care.destiny.exitDay) {
      if (sim.issue(child, 'StartMissingEpisode', on, { kind: rng.chance(0.7) ? 'M' : 'A' })) {
        const back = on + weightedRange(rng, MISSING_LENGTH);
        sim.at(back, () => {
          if (!lookedAfter(child, ep, care)?.missing) return;
          const offered = rng.chance(0.9);
          sim.issue(child, 'EndMissingEpisode', back, { returnInterviewOffered: offered, returnInterviewAccepted: offered && rng.chance(0.55) });
        });
        next = Math.max(next, back + 1);
      }
    }
    sim.at(next, () => start(next));
  };
  const first = from + 1 + Math.round(rng.exponential(365 / perYear));
  sim.at(first, () => start(first));
}

const SGO_REASON = (place: PlacementType): ReasonEpisodeCeased =>
  place === 'U1' || place === 'U3' ? 'E45' : place === 'U4' || place === 'U6' ? 'E46' : 'E47';

/** The way out of care the destiny chose, with the court's final order where there is one. */
function leaveCare(sim: AuthoritySimulation, child: SimulatedChild, ep: EpisodeIntent, care: CareIntent, day: number): void {
  const l = lookedAfter(child, ep, care);
  if (!l) return;
  const rng = sim.rng;
  const kind = care.destiny.kind;
  if (kind === 'adoption') {
    if (l.adoption?.placedOn != null && sim.issue(child, 'GrantAdoptionOrder', day, { reasonEpisodeCeased: rng.chance(0.7) ? 'E11' : 'E12' })) {
      child.care = null;
      requestClosure(sim, child, day, 'RC1');
    }
    return;
  }
  if (l.missing !== null) sim.issue(child, 'EndMissingEpisode', day, { returnInterviewOffered: true, returnInterviewAccepted: false });
  if (l.adoption !== null) sim.issue(child, 'ReverseAdoptionDecision', day, { reason: 'RD1' });
  const inCourt = (): boolean => currentEpisode(child, ep)?.proceedings != null;
  let reason: ReasonEpisodeCeased;
  switch (kind) {
    case 'special-guardianship':
      if (inCourt()) sim.issue(child, 'MakeFinalOrder', day, { order: 'SPECIAL_GUARDIANSHIP_ORDER' });
      reason = SGO_REASON(l.placement.place);
      break;
    case 'child-arrangements':
      if (inCourt()) sim.issue(child, 'MakeFinalOrder', day, { order: 'CHILD_ARRANGEMENTS_ORDER' });
      reason = 'E41';
      break;
    case 'return-home':
      if (inCourt()) {
        const r = rng.next();
        if (r < 0.85) sim.issue(child, 'MakeFinalOrder', day, { order: r < 0.55 ? 'SUPERVISION_ORDER' : 'NO_ORDER' });
      }
      reason = rng.chance(0.8) ? 'E4A' : 'E4B';
      break;
    case 'long-term':
    case 'leaving-at-18':
      reason = AT_18.pick(rng);
      break;
    case 'remand':
      reason = rng.chance(0.6) ? 'E14' : 'E9';
      break;
    case 'transfer':
      reason = 'E3';
      break;
    case 'other':
      reason = 'E8';
      break;
  }
  if (inCourt()) sim.issue(child, 'WithdrawCareProceedings', day, {});
  if (!sim.issue(child, 'CeaseLookedAfter', day, { reasonEpisodeCeased: reason })) return;
  child.care = null;
  const leaver = child.state.context.careLeaver;
  if (leaver.since !== null && leaver.endedOn === null) {
    startCareLeaving(sim, child, ep, day);
    return;
  }
  switch (kind) {
    case 'special-guardianship':
      requestClosure(sim, child, day, 'RC4');
      return;
    case 'child-arrangements':
      requestClosure(sim, child, day, 'RC3');
      return;
    case 'transfer':
      requestClosure(sim, child, day, 'RC5');
      return;
    case 'return-home':
      if (rng.chance(PROFILE.cinAfterReturnHome)) {
        startCinPlanOn(sim, child, sim.wdAfter(day, rng.int(0, 8)));
        ep.closing = null;
        return;
      }
      requestClosure(sim, child, day, 'RC7');
      return;
    default:
      requestClosure(sim, child, day, 'RC7');
  }
}

/** A baby on a pre-birth plan is taken into care within days of the birth. */
export function onBorn(sim: AuthoritySimulation, child: SimulatedChild, day: number): void {
  if (!child.removeAtBirth) return;
  child.removeAtBirth = false;
  if (child.ep !== null) planCare(sim, child, child.ep, day + sim.rng.int(0, 3), 'newborn');
}
