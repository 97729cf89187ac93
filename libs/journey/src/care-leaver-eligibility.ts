import { NOT_CARE_LEAVER_REASONS, type ReasonEpisodeCeased } from './codes.js';
import { addMonths, ageOn, daysBetween } from './dates.js';
import type { JourneyContext } from './journey-context.js';

/** 13 weeks looked after since the 14th birthday (Children (Leaving Care) Act 2000 eligibility), counted in days. */
const QUALIFYING_DAYS = 91;

/**
 * Is a young person leaving care on `on` for `reason` owed leaving-care support? Aged 16 or over, looked after for at
 * least 13 weeks since age 14, and not leaving by adoption, an order to a new carer, death, transfer or an age finding.
 * Without a date of birth the answer is no (the worker records the birth date first).
 */
export function isCareLeaverOnCeasing(context: JourneyContext, on: string, reason: ReasonEpisodeCeased): boolean {
  const dob = context.child.status === 'BORN' ? context.child.dateOfBirth : null;
  if (dob === null || NOT_CARE_LEAVER_REASONS.includes(reason) || ageOn(dob, on) < 16) return false;
  const fourteenth = addMonths(dob, 14 * 12);
  let days = 0;
  for (const period of context.lookedAfterPeriods) {
    const start = period.from > fourteenth ? period.from : fourteenth;
    const end = period.to === null || period.to > on ? on : period.to;
    if (end > start) days += daysBetween(start, end);
  }
  return days >= QUALIFYING_DAYS;
}
