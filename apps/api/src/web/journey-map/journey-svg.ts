import { isShownCurrent, type JourneyMapState } from './journey-graph.js';
import { METRICS, type JourneyMapLayout, type PlacedState } from './journey-layout.js';

/** GOV.UK colours, as SVG presentation attributes (the CSP allows no inline styles). */
const COLOUR = {
  text: '#0b0c0c',
  secondaryText: '#484949',
  border: '#0b0c0c',
  regionFill: '#f3f2f1',
  regionBorder: '#b1b4b6',
  stateFill: '#ffffff',
  containerFill: '#fafafa',
  arrow: '#484949',
  currentFill: '#d2e2f1',
  currentBorder: '#0b0c0c',
} as const;

export const CURRENT_MARKER = 'Current';

export interface JourneySvgOptions {
  readonly title: string;
  readonly description: string;
  /** Ids of the active states (see activeStateIds); none: the map alone. */
  readonly active?: ReadonlySet<string>;
  /** Prefix for the ids inside the SVG (title, description, arrowhead). */
  readonly idPrefix?: string;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const attr = (value: string | number): string => `"${escapeXml(String(value))}"`;

function stateClasses(state: JourneyMapState, container: boolean, current: boolean): string {
  return [
    'app-journey-map__state',
    container ? (state.region ? 'app-journey-map__state--region' : 'app-journey-map__state--container') : 'app-journey-map__state--leaf',
    state.transient ? 'app-journey-map__state--transient' : '',
    current ? 'app-journey-map__state--current' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function drawState(placed: PlacedState, current: boolean): string {
  const { state, box, container } = placed;
  // A current container keeps its own fill: tinting everything inside it would hide which of its states are current.
  const fill = container ? (state.region ? COLOUR.regionFill : COLOUR.containerFill) : current ? COLOUR.currentFill : COLOUR.stateFill;
  const stroke = current ? COLOUR.currentBorder : container && state.region ? COLOUR.regionBorder : COLOUR.border;
  const strokeWidth = current ? 4 : container ? 1 : 1.5;
  const parts: string[] = [
    `<g class=${attr(stateClasses(state, container, current))} data-state=${attr(state.id)}${current ? ' data-current="true"' : ''}>`,
    `<rect x=${attr(box.x)} y=${attr(box.y)} width=${attr(box.width)} height=${attr(box.height)} rx="4" fill=${attr(fill)} stroke=${attr(stroke)} stroke-width=${attr(strokeWidth)}${
      state.transient ? ' stroke-dasharray="6 4"' : ''
    }/>`,
  ];
  const titleSize = container ? METRICS.titleFont : METRICS.stateFont;
  for (const line of placed.title) {
    parts.push(`<text x=${attr(line.x)} y=${attr(line.y)} font-size=${attr(titleSize)} font-weight="bold" fill=${attr(COLOUR.text)}>${escapeXml(line.text)}</text>`);
  }
  if (placed.note) {
    parts.push(`<text x=${attr(placed.note.x)} y=${attr(placed.note.y)} font-size=${attr(METRICS.smallFont)} fill=${attr(COLOUR.secondaryText)}>${escapeXml(placed.note.text)}</text>`);
  }
  for (const line of placed.selfLines) {
    parts.push(
      `<text x=${attr(line.x)} y=${attr(line.y)} font-size=${attr(METRICS.smallFont)} fill=${attr(COLOUR.secondaryText)}${
        line.first ? ` data-transitions=${attr(line.transitionIds.join(' '))}` : ''
      }>${escapeXml(line.text)}</text>`,
    );
  }
  if (state.transient && !container) {
    const y = placed.marker.y;
    parts.push(`<text x=${attr(box.x + box.width - METRICS.pad)} y=${attr(y)} text-anchor="end" font-size=${attr(METRICS.smallFont)} font-style="italic" fill=${attr(COLOUR.secondaryText)}>passed through</text>`);
  }
  if (current) {
    const m = placed.marker;
    parts.push(
      `<text class="app-journey-map__marker" x=${attr(m.x)} y=${attr(m.y)} text-anchor=${attr(m.anchor)} font-size=${attr(METRICS.smallFont + 1)} font-weight="bold" fill=${attr(COLOUR.text)}>● ${CURRENT_MARKER}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/**
 * The journey map as an SVG document fragment: an image with a title and description (screen readers read those;
 * the page gives the full text alternative), states as boxes, transitions as labelled arrows. Current states have a
 * thick outline, a tinted fill and the word "Current", so colour is never the only sign.
 */
export function renderJourneySvg(layout: JourneyMapLayout, options: JourneySvgOptions): string {
  const p = options.idPrefix ?? 'journey-map';
  const active = options.active ?? new Set<string>();
  const arrow = `${p}-arrow`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-journey-map__svg" role="img" aria-labelledby=${attr(`${p}-title ${p}-desc`)} viewBox=${attr(
      `0 0 ${layout.width} ${layout.height}`,
    )} width=${attr(layout.width)} height=${attr(layout.height)} font-family="Arial, sans-serif">`,
    `<title id=${attr(`${p}-title`)}>${escapeXml(options.title)}</title>`,
    `<desc id=${attr(`${p}-desc`)}>${escapeXml(options.description)}</desc>`,
    `<defs><marker id=${attr(arrow)} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill=${attr(
      COLOUR.arrow,
    )}/></marker></defs>`,
    `<rect x="0" y="0" width=${attr(layout.width)} height=${attr(layout.height)} fill="#ffffff"/>`,
    '<g class="app-journey-map__states">',
  ];
  for (const placed of layout.states) out.push(drawState(placed, isShownCurrent(placed.state, active)));
  out.push('</g>', '<g class="app-journey-map__transitions">');
  for (const edge of layout.edges) {
    out.push(
      `<g class="app-journey-map__transition" data-edge=${attr(edge.id)} data-transitions=${attr(edge.transitionIds.join(' '))}>`,
      `<path d=${attr(edge.path)} fill="none" stroke=${attr(COLOUR.arrow)} stroke-width="1.5" marker-end=${attr(`url(#${arrow})`)}/>`,
      `<rect x=${attr(edge.labelBox.x)} y=${attr(edge.labelBox.y)} width=${attr(edge.labelBox.width)} height=${attr(edge.labelBox.height)} rx="2" fill="#ffffff" fill-opacity="0.92"/>`,
      ...edge.label.map(
        (line) =>
          `<text x=${attr(line.x)} y=${attr(line.y)} text-anchor=${attr(edge.labelAnchor)} font-size=${attr(METRICS.smallFont)} fill=${attr(COLOUR.text)}>${escapeXml(line.text)}</text>`,
      ),
      '</g>',
    );
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
