import {
  ADOPTION_REVERSAL_REASONS,
  ASSESSMENT_FACTORS,
  ASSESSMENT_OUTCOMES,
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITIES,
  CARE_LEAVER_IN_TOUCH,
  CATEGORIES_OF_ABUSE,
  CIN_PLAN_END_REASONS,
  CLOSURE_REASONS,
  type CodeEntry,
  CPP_END_REASONS,
  FINAL_ORDERS,
  HEALTH_ASSESSMENT_KINDS,
  ICPC_OUTCOMES,
  INTERIM_ORDERS,
  LEGAL_STATUSES,
  MASH_CHECKS,
  MASH_DECISIONS,
  MISSING_KINDS,
  ORDERS_SOUGHT,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  PRIMARY_NEEDS,
  REASONS_EPISODE_CEASED,
  REASONS_NEW_EPISODE,
  REASONS_PLACE_CHANGE,
  REFERRAL_SOURCES,
  REVIEW_PARTICIPATION,
  S47_NEXT_STEPS,
  S47_OUTCOMES,
  STRATEGY_DISCUSSION_AGENCIES,
  STRATEGY_DISCUSSION_OUTCOMES,
  type JourneyTrack,
} from '@cje/journey';
import { govukDate } from '../web-renderer.js';
import { humanise } from '../journey-map/journey-labels.js';

/** One fact of an event, in words: codes with their DfE labels, dates in the GOV.UK style. */
export interface EventFact {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

type CodeList = readonly CodeEntry[];

/** Fields whose values are DfE codes, whatever the event. */
const CODE_FIELDS: Readonly<Record<string, CodeList>> = {
  source: REFERRAL_SOURCES,
  primaryNeed: PRIMARY_NEEDS,
  categoryOfNeed: PRIMARY_NEEDS,
  decision: MASH_DECISIONS,
  checks: MASH_CHECKS,
  factors: ASSESSMENT_FACTORS,
  agencies: STRATEGY_DISCUSSION_AGENCIES,
  nextStep: S47_NEXT_STEPS,
  category: CATEGORIES_OF_ABUSE,
  legalStatus: LEGAL_STATUSES,
  newLegalStatus: LEGAL_STATUSES,
  reasonNewEpisode: REASONS_NEW_EPISODE,
  reasonEpisodeCeased: REASONS_EPISODE_CEASED,
  reasonPlaceChange: REASONS_PLACE_CHANGE,
  place: PLACEMENT_TYPES,
  provider: PLACEMENT_PROVIDERS,
  participation: REVIEW_PARTICIPATION,
  orderSought: ORDERS_SOUGHT,
  inTouch: CARE_LEAVER_IN_TOUCH,
  activity: CARE_LEAVER_ACTIVITIES,
  accommodation: CARE_LEAVER_ACCOMMODATION,
};

/** Fields whose code list depends on the event. */
const CODE_FIELDS_BY_EVENT: Readonly<Record<string, Readonly<Record<string, CodeList>>>> = {
  AssessmentAuthorised: { outcome: ASSESSMENT_OUTCOMES },
  StrategyDiscussionHeld: { outcome: STRATEGY_DISCUSSION_OUTCOMES },
  S47EnquiryConcluded: { outcome: S47_OUTCOMES },
  IcpcHeld: { outcome: ICPC_OUTCOMES },
  CaseClosed: { reason: CLOSURE_REASONS },
  CinPlanEnded: { reason: CIN_PLAN_END_REASONS },
  ChildProtectionPlanEnded: { reason: CPP_END_REASONS },
  AdoptionDecisionReversed: { reason: ADOPTION_REVERSAL_REASONS },
  CategoryOfAbuseChanged: { from: CATEGORIES_OF_ABUSE, to: CATEGORIES_OF_ABUSE },
  LegalStatusChanged: { from: LEGAL_STATUSES, to: LEGAL_STATUSES },
  HealthAssessmentRecorded: { kind: HEALTH_ASSESSMENT_KINDS },
  MissingEpisodeStarted: { kind: MISSING_KINDS },
  InterimCareOrderMade: { order: INTERIM_ORDERS },
  FinalOrderMade: { order: FINAL_ORDERS },
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  contactId: 'Contact',
  contactIds: 'Contacts',
  childId: 'Child id',
  source: 'Referral source',
  child: 'Child',
  concerns: 'Concerns',
  dateOfBirth: 'Date of birth',
  expectedDateOfBirth: 'Expected date of birth',
  wasUnborn: 'Was unborn',
  checks: 'Agency checks',
  linkedToOpenEpisode: 'Linked to the open episode',
  episodeNumber: 'Episode',
  primaryNeed: 'Primary need',
  categoryOfNeed: 'Category of need',
  reReferral: 'Re-referral',
  previousReferralDate: 'Previous referral',
  workerId: 'Worker',
  teamId: 'Team',
  supervisorId: 'Supervisor',
  assessmentId: 'Assessment',
  authorisedBy: 'Authorised by',
  icpcTargetDate: 'ICPC target date',
  icpcDate: 'ICPC date',
  nextStep: 'Next step',
  category: 'Category of abuse',
  planNumber: 'Plan number',
  legalStatus: 'Legal status',
  newLegalStatus: 'New legal status',
  reasonNewEpisode: 'Reason for new episode',
  reasonEpisodeCeased: 'Reason episode ceased',
  reasonPlaceChange: 'Reason for placement change',
  place: 'Placement type',
  provider: 'Placement provider',
  distanceFromHomeMiles: 'Distance from home (miles)',
  insideLocalAuthority: 'Inside the authority’s area',
  orderSought: 'Order sought',
  inTouch: 'In touch',
  accommodationSuitable: 'Accommodation suitable',
  eventType: 'Event',
  eventId: 'Event id',
  occurredAt: 'Effective date',
};

/** `6` → `Police (6)`: the label with its code; an unknown code says so rather than passing for a label. */
export function codeWithLabel(list: CodeList, code: string): string {
  const entry = list.find((e) => e.code === code);
  return entry ? `${entry.label} (${code})` : `${code} (not a known code)`;
}

const TRACK_LABELS: Readonly<Record<JourneyTrack, string>> = {
  FRONT_DOOR: 'Front door (contacts awaiting a decision or referral)',
  CIN_EPISODE: 'Child in need episode',
  ASSESSMENT: 'Assessment',
  CIN_PLAN: 'Child in need plan',
  S47: 'Child protection enquiry (s47)',
  CHILD_PROTECTION_PLAN: 'Child protection plan',
  LOOKED_AFTER: 'Looked after',
  MISSING: 'Missing from care',
  ADOPTION: 'Adoption',
  CARE_PROCEEDINGS: 'Care proceedings',
  CARE_LEAVER: 'Leaving care',
};

export function trackLabel(track: string): string {
  return TRACK_LABELS[track as JourneyTrack] ?? humanise(track);
}

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? humanise(key);
}

function valueText(key: string, value: unknown, codes: Readonly<Record<string, CodeList>>): string {
  if (value === null || value === undefined) return 'Not recorded';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const list = codes[key];
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map((v) => valueText(key, v, codes)).join(', ');
  if (typeof value === 'string') {
    if (list) return codeWithLabel(list, value);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return govukDate(value);
    return value === '' ? 'None given' : value;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (key === 'child' && (o.status === 'BORN' || o.status === 'UNBORN')) {
      return o.status === 'UNBORN'
        ? `Unborn, expected ${valueText('expectedDateOfBirth', o.expectedDateOfBirth, codes)}`
        : `Born, date of birth ${o.dateOfBirth ? valueText('dateOfBirth', o.dateOfBirth, codes) : 'not known'}`;
    }
    return Object.entries(o)
      .map(([k, v]) => `${fieldLabel(k)}: ${valueText(k, v, codes)}`)
      .join('; ');
  }
  return JSON.stringify(value);
}

/** An event's data as facts to show, in the order recorded. */
export function eventFacts(type: string, data: Readonly<Record<string, unknown>>): EventFact[] {
  const codes = { ...CODE_FIELDS, ...(CODE_FIELDS_BY_EVENT[type] ?? {}) };
  return Object.entries(data).map(([key, value]) => ({ key, label: fieldLabel(key), value: valueText(key, value, codes) }));
}
