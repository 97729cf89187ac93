import { type IsoDate, addMonths, isIsoDate } from '@cje/timescales';
import { type ChildEvent, type RowSink, bool, text } from '../timescales/child-event.js';
import { type Column, type FactRow, FactTable, flag } from './fact-table.js';

/**
 * The dated facts every indicator of the committee reports is counted from (journey.md, "Indicators managers report").
 * Each table holds one row per occurrence or spell (a contact, a CIN episode, an s47 enquiry, a plan, a period of
 * care, a placement, …) with its start and end dates, so any period (month, quarter, year to date, financial year)
 * is a range query; nothing is pre-aggregated by period. Timescale indicators (assessments in 45 working days, ICPCs
 * in 15, CP visits in time) come from the deadline read model instead. Rows have no team column: queries scoped to a
 * team join the caseload table, which holds each child's current team.
 */

const key = (name: string): Column => ({ name, type: 'key' });
const date = (name: string, required = false): Column => ({ name, type: 'date', required });
const txt = (name: string): Column => ({ name, type: 'text' });
const int = (name: string, required = false): Column => ({ name, type: 'int', required });
const real = (name: string): Column => ({ name, type: 'real' });

export const IND_CONTACT = new FactTable(
  'ind_contact',
  [key('child_id'), key('contact_id'), date('received_on', true), date('decided_on'), txt('decision')],
  ['child_id', 'contact_id'],
  ['CREATE INDEX {{t:ind_contact}}_received ON {{t:ind_contact}} (received_on)'],
);

/** A CIN episode: referral to closure. */
export const IND_EPISODE = new FactTable(
  'ind_episode',
  [
    key('child_id'),
    int('seq', true),
    date('opened_on', true),
    date('closed_on'),
    int('re_referral', true),
    int('assessed', true),
    int('nfa', true),
    txt('closure_reason'),
    txt('primary_need'),
  ],
  ['child_id', 'seq'],
  ['CREATE INDEX {{t:ind_episode}}_opened ON {{t:ind_episode}} (opened_on)', 'CREATE INDEX {{t:ind_episode}}_closed ON {{t:ind_episode}} (closed_on)'],
);

export const IND_S47 = new FactTable(
  'ind_s47',
  [key('child_id'), int('seq', true), date('started_on', true), date('strategy_on'), date('concluded_on'), txt('outcome'), date('icpc_on'), txt('icpc_outcome')],
  ['child_id', 'seq'],
);

/** CIN plans and child protection plans (`kind` CIN | CPP). */
export const IND_PLAN = new FactTable(
  'ind_plan',
  [
    key('child_id'),
    key('kind'),
    int('seq', true),
    int('plan_number', true),
    date('started_on', true),
    date('ended_on'),
    txt('initial_category'),
    txt('category'),
    txt('end_reason'),
    date('previous_ended_on'),
  ],
  ['child_id', 'kind', 'seq'],
);

/** A period of care (903 episodes joined up from BecameLookedAfter to CeasedLookedAfter). */
export const IND_LAC = new FactTable(
  'ind_lac',
  [key('child_id'), int('seq', true), date('started_on', true), date('ended_on'), txt('reason_ceased'), txt('legal_status')],
  ['child_id', 'seq'],
);

export const IND_PLACEMENT = new FactTable(
  'ind_placement',
  [
    key('child_id'),
    int('seq', true),
    int('lac_seq', true),
    date('started_on', true),
    date('ended_on'),
    txt('place'),
    txt('provider'),
    real('distance_miles'),
    int('inside_la'),
  ],
  ['child_id', 'seq'],
);

export const IND_CARE_LEAVER = new FactTable(
  'ind_care_leaver',
  [key('child_id'), int('seq', true), date('started_on', true), date('ended_on'), date('pathway_plan_on')],
  ['child_id', 'seq'],
);

export const IND_CARE_LEAVER_CONTACT = new FactTable(
  'ind_care_leaver_contact',
  [key('child_id'), int('seq', true), date('contact_on', true), txt('in_touch'), txt('activity'), txt('accommodation'), int('accommodation_suitable')],
  ['child_id', 'seq'],
);

/** One adoption plan: from the decision to the order (or its reversal), with the date the child entered care. */
export const IND_ADOPTION = new FactTable(
  'ind_adoption',
  [
    key('child_id'),
    int('seq', true),
    date('entered_care_on'),
    date('decision_on', true),
    date('placement_order_on'),
    date('matched_on'),
    date('placed_on'),
    date('adopted_on'),
    date('reversed_on'),
  ],
  ['child_id', 'seq'],
);

export const IND_PROCEEDINGS = new FactTable(
  'ind_proceedings',
  [key('child_id'), int('seq', true), date('issued_on', true), date('concluded_on'), txt('outcome'), txt('final_order')],
  ['child_id', 'seq'],
);

/** Who held the case when, on effective dates (allocation to reallocation, deallocation or closure). */
export const IND_ALLOCATION = new FactTable(
  'ind_allocation',
  [key('child_id'), int('seq', true), key('worker_id'), key('team'), date('started_on', true), date('ended_on')],
  ['child_id', 'seq'],
);

export const INDICATOR_TABLES: readonly FactTable[] = [
  IND_CONTACT,
  IND_EPISODE,
  IND_S47,
  IND_PLAN,
  IND_LAC,
  IND_PLACEMENT,
  IND_CARE_LEAVER,
  IND_CARE_LEAVER_CONTACT,
  IND_ADOPTION,
  IND_PROCEEDINGS,
  IND_ALLOCATION,
];

/** A spell still open: the row as last written, changed in place and written again. */
type Open<T> = T | undefined;

interface Episode { seq: number; openedOn: IsoDate; closedOn: IsoDate | null; reReferral: boolean; assessed: boolean; nfa: boolean; closureReason: string | null; primaryNeed: string | null }
interface S47 { seq: number; startedOn: IsoDate; strategyOn: IsoDate | null; concludedOn: IsoDate | null; outcome: string | null; icpcOn: IsoDate | null; icpcOutcome: string | null }
interface Plan { kind: 'CIN' | 'CPP'; seq: number; planNumber: number; startedOn: IsoDate; endedOn: IsoDate | null; initialCategory: string | null; category: string | null; endReason: string | null; previousEndedOn: IsoDate | null }
interface Lac { seq: number; startedOn: IsoDate; endedOn: IsoDate | null; reasonCeased: string | null; legalStatus: string | null }
interface Placement { seq: number; lacSeq: number; startedOn: IsoDate; endedOn: IsoDate | null; place: string | null; provider: string | null; distance: number | null; insideLa: boolean | null }
interface CareLeaver { seq: number; startedOn: IsoDate; endedOn: IsoDate | null; pathwayPlanOn: IsoDate | null }
interface Adoption { seq: number; enteredCareOn: IsoDate | null; decisionOn: IsoDate; placementOrderOn: IsoDate | null; matchedOn: IsoDate | null; placedOn: IsoDate | null; adoptedOn: IsoDate | null; reversedOn: IsoDate | null }
interface Proceedings { seq: number; issuedOn: IsoDate; concludedOn: IsoDate | null; outcome: string | null; finalOrder: string | null }
interface Allocation { seq: number; workerId: string; team: string; startedOn: IsoDate; endedOn: IsoDate | null }

export interface IndicatorState {
  /** Contacts still waiting for their MASH decision, by contact id. */
  undecided: Map<string, { receivedOn: IsoDate }> | undefined;
  episode: Open<Episode>;
  episodes: number;
  lastReferralOn: IsoDate | null;
  lastStrategyOn: IsoDate | null;
  s47: Open<S47>;
  s47s: number;
  cin: Open<Plan>;
  cins: number;
  lastCinEndedOn: IsoDate | null;
  cpp: Open<Plan>;
  cpps: number;
  lastCppEndedOn: IsoDate | null;
  lac: Open<Lac>;
  lacs: number;
  placement: Open<Placement>;
  placements: number;
  careLeaver: Open<CareLeaver>;
  careLeavers: number;
  careLeaverContacts: number;
  /** A pathway plan recorded while still in care counts for the care leaver the child becomes. */
  pathwayPlanOn: IsoDate | null;
  adoption: Open<Adoption>;
  adoptions: number;
  proceedings: Open<Proceedings>;
  proceedingsCount: number;
  allocation: Open<Allocation>;
  allocations: number;
}

export function newIndicatorState(): IndicatorState {
  return {
    undecided: undefined,
    episode: undefined,
    episodes: 0,
    lastReferralOn: null,
    lastStrategyOn: null,
    s47: undefined,
    s47s: 0,
    cin: undefined,
    cins: 0,
    lastCinEndedOn: null,
    cpp: undefined,
    cpps: 0,
    lastCppEndedOn: null,
    lac: undefined,
    lacs: 0,
    placement: undefined,
    placements: 0,
    careLeaver: undefined,
    careLeavers: 0,
    careLeaverContacts: 0,
    pathwayPlanOn: null,
    adoption: undefined,
    adoptions: 0,
    proceedings: undefined,
    proceedingsCount: 0,
    allocation: undefined,
    allocations: 0,
  };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function boolOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

const episodeRow = (c: string, e: Episode): FactRow => [c, e.seq, e.openedOn, e.closedOn, flag(e.reReferral), flag(e.assessed), flag(e.nfa), e.closureReason, e.primaryNeed];
const s47Row = (c: string, s: S47): FactRow => [c, s.seq, s.startedOn, s.strategyOn, s.concludedOn, s.outcome, s.icpcOn, s.icpcOutcome];
const planRow = (c: string, p: Plan): FactRow => [c, p.kind, p.seq, p.planNumber, p.startedOn, p.endedOn, p.initialCategory, p.category, p.endReason, p.previousEndedOn];
const lacRow = (c: string, l: Lac): FactRow => [c, l.seq, l.startedOn, l.endedOn, l.reasonCeased, l.legalStatus];
const placementRow = (c: string, p: Placement): FactRow => [
  c,
  p.seq,
  p.lacSeq,
  p.startedOn,
  p.endedOn,
  p.place,
  p.provider,
  p.distance,
  p.insideLa === null ? null : flag(p.insideLa),
];
const careLeaverRow = (c: string, l: CareLeaver): FactRow => [c, l.seq, l.startedOn, l.endedOn, l.pathwayPlanOn];
const adoptionRow = (c: string, a: Adoption): FactRow => [c, a.seq, a.enteredCareOn, a.decisionOn, a.placementOrderOn, a.matchedOn, a.placedOn, a.adoptedOn, a.reversedOn];
const proceedingsRow = (c: string, p: Proceedings): FactRow => [c, p.seq, p.issuedOn, p.concludedOn, p.outcome, p.finalOrder];
const allocationRow = (c: string, a: Allocation): FactRow => [c, a.seq, a.workerId, a.team, a.startedOn, a.endedOn];

/**
 * Moves the facts on by one effective event, putting every row it creates or changes. Events that carry no fact
 * (visits, supervision, reviews: their timeliness is in the deadline read model) put nothing.
 */
export function stepIndicators(state: IndicatorState, childId: string, event: ChildEvent, sink: RowSink): void {
  const { on, data } = event;
  switch (event.type) {
    case 'ContactReceived': {
      const contactId = text(data.contactId) ?? event.id;
      (state.undecided ??= new Map()).set(contactId, { receivedOn: on });
      sink.put(IND_CONTACT, [childId, contactId, on, null, null]);
      return;
    }
    case 'MashDecisionMade': {
      const contactId = text(data.contactId);
      const contact = contactId === null ? undefined : state.undecided?.get(contactId);
      if (contactId === null || contact === undefined) return;
      state.undecided?.delete(contactId);
      sink.put(IND_CONTACT, [childId, contactId, contact.receivedOn, on, text(data.decision)]);
      return;
    }
    case 'ReferralOpened': {
      closeEpisode(state, childId, on, null, sink);
      const previous = state.lastReferralOn ?? (isIsoDate(data.previousReferralDate) ? data.previousReferralDate : null);
      // Within 12 calendar months of the previous referral, inclusive (as the journey decides it when opening).
      const reReferral = previous !== null && previous <= on && on <= addMonths(previous, 12);
      state.episodes += 1;
      state.episode = { seq: state.episodes, openedOn: on, closedOn: null, reReferral, assessed: false, nfa: false, closureReason: null, primaryNeed: text(data.primaryNeed) };
      state.lastReferralOn = on;
      sink.put(IND_EPISODE, episodeRow(childId, state.episode));
      return;
    }
    case 'ReferralClosedNoFurtherAction':
      if (state.episode && !state.episode.nfa) {
        state.episode.nfa = true;
        sink.put(IND_EPISODE, episodeRow(childId, state.episode));
      }
      return;
    case 'AssessmentStarted':
      if (state.episode && !state.episode.assessed) {
        state.episode.assessed = true;
        sink.put(IND_EPISODE, episodeRow(childId, state.episode));
      }
      return;
    case 'CaseClosed':
      endPlan(state, 'cin', childId, on, 'CASE_CLOSED', sink);
      endPlan(state, 'cpp', childId, on, 'CASE_CLOSED', sink);
      closeAllocation(state, childId, on, sink);
      closeEpisode(state, childId, on, text(data.reason), sink);
      return;
    case 'CaseAllocated': {
      const workerId = text(data.workerId);
      const team = text(data.teamId) ?? text(data.team) ?? state.allocation?.team ?? null;
      closeAllocation(state, childId, on, sink);
      if (workerId === null || team === null) return;
      state.allocations += 1;
      state.allocation = { seq: state.allocations, workerId, team, startedOn: on, endedOn: null };
      sink.put(IND_ALLOCATION, allocationRow(childId, state.allocation));
      return;
    }
    case 'CaseDeallocated':
      closeAllocation(state, childId, on, sink);
      return;
    case 'StrategyDiscussionHeld':
      state.lastStrategyOn = on;
      return;
    case 'S47EnquiryStarted': {
      state.s47s += 1;
      const strategyOn = isIsoDate(data.strategyDiscussionDate) ? data.strategyDiscussionDate : state.lastStrategyOn;
      state.s47 = { seq: state.s47s, startedOn: on, strategyOn, concludedOn: null, outcome: null, icpcOn: null, icpcOutcome: null };
      sink.put(IND_S47, s47Row(childId, state.s47));
      return;
    }
    case 'S47EnquiryConcluded': {
      const s47 = state.s47;
      if (!s47) return;
      s47.concludedOn = on;
      s47.outcome = text(data.outcome);
      sink.put(IND_S47, s47Row(childId, s47));
      if (s47.outcome !== 'ICPC_REQUIRED') state.s47 = undefined;
      return;
    }
    case 'IcpcHeld': {
      const s47 = state.s47;
      if (!s47) return;
      s47.icpcOn = on;
      s47.icpcOutcome = text(data.outcome);
      sink.put(IND_S47, s47Row(childId, s47));
      state.s47 = undefined;
      return;
    }
    case 'ChildProtectionPlanStarted': {
      endPlan(state, 'cpp', childId, on, null, sink);
      state.cpps += 1;
      const category = text(data.category);
      const planNumber = num(data.planNumber) ?? state.cpps;
      state.cpp = { kind: 'CPP', seq: state.cpps, planNumber, startedOn: on, endedOn: null, initialCategory: category, category, endReason: null, previousEndedOn: state.lastCppEndedOn };
      sink.put(IND_PLAN, planRow(childId, state.cpp));
      return;
    }
    case 'CategoryOfAbuseChanged':
      if (state.cpp) {
        state.cpp.category = text(data.to) ?? state.cpp.category;
        sink.put(IND_PLAN, planRow(childId, state.cpp));
      }
      return;
    case 'ChildProtectionPlanEnded':
      endPlan(state, 'cpp', childId, on, text(data.reason), sink);
      return;
    case 'CinPlanStarted':
      endPlan(state, 'cin', childId, on, null, sink);
      state.cins += 1;
      state.cin = { kind: 'CIN', seq: state.cins, planNumber: state.cins, startedOn: on, endedOn: null, initialCategory: null, category: null, endReason: null, previousEndedOn: state.lastCinEndedOn };
      sink.put(IND_PLAN, planRow(childId, state.cin));
      return;
    case 'CinPlanEnded':
      endPlan(state, 'cin', childId, on, text(data.reason), sink);
      return;
    case 'BecameLookedAfter': {
      ceaseCare(state, childId, on, null, sink);
      state.lacs += 1;
      state.lac = { seq: state.lacs, startedOn: on, endedOn: null, reasonCeased: null, legalStatus: text(data.legalStatus) };
      sink.put(IND_LAC, lacRow(childId, state.lac));
      startPlacement(state, childId, on, data.placement, sink);
      return;
    }
    case 'PlacementChanged':
      if (state.lac) startPlacement(state, childId, on, data.placement, sink);
      return;
    case 'CeasedLookedAfter': {
      ceaseCare(state, childId, on, text(data.reasonEpisodeCeased), sink);
      if (bool(data.careLeaver)) {
        endCareLeaver(state, childId, on, sink);
        state.careLeavers += 1;
        state.careLeaver = { seq: state.careLeavers, startedOn: on, endedOn: null, pathwayPlanOn: state.pathwayPlanOn };
        sink.put(IND_CARE_LEAVER, careLeaverRow(childId, state.careLeaver));
      }
      return;
    }
    case 'PathwayPlanRecorded':
      state.pathwayPlanOn ??= on;
      if (state.careLeaver && state.careLeaver.pathwayPlanOn === null) {
        state.careLeaver.pathwayPlanOn = on;
        sink.put(IND_CARE_LEAVER, careLeaverRow(childId, state.careLeaver));
      }
      return;
    case 'CareLeaverContactRecorded':
      state.careLeaverContacts += 1;
      sink.put(IND_CARE_LEAVER_CONTACT, [
        childId,
        state.careLeaverContacts,
        on,
        text(data.inTouch),
        text(data.activity),
        text(data.accommodation),
        ((v) => (v === null ? null : flag(v)))(boolOrNull(data.accommodationSuitable)),
      ]);
      return;
    case 'CareLeaverServicesEnded':
      endCareLeaver(state, childId, on, sink);
      return;
    case 'AdoptionDecisionMade':
      state.adoptions += 1;
      state.adoption = {
        seq: state.adoptions,
        enteredCareOn: state.lac?.startedOn ?? null,
        decisionOn: on,
        placementOrderOn: null,
        matchedOn: null,
        placedOn: null,
        adoptedOn: null,
        reversedOn: null,
      };
      sink.put(IND_ADOPTION, adoptionRow(childId, state.adoption));
      return;
    case 'PlacementOrderGranted':
      updateAdoption(state, childId, sink, (a) => (a.placementOrderOn ??= on));
      return;
    case 'MatchedWithAdopters':
      updateAdoption(state, childId, sink, (a) => (a.matchedOn ??= on));
      return;
    case 'PlacedForAdoption':
      updateAdoption(state, childId, sink, (a) => (a.placedOn ??= on));
      return;
    case 'AdoptionOrderGranted':
      updateAdoption(state, childId, sink, (a) => (a.adoptedOn = on));
      state.adoption = undefined;
      return;
    case 'AdoptionDecisionReversed':
      updateAdoption(state, childId, sink, (a) => (a.reversedOn = on));
      state.adoption = undefined;
      return;
    case 'CareProceedingsIssued':
      state.proceedingsCount += 1;
      state.proceedings = { seq: state.proceedingsCount, issuedOn: on, concludedOn: null, outcome: null, finalOrder: null };
      sink.put(IND_PROCEEDINGS, proceedingsRow(childId, state.proceedings));
      return;
    case 'FinalOrderMade':
    case 'CareProceedingsWithdrawn': {
      const proceedings = state.proceedings;
      if (!proceedings) return;
      proceedings.concludedOn = on;
      proceedings.outcome = event.type === 'FinalOrderMade' ? 'FINAL_ORDER' : 'WITHDRAWN';
      proceedings.finalOrder = event.type === 'FinalOrderMade' ? text(data.order) : null;
      sink.put(IND_PROCEEDINGS, proceedingsRow(childId, proceedings));
      state.proceedings = undefined;
      return;
    }
    default:
      return;
  }
}

function closeEpisode(state: IndicatorState, childId: string, on: IsoDate, reason: string | null, sink: RowSink): void {
  const episode = state.episode;
  if (!episode) return;
  episode.closedOn = on;
  episode.closureReason = reason;
  sink.put(IND_EPISODE, episodeRow(childId, episode));
  state.episode = undefined;
}

function closeAllocation(state: IndicatorState, childId: string, on: IsoDate, sink: RowSink): void {
  const allocation = state.allocation;
  if (!allocation) return;
  allocation.endedOn = on;
  sink.put(IND_ALLOCATION, allocationRow(childId, allocation));
  state.allocation = undefined;
}

function endPlan(state: IndicatorState, which: 'cin' | 'cpp', childId: string, on: IsoDate, reason: string | null, sink: RowSink): void {
  const plan = state[which];
  if (!plan) return;
  plan.endedOn = on;
  plan.endReason = reason;
  sink.put(IND_PLAN, planRow(childId, plan));
  state[which] = undefined;
  if (which === 'cin') state.lastCinEndedOn = on;
  else state.lastCppEndedOn = on;
}

function startPlacement(state: IndicatorState, childId: string, on: IsoDate, placement: unknown, sink: RowSink): void {
  endPlacement(state, childId, on, sink);
  const details = typeof placement === 'object' && placement !== null ? (placement as Record<string, unknown>) : {};
  state.placements += 1;
  state.placement = {
    seq: state.placements,
    lacSeq: state.lac?.seq ?? 0,
    startedOn: on,
    endedOn: null,
    place: text(details.place),
    provider: text(details.provider),
    distance: num(details.distanceFromHomeMiles),
    insideLa: boolOrNull(details.insideLocalAuthority),
  };
  sink.put(IND_PLACEMENT, placementRow(childId, state.placement));
}

function endPlacement(state: IndicatorState, childId: string, on: IsoDate, sink: RowSink): void {
  const placement = state.placement;
  if (!placement) return;
  placement.endedOn = on;
  sink.put(IND_PLACEMENT, placementRow(childId, placement));
  state.placement = undefined;
}

function ceaseCare(state: IndicatorState, childId: string, on: IsoDate, reason: string | null, sink: RowSink): void {
  endPlacement(state, childId, on, sink);
  const lac = state.lac;
  if (lac) {
    lac.endedOn = on;
    lac.reasonCeased = reason;
    sink.put(IND_LAC, lacRow(childId, lac));
    state.lac = undefined;
  }
  // An adoption plan does not outlast the period of care it was made in.
  state.adoption = undefined;
}

function endCareLeaver(state: IndicatorState, childId: string, on: IsoDate, sink: RowSink): void {
  const careLeaver = state.careLeaver;
  if (!careLeaver) return;
  careLeaver.endedOn = on;
  sink.put(IND_CARE_LEAVER, careLeaverRow(childId, careLeaver));
  state.careLeaver = undefined;
}

function updateAdoption(state: IndicatorState, childId: string, sink: RowSink, change: (adoption: Adoption) => unknown): void {
  const adoption = state.adoption;
  if (!adoption) return;
  change(adoption);
  sink.put(IND_ADOPTION, adoptionRow(childId, adoption));
}
