import { createActor, initialTransition, type SnapshotFrom, type StateValue } from 'xstate';
import { validateEventData } from './event-data-schema.js';
import { explainIllegal } from './illegal-transition-reasons.js';
import type { JourneyContext } from './journey-context.js';
import {
  isCorrectionEvent,
  type JourneyEvent,
  type JourneyEventOf,
  type MachineEvent,
  type MachineEventType,
} from './journey-event.js';
import { journeyMachine } from './journey-machine.js';
import { evolveContext } from './evolve-context.js';
import { firstViolation } from './journey-rules.js';
import { MACHINE_VERSION } from './machine-version.js';
import type { Rejection } from './rejection.js';
import { stageView } from './stage-view.js';

export type JourneySnapshot = SnapshotFrom<typeof journeyMachine>;

/** An event in the history that the machine could not take on replay (the history is then incomplete). */
export interface ReplayIssue extends Rejection {
  readonly eventId: string;
  readonly type: string;
}

/** A child's journey as it stands after its events: the fold of the stream. */
export interface JourneyState {
  /** Every event of the stream as read, corrections and voids included, in stream order. */
  readonly events: readonly JourneyEvent[];
  readonly value: StateValue;
  readonly context: JourneyContext;
  /** Empty for any history `decide` produced; otherwise says which events could not be replayed and why. */
  readonly issues: readonly ReplayIssue[];
  /** The machine snapshot; for the decider's own use (can/transition). */
  readonly snapshot: JourneySnapshot;
}

export const initialSnapshot = (): JourneySnapshot => initialTransition(journeyMachine)[0];

/**
 * One inert actor scope for every pure transition. XState's `transition()` builds a fresh actor (and its initial
 * snapshot) on every call, which made a fold cost ~0.07 ms per event; this machine invokes and spawns nothing and
 * its actions are only assignments, so one scope that is never started and drops executable actions gives the same
 * snapshots at a fraction of the cost. The actor is never started: nothing runs and nothing is scheduled.
 */
type JourneyActorScope = Parameters<(typeof journeyMachine)['transition']>[2];
let inertScope: JourneyActorScope | undefined;
export function pureTransition(snapshot: JourneySnapshot, event: MachineEvent): JourneySnapshot {
  if (!inertScope) {
    const self = createActor(journeyMachine);
    inertScope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => undefined,
      defer: () => undefined,
      emit: () => undefined,
      stopChild: () => undefined,
      actionExecutor: () => undefined,
    } as JourneyActorScope;
  }
  return journeyMachine.transition(snapshot, event, inertScope);
}

/** Whether a transition records the event (the owning region) rather than only following it. */
export const recordsEvent = (transition: { readonly actions: readonly unknown[] }): boolean =>
  transition.actions.some((a) => a === 'apply' || (typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'apply'));

/** State nodes whose own transitions record each event type (guards aside). */
const nodesByEvent: ReadonlyMap<string, readonly StateValue[]> = (() => {
  const map = new Map<string, StateValue[]>();
  const visit = (node: (typeof journeyMachine)['root']): void => {
    for (const [type, transitions] of node.transitions) {
      if (!transitions.some(recordsEvent)) continue;
      const list = map.get(type) ?? [];
      list.push(pathValue(node.path));
      map.set(type, list);
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(journeyMachine.root);
  return map;
})();

function pathValue(path: readonly string[]): StateValue {
  if (path.length === 0) return {};
  const [head, ...rest] = path as [string, ...string[]];
  return rest.length === 0 ? head : { [head]: pathValue(rest) };
}

/**
 * Event types that every transition of the machine only records (`guard: 'rules'`, `actions: 'apply'`, no target):
 * visits, reviews, plans, supervision. They never move the state, and the machine has no eventless transitions, so
 * replaying one is the rules check plus the context update; replay takes that short cut instead of a full XState
 * macrostep (most of a long stream is such events). The property test compares fold with step-by-step decisions.
 */
export const CONTEXT_ONLY_EVENTS: ReadonlySet<string> = (() => {
  const verdict = new Map<string, boolean>();
  const visit = (node: (typeof journeyMachine)['root']): void => {
    for (const [type, transitions] of node.transitions) {
      const recordsOnly = transitions.every(
        (t) => (t.target === undefined || t.target.length === 0) && t.guard === 'rules' && t.actions.length === 1 && recordsEvent(t),
      );
      verdict.set(type, (verdict.get(type) ?? true) && recordsOnly);
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(journeyMachine.root);
  return new Set([...verdict].filter(([, only]) => only).map(([type]) => type));
})();

export function recordOnly(snapshot: JourneySnapshot, event: MachineEvent): JourneySnapshot | null {
  if (!CONTEXT_ONLY_EVENTS.has(event.type) || snapshot.hasTag('transient') || !stageKnows(snapshot, event.type)) return null;
  if (firstViolation(snapshot.context, event) !== null) return null;
  // A machine snapshot is a plain object: same state nodes, value and tags, with the recorded context.
  return { ...snapshot, context: evolveContext(snapshot.context, event) };
}

/** Does the journey's current stage know this kind of event at all (guards aside)? */
export function stageKnows(snapshot: JourneySnapshot, type: MachineEventType): boolean {
  return (nodesByEvent.get(type) ?? []).some((v) => (typeof v === 'object' && Object.keys(v).length === 0) || snapshot.matches(v as never));
}

/** Why the machine will not take this event here, or null when it will. */
export function explainRejection(snapshot: JourneySnapshot, event: MachineEvent): Rejection | null {
  if (snapshot.can(event)) return null;
  if (!stageKnows(snapshot, event.type)) return { code: 'ILLEGAL_TRANSITION', reason: explainIllegal(event.type, stageView(snapshot.value)) };
  return firstViolation(snapshot.context, event) ?? { code: 'ILLEGAL_TRANSITION', reason: explainIllegal(event.type, stageView(snapshot.value)) };
}

/** Takes one event: the next snapshot, or the reason it was not taken. */
export function step(snapshot: JourneySnapshot, event: MachineEvent): { snapshot: JourneySnapshot; rejection: Rejection | null } {
  if (event.machineVersion > MACHINE_VERSION)
    return { snapshot, rejection: { code: 'ILLEGAL_TRANSITION', reason: `The event was recorded by a newer journey (version ${event.machineVersion})` } };
  const rejection = explainRejection(snapshot, event);
  if (rejection) return { snapshot, rejection };
  return { snapshot: pureTransition(snapshot, event), rejection: null };
}

/**
 * The history with corrections applied: voided events removed, corrected events' data (and effective date, when
 * corrected) replaced in place. Correction events themselves are not replayed.
 */
export function effectiveEvents(events: readonly JourneyEvent[]): { events: MachineEvent[]; issues: ReplayIssue[] } {
  const voided = new Set<string>();
  const corrections = new Map<string, JourneyEventOf<'EventCorrected'>[]>();
  for (const e of events) {
    if (e.type === 'EventVoided') voided.add(e.data.eventId);
    if (e.type === 'EventCorrected') corrections.set(e.data.eventId, [...(corrections.get(e.data.eventId) ?? []), e]);
  }
  const issues: ReplayIssue[] = [];
  const result: MachineEvent[] = [];
  for (const e of events) {
    if (isCorrectionEvent(e) || voided.has(e.id)) continue;
    let current: MachineEvent = e;
    for (const c of corrections.get(e.id) ?? []) {
      if (c.data.eventType !== e.type) {
        issues.push({ eventId: c.id, type: c.type, code: 'RULE_BROKEN', reason: 'The correction names a different event type' });
        continue;
      }
      current = { ...current, data: c.data.data, occurredAt: c.data.occurredAt ?? current.occurredAt } as MachineEvent;
    }
    result.push(current);
  }
  return { events: result, issues };
}

function replay(snapshot: JourneySnapshot, events: readonly MachineEvent[], issues: ReplayIssue[]): JourneySnapshot {
  let current = snapshot;
  for (const event of events) {
    const invalid = validateEventData(event.type, event.data);
    if (invalid) {
      issues.push({ eventId: event.id, type: event.type, ...invalid });
      continue;
    }
    // Recorded events were accepted when written: try the transition first and explain only when it is not taken,
    // which halves the cost of a replay (the `can` pre-check evaluates the same transitions again).
    const next = event.machineVersion <= MACHINE_VERSION ? (recordOnly(current, event) ?? pureTransition(current, event)) : current;
    if (next === current) {
      const rejection = step(current, event).rejection ?? { code: 'ILLEGAL_TRANSITION' as const, reason: 'The journey did not take this event' };
      issues.push({ eventId: event.id, type: event.type, ...rejection });
      continue;
    }
    current = next;
  }
  return current;
}

const stateOf = (events: readonly JourneyEvent[], snapshot: JourneySnapshot, issues: readonly ReplayIssue[]): JourneyState => ({
  events,
  value: snapshot.value,
  context: snapshot.context,
  issues,
  snapshot,
});

/** The journey after these events (upcast first when read from the store). */
export function fold(events: readonly JourneyEvent[]): JourneyState {
  const effective = effectiveEvents(events);
  const issues = [...effective.issues];
  const snapshot = replay(initialSnapshot(), effective.events, issues);
  return stateOf(events, snapshot, issues);
}

/** The journey after more events: step by step, or a whole refold when a correction or void changes the past. */
export function evolve(state: JourneyState, newEvents: readonly JourneyEvent[]): JourneyState {
  const events = [...state.events, ...newEvents];
  if (newEvents.some(isCorrectionEvent)) return fold(events);
  const issues = [...state.issues];
  const snapshot = replay(state.snapshot, newEvents as readonly MachineEvent[], issues);
  return stateOf(events, snapshot, issues);
}

/**
 * The journey after events (no corrections or voids) already stepped to `snapshot`: `decide` steps them to check
 * them, so it hands back the state `evolve` would reach without stepping the machine a second time.
 */
export function journeyAfter(state: JourneyState, newEvents: readonly MachineEvent[], snapshot: JourneySnapshot): JourneyState {
  return stateOf([...state.events, ...newEvents], snapshot, state.issues);
}

export const emptyJourney = (): JourneyState => fold([]);
