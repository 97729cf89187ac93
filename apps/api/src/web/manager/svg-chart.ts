/**
 * Charts drawn on the server as SVG: one bar per month against a dashed target line. Pure functions, no DOM and no
 * script (the CSP allows none inline): the geometry is computed here and written out with presentation attributes,
 * which the CSP permits. Every chart carries `role="img"` with a title and a description; the page puts the same
 * figures in a table beside it, so nothing is conveyed by the picture alone.
 */

export interface ChartPoint {
  /** Lines of the label under the bar (e.g. ['Apr', '2024']). */
  readonly axisLabel: readonly string[];
  /** Null where there is nothing to show (no cases to count, or a month not reached yet): drawn as a gap. */
  readonly value: number | null;
}

export interface ChartTarget {
  readonly value: number;
  /** Written on the line, e.g. "Target 85.7%". */
  readonly label: string;
}

export interface BarChartSpec {
  /** Unique on the page: the title and description are referenced by id. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly points: readonly ChartPoint[];
  /** How a value is written on the bars and the axis, e.g. 85.7 → "85.7%". */
  readonly format: (value: number) => string;
  readonly target?: ChartTarget;
  /** The axis reaches at least this far (100 for percentages, so months compare honestly); default 0. */
  readonly axisAtLeast?: number;
  readonly width?: number;
  readonly height?: number;
}

export interface AxisTick {
  readonly value: number;
  readonly y: number;
  readonly label: string;
}

export interface Bar {
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly valueLabel: string;
  /** Baseline of the value: inside the top of a bar tall enough to hold it (white on blue), else just above it. */
  readonly labelY: number;
  readonly labelInside: boolean;
}

export interface Gap {
  readonly index: number;
  /** Centre of the band left empty. */
  readonly x: number;
}

export interface AxisLabel {
  readonly x: number;
  readonly lines: readonly string[];
}

export interface BarChartModel {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** The top of the value axis. */
  readonly axisMax: number;
  readonly ticks: readonly AxisTick[];
  readonly bars: readonly Bar[];
  readonly gaps: readonly Gap[];
  readonly axisLabels: readonly AxisLabel[];
  /** The target line across the plot, and its key under the month labels (so bars never hide its label). */
  readonly target?: { readonly y: number; readonly label: string; readonly keyY: number };
}

const DEFAULT_WIDTH = 880;
const DEFAULT_HEIGHT = 340;
/** The bottom margin holds the month labels (two lines) and, under them, the target's key. */
const MARGIN = { left: 60, top: 28, right: 16, bottom: 80 } as const;
/** A bar at least this tall carries its value inside its top, where the target line (drawn behind) cannot cross it. */
const LABEL_INSIDE_MIN_HEIGHT = 22;
/** Half the height of a 12-unit label: nearer the target line than this, a label above a bar moves above the line. */
const LABEL_CLEARANCE = 9;
/** A bar fills this share of its month's band, up to MAX_BAR_WIDTH. */
const BAR_SHARE = 0.7;
const MAX_BAR_WIDTH = 56;

/** Removes binary floating-point noise (0.1 + 0.2) from tick values. */
const tidy = (value: number): number => Number(value.toPrecision(12));

/** A round step near `raw`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) throw new RangeError(`A tick step must be a positive number, not ${raw}.`);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return tidy(nice * power);
}

/**
 * Ticks from 0 to the first round value at or above `max`, about `count` of them. A max of 0 (nothing but zeros
 * and gaps) still gets an axis from 0 to 1, so a row of zero bars has somewhere to sit.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max < 0) throw new RangeError(`The top of an axis must be a number of at least 0, not ${max}.`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`An axis needs at least one tick, not ${count}.`);
  const top = max === 0 ? 1 : max;
  const step = niceStep(top / count);
  const steps = Math.ceil(tidy(top / step));
  return Array.from({ length: steps + 1 }, (_, i) => tidy(i * step));
}

/** A linear map from [0, domainMax] onto [bottom, top] (SVG's y grows downwards). */
export function linearScale(domainMax: number, bottom: number, top: number): (value: number) => number {
  if (!(domainMax > 0)) throw new RangeError(`A scale needs a domain above 0, not ${domainMax}.`);
  return (value) => tidy(bottom - (value / domainMax) * (bottom - top));
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parseMonth(key: string): { year: number; month: number } {
  const m = MONTH_KEY.exec(key);
  if (!m) throw new RangeError(`A month must be written YYYY-MM, not '${key}'.`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** Every month from the one containing `start` to the one containing `end` (YYYY-MM-DD days), as YYYY-MM. */
export function monthsBetween(start: string, end: string): string[] {
  const from = parseMonth(start.slice(0, 7));
  const to = parseMonth(end.slice(0, 7));
  const months: string[] = [];
  let { year, month } = from;
  while (year < to.year || (year === to.year && month <= to.month)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** `2025-01` → `January 2025`. */
export function monthName(key: string): string {
  const { year, month } = parseMonth(key);
  return `${LONG_MONTHS[month - 1]} ${year}`;
}

/** Labels for a month axis: the short month, with the year under the first month and under each January. */
export function monthAxisLabels(months: readonly string[]): string[][] {
  return months.map((key, i) => {
    const { year, month } = parseMonth(key);
    const name = SHORT_MONTHS[month - 1] ?? key;
    return i === 0 || month === 1 ? [name, String(year)] : [name];
  });
}

/** The geometry of a bar chart: the axis, a bar per point with a value, a gap per point without, the target line. */
export function buildBarChart(spec: BarChartSpec): BarChartModel {
  if (spec.points.length === 0) throw new RangeError(`Chart '${spec.id}' needs at least one point.`);
  for (const point of spec.points) {
    if (point.value !== null && (!Number.isFinite(point.value) || point.value < 0)) {
      throw new RangeError(`Chart '${spec.id}' can only draw numbers of 0 or more, not ${point.value}.`);
    }
  }
  if (spec.target && (!Number.isFinite(spec.target.value) || spec.target.value < 0)) {
    throw new RangeError(`Chart '${spec.id}' has a target that is not a number of 0 or more (${spec.target.value}).`);
  }
  const width = spec.width ?? DEFAULT_WIDTH;
  const height = spec.height ?? DEFAULT_HEIGHT;
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const values = spec.points.map((p) => p.value).filter((v): v is number => v !== null);
  const ticks = niceTicks(Math.max(spec.axisAtLeast ?? 0, spec.target?.value ?? 0, ...values));
  const axisMax = ticks[ticks.length - 1] ?? 1;
  const y = linearScale(axisMax, plot.bottom, plot.top);
  const band = (plot.right - plot.left) / spec.points.length;
  const barWidth = tidy(Math.min(MAX_BAR_WIDTH, band * BAR_SHARE));
  const centre = (i: number): number => tidy(plot.left + band * i + band / 2);
  const targetY = spec.target ? y(spec.target.value) : undefined;
  /** Baseline for a value written above a bar whose top is at `top`, kept clear of the target line. */
  const above = (top: number): number => {
    const baseline = tidy(top - 6);
    if (targetY === undefined || Math.abs(baseline - 4 - targetY) >= LABEL_CLEARANCE) return baseline;
    return tidy(Math.min(baseline, targetY - 6));
  };
  const bars: Bar[] = [];
  const gaps: Gap[] = [];
  spec.points.forEach((point, index) => {
    if (point.value === null) {
      gaps.push({ index, x: centre(index) });
      return;
    }
    const top = y(point.value);
    const inside = plot.bottom - top >= LABEL_INSIDE_MIN_HEIGHT;
    bars.push({
      index,
      x: tidy(centre(index) - barWidth / 2),
      y: top,
      width: barWidth,
      height: tidy(plot.bottom - top),
      valueLabel: spec.format(point.value),
      labelY: inside ? tidy(top + 16) : above(top),
      labelInside: inside,
    });
  });
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    width,
    height,
    plot,
    axisMax,
    ticks: ticks.map((value) => ({ value, y: y(value), label: spec.format(value) })),
    bars,
    gaps,
    axisLabels: spec.points.map((point, i) => ({ x: centre(i), lines: point.axisLabel })),
    ...(spec.target ? { target: { y: y(spec.target.value), label: spec.target.label, keyY: plot.bottom + 64 } } : {}),
  };
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

const INK = '#0b0c0c';
const BAR = '#1d70b8';
const GRID = '#b1b4b6';
const ID_SAFE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The chart as SVG markup: `role="img"` named by its title and described by its description. Colours are GOV.UK's
 * text, blue and mid-grey; the target is told apart from the grid by its dashes and its label, not by colour.
 */
export function renderBarChartSvg(model: BarChartModel): string {
  if (!ID_SAFE.test(model.id)) throw new RangeError(`A chart id must be letters, digits, - or _ (starting with a letter), not '${model.id}'.`);
  const { plot } = model;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${model.width} ${model.height}" width="${model.width}" height="${model.height}" role="img" aria-labelledby="${model.id}-title ${model.id}-desc" focusable="false">`,
    `<title id="${model.id}-title">${escapeXml(model.title)}</title>`,
    `<desc id="${model.id}-desc">${escapeXml(model.description)}</desc>`,
    `<g font-family="arial, sans-serif" font-size="14" fill="${INK}">`,
  );
  for (const tick of model.ticks) {
    out.push(
      `<line x1="${plot.left}" y1="${tick.y}" x2="${plot.right}" y2="${tick.y}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${plot.left - 8}" y="${tidy(tick.y + 5)}" text-anchor="end">${escapeXml(tick.label)}</text>`,
    );
  }
  // The target line goes behind the bars, so it never crosses the values written inside them.
  if (model.target) {
    out.push(
      `<line x1="${plot.left}" y1="${model.target.y}" x2="${plot.right}" y2="${model.target.y}" stroke="${INK}" stroke-width="2" stroke-dasharray="8 5"/>`,
      `<line x1="${plot.left}" y1="${model.target.keyY}" x2="${plot.left + 36}" y2="${model.target.keyY}" stroke="${INK}" stroke-width="2" stroke-dasharray="8 5"/>`,
      `<text x="${plot.left + 44}" y="${tidy(model.target.keyY + 5)}" font-size="14" font-weight="bold">${escapeXml(model.target.label)}</text>`,
    );
  }
  out.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="${INK}" stroke-width="2"/>`);
  for (const bar of model.bars) {
    if (bar.height > 0) out.push(`<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="${BAR}"/>`);
    const fill = bar.labelInside ? ' fill="#ffffff"' : '';
    out.push(`<text x="${tidy(bar.x + bar.width / 2)}" y="${bar.labelY}" text-anchor="middle" font-size="12"${fill}>${escapeXml(bar.valueLabel)}</text>`);
  }
  for (const gap of model.gaps) {
    out.push(`<text x="${gap.x}" y="${plot.bottom - 8}" text-anchor="middle" font-size="12">n/a</text>`);
  }
  for (const label of model.axisLabels) {
    label.lines.forEach((line, i) => {
      out.push(`<text x="${label.x}" y="${plot.bottom + 20 + i * 16}" text-anchor="middle" font-size="12">${escapeXml(line)}</text>`);
    });
  }
  out.push('</g>', '</svg>');
  return out.join('');
}
