import type { Indicator, IndicatorReport } from '@cje/projections';
import { formatNumber, formatPercent } from './dashboard-view.js';
import { CHARTED_INDICATORS, type IndicatorTarget, type IndicatorTargets, meetsTarget } from './indicator-targets.js';
import { buildBarChart, monthAxisLabels, monthName, monthsBetween, renderBarChartSvg } from './svg-chart.js';

/** One indicator, month by month through the period, against its target: the chart and the same figures as a table. */
export interface IndicatorChartView {
  readonly id: string;
  readonly heading: string;
  /** "85.7% or more", or undefined when no target is set. */
  readonly targetText?: string;
  readonly targetSource?: string;
  /** The SVG markup (built from numbers and escaped text only). */
  readonly svg: string;
  readonly rows: readonly IndicatorMonthRow[];
  /** The whole period's figure. */
  readonly period: IndicatorMonthRow;
}

export interface IndicatorMonthRow {
  readonly month: string;
  readonly value: string;
  readonly basis: string;
  /** In words, so meeting a target never depends on colour or on seeing the chart. */
  readonly againstTarget: string;
}

const withoutUnit = (label: string): string => label.replace(/\s*\(%\)$/, '');

export function targetText(target: IndicatorTarget): string {
  return `${formatPercent(target.value)} or ${target.direction === 'at_least' ? 'more' : 'less'}`;
}

function againstTarget(value: number | null, target: IndicatorTarget | undefined): string {
  if (value === null) return '';
  if (!target) return 'No target set';
  if (meetsTarget(value, target)) return 'Meets target';
  return target.direction === 'at_least' ? 'Below target' : 'Above target';
}

function row(month: string, indicator: Indicator | undefined, reached: boolean, target: IndicatorTarget | undefined): IndicatorMonthRow {
  if (!reached) return { month, value: 'Not reached yet', basis: '', againstTarget: '' };
  const value = indicator?.value ?? null;
  const basis =
    value !== null && indicator?.numerator !== undefined && indicator.denominator !== undefined ? `${formatNumber(indicator.numerator)} of ${formatNumber(indicator.denominator)}` : '';
  return { month, value: value === null ? 'Nothing to count' : formatPercent(value), basis, againstTarget: againstTarget(value, target) };
}

/**
 * The charted indicators of a report: every month of the period on the axis (months after the "as at" day, and
 * months with nothing to count, are gaps), the target as a dashed line.
 */
export function indicatorCharts(report: IndicatorReport, targets: IndicatorTargets): IndicatorChartView[] {
  const months = monthsBetween(report.period.start, report.period.end);
  const byMonth = new Map(report.months.map((m) => [m.period.start.slice(0, 7), m]));
  const axis = monthAxisLabels(months);
  const views: IndicatorChartView[] = [];
  for (const charted of CHARTED_INDICATORS) {
    const whole = report.indicators.find((i) => i.id === charted.id);
    if (!whole) continue;
    const target = targets.targetOf(charted.id);
    const heading = withoutUnit(whole.label);
    const monthly = months.map((key) => byMonth.get(key)?.indicators.find((i) => i.id === charted.id));
    const values = months.map((key, i) => (byMonth.has(key) ? (monthly[i]?.value ?? null) : null));
    const shown = values.flatMap((v, i) => (v === null ? [] : [{ month: months[i] as string, value: v }]));
    const latest = shown[shown.length - 1];
    const first = months[0] as string;
    const last = months[months.length - 1] as string;
    const description = [
      months.length === 1 ? `${monthName(first)}.` : `${months.length} months from ${monthName(first)} to ${monthName(last)}.`,
      shown.length === months.length ? '' : `${months.length - shown.length} of them have no figure (nothing to count, or not reached yet).`,
      target ? `Target: ${targetText(target)}.` : 'No target set.',
      latest ? `Latest figure: ${formatPercent(latest.value)} in ${monthName(latest.month)}.` : '',
      'The table below gives every month.',
    ]
      .filter(Boolean)
      .join(' ');
    const svg = renderBarChartSvg(
      buildBarChart({
        id: `chart-${charted.id.replace(/_/g, '-')}`,
        title: `${heading}, month by month, ${report.period.label}`,
        description,
        points: months.map((_, i) => ({ axisLabel: axis[i] ?? [], value: values[i] ?? null })),
        format: formatPercent,
        axisAtLeast: 100,
        ...(target ? { target: { value: target.value, label: `Target ${targetText(target)}` } } : {}),
      }),
    );
    views.push({
      id: charted.id,
      heading,
      ...(target ? { targetText: targetText(target), targetSource: target.source } : {}),
      svg,
      rows: months.map((key, i) => row(monthName(key), monthly[i], byMonth.has(key), target)),
      period: row(`Whole period (${report.period.label})`, whole, true, target),
    });
  }
  return views;
}
