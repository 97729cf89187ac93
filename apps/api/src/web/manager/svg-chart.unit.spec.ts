import {
  type BarChartSpec,
  buildBarChart,
  escapeXml,
  linearScale,
  monthAxisLabels,
  monthName,
  monthsBetween,
  niceStep,
  niceTicks,
  renderBarChartSvg,
} from './svg-chart.js';

const percent = (v: number): string => `${v}%`;

function spec(values: readonly (number | null)[], extra: Partial<BarChartSpec> = {}): BarChartSpec {
  const months = monthsBetween('2024-04-01', '2025-03-31').slice(0, values.length);
  const labels = monthAxisLabels(months);
  return {
    id: 'chart-test',
    title: 'ICPCs within 15 working days',
    description: 'Twelve months against a target of 81.4%.',
    points: values.map((value, i) => ({ axisLabel: labels[i] ?? [], value })),
    format: percent,
    axisAtLeast: 100,
    ...extra,
  };
}

describe('SVG chart builder', () => {
  describe('ticks and scales', () => {
    it.each([
      [0.7, 1],
      [1, 1],
      [1.3, 2],
      [2.2, 2.5],
      [3, 5],
      [7, 10],
      [20, 20],
      [23.6, 25],
      [0.03, 0.05],
      [140, 200],
    ])('rounds a step of %p up to %p (1, 2, 2.5 or 5 times a power of ten)', (raw, nice) => {
      expect(niceStep(raw)).toBe(nice);
    });

    it('runs percentages from 0 to 100 in steps of 20', () => {
      expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    });

    it('extends the axis past 100 to the next round tick when a value is above it', () => {
      expect(niceTicks(118)).toEqual([0, 25, 50, 75, 100, 125]);
    });

    it('gives an axis of 0 to 1 when everything is 0, and tidy decimals for small ranges', () => {
      expect(niceTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
      expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    });

    it('refuses a negative or non-finite top, and a bad tick count', () => {
      expect(() => niceTicks(-1)).toThrow(/at least 0/);
      expect(() => niceTicks(Number.NaN)).toThrow(/at least 0/);
      expect(() => niceTicks(10, 0)).toThrow(/at least one tick/);
      expect(() => niceStep(0)).toThrow(/positive/);
    });

    it('maps 0 to the bottom of the plot and the top of the domain to its top', () => {
      const y = linearScale(100, 268, 28);
      expect(y(0)).toBe(268);
      expect(y(100)).toBe(28);
      expect(y(50)).toBe(148);
      expect(() => linearScale(0, 268, 28)).toThrow(/above 0/);
    });
  });

  describe('months', () => {
    it('lists every month of a financial year, across the turn of the year', () => {
      const months = monthsBetween('2024-04-01', '2025-03-31');
      expect(months).toHaveLength(12);
      expect(months[0]).toBe('2024-04');
      expect(months[8]).toBe('2024-12');
      expect(months[9]).toBe('2025-01');
      expect(months[11]).toBe('2025-03');
    });

    it('gives one month for a period within a month, and none for an end before the start', () => {
      expect(monthsBetween('2025-02-01', '2025-02-28')).toEqual(['2025-02']);
      expect(monthsBetween('2025-03-01', '2025-02-28')).toEqual([]);
    });

    it('labels the axis with short months, the year under the first month and under January', () => {
      expect(monthAxisLabels(['2024-11', '2024-12', '2025-01', '2025-02'])).toEqual([['Nov', '2024'], ['Dec'], ['Jan', '2025'], ['Feb']]);
      expect(monthName('2025-01')).toBe('January 2025');
    });

    it('refuses a month that is not YYYY-MM', () => {
      expect(() => monthName('2025-13')).toThrow(/YYYY-MM/);
      expect(() => monthsBetween('2025/01/01', '2025-02-01')).toThrow(/YYYY-MM/);
    });
  });

  describe('geometry', () => {
    it('draws a bar per month with a value, sized on the axis, with its value above it', () => {
      const model = buildBarChart(spec([50, 100, 0]));
      expect(model.axisMax).toBe(100);
      expect(model.ticks.map((t) => t.label)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
      const [half, full, zero] = model.bars;
      expect(full?.y).toBe(model.plot.top);
      expect(full?.height).toBe(model.plot.bottom - model.plot.top);
      expect(half?.height).toBeCloseTo((model.plot.bottom - model.plot.top) / 2, 6);
      expect(zero?.height).toBe(0);
      expect(zero?.valueLabel).toBe('0%');
      // Tall bars carry their value inside their top; a zero bar has it just above the axis.
      expect(half).toMatchObject({ labelInside: true, labelY: (half?.y ?? 0) + 16 });
      expect(zero).toMatchObject({ labelInside: false, labelY: model.plot.bottom - 6 });
      // Bars sit in order, inside the plot, none overlapping.
      const xs = model.bars.map((b) => b.x);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      for (const bar of model.bars) {
        expect(bar.x).toBeGreaterThanOrEqual(model.plot.left);
        expect(bar.x + bar.width).toBeLessThanOrEqual(model.plot.right);
      }
    });

    it('leaves a gap for a month without a figure instead of drawing a zero', () => {
      const model = buildBarChart(spec([80, null, 90, null]));
      expect(model.bars.map((b) => b.index)).toEqual([0, 2]);
      expect(model.gaps.map((g) => g.index)).toEqual([1, 3]);
      expect(model.axisLabels).toHaveLength(4);
    });

    it('puts the target line at its value on the axis', () => {
      const model = buildBarChart(spec([70, 90], { target: { value: 81.4, label: 'Target 81.4% or more' } }));
      const y = linearScale(100, model.plot.bottom, model.plot.top);
      expect(model.target).toEqual({ y: y(81.4), label: 'Target 81.4% or more', keyY: model.plot.bottom + 64 });
      // The key sits below the month labels, clear of the bars.
      expect(model.target?.keyY).toBeLessThan(model.height);
    });

    it('keeps a value written above a short bar clear of the target line', () => {
      // 5% on a 0–100 axis: a short bar whose label would sit on a 7% target line.
      const model = buildBarChart(spec([5, 1], { target: { value: 7, label: 'Target' } }));
      const targetY = model.target?.y ?? 0;
      for (const bar of model.bars) {
        expect(bar.labelInside).toBe(false);
        // The label's text (about 12 units high, baseline labelY) does not straddle the line.
        expect(bar.labelY <= targetY - 4 || bar.labelY - 12 >= targetY + 2).toBe(true);
      }
    });

    it('stretches the axis to show values and targets above 100%', () => {
      const model = buildBarChart(spec([104, 118]));
      expect(model.axisMax).toBe(125);
      expect(model.bars[1]?.y).toBeGreaterThan(model.plot.top);
      const byTarget = buildBarChart(spec([10], { axisAtLeast: 0, target: { value: 30, label: 'Target' } }));
      expect(byTarget.axisMax).toBe(30);
    });

    it('fits the axis to the data when no floor is asked for', () => {
      expect(buildBarChart(spec([3, 7], { axisAtLeast: 0 })).axisMax).toBe(8);
    });

    it('keeps bars no wider than 56 units however few months there are', () => {
      expect(buildBarChart(spec([50])).bars[0]?.width).toBe(56);
      expect(buildBarChart(spec(Array.from({ length: 12 }, () => 50))).bars[0]?.width).toBeLessThan(56);
    });

    it('refuses no points, negative or non-finite values and a bad target, naming the chart', () => {
      expect(() => buildBarChart(spec([]))).toThrow(/chart-test.*at least one point/);
      expect(() => buildBarChart(spec([-1]))).toThrow(/chart-test.*0 or more/);
      expect(() => buildBarChart(spec([Number.POSITIVE_INFINITY]))).toThrow(/0 or more/);
      expect(() => buildBarChart(spec([1], { target: { value: Number.NaN, label: 'x' } }))).toThrow(/target/);
    });
  });

  describe('SVG markup', () => {
    const svg = renderBarChartSvg(buildBarChart(spec([75, null, 90], { target: { value: 81.4, label: 'Target 81.4% or more' } })));

    it('is an image named by its title and described by its description', () => {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img" aria-labelledby="chart-test-title chart-test-desc"/);
      expect(svg).toContain('<title id="chart-test-title">ICPCs within 15 working days</title>');
      expect(svg).toContain('<desc id="chart-test-desc">Twelve months against a target of 81.4%.</desc>');
    });

    it('draws the bars, the gap, the dashed target line with its label, and the axis labels', () => {
      expect(svg.match(/<rect /g)).toHaveLength(2);
      expect(svg).toContain('>n/a</text>');
      expect(svg.match(/<line [^>]*stroke-dasharray="8 5"\/>/g)).toHaveLength(2);
      expect(svg).toContain('>Target 81.4% or more</text>');
      expect(svg).toContain('>Apr</text>');
      expect(svg).toContain('>2024</text>');
      expect(svg).toContain('>75%</text>');
    });

    it('draws the target line behind the bars and writes values inside tall bars in white', () => {
      expect(svg.indexOf('stroke-dasharray')).toBeLessThan(svg.indexOf('<rect '));
      expect(svg).toMatch(/<text [^>]*fill="#ffffff">75%<\/text>/);
    });

    it('uses no style attributes or scripts (the CSP allows neither inline)', () => {
      expect(svg).not.toMatch(/style=|<script|on[a-z]+=/i);
    });

    it('escapes every text it writes', () => {
      const hostile = renderBarChartSvg(buildBarChart(spec([1], { title: '<script>alert(1)</script>', description: 'a & b "c"', target: { value: 1, label: "<b>'t'</b>" } })));
      expect(hostile).not.toContain('<script>');
      expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(hostile).toContain('a &amp; b &quot;c&quot;');
      expect(hostile).toContain('&lt;b&gt;&#39;t&#39;&lt;/b&gt;');
      expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
    });

    it('refuses an id that could break out of its attribute', () => {
      expect(() => renderBarChartSvg(buildBarChart(spec([1], { id: 'x" onload="y' })))).toThrow(/chart id/);
    });
  });
});
