import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { initialTransition, transition, type StateValue } from 'xstate';
import { isCareLeaverOnCeasing } from '../care-leaver-eligibility.js';
import { addDays, daysBetween } from '../dates.js';
import type { JourneyContext } from '../journey-context.js';
import type { JourneyEventDataMap, MachineEvent, MachineEventType } from '../journey-event.js';
import { journeyMachine } from '../journey-machine.js';
import { fold, recordsEvent, type JourneySnapshot } from '../journey-state.js';

/**
 * The machine's own graph, walked with xstate/graph. The state space is a product of parallel regions, so it is
 * walked in three families of events (front door and case work; protection and plans; care, permanence and leaving
 * care), each from the state its events start in. Together they must reach every state node and take every
 * transition the machine defines: a node or transition becoming unreachable fails the test by name.
 */

type AnyNode = (typeof journeyMachine)['root'];
type AnyTransition = ReturnType<AnyNode['transitions']['get']> extends (infer T)[] | undefined ? T : never;

const allNodes: AnyNode[] = [];
(function visit(node: AnyNode) {
  allNodes.push(node);
  Object.values(node.states).forEach(visit);
})(journeyMachine.root);
const allTransitions: AnyTransition[] = allNodes.flatMap((n) => [...n.transitions.values()].flat());
const transitionName = (t: AnyTransition): string => {
  const list = t.source.transitions.get(t.eventType) ?? [];
  return `${t.source.id} --${t.eventType}#${list.indexOf(t)}--> ${t.target?.map((x) => x.id).join(',') ?? '(self)'}`;
};

const pathValue = (path: readonly string[]): StateValue =>
  path.length === 1 ? path[0]! : { [path[0]!]: pathValue(path.slice(1)) };
const isActive = (s: JourneySnapshot, node: AnyNode): boolean => node.path.length === 0 || s.matches(pathValue(node.path) as never);

/** The latest date the journey has recorded: every generated event happens then, so no "not before" rule trips. */
const today = (ctx: JourneyContext): string => (JSON.stringify(ctx).match(/\d{4}-\d{2}-\d{2}/g) ?? ['2025-01-06']).sort().at(-1)!;

const ev = <T extends MachineEventType>(type: T, data: JourneyEventDataMap[T], occurredAt: string): MachineEvent =>
  ({ id: `${type}@${occurredAt}`, type, data, occurredAt, machineVersion: 1 }) as MachineEvent;

function frontDoorEvents(s: JourneySnapshot): MachineEvent[] {
  const c = s.context;
  const on = today(c);
  const e = c.episode;
  const out: MachineEvent[] = [
    ev('ContactReceived', { contactId: `c${c.contacts.length + 1}`, childId: 'child-1', source: '6', child: { status: 'BORN', dateOfBirth: null }, concerns: '' }, on),
    ev('DateOfBirthRecorded', { dateOfBirth: '2012-02-02', wasUnborn: false }, on),
  ];
  const awaiting = c.contacts.find((x) => x.status === 'AWAITING_DECISION');
  if (awaiting) {
    for (const decision of ['REFER_TO_CSC', 'NFA'] as const)
      out.push(ev('MashDecisionMade', { contactId: awaiting.contactId, decision, checks: [], emergency: false, linkedToOpenEpisode: decision === 'REFER_TO_CSC' && e !== null }, on));
  }
  const referred = c.contacts.filter((x) => x.status === 'REFERRED').map((x) => x.contactId);
  if (referred.length > 0)
    out.push(ev('ReferralOpened', { episodeNumber: c.closedEpisodes.length + 1, contactIds: referred, source: '6', primaryNeed: 'N1', reReferral: c.lastReferralDate !== null, previousReferralDate: c.lastReferralDate, emergency: false }, on));
  if (e) {
    const inHand = e.assessments.find((a) => a.authorisedOn === null);
    out.push(
      ev('ReferralClosedNoFurtherAction', { episodeNumber: e.number }, on),
      ev('CaseAllocated', { workerId: e.allocation?.workerId === 'w1' ? 'w2' : 'w1', teamId: 't1' }, on),
      ev('CaseDeallocated', { reason: 'left' }, on),
      ev('SupervisionRecorded', { supervisorId: 'm1' }, on),
      ev('AssessmentStarted', { assessmentId: `a${e.assessments.length + 1}` }, on),
      ev('CaseClosed', { episodeNumber: e.number, reason: e.assessments.some((a) => a.completedOn) ? 'RC8' : 'RC7' }, on),
    );
    if (inHand)
      out.push(
        ev('ChildSeenForAssessment', { assessmentId: inHand.assessmentId, seenAlone: true }, on),
        ev('AssessmentCompleted', { assessmentId: inHand.assessmentId }, on),
        ev('AssessmentAuthorised', { assessmentId: inHand.assessmentId, authorisedBy: 'm1', factors: ['21'], outcome: 'NO_FURTHER_ACTION' }, on),
      );
  }
  return out;
}

function protectionEvents(s: JourneySnapshot): MachineEvent[] {
  const c = s.context;
  const e = c.episode;
  if (!e) return [];
  const on = today(c);
  const s47 = e.s47;
  const out: MachineEvent[] = [
    ev('StrategyDiscussionHeld', { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergency: false }, on),
    ev('StrategyDiscussionHeld', { outcome: 'NO_S47', agencies: ['CSC', 'POLICE'], emergency: false }, on),
    ev('S47EnquiryConcluded', { outcome: 'ICPC_REQUIRED', nextStep: null }, on),
    ev('S47EnquiryConcluded', { outcome: 'ICPC_NOT_REQUIRED', nextStep: 'NO_FURTHER_ACTION' }, on),
    ev('CinPlanStarted', { fromChildProtectionPlan: false }, on),
    ev('CinPlanReviewed', {}, on),
    ev('CinVisitMade', { childSeen: true, seenAlone: false }, on),
    ev('CinPlanEnded', { reason: 'CHILD_PROTECTION_PLAN' }, on),
    ev('CoreGroupHeld', {}, on),
    ev('ChildProtectionVisitMade', { childSeen: true, seenAlone: true }, on),
    ev('ReviewConferenceHeld', { planContinues: true }, on),
    ev('CategoryOfAbuseChanged', { from: e.cpp?.category ?? 'NEG', to: e.cpp?.category === 'EMO' ? 'NEG' : 'EMO' }, on),
    ev('ChildProtectionPlanEnded', { reason: 'CLOSURE' }, on),
    ev('CaseClosed', { episodeNumber: e.number, reason: 'RC7' }, on),
  ];
  if (s47) {
    out.push(ev('S47EnquiryStarted', { strategyDiscussionDate: s47.strategyDiscussionOn, icpcTargetDate: addDays(s47.strategyDiscussionOn, 21) }, on));
    const target = s47.icpcTargetDate ?? on;
    out.push(
      ev('IcpcScheduled', { conferenceDate: on, targetDate: target }, on),
      ev('IcpcHeld', { outcome: 'PLAN', category: 'NEG', targetDate: target }, on),
      ev('IcpcHeld', { outcome: 'NO_PLAN', category: null, targetDate: target }, on),
    );
  }
  if (e.pendingPlan)
    out.push(ev('ChildProtectionPlanStarted', { category: e.pendingPlan.category, icpcDate: e.pendingPlan.icpcOn, planNumber: c.cppCount + 1 }, e.pendingPlan.icpcOn));
  return out;
}

function careEvents(s: JourneySnapshot): MachineEvent[] {
  const c = s.context;
  const on = today(c);
  const e = c.episode;
  const l = e?.lookedAfter ?? null;
  const out: MachineEvent[] = [
    ev('PathwayPlanRecorded', {}, on),
    ev('PathwayPlanReviewed', {}, on),
    ev('CareLeaverContactRecorded', { inTouch: 'YES', activity: 'F2', accommodation: 'E', accommodationSuitable: true }, on),
    ev('CareLeaverServicesEnded', { reason: 'aged 21' }, on),
  ];
  if (!e) return out;
  out.push(
    ev('BecameLookedAfter', { legalStatus: 'V2', placement: { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 3, insideLocalAuthority: true }, categoryOfNeed: 'N1', reasonNewEpisode: 'S' }, on),
    ev('CareProceedingsIssued', { orderSought: 'CARE_ORDER' }, on),
    ev('InterimCareOrderMade', { order: 'INTERIM_CARE_ORDER' }, on),
    ev('FinalOrderMade', { order: 'CARE_ORDER', weeksSinceIssue: e.proceedings ? Math.floor(daysBetween(e.proceedings.issuedOn, on) / 7) : 0 }, on),
    ev('CareProceedingsWithdrawn', {}, on),
    ev('CaseClosed', { episodeNumber: e.number, reason: e.adoptedOn ? 'RC1' : 'RC7' }, on),
  );
  if (!l) return out;
  const adoption = l.adoption;
  const later = addDays(on, 120);
  out.push(
    ev('LegalStatusChanged', { from: l.legalStatus, to: l.legalStatus === 'C1' ? 'C2' : 'C1', reasonNewEpisode: 'L' }, on),
    ev('PlacementChanged', { placement: { ...l.placement, place: l.placement.place === 'U4' ? 'U6' : 'U4' }, sameCarer: false, reasonPlaceChange: 'CARPL', newLegalStatus: null, reasonNewEpisode: 'P' }, on),
    ev('CarePlanRecorded', {}, on),
    ev('PlacementPlanRecorded', {}, on),
    ev('LacReviewHeld', { participation: 'PN1' }, on),
    ev('LacVisitMade', { childSeen: true, seenAlone: true }, on),
    ev('HealthAssessmentRecorded', { kind: l.initialHealthAssessmentOn ? 'REVIEW' : 'INITIAL' }, on),
    ev('PersonalEducationPlanRecorded', {}, on),
    ev('MissingEpisodeStarted', { kind: 'M' }, on),
    ev('MissingEpisodeEnded', { returnInterviewOffered: true, returnInterviewAccepted: true }, on),
    ev('AdoptionDecisionMade', {}, on),
    ev('PlacementOrderGranted', {}, on),
    ev('MatchedWithAdopters', {}, on),
    ev('PlacedForAdoption', { place: adoption?.placementOrderOn ? 'A6' : 'A4' }, on),
    ev('AdoptionDecisionReversed', { reason: 'RD4' }, on),
    ev('AdoptionOrderGranted', { reasonEpisodeCeased: 'E11' }, on),
  );
  if (adoption?.placedOn && adoption.place)
    out.push(ev('PlacementChanged', { placement: { ...l.placement, place: adoption.place }, sameCarer: false, reasonPlaceChange: 'CARPL', newLegalStatus: null, reasonNewEpisode: 'P' }, on));
  const rec = adoption?.orderReason ?? 'E4A';
  out.push(
    ev('CeasedLookedAfter', { reasonEpisodeCeased: rec, careLeaver: isCareLeaverOnCeasing(c, on, rec) }, on),
    ev('CeasedLookedAfter', { reasonEpisodeCeased: rec, careLeaver: isCareLeaverOnCeasing(c, later, rec) }, later),
  );
  return out;
}

const afterEvents = (events: MachineEvent[]): JourneySnapshot =>
  events.reduce((s, e) => transition(journeyMachine, s, e)[0], initialTransition(journeyMachine)[0]);
const openCasePrefix = (dateOfBirth: string): MachineEvent[] => [
  ev('ContactReceived', { contactId: 'c0', childId: 'child-1', source: '6', child: { status: 'BORN', dateOfBirth }, concerns: '' }, '2025-01-06'),
  ev('MashDecisionMade', { contactId: 'c0', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }, '2025-01-06'),
  ev('ReferralOpened', { episodeNumber: 1, contactIds: ['c0'], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }, '2025-01-06'),
];

const families = [
  { name: 'front door and case work', prefix: [] as MachineEvent[], events: frontDoorEvents },
  { name: 'protection and plans', prefix: openCasePrefix('2015-03-01'), events: protectionEvents },
  { name: 'care, permanence and leaving care', prefix: openCasePrefix('2008-06-01'), events: careEvents },
];
/**
 * States are told apart by their value plus the few context facts the guards turn on (a second contact waiting,
 * the child seen, a pathway plan, …); the rest of the context (dates, counters) would make the graph infinite.
 */
const serializeState = (s: JourneySnapshot): string => {
  const c = s.context;
  const l = c.episode?.lookedAfter;
  const digest = {
    awaiting: Math.min(c.contacts.filter((x) => x.status === 'AWAITING_DECISION').length, 2),
    seen: c.episode?.assessments.some((a) => a.authorisedOn === null && a.seenOn !== null) ?? false,
    dateOfBirth: c.child.dateOfBirth !== null,
    pathwayPlan: c.careLeaver.pathwayPlanOn !== null,
    initialHealth: Boolean(l?.initialHealthAssessmentOn),
    placementOrder: Boolean(l?.adoption?.placementOrderOn),
  };
  return JSON.stringify([s.value, digest]);
};

describe('the journey machine graph', () => {
  const walks = families.map((family) => {
    const fromState = afterEvents(family.prefix);
    const adjacency = getAdjacencyMap(journeyMachine, { fromState, events: family.events, serializeState });
    return { ...family, fromState, adjacency };
  });

  it('every state node is reached', () => {
    const reached = new Set<string>();
    for (const { adjacency } of walks)
      for (const { state } of Object.values(adjacency)) for (const node of allNodes) if (isActive(state, node)) reached.add(node.id);
    expect(allNodes.map((n) => n.id).filter((id) => !reached.has(id))).toEqual([]);
    expect(reached.size).toBe(allNodes.length);
  });

  it('every transition is taken, and each taken event updates the context exactly once', () => {
    const taken = new Set<AnyTransition>();
    const doubleApplied: string[] = [];
    for (const { adjacency } of walks) {
      for (const { state, transitions } of Object.values(adjacency)) {
        const steps = Object.values(transitions as Record<string, { event: MachineEvent }>);
        for (const { event } of steps) {
          const used = journeyMachine.getTransitionData(state, event);
          used.forEach((t) => taken.add(t));
          if (used.length > 0 && used.filter(recordsEvent).length !== 1) doubleApplied.push(`${event.type} in ${serializeState(state)}`);
        }
      }
    }
    expect(allTransitions.filter((t) => !taken.has(t)).map(transitionName)).toEqual([]);
    expect(taken.size).toBe(allTransitions.length);
    expect(doubleApplied).toEqual([]);
  });

  it('the shortest path to every reachable state replays through fold to that state', () => {
    for (const { prefix, fromState, events } of walks) {
      const paths = getShortestPaths(journeyMachine, { fromState, events, serializeState });
      expect(paths.length).toBeGreaterThan(5);
      for (const path of paths) {
        const stepsTaken = path.steps.map((step) => step.event).filter((e) => !e.type.startsWith('xstate.'));
        const replayed = fold([...prefix, ...stepsTaken]);
        expect(replayed.issues).toEqual([]);
        // Paths are keyed by the serialised state, so that (not the whole context) is what must match.
        expect(serializeState(replayed.snapshot)).toBe(serializeState(path.state));
      }
    }
  });
});
