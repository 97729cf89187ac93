import { createMachine } from 'xstate';
import { fold, journeyMachine, type MachineEvent } from '@cje/journey';
import { activeStateIds, currentLeafStates, journeyGraph, type MachineStateNode } from './journey-graph.js';
import { humanise } from './journey-labels.js';
import { layoutJourney, type Box } from './journey-layout.js';
import { journeyMapView } from './journey-map.js';
import { journeyOutline } from './journey-outline.js';
import { CURRENT_MARKER, renderJourneySvg } from './journey-svg.js';

type AnyNode = (typeof journeyMachine)['root'];

/** Every state node and transition of a machine, read independently of the module under test. */
function machineParts(root: MachineStateNode): { nodes: string[]; transitions: { id: string; source: string; targets: string[] }[] } {
  const nodes: string[] = [];
  const transitions: { id: string; source: string; targets: string[] }[] = [];
  (function visit(node: MachineStateNode) {
    nodes.push(node.id);
    for (const [event, list] of node.transitions) list.forEach((t, i) => transitions.push({ id: `${node.id}/${event}/${i}`, source: node.id, targets: (t.target ?? []).map((x) => x.id) }));
    Object.values(node.states).forEach(visit);
  })(root);
  return { nodes, transitions };
}

const attrValues = (svg: string, name: string): string[] => [...svg.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
const inside = (a: Box, b: Box): boolean => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const on = '2025-01-06';
const ev = (type: string, data: Record<string, unknown>, occurredAt = on): MachineEvent => ({ id: `${type}@${occurredAt}`, type, data, occurredAt, machineVersion: 1 }) as MachineEvent;
const inS47 = [
  ev('ContactReceived', { contactId: 'c1', childId: 'child-1', source: '6', child: { status: 'BORN', dateOfBirth: '2015-03-01' }, concerns: '' }),
  ev('MashDecisionMade', { contactId: 'c1', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }),
  ev('ReferralOpened', { episodeNumber: 1, contactIds: ['c1'], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }),
  ev('StrategyDiscussionHeld', { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergency: false }),
  ev('S47EnquiryStarted', { strategyDiscussionDate: on, icpcTargetDate: '2025-01-27' }),
];

describe('the journey map', () => {
  const root = journeyMachine.root as unknown as MachineStateNode;
  const graph = journeyGraph(root);
  const layout = layoutJourney(graph);
  const svg = renderJourneySvg(layout, { title: 'Map', description: 'All states' });
  const parts = machineParts(root);

  it('draws every state node of the machine, once', () => {
    const drawn = attrValues(svg, 'data-state');
    expect([...drawn].sort()).toEqual([...parts.nodes].sort());
    expect(parts.nodes.length).toBeGreaterThan(50);
  });

  it('gives every transition of the machine an arrow to its target, or a line in its state when it stays', () => {
    const drawn = new Set(attrValues(svg, 'data-transitions').flatMap((ids) => ids.split(' ')));
    expect(parts.transitions.map((t) => t.id).filter((id) => !drawn.has(id))).toEqual([]);
    for (const t of parts.transitions.filter((x) => x.targets.some((target) => target !== x.source))) {
      const edge = layout.edges.find((e) => e.transitionIds.includes(t.id));
      expect({ t: t.id, edge: edge && `${edge.sourceId}->${edge.targetId}` }).toEqual({ t: t.id, edge: `${t.source}->${t.targets[0]}` });
    }
    expect(parts.transitions.length).toBeGreaterThan(75);
  });

  it('labels arrows in words: the event, and which case of it when a guard chooses', () => {
    const edge = layout.edges.find((e) => e.id === 'journey.episode.open.protection.none->journey.episode.open.protection.awaitingS47');
    expect(edge?.label.map((l) => l.text).join(' ')).toBe('Strategy discussion held (s47 enquiry decided)');
    const closure = layout.edges.find((e) => e.id === 'journey.episode.open->journey.episode.none');
    expect(closure?.label.map((l) => l.text).join(' ')).toContain('Case closed');
    expect(svg).toContain('Section 47 enquiry');
    expect(svg).toContain('↻ Core group held');
  });

  it('nests each state inside its parent, and alternatives and regions never overlap', () => {
    const boxes = new Map(layout.states.map((s) => [s.state.id, s.box]));
    for (const state of graph.states) {
      const box = boxes.get(state.id)!;
      if (state.parentId) expect({ id: state.id, inside: inside(box, boxes.get(state.parentId)!) }).toEqual({ id: state.id, inside: true });
      for (let i = 0; i < state.children.length; i += 1)
        for (let j = i + 1; j < state.children.length; j += 1) {
          const [a, b] = [state.children[i]!, state.children[j]!];
          expect({ a: a.id, b: b.id, overlap: overlap(boxes.get(a.id)!, boxes.get(b.id)!) }).toEqual({ a: a.id, b: b.id, overlap: false });
        }
    }
    expect(inside(boxes.get('journey')!, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(true);
  });

  it('keeps arrow labels clear of the state boxes they do not belong to', () => {
    const leaves = layout.states.filter((s) => !s.container);
    const clashes = layout.edges.flatMap((e) => leaves.filter((s) => overlap(e.labelBox, s.box)).map((s) => `${e.id} over ${s.state.id}`));
    expect(clashes).toEqual([]);
  });

  it('lays the statutory journey out in order: front door above the episode, strategy discussion before s47 before ICPC', () => {
    const box = (id: string) => layout.states.find((s) => s.state.id === id)!.box;
    expect(box('journey.frontDoor').y).toBeLessThan(box('journey.episode').y);
    expect(box('journey.episode').y).toBeLessThan(box('journey.careLeaver').y);
    const p = 'journey.episode.open.protection';
    const xs = ['none', 'awaitingS47', 's47Enquiry', 'icpcRequired', 'icpcScheduled', 'planToStart'].map((k) => box(`${p}.${k}`).x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(box('journey.episode.open.assessment').y).toBeLessThan(box('journey.episode.open.protection').y);
  });

  it('is an accessible image: role img, title and description, and no script or style', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="journey-map-title journey-map-desc"/);
    expect(svg).toContain('<title id="journey-map-title">Map</title>');
    expect(svg).toContain('<desc id="journey-map-desc">All states</desc>');
    expect(svg).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('marks the current states with an outline and the word "Current", and lists them in words', () => {
    const state = fold(inS47);
    const active = activeStateIds(graph, state.value);
    const marked = renderJourneySvg(layout, { title: 'Map', description: 'd', active });
    const current = attrValues(marked.replace(/data-state="([^"]*)" data-current="true"/g, 'current="$1"'), 'current');
    expect(current).toContain('journey.episode.open.protection.s47Enquiry');
    expect(current).toContain('journey.episode.open');
    expect(current).not.toContain('journey.episode.none');
    // Regions are active with their parent: they are not what "current" means.
    expect(current).not.toContain('journey.episode.open.protection');
    expect(marked.split(`● ${CURRENT_MARKER}`).length - 1).toBe(current.length);
    expect(marked).toMatch(/data-state="journey.episode.open.protection.s47Enquiry" data-current="true"><rect [^>]*stroke-width="4"/);
    expect(currentLeafStates(graph, active).map((s) => s.label)).toEqual(
      expect.arrayContaining(['No contact waiting', 'Referral open', 'Not allocated', 'No assessment in hand', 'Section 47 enquiry', 'No plan', 'Not looked after']),
    );
    expect(svg).not.toContain(`● ${CURRENT_MARKER}`);
  });

  it('gives a text alternative: every state with where each event leads', () => {
    const outline = journeyOutline(graph, activeStateIds(graph, fold(inS47).value));
    const all: string[] = [];
    (function walk(item: typeof outline) {
      all.push(item.id);
      item.children.forEach(walk);
    })(outline);
    expect(all.sort()).toEqual([...parts.nodes].sort());
    const s47 = outline.children[1]!.children[1]!.children.find((c) => c.id.endsWith('protection'))!.children.find((c) => c.id.endsWith('s47Enquiry'))!;
    expect(s47.current).toBe(true);
    expect(s47.steps).toEqual(
      expect.arrayContaining([
        { event: 'Section 47 enquiry concluded', condition: 'ICPC needed', to: 'ICPC required' },
        { event: 'Section 47 enquiry concluded', condition: 'otherwise', to: 'No child protection enquiry' },
        { event: 'Strategy discussion held', condition: null, to: null },
      ]),
    );
  });

  it('draws a state added to a machine without any change to the map', () => {
    const machine = createMachine({
      id: 'demo',
      type: 'parallel',
      states: {
        work: {
          initial: 'todo',
          states: {
            todo: { on: { START: 'doing' } },
            doing: { on: { FINISH: 'done', PAUSE: 'todo', NOTE: {} } },
            done: { on: { REOPEN: 'todo' } },
            brandNewState: { on: { JUMP: '#demo.other.b' } },
          },
        },
        other: { initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } },
      },
    });
    const g = journeyGraph(machine.root);
    const l = layoutJourney(g);
    const out = renderJourneySvg(l, { title: 't', description: 'd' });
    const p = machineParts(machine.root);
    expect(attrValues(out, 'data-state').sort()).toEqual([...p.nodes].sort());
    const drawn = new Set(attrValues(out, 'data-transitions').flatMap((ids) => ids.split(' ')));
    expect(p.transitions.map((t) => t.id).filter((id) => !drawn.has(id))).toEqual([]);
    expect(out).toContain('>Brand new state<');
    // Between states that are not alternatives of one parent: a curve of its own.
    expect(l.edges.find((e) => e.id === 'demo.work.brandNewState->demo.other.b')?.path).toMatch(/^M[\d.]+ [\d.]+ C/);
  });

  it('turns keys into words, keeping initialisms', () => {
    expect(humanise('awaitingS47')).toBe('Awaiting S47');
    expect(humanise('IcpcHeld')).toBe('ICPC held');
    expect(humanise('CinPlanStarted')).toBe('CIN plan started');
    expect(humanise('MashDecisionMade')).toBe('MASH decision made');
  });

  it('escapes text, and the service view lists the current states', () => {
    const view = journeyMapView(fold(inS47).value);
    expect(view.current.map((c) => c.label)).toContain('Section 47 enquiry');
    expect(view.svg).toContain('data-current="true"');
    expect(journeyMapView().current).toEqual([]);
    expect(renderJourneySvg({ width: 10, height: 10, states: [], edges: [] }, { title: '<b>&', description: '"x"' })).toContain('<title id="journey-map-title">&lt;b&gt;&amp;</title>');
  });

  it('sizes the whole picture to hold everything', () => {
    for (const s of layout.states) expect(s.box.x + s.box.width).toBeLessThanOrEqual(layout.width);
    for (const e of layout.edges) expect(e.labelBox.y).toBeGreaterThanOrEqual(0);
    const typed: AnyNode = journeyMachine.root;
    expect(typed.id).toBe('journey');
  });
});
