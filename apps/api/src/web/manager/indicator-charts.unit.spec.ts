import type { Indicator, IndicatorReport, PeriodIndicators } from '@cje/projections';
import { indicatorCharts } from './indicator-charts.js';
import { IndicatorTargets } from './indicator-targets.js';

const icpc = (numerator: number, denominator: number): Indicator => ({
  id: 'icpcs_within_15_wd',
  label: 'ICPCs within 15 working days of the strategy discussion (%)',
  unit: 'percent',
  value: denominator === 0 ? null : Math.round((1000 * numerator) / denominator) / 10,
  numerator,
  denominator,
});

const month = (start: string, end: string, indicators: Indicator[]): PeriodIndicators => ({
  period: { kind: 'month', start, end, label: start.slice(0, 7) },
  at: end,
  indicators,
});

/** A financial year judged as at 14 Nov 2024: April to November reported, December to March not reached. */
const report: IndicatorReport = {
  period: { kind: 'financial_year', start: '2024-04-01', end: '2025-03-31', label: '2024-25' },
  at: '2024-11-14',
  indicators: [icpc(3, 4)],
  months: [
    month('2024-04-01', '2024-04-30', [icpc(1, 1)]),
    month('2024-05-01', '2024-05-31', [icpc(0, 0)]),
    month('2024-06-01', '2024-06-30', [icpc(1, 2)]),
    month('2024-07-01', '2024-07-31', [icpc(0, 0)]),
    month('2024-08-01', '2024-08-31', [icpc(0, 0)]),
    month('2024-09-01', '2024-09-30', [icpc(0, 0)]),
    month('2024-10-01', '2024-10-31', [icpc(1, 1)]),
    month('2024-11-01', '2024-11-14', [icpc(0, 0)]),
  ],
  population: null,
};

describe('indicator charts', () => {
  const [chart] = indicatorCharts(report, new IndicatorTargets());

  it('charts only the indicators the report has, headed without the unit', () => {
    expect(indicatorCharts(report, new IndicatorTargets()).map((c) => c.id)).toEqual(['icpcs_within_15_wd']);
    expect(chart?.heading).toBe('ICPCs within 15 working days of the strategy discussion');
  });

  it('puts every month of the period on the axis and in the table, saying why a month has no figure', () => {
    expect(chart?.rows).toHaveLength(12);
    expect(chart?.rows[0]).toEqual({ month: 'April 2024', value: '100%', basis: '1 of 1', againstTarget: 'Meets target' });
    expect(chart?.rows[1]).toEqual({ month: 'May 2024', value: 'Nothing to count', basis: '', againstTarget: '' });
    expect(chart?.rows[2]).toEqual({ month: 'June 2024', value: '50%', basis: '1 of 2', againstTarget: 'Below target' });
    expect(chart?.rows[11]).toEqual({ month: 'March 2025', value: 'Not reached yet', basis: '', againstTarget: '' });
    expect(chart?.period).toEqual({ month: 'Whole period (2024-25)', value: '75%', basis: '3 of 4', againstTarget: 'Below target' });
  });

  it('draws bars for the months with figures, gaps for the others, and the national target with its source', () => {
    expect(chart?.targetText).toBe('81.4% or more');
    expect(chart?.targetSource).toMatch(/England average.*table C4/);
    expect(chart?.svg.match(/<rect /g)).toHaveLength(3);
    expect(chart?.svg.match(/>n\/a</g)).toHaveLength(9);
    expect(chart?.svg).toContain('Target 81.4% or more');
    expect(chart?.svg).toContain('id="chart-icpcs-within-15-wd-title"');
  });

  it('describes the chart in words: its months, the gaps, the target and the latest figure', () => {
    const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(chart?.svg ?? '')?.[1];
    expect(desc).toBe(
      '12 months from April 2024 to March 2025. 9 of them have no figure (nothing to count, or not reached yet). Target: 81.4% or more. Latest figure: 100% in October 2024. The table below gives every month.',
    );
  });

  it('says when no target is set, and draws no target line', () => {
    const [untargeted] = indicatorCharts(report, new IndicatorTargets({ icpcs_within_15_wd: null }));
    expect(untargeted?.targetText).toBeUndefined();
    expect(untargeted?.rows[0]?.againstTarget).toBe('No target set');
    expect(untargeted?.svg).not.toContain('stroke-dasharray');
  });

  it('judges a lower-is-better target the other way', () => {
    const [own] = indicatorCharts(report, new IndicatorTargets({ icpcs_within_15_wd: { value: 60, direction: 'at_most', source: 'test' } }));
    expect(own?.rows[0]?.againstTarget).toBe('Above target');
    expect(own?.rows[2]?.againstTarget).toBe('Meets target');
    expect(own?.targetText).toBe('60% or less');
  });
});
