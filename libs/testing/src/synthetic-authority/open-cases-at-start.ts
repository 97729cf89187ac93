import type { AuthoritySimulation } from './authority-simulation.js';
import { AGE_ENTERING_CARE, AVERAGE_AUTHORITY } from './authority-profile.js';
import type { CareDestiny, CareEntryKind } from './simulated-child.js';
import { recordContact } from './front-door.js';
import { REVIEWS_BEFORE_END } from './child-protection.js';
import { sampleDestiny } from './looked-after.js';

/** How far back children still open at the window's start may have come into care. */
const CARE_LOOKBACK_YEARS = 9;
const PROTECTION_LOOKBACK_YEARS = 3;

/**
 * The authority on the window's first day already has children in care, on child protection plans and leaving
 * care. They are found by running the same arrivals as the window itself (about 215 into care and 420 onto plans a
 * year) over the years before it and keeping the children whose care, plan or leaving-care support is still going
 * on; each is then given its whole history from its first contact, so the looked-after population and the plans
 * open at the end date have the right size and ages. Nothing else happens before the window.
 */
export function planOpenCasesAtStart(sim: AuthoritySimulation): void {
  const rng = sim.rng;
  const start = sim.windowStartDay;
  const scale = sim.settings.scale;

  const careArrivals = (AVERAGE_AUTHORITY.lookedAfterStartsPerYear * scale) / 365.25;
  for (let day = start - Math.round(CARE_LOOKBACK_YEARS * 365.25); day < start; day++) {
    for (let n = rng.poisson(careArrivals); n > 0; n--) {
      const [low, high] = AGE_ENTERING_CARE.pick(rng);
      const age = rng.int(low, high);
      const birthDay = day - (age === 0 ? rng.int(1, 300) : rng.int(age * 365, age * 365 + 364));
      const contactDay = Math.max(birthDay, day - rng.int(10, 45));
      const entryDay = Math.max(day, contactDay + 10);
      const entryKind: CareEntryKind = entryDay - birthDay < 30 ? 'newborn' : 'planned';
      const destiny = sampleDestiny(sim, birthDay, entryDay, entryKind);
      if (openUntil(sim, birthDay, entryDay, destiny) <= start + 7) continue;
      const child = sim.createChild(contactDay, { unborn: false, birthDay, legacy: { kind: 'care', entryDay, entryKind, destiny } });
      sim.at(contactDay, () => recordContact(sim, child, contactDay, 'refer'));
    }
  }

  const planArrivals = (AVERAGE_AUTHORITY.childProtectionPlansPerYear * scale) / 365.25;
  for (let day = start - Math.round(PROTECTION_LOOKBACK_YEARS * 365.25); day < start; day++) {
    for (let n = rng.poisson(planArrivals); n > 0; n--) {
      const icpcDay = sim.workingOnOrAfter(day);
      const reviewsBeforeEnd = REVIEWS_BEFORE_END.pick(rng);
      const plannedEnd = icpcDay + 91 + (reviewsBeforeEnd - 1) * 182;
      if (plannedEnd <= start + 7) continue;
      const contactDay = icpcDay - rng.int(25, 40);
      const endReason = rng.chance(0.65) ? 'STEP_DOWN_TO_CIN' : 'CLOSURE';
      const child = sim.createChild(contactDay, { unborn: false, legacy: { kind: 'protection', icpcDay, reviewsBeforeEnd, endReason } });
      sim.at(contactDay, () => recordContact(sim, child, contactDay, 'refer'));
    }
  }
}

/** When the child's involvement ends: leaving care, or at 21 for a young person owed leaving-care support. */
function openUntil(sim: AuthoritySimulation, birthDay: number, entryDay: number, destiny: CareDestiny): number {
  const sixteen = sim.birthday(birthDay, 16);
  const fourteen = sim.birthday(birthDay, 14);
  const courtExit = destiny.kind === 'adoption' || destiny.kind === 'special-guardianship' || destiny.kind === 'child-arrangements' || destiny.kind === 'transfer';
  const qualifies = destiny.exitDay >= sixteen && destiny.exitDay - Math.max(entryDay, fourteen) >= 91 && !courtExit;
  return qualifies ? sim.birthday(birthDay, 21) : destiny.exitDay;
}
