import { isShownCurrent, type JourneyGraph, type JourneyMapState } from './journey-graph.js';

export interface OutlineStep {
  readonly event: string;
  readonly condition: string | null;
  /** Where the event leads; null when the state takes it and stays. */
  readonly to: string | null;
}

/** The text alternative of the map: every state, what it holds, and where each event takes it. */
export interface OutlineItem {
  readonly id: string;
  readonly label: string;
  readonly description: string | null;
  readonly current: boolean;
  /** Holds parts that run side by side (a parallel state). */
  readonly parallel: boolean;
  readonly transient: boolean;
  readonly steps: readonly OutlineStep[];
  readonly children: readonly OutlineItem[];
}

export function journeyOutline(graph: JourneyGraph, active: ReadonlySet<string> = new Set()): OutlineItem {
  const stepsOf = (state: JourneyMapState): OutlineStep[] =>
    graph.transitions
      .filter((t) => t.sourceId === state.id)
      .flatMap((t): OutlineStep[] => {
        const targets = t.targetIds.filter((id) => id !== state.id);
        if (targets.length === 0) return [{ event: t.eventLabel, condition: t.condition, to: null }];
        return targets.map((id) => ({ event: t.eventLabel, condition: t.condition, to: graph.byId.get(id)?.label ?? id }));
      });
  const item = (state: JourneyMapState): OutlineItem => ({
    id: state.id,
    label: state.label,
    description: state.description,
    current: isShownCurrent(state, active),
    parallel: state.kind === 'parallel',
    transient: state.transient,
    steps: stepsOf(state),
    children: state.children.map(item),
  });
  return item(graph.root);
}
