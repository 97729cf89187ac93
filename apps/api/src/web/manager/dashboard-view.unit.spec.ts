import type { DeadlineView, Indicator } from '@cje/projections';
import { childReference, deadlineRow, indicatorBasis, indicatorLabel, indicatorValue, rateRows, teamLabel, unallocatedRow } from './dashboard-view.js';

const deadline = (overrides: Partial<DeadlineView> = {}): DeadlineView => ({
  childId: '2000c09b-1c2d-5e3f-8a9b-0c1d2e3f4a5b',
  clockKey: 'icpc:e1',
  ruleId: 'icpc',
  name: 'Initial child protection conference',
  standard: 'statutory',
  source: 'Working Together to Safeguard Children 2023',
  edition: 'wt2010',
  clock: { kind: 'working_days', amount: 15 },
  clockVariant: null,
  startedOn: '2024-10-01',
  startedBy: { type: 'S47EnquiryStarted', eventId: 'e1' },
  dueOn: '2024-10-22',
  status: 'overdue',
  metOn: null,
  metBy: null,
  stoppedOn: null,
  daysOverdue: 143,
  workingDaysOverdue: 100,
  team: 'north',
  workerId: 'sw.north',
  ...overrides,
});

describe('dashboard view', () => {
  it('writes an overdue deadline for people: days and working days, the kind of rule, a short child reference', () => {
    expect(deadlineRow(deadline(), '2025-03-14')).toMatchObject({
      childId: '2000c09b-1c2d-5e3f-8a9b-0c1d2e3f4a5b',
      childRef: '2000c09b',
      overdue: '143 days',
      overdueWorkingDays: '100 working days',
      worker: 'sw.north',
      team: 'North',
      standard: 'Statutory',
    });
    expect(deadlineRow(deadline({ daysOverdue: 1, workingDaysOverdue: 1 }), '2024-10-23')).toMatchObject({ overdue: '1 day', overdueWorkingDays: '1 working day' });
  });

  it('says when a deadline not yet overdue falls due, and who holds an unallocated child', () => {
    expect(deadlineRow(deadline({ daysOverdue: 0, workingDaysOverdue: 0, status: 'open', workerId: null }), '2024-10-12')).toMatchObject({
      overdue: 'In 10 days',
      overdueWorkingDays: '',
      worker: 'Unallocated',
    });
    expect(deadlineRow(deadline({ daysOverdue: 0, status: 'open' }), '2024-10-22').overdue).toBe('Due today');
  });

  it('does not repeat the kind of rule when the source already says it', () => {
    expect(deadlineRow(deadline({ standard: 'local', source: 'Local standard (default from the Reading 2015 seed)' }), '2025-03-14').standard).toBe('');
    expect(deadlineRow(deadline({ standard: 'local', source: 'Reading 2015' }), '2025-03-14').standard).toBe('Local standard');
  });

  it('names teams as people say them and keeps short client ids whole', () => {
    expect(teamLabel('children-in-care')).toBe('Children in care');
    expect(teamLabel('mash')).toBe('MASH');
    expect(teamLabel('north')).toBe('North');
    expect(childReference('child-17')).toBe('child-17');
  });

  it('counts how long an unallocated case has waited, with its type in words', () => {
    expect(unallocatedRow({ childId: 'c1', team: 'south', caseType: 'CP', openSince: '2025-03-01' }, '2025-03-14')).toEqual({
      childId: 'c1',
      childRef: 'c1',
      team: 'South',
      caseType: 'Child protection',
      openSince: '2025-03-01',
      waiting: '13 days',
    });
    expect(unallocatedRow({ childId: 'c1', team: 'south', caseType: 'CARE_LEAVER', openSince: null }, '2025-03-14').waiting).toBe('Not known');
  });

  it('puts rules with work in the period first, rates as percentages, and says when none was completed', () => {
    const { active, quiet } = rateRows([
      { ruleId: 'mash-decision', name: 'MASH decision', source: 's', completed: 0, inTimescale: 0, metLate: 0, rate: null, overdueAtEnd: 0 },
      { ruleId: 'icpc', name: 'ICPC', source: 's', completed: 3, inTimescale: 2, metLate: 1, rate: 2 / 3, overdueAtEnd: 1 },
      { ruleId: 'assessment', name: 'Assessment', source: 's', completed: 0, inTimescale: 0, metLate: 0, rate: null, overdueAtEnd: 2 },
    ]);
    expect(active.map((r) => [r.ruleId, r.rate])).toEqual([
      ['icpc', '66.7%'],
      ['assessment', 'None completed'],
    ]);
    expect(quiet.map((r) => r.ruleId)).toEqual(['mash-decision']);
  });

  it('writes each kind of indicator with its unit, and says why a figure is missing', () => {
    const i = (unit: Indicator['unit'], value: number | null, extra: Partial<Indicator> = {}): Indicator => ({ id: 'x', label: 'X', unit, value, ...extra });
    expect(indicatorValue(i('count', 1234), true)).toBe('1,234');
    expect(indicatorValue(i('percent', 66.7), true)).toBe('66.7%');
    expect(indicatorValue(i('rate_per_10000', 41.2), true)).toBe('41.2 per 10,000');
    expect(indicatorValue(i('rate_per_10000', null), false)).toBe('Whole service only');
    expect(indicatorValue(i('percent', null), true)).toBe('Nothing to count');
    expect(indicatorValue(i('weeks', 1), true)).toBe('1 week');
    expect(indicatorValue(i('days', 426.5), true)).toBe('426.5 days');
    expect(indicatorValue(i('cases_per_worker', 17.5), true)).toBe('17.5 cases');
    expect(indicatorBasis(i('percent', 50, { numerator: 1, denominator: 2 }))).toBe('1 of 2');
    expect(indicatorBasis(i('days', 400, { denominator: 1 }))).toBe('1 child');
    expect(indicatorBasis(i('cases_per_worker', 17.5, { numerator: 35, denominator: 2 }))).toBe('35 cases, 2 workers');
  });

  it('spells out categories of abuse beside their DfE codes', () => {
    expect(indicatorLabel({ id: 'children_on_cpp_neg', label: 'Children on a child protection plan: NEG', unit: 'count', value: 3 })).toBe(
      'Children on a child protection plan: Neglect (NEG)',
    );
  });
});
