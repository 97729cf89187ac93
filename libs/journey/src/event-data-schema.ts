import { CODE_SETS, type CodeListName } from './codes.js';
import { isEffectiveDate, isIsoDate } from './dates.js';
import type { MachineEventType } from './journey-event.js';
import type { Rejection } from './rejection.js';

/**
 * The shape of every event's data, checked at run time: commands arrive from outside, corrections carry whole
 * replacement data, and stored events are read back. Field kinds name the DfE code list a value must come from.
 */
type Field =
  | { readonly kind: 'text'; readonly nullable?: true; readonly optional?: true }
  | { readonly kind: 'id' }
  | { readonly kind: 'date'; readonly nullable?: true }
  | { readonly kind: 'effectiveDate'; readonly nullable?: true }
  | { readonly kind: 'boolean'; readonly nullable?: true }
  | { readonly kind: 'count' }
  | { readonly kind: 'miles'; readonly nullable?: true }
  | { readonly kind: 'code'; readonly list: CodeListName; readonly nullable?: true; readonly only?: readonly string[] }
  | { readonly kind: 'codes'; readonly list: CodeListName; readonly minItems?: number }
  | { readonly kind: 'ids'; readonly minItems?: number }
  | { readonly kind: 'object'; readonly fields: Schema }
  | { readonly kind: 'child' }
  | { readonly kind: 'record' }
  | { readonly kind: 'eventType' };
type Schema = { readonly [field: string]: Field };

const text = { kind: 'text' } as const;
const id = { kind: 'id' } as const;
const date = { kind: 'date' } as const;
const bool = { kind: 'boolean' } as const;
const code = (list: CodeListName, extra: { nullable?: true; only?: readonly string[] } = {}): Field => ({ kind: 'code', list, ...extra });
const codesOf = (list: CodeListName, minItems = 0): Field => ({ kind: 'codes', list, minItems });
const placement: Field = {
  kind: 'object',
  fields: {
    place: code('placementType'),
    provider: code('placementProvider'),
    distanceFromHomeMiles: { kind: 'miles', nullable: true },
    insideLocalAuthority: { kind: 'boolean', nullable: true },
  },
};
const seen: Schema = { childSeen: bool, seenAlone: bool };

export const EVENT_DATA_SCHEMAS: { readonly [T in MachineEventType | 'EventCorrected' | 'EventVoided']: Schema } = {
  ContactReceived: { contactId: id, childId: id, source: code('referralSource'), child: { kind: 'child' }, concerns: text },
  DateOfBirthRecorded: { dateOfBirth: date, wasUnborn: bool },
  MashDecisionMade: { contactId: id, decision: code('mashDecision'), checks: codesOf('mashCheck'), emergency: bool, linkedToOpenEpisode: bool },
  ReferralOpened: {
    episodeNumber: { kind: 'count' },
    contactIds: { kind: 'ids', minItems: 1 },
    source: code('referralSource'),
    primaryNeed: code('primaryNeed'),
    reReferral: bool,
    previousReferralDate: { kind: 'date', nullable: true },
    emergency: bool,
  },
  ReferralClosedNoFurtherAction: { episodeNumber: { kind: 'count' } },
  CaseAllocated: { workerId: id, teamId: id },
  CaseDeallocated: { reason: text },
  SupervisionRecorded: { supervisorId: id },
  AssessmentStarted: { assessmentId: id },
  ChildSeenForAssessment: { assessmentId: id, seenAlone: bool },
  AssessmentCompleted: { assessmentId: id },
  AssessmentAuthorised: { assessmentId: id, authorisedBy: id, factors: codesOf('assessmentFactor', 1), outcome: code('assessmentOutcome') },
  CinPlanStarted: { fromChildProtectionPlan: bool },
  CinPlanReviewed: {},
  CinVisitMade: seen,
  CinPlanEnded: { reason: code('cinPlanEndReason') },
  StrategyDiscussionHeld: { outcome: code('strategyDiscussionOutcome'), agencies: codesOf('strategyDiscussionAgency', 1), emergency: bool },
  S47EnquiryStarted: { strategyDiscussionDate: date, icpcTargetDate: date },
  S47EnquiryConcluded: { outcome: code('s47Outcome'), nextStep: code('s47NextStep', { nullable: true }) },
  IcpcScheduled: { conferenceDate: date, targetDate: date },
  IcpcHeld: { outcome: code('icpcOutcome'), category: code('categoryOfAbuse', { nullable: true }), targetDate: date },
  ChildProtectionPlanStarted: { category: code('categoryOfAbuse'), icpcDate: date, planNumber: { kind: 'count' } },
  CoreGroupHeld: {},
  ChildProtectionVisitMade: seen,
  ReviewConferenceHeld: { planContinues: bool },
  CategoryOfAbuseChanged: { from: code('categoryOfAbuse'), to: code('categoryOfAbuse') },
  ChildProtectionPlanEnded: { reason: code('cppEndReason') },
  BecameLookedAfter: { legalStatus: code('legalStatus'), placement, categoryOfNeed: code('primaryNeed'), reasonNewEpisode: code('reasonNewEpisode', { only: ['S'] }) },
  LegalStatusChanged: { from: code('legalStatus'), to: code('legalStatus'), reasonNewEpisode: code('reasonNewEpisode', { only: ['L'] }) },
  PlacementChanged: {
    placement,
    sameCarer: bool,
    reasonPlaceChange: code('reasonPlaceChange'),
    newLegalStatus: code('legalStatus', { nullable: true }),
    reasonNewEpisode: code('reasonNewEpisode', { only: ['P', 'T', 'B', 'U'] }),
  },
  CarePlanRecorded: {},
  PlacementPlanRecorded: {},
  LacReviewHeld: { participation: code('reviewParticipation', { nullable: true }) },
  LacVisitMade: seen,
  HealthAssessmentRecorded: { kind: code('healthAssessmentKind') },
  PersonalEducationPlanRecorded: {},
  MissingEpisodeStarted: { kind: code('missingKind') },
  MissingEpisodeEnded: { returnInterviewOffered: bool, returnInterviewAccepted: bool },
  CareProceedingsIssued: { orderSought: code('orderSought') },
  InterimCareOrderMade: { order: code('interimOrder') },
  FinalOrderMade: { order: code('finalOrder'), weeksSinceIssue: { kind: 'count' } },
  CareProceedingsWithdrawn: {},
  AdoptionDecisionMade: {},
  PlacementOrderGranted: {},
  MatchedWithAdopters: {},
  PlacedForAdoption: { place: code('placementType', { only: ['A3', 'A4', 'A5', 'A6'] }) },
  AdoptionOrderGranted: { reasonEpisodeCeased: code('reasonEpisodeCeased', { only: ['E11', 'E12'] }) },
  AdoptionDecisionReversed: { reason: code('adoptionReversalReason') },
  CeasedLookedAfter: { reasonEpisodeCeased: code('reasonEpisodeCeased'), careLeaver: bool },
  PathwayPlanRecorded: {},
  PathwayPlanReviewed: {},
  CareLeaverContactRecorded: {
    inTouch: code('careLeaverInTouch'),
    activity: code('careLeaverActivity', { nullable: true }),
    accommodation: code('careLeaverAccommodation', { nullable: true }),
    accommodationSuitable: { kind: 'boolean', nullable: true },
  },
  CareLeaverServicesEnded: { reason: text },
  CaseClosed: { episodeNumber: { kind: 'count' }, reason: code('closureReason') },
  EventCorrected: { eventId: id, eventType: { kind: 'eventType' }, data: { kind: 'record' }, occurredAt: { kind: 'effectiveDate', nullable: true }, reason: text },
  EventVoided: { eventId: id, eventType: { kind: 'eventType' }, reason: text },
};

type Problem = Rejection;
const problem = (code: Problem['code'], reason: string): Problem => ({ code, reason });

function checkField(path: string, field: Field, value: unknown): Problem | null {
  if (value === null && 'nullable' in field && field.nullable) return null;
  switch (field.kind) {
    case 'text':
      return typeof value === 'string' ? null : problem('INVALID_DATA', `${path} must be text`);
    case 'id':
      return typeof value === 'string' && value.trim().length > 0 ? null : problem('INVALID_DATA', `${path} must be a non-empty id`);
    case 'date':
      return isIsoDate(value) ? null : problem('INVALID_DATE', `${path} must be an ISO date (YYYY-MM-DD)`);
    case 'effectiveDate':
      return isEffectiveDate(value) ? null : problem('INVALID_DATE', `${path} must be an ISO date or date-time`);
    case 'boolean':
      return typeof value === 'boolean' ? null : problem('INVALID_DATA', `${path} must be true or false`);
    case 'count':
      return Number.isInteger(value) && (value as number) >= 0 ? null : problem('INVALID_DATA', `${path} must be a whole number`);
    case 'miles':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : problem('INVALID_DATA', `${path} must be a distance in miles`);
    case 'code': {
      if (typeof value !== 'string' || !CODE_SETS[field.list].has(value) || (field.only && !field.only.includes(value)))
        return problem('INVALID_CODE', `${path} is not a valid code${field.only ? ` (expected ${field.only.join(', ')})` : ''}`);
      return null;
    }
    case 'codes': {
      if (!Array.isArray(value)) return problem('INVALID_DATA', `${path} must be a list of codes`);
      if (value.length < (field.minItems ?? 0)) return problem('INVALID_DATA', `${path} needs at least ${field.minItems ?? 0} code(s)`);
      const bad = (value as unknown[]).find((v) => typeof v !== 'string' || !CODE_SETS[field.list].has(v));
      return bad === undefined ? null : problem('INVALID_CODE', `${path} holds a code that is not in its list`);
    }
    case 'ids': {
      if (!Array.isArray(value) || value.length < (field.minItems ?? 0)) return problem('INVALID_DATA', `${path} must list at least one id`);
      return value.every((v) => typeof v === 'string' && v.length > 0) ? null : problem('INVALID_DATA', `${path} must hold ids`);
    }
    case 'object':
      return checkObject(path, field.fields, value);
    case 'child': {
      if (typeof value !== 'object' || value === null) return problem('INVALID_DATA', `${path} must describe the child`);
      const status = (value as { status?: unknown }).status;
      if (status === 'BORN') return checkObject(path, { status: text, dateOfBirth: { kind: 'date', nullable: true } }, value);
      if (status === 'UNBORN') return checkObject(path, { status: text, expectedDateOfBirth: date }, value);
      return problem('INVALID_DATA', `${path}.status must be BORN or UNBORN`);
    }
    case 'record':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : problem('INVALID_DATA', `${path} must be an object`);
    case 'eventType':
      return typeof value === 'string' && value in EVENT_DATA_SCHEMAS && value !== 'EventCorrected' && value !== 'EventVoided'
        ? null
        : problem('INVALID_DATA', `${path} must name a journey event type`);
  }
}

function checkObject(path: string, schema: Schema, value: unknown): Problem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('INVALID_DATA', `${path} must be an object`);
  const record = value as Readonly<Record<string, unknown>>;
  for (const [name, field] of Object.entries(schema)) {
    if (!(name in record) || record[name] === undefined) {
      if (field.kind === 'text' && field.optional) continue;
      return problem('INVALID_DATA', `${path}.${name} is missing`);
    }
    const p = checkField(`${path}.${name}`, field, record[name]);
    if (p) return p;
  }
  const extra = Object.keys(record).find((k) => !(k in schema));
  return extra === undefined ? null : problem('INVALID_DATA', `${path}.${extra} is not a field of this record`);
}

/** Checks an event's data against its schema; the first problem found, or null. */
export function validateEventData(type: MachineEventType | 'EventCorrected' | 'EventVoided', data: unknown): Rejection | null {
  return checkObject('data', EVENT_DATA_SCHEMAS[type], data);
}
