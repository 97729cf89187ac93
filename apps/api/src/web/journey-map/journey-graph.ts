import type { StateValue } from 'xstate';
import { ALWAYS_CHECKED_GUARD, eventLabel, guardLabel, stateLabel } from './journey-labels.js';

/** What the map reads from a state node of an XState machine (XState's own StateNode has this shape). */
export interface MachineStateNode {
  readonly id: string;
  readonly key: string;
  readonly path: readonly string[];
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly description?: string;
  readonly tags: readonly string[];
  readonly states: Readonly<Record<string, MachineStateNode>>;
  readonly transitions: ReadonlyMap<string, readonly MachineTransition[]>;
}

export interface MachineTransition {
  readonly eventType: string;
  readonly target?: readonly { readonly id: string }[] | undefined;
  readonly guard?: unknown;
}

export type StateKind = MachineStateNode['type'];

/** One state of the machine, as the map shows it. */
export interface JourneyMapState {
  /** The machine's own id of the state node (e.g. `journey.frontDoor.screening`). */
  readonly id: string;
  /** Keys from the root down; empty for the root. */
  readonly path: readonly string[];
  readonly key: string;
  readonly label: string;
  readonly description: string | null;
  readonly kind: StateKind;
  /** Tagged `transient`: passed through between two events of one command, never rested in. */
  readonly transient: boolean;
  readonly parentId: string | null;
  /**
   * A region of a parallel state: active whenever its parent is, side by side with the other regions. Otherwise the
   * state is one of its parent's alternatives (exactly one of them is active at a time).
   */
  readonly region: boolean;
  readonly children: readonly JourneyMapState[];
}

/** One transition as the machine defines it: on `event`, from `sourceId` to the targets (none: it stays). */
export interface JourneyMapTransition {
  /** `<source id>/<event>/<index among the source's transitions on that event>`: stable and unique. */
  readonly id: string;
  readonly sourceId: string;
  /** Empty when the state takes the event and stays where it is. */
  readonly targetIds: readonly string[];
  readonly event: string;
  readonly eventLabel: string;
  /** Which case of the event this is, when a guard chooses between targets (e.g. "s47 enquiry decided"). */
  readonly condition: string | null;
}

export interface JourneyGraph {
  readonly root: JourneyMapState;
  /** Every state, parents before children, in the machine's own order. */
  readonly states: readonly JourneyMapState[];
  readonly byId: ReadonlyMap<string, JourneyMapState>;
  readonly transitions: readonly JourneyMapTransition[];
}

export function transitionId(sourceId: string, event: string, index: number): string {
  return `${sourceId}/${event}/${index}`;
}

/** The named guards of a transition: a string, or XState's and()/or() with their `guards`; stateIn() is left out. */
function guardNames(guard: unknown): string[] {
  if (typeof guard === 'string') return guard === ALWAYS_CHECKED_GUARD ? [] : [guard];
  if (typeof guard === 'function' || (typeof guard === 'object' && guard !== null)) {
    const nested = (guard as { guards?: unknown }).guards;
    if (Array.isArray(nested)) return nested.flatMap(guardNames);
    const type = (guard as { type?: unknown }).type;
    if (typeof type === 'string') return guardNames(type);
  }
  return [];
}

function conditionOf(list: readonly MachineTransition[], index: number): string | null {
  const names = guardNames(list[index]?.guard);
  if (names.length > 0) return names.map(guardLabel).join(', ');
  // The last, unguarded case of an event whose earlier cases are guarded.
  return index > 0 && list.slice(0, index).some((t) => guardNames(t.guard).length > 0) ? 'otherwise' : null;
}

/** The machine's states and transitions, read from its definition: nothing here names a particular state. */
export function journeyGraph(root: MachineStateNode): JourneyGraph {
  const states: JourneyMapState[] = [];
  const transitions: JourneyMapTransition[] = [];
  const build = (node: MachineStateNode, parent: MachineStateNode | null): JourneyMapState => {
    const children: JourneyMapState[] = [];
    const state: JourneyMapState = {
      id: node.id,
      path: [...node.path],
      key: node.key,
      label: stateLabel(node.path),
      description: node.description ?? null,
      kind: node.type,
      transient: node.tags.includes('transient'),
      parentId: parent?.id ?? null,
      region: parent?.type === 'parallel',
      children,
    };
    states.push(state);
    for (const [event, list] of node.transitions) {
      list.forEach((t, index) => {
        transitions.push({
          id: transitionId(node.id, event, index),
          sourceId: node.id,
          targetIds: (t.target ?? []).map((x) => x.id),
          event,
          eventLabel: eventLabel(event),
          condition: conditionOf(list, index),
        });
      });
    }
    for (const child of Object.values(node.states)) children.push(build(child, node));
    return state;
  };
  const built = build(root, null);
  return { root: built, states, byId: new Map(states.map((s) => [s.id, s])), transitions };
}

/** The states active in a machine state value: the root, every region, and the chosen alternative at each level. */
export function activeStateIds(graph: JourneyGraph, value: StateValue): Set<string> {
  const active = new Set<string>();
  const visit = (state: JourneyMapState, v: StateValue | undefined): void => {
    active.add(state.id);
    if (state.kind === 'parallel') {
      for (const region of state.children) visit(region, typeof v === 'object' ? v[region.key] : undefined);
      return;
    }
    if (typeof v === 'string') {
      const chosen = state.children.find((c) => c.key === v);
      if (chosen) visit(chosen, undefined);
    } else if (v !== undefined) {
      for (const [key, sub] of Object.entries(v)) {
        const chosen = state.children.find((c) => c.key === key);
        if (chosen) visit(chosen, sub);
      }
    }
  };
  visit(graph.root, value);
  return active;
}

/** A state shown as "current": active, and one of its parent's alternatives (regions are always active with their parent). */
export function isShownCurrent(state: JourneyMapState, active: ReadonlySet<string>): boolean {
  return active.has(state.id) && state.parentId !== null && !state.region;
}

/** The active states with nothing active inside them, with the region or state they belong to, for a text list. */
export function currentLeafStates(graph: JourneyGraph, active: ReadonlySet<string>): { readonly id: string; readonly label: string; readonly within: string }[] {
  return graph.states
    .filter((s) => active.has(s.id) && !s.children.some((c) => active.has(c.id)) && s.parentId !== null)
    .map((s) => ({ id: s.id, label: s.label, within: graph.byId.get(s.parentId ?? '')?.label ?? '' }));
}
