import type { Deadline } from './deadline.js';
import { evaluateDeadlines } from './evaluate-deadlines.js';
import { periodBounds } from './period.js';
import { resolveRules } from './resolve-rules.js';
import { timescalePerformance } from './timescale-performance.js';
import type { TimelineEvent } from './timeline-event.js';

describe('reporting periods', () => {
  it.each([
    ['month', '2024-02-14', '2024-02-01', '2024-02-29', '2024-02'],
    ['month', '2025-02-14', '2025-02-01', '2025-02-28', '2025-02'],
    ['quarter', '2025-02-14', '2025-01-01', '2025-03-31', '2024-25 Q4'],
    ['quarter', '2025-04-01', '2025-04-01', '2025-06-30', '2025-26 Q1'],
    ['quarter', '2024-12-31', '2024-10-01', '2024-12-31', '2024-25 Q3'],
    ['financial_year', '2025-02-14', '2024-04-01', '2025-03-31', '2024-25'],
    ['financial_year', '2025-03-31', '2024-04-01', '2025-03-31', '2024-25'],
    ['financial_year', '2025-04-01', '2025-04-01', '2026-03-31', '2025-26'],
    ['financial_year', '1999-06-01', '1999-04-01', '2000-03-31', '1999-00'],
    ['year_to_date', '2025-02-14', '2024-04-01', '2025-02-14', '2024-25 to 2025-02-14'],
    ['calendar_year', '2025-02-14', '2025-01-01', '2025-12-31', '2025'],
  ] as const)('%s containing %s runs %s to %s (%s)', (kind, date, start, end, label) => {
    expect(periodBounds(kind, date)).toEqual({ kind, start, end, label });
  });

  it('refuses a malformed date', () => {
    expect(() => periodBounds('month', '2025-02-30')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

describe('share within timescale', () => {
  const rules = resolveRules();
  const child = (n: number, discussion: string, icpc?: string): TimelineEvent[] => [
    { id: `sd${n}`, type: 'StrategyDiscussionHeld', occurredAt: discussion },
    { id: `s47-${n}`, type: 'S47EnquiryStarted', occurredAt: discussion },
    ...(icpc ? [{ id: `icpc${n}`, type: 'IcpcHeld', occurredAt: icpc }] : []),
  ];
  const icpcs = (timelines: TimelineEvent[][], asOf: string): Deadline[] =>
    timelines.flatMap((timeline) => evaluateDeadlines({ timeline, asOf, rules })).filter((d) => d.ruleId === 'icpc');

  it('counts ICPCs held in the quarter within 15 working days, and the late ones', () => {
    const deadlines = icpcs(
      [
        child(1, '2025-01-06', '2025-01-27'), // due 27 Jan: in time
        child(2, '2025-01-06', '2025-01-28'), // a day late
        child(3, '2025-03-20', '2025-04-02'), // held next quarter: not counted in Q4
        child(4, '2024-12-02', '2024-12-20'), // held last quarter
        child(5, '2025-03-03'), // due Mon 24 Mar, never held: overdue at the quarter's end
      ],
      '2025-04-30',
    );
    const q4 = timescalePerformance(deadlines, periodBounds('quarter', '2025-02-01'), { ruleId: 'icpc' });
    expect(q4).toMatchObject({ completed: 2, inTimescale: 1, metLate: 1, rate: 0.5, overdueAtEnd: 1 });
  });

  it('has no rate when nothing was completed', () => {
    expect(timescalePerformance([], periodBounds('month', '2025-02-01')).rate).toBeNull();
  });
});
