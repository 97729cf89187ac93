import type { Principal } from '../../auth/principal.js';
import type { ChildView } from '../../children/dto/child-view.dto.js';
import type { CaseList } from '../../manager/queries/case-list.query.js';
import { caseloadFilters, caseloadHref, caseloadView } from './caseload-view.js';
import { childPageView, deadlineStatus, describeValue, recordedBanner } from './child-page-view.js';

const WORKER: Principal = { userId: 'sw.north', role: 'social_worker', team: 'north', displayName: 'Social worker' };
const MANAGER: Principal = { userId: 'tm.north', role: 'team_manager', team: 'north', displayName: 'Team manager' };

describe('the caseload page', () => {
  it('reads its query string strictly, falling back to the defaults', () => {
    expect(caseloadFilters({})).toEqual({ page: 1, sort: 'due', unallocated: false });
    expect(caseloadFilters({ page: '3', sort: 'open', type: 'CP', allocation: 'unallocated' })).toEqual({ page: 3, sort: 'open', type: 'CP', unallocated: true });
    expect(caseloadFilters({ page: '0', sort: 'drop table', type: 'XX' })).toEqual({ page: 1, sort: 'due', unallocated: false });
    expect(caseloadFilters({ page: ['2', '3'] })).toMatchObject({ page: 1 });
  });

  it('keeps the filter in the links of sorting and paging', () => {
    const filters = caseloadFilters({ type: 'LAC', sort: 'child' });
    expect(caseloadHref(filters, { page: 2 })).toBe('/app/caseload?type=LAC&sort=child&page=2');
    expect(caseloadHref(filters, { sort: 'due', page: 1 })).toBe('/app/caseload?type=LAC');
  });

  const list = (total: number): CaseList => ({
    asOf: '2025-03-01',
    total,
    items: [
      {
        childId: 'child-a',
        team: 'north',
        workerId: null,
        caseType: 'CP',
        openSince: '2025-01-07',
        nextDeadline: { ruleId: 'cp-visit', name: 'Child protection visit', source: 'Working Together', startedOn: '2025-02-05', dueOn: '2025-02-19', overdue: true },
        overdueDeadlines: 2,
      },
      { childId: 'child-b', team: 'north', workerId: 'sw.north', caseType: 'CIN', openSince: null, nextDeadline: null, overdueDeadlines: 0 },
    ],
  });

  it('shows each case’s stage, type, worker and next deadline, overdue in words', () => {
    const view = caseloadView(list(2), new Map([['child-a', 'Child protection plan']]), caseloadFilters({}), MANAGER);
    const [a, b] = view.rows.map((cells) => cells.map((c) => ('html' in c ? c.html : c.text)).join(' | '));
    expect(a).toContain('href="/app/children/child-a"');
    expect(a).toContain('Child protection plan | Child protection');
    expect(a).toContain('Unallocated');
    expect(a).toContain('Overdue</strong> <span class="govuk-!-font-weight-bold">19 February 2025</span><br>Child protection visit');
    expect(a).toContain('2 deadlines overdue');
    expect(b).toContain('Not known | Child in need | sw.north | No deadline running');
    expect(view.pagination).toBeNull();
    expect(view.own).toBe(false);
  });

  it('pages through a long list with GOV.UK pagination, marking the sorted column', () => {
    const view = caseloadView(list(95), new Map(), caseloadFilters({ page: '3' }), WORKER);
    expect(view.own).toBe(true);
    expect(view.pageText).toBe('Page 3 of 5');
    expect(view.pagination?.previous?.href).toBe('/app/caseload?page=2');
    expect(view.pagination?.next?.href).toBe('/app/caseload?page=4');
    expect(view.pagination?.items.map((i) => ('ellipsis' in i ? '…' : `${i.number}${i.current ? '*' : ''}`))).toEqual(['1', '2', '3*', '4', '5']);
    expect(view.head.filter((h) => 'attributes' in h && h.attributes['aria-sort'] === 'ascending')).toHaveLength(1);
  });
});

describe('the child page', () => {
  it('says how late a deadline is in working days, and marks it in words', () => {
    expect(deadlineStatus({ status: 'overdue', workingDaysOverdue: 1, daysOverdue: 3 })).toEqual({ tag: 'Overdue', overdue: true, detail: '1 working day overdue (3 calendar days)' });
    expect(deadlineStatus({ status: 'open', workingDaysOverdue: 0, daysOverdue: 0 })).toMatchObject({ tag: 'Open', overdue: false });
  });

  it('names the action just recorded, and nothing for an unknown flag', () => {
    expect(recordedBanner('hold-icpc')).toBe('Recorded: Record the initial child protection conference (outcome PLAN starts the plan)');
    expect(recordedBanner('new-child')).toBe('Recorded: the contact, in a new record for this child');
    expect(recordedBanner('<script>')).toBeNull();
    expect(recordedBanner(['hold-icpc'])).toBeNull();
  });

  it('shows recorded codes with their labels, yes/no, dates and nested objects in words', () => {
    expect(describeValue('category', 'NEG')).toBe('Neglect (NEG)');
    expect(describeValue('factors', ['16A', '3B'])).toBe('Neglect (16A), Domestic abuse: parent subject (3B)');
    expect(describeValue('seenAlone', false)).toBe('No');
    expect(describeValue('conferenceDate', '2025-02-05')).toBe('5 February 2025');
    expect(describeValue('child', { status: 'UNBORN', expectedDateOfBirth: '2025-09-03' })).toBe('Status: Unborn (UNBORN); Expected date of birth: 3 September 2025');
  });

  it('offers the journey’s actions as links with their labels, corrections apart', () => {
    const view = {
      childId: 'child-a',
      revision: 3,
      position: 9,
      asOf: '2025-03-01',
      owningTeam: 'north',
      stage: 'REFERRAL',
      stageLabel: 'Referral open',
      openTracks: ['CIN_EPISODE'],
      episodeNumber: 1,
      closedEpisodes: 0,
      reReferral: false,
      allocation: null,
      lookedAfterLegalStatus: null,
      placementType: null,
      cppCategory: null,
      childProtectionPlanNumber: null,
      keyDates: { referralDate: '2025-01-07', icpcTarget: null },
      deadlines: [],
      allowedCommands: ['StartAssessment', 'CorrectEvent'],
      incomplete: false,
    } as unknown as ChildView;
    const page = childPageView(view);
    expect(page.actions).toEqual([{ text: 'Start a single assessment', href: '/app/children/child-a/actions/start-assessment' }]);
    expect(page.corrections.map((c) => c.href)).toEqual(['/app/children/child-a/actions/correct-event']);
    expect(page.keyDates).toEqual([{ key: { text: 'Referral date' }, value: { text: '7 January 2025' } }]);
    expect(page.summary.find((r) => r.key.text === 'Allocated to')?.value.text).toBe('Not allocated');
  });
});
