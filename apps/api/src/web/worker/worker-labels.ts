import type { CodeEntry, JourneyCommandType, JourneyTrack } from '@cje/journey';
import type { CaseType } from '@cje/projections';
import { labelFromName } from '../../children/dto/form-schema.js';
import { COMMAND_ROUTES, type CommandRoute } from '../../children/http/command-routes.js';

/** Words for screens: what the worker pages call commands, events, tracks, key dates and case types. */

/** Summaries that speak of the API rather than the work, said for a screen instead. */
const ACTION_LABEL_OVERRIDES: Partial<Record<JourneyCommandType, string>> = {
  RecordContact: 'Record a further contact about this child',
};

/** The human label of a journey command: its COMMAND_ROUTES summary. */
export function actionLabel(route: CommandRoute): string {
  return ACTION_LABEL_OVERRIDES[route.type] ?? route.summary;
}

export function routeByPath(path: string): CommandRoute | undefined {
  return COMMAND_ROUTES.find((r) => r.path === path);
}

export function routeByType(type: string): CommandRoute | undefined {
  return COMMAND_ROUTES.find((r) => r.type === type);
}

/** `AssessmentStarted` → `Assessment started`, `IcpcHeld` → `ICPC held`, `S47EnquiryStarted` → `S47 enquiry started`. */
export function eventLabel(type: string): string {
  return labelFromName(type);
}

export const TRACK_LABELS: Readonly<Record<JourneyTrack, string>> = {
  FRONT_DOOR: 'Front door (contact and MASH)',
  CIN_EPISODE: 'Child in need episode',
  ASSESSMENT: 'Assessment',
  CIN_PLAN: 'Child in need plan',
  S47: 'Section 47 enquiry',
  CHILD_PROTECTION_PLAN: 'Child protection plan',
  LOOKED_AFTER: 'Looked after',
  MISSING: 'Missing from placement',
  ADOPTION: 'Adoption',
  CARE_PROCEEDINGS: 'Care proceedings',
  CARE_LEAVER: 'Care leaver',
};

export const CASE_TYPE_LABELS: Readonly<Record<CaseType, string>> = {
  CIN: 'Child in need',
  CP: 'Child protection',
  LAC: 'Looked after',
  CARE_LEAVER: 'Care leaver',
};

/** Short forms used in tables, with the full name beside them for screen readers. */
export const CASE_TYPE_SHORT: Readonly<Record<CaseType, string>> = {
  CIN: 'CIN',
  CP: 'CP',
  LAC: 'LAC',
  CARE_LEAVER: 'Care leaver',
};

export const STANDARD_LABELS: Readonly<Record<string, string>> = {
  statutory: 'Statutory',
  national_indicator: 'National indicator',
  local: 'Local standard',
};

/** Key dates the child page shows, in this order, with their names. */
export const KEY_DATE_LABELS: readonly (readonly [string, string])[] = [
  ['dateOfBirth', 'Date of birth'],
  ['expectedDateOfBirth', 'Expected date of birth'],
  ['oldestContactAwaitingDecision', 'Contact awaiting MASH decision since'],
  ['referralDate', 'Referral date'],
  ['previousReferralDate', 'Previous referral date'],
  ['allocatedSince', 'Allocated since'],
  ['lastSupervision', 'Last supervision'],
  ['assessmentStarted', 'Assessment started'],
  ['assessmentCompleted', 'Assessment completed'],
  ['strategyDiscussion', 'Strategy discussion'],
  ['s47Started', 'Section 47 enquiry started'],
  ['icpcTarget', 'ICPC due by'],
  ['icpcConference', 'ICPC scheduled for'],
  ['cinPlanStarted', 'Child in need plan started'],
  ['cinPlanLastReview', 'Child in need plan last reviewed'],
  ['cinPlanLastVisit', 'Last child in need visit'],
  ['cppStarted', 'Child protection plan started'],
  ['cppLastCoreGroup', 'Last core group'],
  ['cppLastVisitChildSeen', 'Last child protection visit (child seen)'],
  ['cppLastReview', 'Last child protection review'],
  ['lookedAfterSince', 'Looked after since'],
  ['placementSince', 'In this placement since'],
  ['carePlan', 'Care plan'],
  ['placementPlan', 'Placement plan'],
  ['lastLacReview', 'Last looked-after review'],
  ['lastLacVisit', 'Last statutory visit'],
  ['initialHealthAssessment', 'Initial health assessment'],
  ['lastHealthAssessment', 'Last health assessment'],
  ['personalEducationPlan', 'Personal education plan'],
  ['missingSince', 'Missing since'],
  ['proceedingsIssued', 'Care proceedings issued'],
  ['adoptionDecision', 'Adoption decision'],
  ['placementOrder', 'Placement order'],
  ['matchedWithAdopters', 'Matched with adopters'],
  ['placedForAdoption', 'Placed for adoption'],
  ['careLeaverSince', 'Care leaver since'],
  ['pathwayPlan', 'Pathway plan'],
  ['lastPathwayPlanReview', 'Last pathway plan review'],
];

/** A code with its label ("Neglect (NEG)"); a code the list does not know is shown as it is. */
export function codeWithLabel(list: readonly CodeEntry[], code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const entry = list.find((e) => e.code === code);
  return entry ? `${entry.label} (${code})` : code;
}
