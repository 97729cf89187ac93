import type { JourneyGraph, JourneyMapState, JourneyMapTransition } from './journey-graph.js';

/**
 * Lays the journey machine out as nested boxes, from the graph alone (no state is named here):
 * - the alternatives of a state sit left to right in the machine's order (the order of the statutory journey), or top
 *   to bottom when one of them holds states of its own;
 * - the regions of a parallel state (parts of the journey that run side by side) are stacked top to bottom;
 * - a transition between alternatives is an arrow: forwards (left to right) above the row, backwards below it, each at
 *   a height of its own so that arrows do not run over each other; between stacked alternatives, in the gap;
 * - an event a state takes without moving is listed inside its box ("↻ Core group held").
 * Sizes are estimated from the text (Arial); the picture is an SVG with a fixed coordinate space.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A line of text at its baseline. */
export interface PlacedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

export interface PlacedSelfLine extends PlacedText {
  /** The transitions (events taken without moving) this line stands for. */
  readonly transitionIds: readonly string[];
  /** The first line of an entry (wrapped entries continue on lines without the marker). */
  readonly first: boolean;
}

export interface PlacedState {
  readonly state: JourneyMapState;
  readonly box: Box;
  /** Holds other states (drawn as a frame with a title) rather than being a single state. */
  readonly container: boolean;
  readonly title: readonly PlacedText[];
  /** A second heading line of a parallel state: its parts run side by side. */
  readonly note: PlacedText | null;
  readonly selfLines: readonly PlacedSelfLine[];
  /** Where the "current" marker is written when the state is current. */
  readonly marker: PlacedText & { readonly anchor: 'start' | 'end' };
}

export interface PlacedEdge {
  /** `<source id>-><target id>` */
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  /** Every transition of the machine from source to target (several events may share one arrow). */
  readonly transitionIds: readonly string[];
  /** SVG path data, ending at the target (the arrowhead). */
  readonly path: string;
  readonly label: readonly PlacedText[];
  readonly labelAnchor: 'start' | 'middle';
  readonly labelBox: Box;
}

export interface JourneyMapLayout {
  readonly width: number;
  readonly height: number;
  /** Containers before what they contain (drawing order). */
  readonly states: readonly PlacedState[];
  readonly edges: readonly PlacedEdge[];
}

export const METRICS = {
  stateFont: 14,
  stateLine: 17,
  titleFont: 15,
  titleLine: 19,
  smallFont: 12,
  smallLine: 15,
  nodeWidth: 156,
  pad: 8,
  containerPad: 12,
  gapX: 84,
  regionGap: 12,
  markerLine: 16,
  bandMargin: 6,
  arcRadius: 6,
  outer: 8,
  selfColumnWidth: 230,
} as const;

const M = METRICS;

const NARROW = new Set([...'iljtfrI.,:;\'’!|()[] ']);

/** An estimate of the width of Arial text: close enough to wrap lines and size boxes. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.3;
    else if (/[mwMW]/.test(ch)) em += 0.86;
    else if (/[A-Z]/.test(ch)) em += 0.68;
    else if (/[0-9]/.test(ch)) em += 0.56;
    else if (ch === '↻' || ch === '↓' || ch === '↑') em += 1;
    else em += 0.53;
  }
  return em * size * (bold ? 1.08 : 1);
}

/** Greedy word wrap; a word longer than the line keeps a line to itself. */
export function wrap(text: string, maxWidth: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, size, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** How a transition reads on its arrow or in its state's list. */
function transitionText(t: JourneyMapTransition): string {
  return t.condition ? `${t.eventLabel} (${t.condition})` : t.eventLabel;
}

interface EdgeGroup {
  readonly sourceId: string;
  readonly targetId: string;
  readonly transitions: JourneyMapTransition[];
  /** One entry per distinct text. */
  readonly texts: string[];
}

interface SelfEntry {
  readonly text: string;
  readonly transitionIds: string[];
}

function groupTransitions(graph: JourneyGraph): { edges: EdgeGroup[]; self: Map<string, SelfEntry[]> } {
  const edges = new Map<string, EdgeGroup>();
  const self = new Map<string, SelfEntry[]>();
  for (const t of graph.transitions) {
    const targets = t.targetIds.length === 0 ? [t.sourceId] : t.targetIds;
    for (const targetId of targets) {
      if (targetId === t.sourceId) {
        const list = self.get(t.sourceId) ?? [];
        const text = transitionText(t);
        const entry = list.find((e) => e.text === text);
        if (entry) entry.transitionIds.push(t.id);
        else list.push({ text, transitionIds: [t.id] });
        self.set(t.sourceId, list);
        continue;
      }
      const key = `${t.sourceId}->${targetId}`;
      const group = edges.get(key) ?? { sourceId: t.sourceId, targetId, transitions: [], texts: [] };
      group.transitions.push(t);
      const text = transitionText(t);
      if (!group.texts.includes(text)) group.texts.push(text);
      edges.set(key, group);
    }
  }
  return { edges: [...edges.values()], self };
}

type Arrangement = 'leaf' | 'row' | 'column' | 'stack';

interface RowEdge {
  readonly group: EdgeGroup;
  readonly from: number;
  readonly to: number;
  readonly lines: string[];
  level: number;
}

interface ColumnEdge {
  readonly group: EdgeGroup;
  /** The upper of the two adjacent alternatives. */
  readonly gap: number;
  readonly down: boolean;
  readonly lines: string[];
}

interface Measured {
  readonly state: JourneyMapState;
  readonly arrangement: Arrangement;
  readonly children: readonly Measured[];
  readonly width: number;
  readonly height: number;
  readonly headHeight: number;
  readonly titleLines: readonly string[];
  readonly selfEntries: readonly { readonly lines: readonly string[]; readonly transitionIds: readonly string[] }[];
  readonly selfColumns: number;
  readonly contentWidth: number;
  // row
  readonly rowOffsets: readonly number[];
  readonly rowEdges: readonly RowEdge[];
  readonly aboveBands: readonly number[];
  readonly belowBands: readonly number[];
  // column
  readonly columnGaps: readonly number[];
  readonly columnEdges: readonly ColumnEdge[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const bandsTotal = (bands: readonly number[]): number => (bands.length > 0 ? sum(bands) + M.bandMargin : 0);

/** Levels for arcs on one side of a row: shortest first, each at the lowest level where it overlaps no other arc. */
function assignLevels(edges: RowEdge[]): number[] {
  const placed: RowEdge[] = [];
  const sorted = [...edges].sort((a, b) => Math.abs(a.to - a.from) - Math.abs(b.to - b.from) || Math.min(a.from, a.to) - Math.min(b.from, b.to));
  for (const edge of sorted) {
    const lo = Math.min(edge.from, edge.to);
    const hi = Math.max(edge.from, edge.to);
    let level = 0;
    while (placed.some((p) => p.level === level && !(Math.max(p.from, p.to) <= lo || hi <= Math.min(p.from, p.to)))) level += 1;
    edge.level = level;
    placed.push(edge);
  }
  const bands: number[] = [];
  for (const edge of placed) bands[edge.level] = Math.max(bands[edge.level] ?? 0, edge.lines.length * M.smallLine + 10);
  return Array.from(bands, (b) => b ?? 0);
}

function measure(state: JourneyMapState, edges: readonly EdgeGroup[], self: ReadonlyMap<string, SelfEntry[]>): Measured {
  const selfs = self.get(state.id) ?? [];
  const base = { rowOffsets: [], rowEdges: [], aboveBands: [], belowBands: [], columnGaps: [], columnEdges: [] };
  if (state.children.length === 0) {
    const inner = M.nodeWidth - 2 * M.pad;
    const titleLines = wrap(state.label, inner, M.stateFont, true);
    const selfEntries = selfs.map((s) => ({ lines: wrap(`↻ ${s.text}`, inner, M.smallFont), transitionIds: s.transitionIds }));
    const selfHeight = sum(selfEntries.map((s) => s.lines.length)) * M.smallLine + (selfEntries.length > 0 ? 4 : 0);
    return {
      ...base,
      state,
      arrangement: 'leaf',
      children: [],
      width: M.nodeWidth,
      height: M.pad + titleLines.length * M.stateLine + selfHeight + M.markerLine + M.pad,
      headHeight: 0,
      titleLines,
      selfEntries,
      selfColumns: 1,
      contentWidth: inner,
    };
  }

  const children = state.children.map((c) => measure(c, edges, self));
  const index = new Map(children.map((c, i) => [c.state.id, i]));
  const siblingEdges = edges.filter((e) => index.has(e.sourceId) && index.has(e.targetId));
  let arrangement: Arrangement;
  let contentWidth: number;
  let contentHeight: number;
  let rowOffsets: number[] = [];
  let rowEdges: RowEdge[] = [];
  let aboveBands: number[] = [];
  let belowBands: number[] = [];
  let columnGaps: number[] = [];
  let columnEdges: ColumnEdge[] = [];

  if (state.kind === 'parallel') {
    arrangement = 'stack';
    contentWidth = Math.max(...children.map((c) => c.width));
    contentHeight = sum(children.map((c) => c.height)) + M.regionGap * (children.length - 1);
  } else if (children.some((c) => c.children.length > 0)) {
    arrangement = 'column';
    columnEdges = siblingEdges
      .filter((e) => Math.abs((index.get(e.sourceId) ?? 0) - (index.get(e.targetId) ?? 0)) === 1)
      .map((group) => {
        const from = index.get(group.sourceId) ?? 0;
        const to = index.get(group.targetId) ?? 0;
        const arrow = to > from ? '↓' : '↑';
        const lines = group.texts.flatMap((text, i) => wrap(i === 0 ? `${arrow} ${text}` : text, 240, M.smallFont));
        return { group, gap: Math.min(from, to), down: to > from, lines };
      })
      .sort((a, b) => Number(b.down) - Number(a.down));
    columnGaps = children.slice(1).map((_, gap) => {
      const lines = sum(columnEdges.filter((e) => e.gap === gap).map((e) => e.lines.length));
      return Math.max(M.regionGap * 2, lines * M.smallLine + 16);
    });
    const labelExtents = columnEdges.map((e) => {
      const arrows = columnEdges.filter((x) => x.gap === e.gap).length;
      return 20 + 22 * (arrows - 1) + 14 + Math.max(...e.lines.map((l) => textWidth(l, M.smallFont)));
    });
    contentWidth = Math.max(...children.map((c) => c.width), ...labelExtents);
    contentHeight = sum(children.map((c) => c.height)) + sum(columnGaps);
  } else {
    arrangement = 'row';
    let x = 0;
    rowOffsets = children.map((c) => {
      const at = x;
      x += c.width + M.gapX;
      return at;
    });
    contentWidth = x - M.gapX;
    const centre = (i: number): number => (rowOffsets[i] ?? 0) + (children[i]?.width ?? 0) / 2;
    rowEdges = siblingEdges.map((group) => {
      const from = index.get(group.sourceId) ?? 0;
      const to = index.get(group.targetId) ?? 0;
      const span = Math.abs(centre(to) - centre(from));
      const wrapWidth = Math.min(220, Math.max(100, span - 24));
      return { group, from, to, lines: group.texts.flatMap((t) => wrap(t, wrapWidth, M.smallFont)), level: 0 };
    });
    aboveBands = assignLevels(rowEdges.filter((e) => e.from < e.to));
    belowBands = assignLevels(rowEdges.filter((e) => e.from > e.to));
    contentHeight = bandsTotal(aboveBands) + Math.max(...children.map((c) => c.height)) + bandsTotal(belowBands);
  }

  const innerWidth = Math.max(contentWidth, M.nodeWidth);
  const titleLines = wrap(state.label, innerWidth - (state.parentId !== null && !state.region ? 90 : 0), M.titleFont, true);
  const selfColumns = Math.max(1, Math.floor(innerWidth / M.selfColumnWidth));
  const selfEntries = selfs.map((s) => ({ lines: wrap(`↻ ${s.text}`, M.selfColumnWidth - 12, M.smallFont), transitionIds: s.transitionIds }));
  let selfHeight = 0;
  for (let row = 0; row * selfColumns < selfEntries.length; row += 1) {
    selfHeight += Math.max(...selfEntries.slice(row * selfColumns, (row + 1) * selfColumns).map((s) => s.lines.length)) * M.smallLine;
  }
  const noteHeight = state.kind === 'parallel' ? M.smallLine + 2 : 0;
  const headHeight = M.containerPad + titleLines.length * M.titleLine + noteHeight + selfHeight + (selfHeight > 0 ? 6 : 0) + 8;
  return {
    state,
    arrangement,
    children,
    width: innerWidth + 2 * M.containerPad,
    height: headHeight + contentHeight + M.containerPad,
    headHeight,
    titleLines,
    selfEntries,
    selfColumns,
    contentWidth: innerWidth,
    rowOffsets,
    rowEdges,
    aboveBands,
    belowBands,
    columnGaps,
    columnEdges,
  };
}

interface Port {
  readonly edge: RowEdge;
  readonly other: number;
  readonly span: number;
}

/** Ports along one side of each node: ends from the left first (shorter outside), then ends to the right (longer inside). */
function portXs(edges: readonly RowEdge[], boxes: readonly Box[]): Map<RowEdge, { from: number; to: number }> {
  const ports = new Map<RowEdge, { from: number; to: number }>();
  boxes.forEach((box, k) => {
    const here: Port[] = [];
    for (const edge of edges) {
      if (edge.from === k) here.push({ edge, other: edge.to, span: Math.abs(edge.to - edge.from) });
      if (edge.to === k) here.push({ edge, other: edge.from, span: Math.abs(edge.to - edge.from) });
    }
    const left = here.filter((p) => p.other < k).sort((a, b) => a.span - b.span);
    const right = here.filter((p) => p.other > k).sort((a, b) => b.span - a.span);
    const ordered = [...left, ...right];
    ordered.forEach((p, i) => {
      const x = box.x + box.width * (0.15 + (0.7 * (i + 1)) / (ordered.length + 1));
      const entry = ports.get(p.edge) ?? { from: 0, to: 0 };
      if (p.edge.from === k) entry.from = x;
      else entry.to = x;
      ports.set(p.edge, entry);
    });
  });
  return ports;
}

function labelBoxFor(lines: readonly string[], cx: number, cy: number): { box: Box; texts: PlacedText[] } {
  const width = Math.max(...lines.map((l) => textWidth(l, M.smallFont))) + 8;
  const height = lines.length * M.smallLine + 4;
  const top = cy - height / 2;
  return {
    box: { x: round(cx - width / 2), y: round(top), width: round(width), height: round(height) },
    texts: lines.map((text, i) => ({ text, x: round(cx), y: round(top + 2 + (i + 1) * M.smallLine - 3) })),
  };
}

function edgeOf(group: EdgeGroup, path: string, label: { box: Box; texts: PlacedText[] }, anchor: 'start' | 'middle'): PlacedEdge {
  return {
    id: `${group.sourceId}->${group.targetId}`,
    sourceId: group.sourceId,
    targetId: group.targetId,
    transitionIds: group.transitions.map((t) => t.id),
    path,
    label: label.texts,
    labelAnchor: anchor,
    labelBox: label.box,
  };
}

/** An arc above (up = true) or below a row, between two ports, at height y. */
function arcPath(x1: number, y1: number, x2: number, y2: number, y: number, up: boolean): string {
  const r = M.arcRadius;
  const dir = x2 > x1 ? 1 : -1;
  const v = up ? r : -r;
  return [
    `M${round(x1)} ${round(y1)}`,
    `V${round(y + v)}`,
    `Q${round(x1)} ${round(y)} ${round(x1 + dir * r)} ${round(y)}`,
    `H${round(x2 - dir * r)}`,
    `Q${round(x2)} ${round(y)} ${round(x2)} ${round(y + v)}`,
    `V${round(y2)}`,
  ].join(' ');
}

interface Placement {
  readonly states: PlacedState[];
  readonly edges: PlacedEdge[];
  readonly boxes: Map<string, Box>;
}

function place(m: Measured, x: number, y: number, width: number, out: Placement): Box {
  const box: Box = { x, y, width, height: m.height };
  out.boxes.set(m.state.id, box);
  if (m.arrangement === 'leaf') {
    const title = m.titleLines.map((text, i) => ({ text, x: x + M.pad, y: y + M.pad + (i + 1) * M.stateLine - 4 }));
    let lineY = y + M.pad + m.titleLines.length * M.stateLine + 4;
    const selfLines: PlacedSelfLine[] = [];
    for (const entry of m.selfEntries) {
      entry.lines.forEach((text, i) => {
        lineY += M.smallLine;
        selfLines.push({ text, x: x + M.pad, y: lineY - 3, transitionIds: entry.transitionIds, first: i === 0 });
      });
    }
    out.states.push({ state: m.state, box, container: false, title, note: null, selfLines, marker: { text: '', x: x + M.pad, y: y + m.height - M.pad - 3, anchor: 'start' } });
    return box;
  }

  const left = x + M.containerPad;
  const title = m.titleLines.map((text, i) => ({ text, x: left, y: y + M.containerPad + (i + 1) * M.titleLine - 5 }));
  let headY = y + M.containerPad + m.titleLines.length * M.titleLine;
  let note: PlacedText | null = null;
  if (m.state.kind === 'parallel') {
    headY += M.smallLine + 2;
    note = { text: 'These parts run side by side', x: left, y: headY - 4 };
  }
  const selfLines: PlacedSelfLine[] = [];
  for (let row = 0; row * m.selfColumns < m.selfEntries.length; row += 1) {
    const entries = m.selfEntries.slice(row * m.selfColumns, (row + 1) * m.selfColumns);
    entries.forEach((entry, col) => {
      entry.lines.forEach((text, i) => {
        selfLines.push({ text, x: left + col * M.selfColumnWidth, y: headY + (i + 1) * M.smallLine - 3, transitionIds: entry.transitionIds, first: i === 0 });
      });
    });
    headY += Math.max(...entries.map((e) => e.lines.length)) * M.smallLine;
  }
  out.states.push({
    state: m.state,
    box,
    container: true,
    title,
    note,
    selfLines,
    // Beside the title, where the eye is (room for it was kept when the title was wrapped).
    marker: { text: '', x: round(left + textWidth(m.titleLines[0] ?? '', M.titleFont, true) + 14), y: y + M.containerPad + M.titleLine - 5, anchor: 'start' },
  });

  const top = y + m.headHeight;
  const inner = width - 2 * M.containerPad;
  if (m.arrangement === 'stack') {
    let cy = top;
    for (const child of m.children) {
      cy += place(child, left, cy, inner, out).height + M.regionGap;
    }
  } else if (m.arrangement === 'column') {
    let cy = top;
    const boxes = m.children.map((child, i) => {
      const placed = place(child, left, cy, child.width, out);
      cy += placed.height + (m.columnGaps[i] ?? 0);
      return placed;
    });
    for (let gap = 0; gap < boxes.length - 1; gap += 1) {
      const upper = boxes[gap];
      const lower = boxes[gap + 1];
      if (!upper || !lower) continue;
      const inGap = m.columnEdges.filter((e) => e.gap === gap);
      const labelX = left + 20 + 22 * (inGap.length - 1) + 14;
      let lineY = upper.y + upper.height + 8;
      inGap.forEach((edge, i) => {
        const ax = left + 20 + 22 * i;
        const [y1, y2] = edge.down ? [upper.y + upper.height, lower.y] : [lower.y, upper.y + upper.height];
        const texts = edge.lines.map((text) => {
          lineY += M.smallLine;
          return { text, x: round(labelX), y: round(lineY - 3) };
        });
        const labelWidth = Math.max(...edge.lines.map((l) => textWidth(l, M.smallFont))) + 8;
        const labelBox: Box = { x: round(labelX - 4), y: round(lineY - edge.lines.length * M.smallLine - 1), width: round(labelWidth), height: edge.lines.length * M.smallLine + 4 };
        out.edges.push(edgeOf(edge.group, `M${round(ax)} ${round(y1)} V${round(y2)}`, { box: labelBox, texts }, 'start'));
      });
    }
  } else {
    const rowTop = top + bandsTotal(m.aboveBands);
    const boxes = m.children.map((child, i) => place(child, left + (m.rowOffsets[i] ?? 0), rowTop, child.width, out));
    const rowBottom = Math.max(...boxes.map((b) => b.y + b.height));
    const above = m.rowEdges.filter((e) => e.from < e.to);
    const below = m.rowEdges.filter((e) => e.from > e.to);
    const topPorts = portXs(above, boxes);
    const bottomPorts = portXs(below, boxes);
    const bandCentre = (bands: readonly number[], level: number): number => sum(bands.slice(0, level)) + (bands[level] ?? 0) / 2;
    for (const edge of above) {
      const p = topPorts.get(edge);
      if (!p) continue;
      const ly = rowTop - M.bandMargin - bandCentre(m.aboveBands, edge.level);
      out.edges.push(edgeOf(edge.group, arcPath(p.from, rowTop, p.to, rowTop, ly, true), labelBoxFor(edge.lines, (p.from + p.to) / 2, ly), 'middle'));
    }
    for (const edge of below) {
      const p = bottomPorts.get(edge);
      const from = boxes[edge.from];
      const to = boxes[edge.to];
      if (!p || !from || !to) continue;
      const ly = rowBottom + M.bandMargin + bandCentre(m.belowBands, edge.level);
      out.edges.push(edgeOf(edge.group, arcPath(p.from, from.y + from.height, p.to, to.y + to.height, ly, false), labelBoxFor(edge.lines, (p.from + p.to) / 2, ly), 'middle'));
    }
  }
  return box;
}

/** A transition the arrangement does not route (between states that are not alternatives of one parent): a curve. */
function looseEdge(group: EdgeGroup, boxes: ReadonlyMap<string, Box>): PlacedEdge | null {
  const s = boxes.get(group.sourceId);
  const t = boxes.get(group.targetId);
  if (!s || !t) return null;
  const rightwards = t.x >= s.x + s.width / 2;
  const x1 = rightwards ? s.x + s.width : s.x;
  const x2 = rightwards ? t.x : t.x + t.width;
  const y1 = s.y + Math.min(24, s.height / 2);
  const y2 = t.y + Math.min(24, t.height / 2);
  const bend = (rightwards ? 1 : -1) * 60;
  const path = `M${round(x1)} ${round(y1)} C${round(x1 + bend)} ${round(y1)} ${round(x2 - bend)} ${round(y2)} ${round(x2)} ${round(y2)}`;
  const lines = group.texts.flatMap((text) => wrap(text, 200, M.smallFont));
  return edgeOf(group, path, labelBoxFor(lines, (x1 + x2) / 2, (y1 + y2) / 2), 'middle');
}

/** The whole picture: every state of the graph placed, every transition drawn as an arrow or listed in its state. */
export function layoutJourney(graph: JourneyGraph): JourneyMapLayout {
  const { edges, self } = groupTransitions(graph);
  const root = measure(graph.root, edges, self);
  const out: Placement = { states: [], edges: [], boxes: new Map() };
  place(root, M.outer, M.outer, root.width, out);
  const routed = new Set(out.edges.map((e) => e.id));
  for (const group of edges) {
    if (routed.has(`${group.sourceId}->${group.targetId}`)) continue;
    const edge = looseEdge(group, out.boxes);
    if (edge) out.edges.push(edge);
  }
  return { width: round(root.width + 2 * M.outer), height: round(root.height + 2 * M.outer), states: out.states, edges: out.edges };
}
