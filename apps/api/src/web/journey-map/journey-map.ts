import type { StateValue } from 'xstate';
import { journeyMachine } from '@cje/journey';
import { activeStateIds, currentLeafStates, journeyGraph, type JourneyGraph } from './journey-graph.js';
import { layoutJourney, type JourneyMapLayout } from './journey-layout.js';
import { journeyOutline, type OutlineItem } from './journey-outline.js';
import { renderJourneySvg } from './journey-svg.js';

export interface JourneyMapView {
  readonly svg: string;
  readonly outline: OutlineItem;
  /** The current states in words (empty for the map alone). */
  readonly current: readonly { readonly id: string; readonly label: string; readonly within: string }[];
  readonly stateCount: number;
  readonly transitionCount: number;
}

let cached: { graph: JourneyGraph; layout: JourneyMapLayout } | undefined;

/** The machine does not change while the service runs: its graph and layout are worked out once. */
function journeyMachineMap(): { graph: JourneyGraph; layout: JourneyMapLayout } {
  if (!cached) {
    const graph = journeyGraph(journeyMachine.root);
    cached = { graph, layout: layoutJourney(graph) };
  }
  return cached;
}

const DESCRIPTION =
  'The states of a child’s journey through children’s social care and the events that move between them: the front door (contacts and MASH decisions), the episode of need (referral, allocation, assessment, child protection, plans, care, permanence, care proceedings, closure) and leaving care. The same content is given as a list below the picture.';

/** The journey machine's map; with a state value, the child's current states are highlighted and listed. */
export function journeyMapView(value?: StateValue): JourneyMapView {
  const { graph, layout } = journeyMachineMap();
  const active = value === undefined ? new Set<string>() : activeStateIds(graph, value);
  const current = value === undefined ? [] : currentLeafStates(graph, active);
  const title = value === undefined ? 'Map of the child’s journey' : `Map of the child’s journey, with the current states marked: ${current.map((c) => c.label).join('; ')}`;
  return {
    svg: renderJourneySvg(layout, { title, description: DESCRIPTION, active }),
    outline: journeyOutline(graph, active),
    current,
    stateCount: graph.states.length,
    transitionCount: graph.transitions.length,
  };
}
