import { CASE_TYPES, type CaseType } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { CASE_LIST_SORTS, type CaseList, type CaseListSort } from '../../manager/queries/case-list.query.js';
import { govukDate } from '../web-renderer.js';
import { childHref } from './child-page-view.js';
import { CASE_TYPE_LABELS } from './worker-labels.js';

export const CASELOAD_PAGE_SIZE = 20;

/** The caseload's query string, read strictly: anything unknown is the default, never an error. */
export interface CaseloadFilters {
  readonly page: number;
  readonly sort: CaseListSort;
  readonly type?: CaseType;
  /** Managers: only cases with nobody allocated. */
  readonly unallocated: boolean;
}

export function caseloadFilters(query: Record<string, unknown>): CaseloadFilters {
  const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
  const sort = (CASE_LIST_SORTS as readonly string[]).includes(String(query.sort)) ? (query.sort as CaseListSort) : 'due';
  const type = (CASE_TYPES as readonly string[]).includes(String(query.type)) ? (query.type as CaseType) : undefined;
  return { page, sort, ...(type ? { type } : {}), unallocated: query.allocation === 'unallocated' };
}

/** Whose caseload the page shows: a social worker's own cases; a manager's team (or every team for the head of service). */
export const ownCaseloadOnly = (user: Principal): boolean => user.role === 'social_worker';

export function caseloadHref(filters: CaseloadFilters, change: Partial<CaseloadFilters> = {}): string {
  const f = { ...filters, ...change };
  const params = new URLSearchParams();
  if (f.type) params.set('type', f.type);
  if (f.unallocated) params.set('allocation', 'unallocated');
  if (f.sort !== 'due') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  const qs = params.toString();
  return `/app/caseload${qs ? `?${qs}` : ''}`;
}

const SORT_NAMES: Readonly<Record<CaseListSort, string>> = { due: 'next deadline', child: 'child', open: 'open since' };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A sortable column heading: a link that sorts by it, and aria-sort on the column the table is sorted by. */
function sortableHeading(text: string, sort: CaseListSort, filters: CaseloadFilters) {
  const active = filters.sort === sort;
  return {
    html: `<a class="govuk-link" href="${escape(caseloadHref(filters, { sort, page: 1 }))}">${text}<span class="govuk-visually-hidden">${active ? ' (sorted)' : `, sort by ${SORT_NAMES[sort]}`}</span></a>`,
    attributes: { 'aria-sort': active ? 'ascending' : 'none' },
  };
}

/** The table, filters and pagination of the caseload page. */
export function caseloadView(list: CaseList, stages: ReadonlyMap<string, string>, filters: CaseloadFilters, user: Principal) {
  const pages = Math.max(1, Math.ceil(list.total / CASELOAD_PAGE_SIZE));
  const head = [
    sortableHeading('Child', 'child', filters),
    { text: 'Stage' },
    { text: 'Case type' },
    { text: 'Allocated worker' },
    sortableHeading('Next deadline', 'due', filters),
    sortableHeading('Open since', 'open', filters),
  ];
  const rows = list.items.map((item) => {
    const next = item.nextDeadline;
    const overdueTag = next?.overdue ? '<strong class="govuk-tag govuk-tag--red">Overdue</strong> ' : '';
    const more = item.overdueDeadlines > 1 ? `<br><span class="govuk-body-s">${item.overdueDeadlines} deadlines overdue</span>` : '';
    return [
      { html: `<a class="govuk-link" href="${childHref(item.childId)}">${escape(item.childId)}</a>` },
      { text: stages.get(item.childId) ?? 'Not known' },
      { text: CASE_TYPE_LABELS[item.caseType] },
      item.workerId ? { text: item.workerId } : { html: '<strong class="govuk-tag govuk-tag--grey">Unallocated</strong>' },
      next
        ? { html: `${overdueTag}<span class="govuk-!-font-weight-bold">${escape(govukDate(next.dueOn))}</span><br>${escape(next.name)}${more}` }
        : { text: 'No deadline running' },
      { text: item.openSince ? govukDate(item.openSince) : '' },
    ];
  });
  const window = [...Array(pages).keys()].map((i) => i + 1).filter((n) => n === 1 || n === pages || Math.abs(n - filters.page) <= 2);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (const [i, n] of window.entries()) {
    const prev = window[i - 1];
    if (prev !== undefined && n - prev > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: caseloadHref(filters, { page: n }), current: n === filters.page });
  }
  return {
    own: ownCaseloadOnly(user),
    total: list.total,
    head,
    rows,
    pagination:
      pages > 1
        ? {
            items,
            previous: filters.page > 1 ? { href: caseloadHref(filters, { page: filters.page - 1 }) } : undefined,
            next: filters.page < pages ? { href: caseloadHref(filters, { page: filters.page + 1 }) } : undefined,
            landmarkLabel: 'Caseload pages',
          }
        : null,
    typeItems: [
      { value: '', text: 'All case types', selected: !filters.type },
      ...CASE_TYPES.map((t) => ({ value: t, text: CASE_TYPE_LABELS[t], selected: filters.type === t })),
    ],
    unallocated: filters.unallocated,
    sortLabel: SORT_NAMES[filters.sort],
    pageText: pages > 1 ? `Page ${filters.page} of ${pages}` : '',
  };
}
