import { dashboardHref, pagination, parseCursor, parseFilters, parseFrom } from './dashboard-filters.js';

const TODAY = '2025-03-14';

describe('dashboard filters', () => {
  it('defaults to the caller’s scope, the quarter, today and 10 working days', () => {
    expect(parseFilters({}, TODAY)).toEqual({
      filters: { period: 'quarter', asOf: TODAY, workingDays: 10 },
      errors: [],
      asOfFields: { day: '14', month: '3', year: '2025' },
    });
  });

  it('reads a team, a worker, a period, the three date fields and how far ahead to look', () => {
    const { filters, errors } = parseFilters(
      { team: 'north', workerId: 'sw.north', period: 'financial_year', 'asOf-day': '1', 'asOf-month': '02', 'asOf-year': '2024', workingDays: '20', waitForPosition: '42' },
      TODAY,
    );
    expect(errors).toEqual([]);
    expect(filters).toEqual({ team: 'north', workerId: 'sw.north', period: 'financial_year', asOf: '2024-02-01', workingDays: 20, waitForPosition: 42 });
  });

  it('takes asOf as YYYY-MM-DD too (links carry it so), and treats empty fields as not given', () => {
    expect(parseFilters({ asOf: '2024-12-31', team: '', period: '' }, TODAY).filters).toEqual({ period: 'quarter', asOf: '2024-12-31', workingDays: 10 });
    expect(parseFilters({ 'asOf-day': '', 'asOf-month': '', 'asOf-year': '' }, TODAY).filters.asOf).toBe(TODAY);
  });

  it.each([
    [{ 'asOf-day': '31', 'asOf-month': '2', 'asOf-year': '2025' }, 'The ‘as at’ date must be a real date, for example 31 3 2025'],
    [{ 'asOf-day': '3', 'asOf-month': '', 'asOf-year': '2025' }, 'The ‘as at’ date must include a month'],
    [{ 'asOf-day': '', 'asOf-month': '', 'asOf-year': '2025' }, 'The ‘as at’ date must include a day and month'],
    [{ 'asOf-day': '1', 'asOf-month': '1', 'asOf-year': '25' }, 'The ‘as at’ date must be a real date, for example 31 3 2025'],
    [{ asOf: '2025-02-30' }, 'The ‘as at’ date must be a real date, for example 31 3 2025'],
  ])('says what is wrong with the date %p, keeping what was typed', (query: Record<string, string>, message) => {
    const parsed = parseFilters(query, TODAY);
    expect(parsed.errors).toEqual([{ field: 'asOf', href: '#asOf-day', text: message }]);
    expect(parsed.filters.asOf).toBe(TODAY);
    if (query['asOf-year'] !== undefined) expect(parsed.asOfFields.year).toBe(query['asOf-year']);
  });

  it('refuses a period, a due-soon choice, a team or a position that is not offered, each with its own message', () => {
    const { errors } = parseFilters({ period: 'calendar_year', workingDays: '7', team: 'north; drop', waitForPosition: '0' }, TODAY);
    expect(errors.map((e) => [e.field, e.text])).toEqual([
      ['team', 'Choose a team from the list'],
      ['period', 'Choose a period from the list'],
      ['workingDays', 'Choose how far ahead to look: 5, 10, 20 working days'],
      ['waitForPosition', 'The position to wait for must be a whole number of at least 1'],
    ]);
  });

  it('refuses a parameter given twice rather than choosing one', () => {
    expect(parseFilters({ team: ['north', 'south'] }, TODAY).errors.map((e) => e.field)).toEqual(['team']);
  });

  it('reads cursors and row numbers, refusing a cursor that is not one of ours', () => {
    expect(parseCursor({ cursor: 'WzMsInN3Lm5vcnRoIl0' }, 'cursor')).toEqual({ cursor: 'WzMsInN3Lm5vcnRoIl0' });
    expect(parseCursor({}, 'cursor')).toEqual({});
    expect(parseCursor({ cursor: '<script>' }, 'cursor').error?.text).toMatch(/not valid/);
    expect(parseFrom({ from: '26' })).toBe(26);
    expect(parseFrom({ from: '-3' })).toBe(1);
    expect(parseFrom({})).toBe(1);
  });

  it('builds links that keep the filters, leaving defaults out and never carrying waitForPosition', () => {
    const filters = { team: 'north', period: 'quarter' as const, asOf: '2025-03-14', workingDays: 10 as const, waitForPosition: 9 };
    expect(dashboardHref('/app/manager/overdue', filters)).toBe('/app/manager/overdue?team=north&asOf=2025-03-14');
    expect(dashboardHref('/app/manager', { ...filters, period: 'month', workingDays: 5 }, { cursor: 'abc', from: 26 })).toBe(
      '/app/manager?team=north&period=month&asOf=2025-03-14&workingDays=5&cursor=abc&from=26',
    );
  });

  describe('paging', () => {
    const filters = { period: 'quarter' as const, asOf: '2025-03-14', workingDays: 10 as const };

    it('offers the next page from the first, counting rows', () => {
      expect(pagination('/app/manager/overdue', filters, 1, 25, 60, 'c1')).toEqual({
        summary: 'Showing 1 to 25 of 60',
        next: { href: '/app/manager/overdue?asOf=2025-03-14&cursor=c1&from=26', text: 'Next page' },
      });
    });

    it('offers the first page from a later one, and no next page on the last', () => {
      expect(pagination('/app/manager/overdue', filters, 51, 10, 60, null)).toEqual({
        summary: 'Showing 51 to 60 of 60',
        previous: { href: '/app/manager/overdue?asOf=2025-03-14', text: 'First page' },
      });
    });

    it('pages two lists on one page each by its own cursor, keeping the other’s place', () => {
      const view = pagination('/app/manager/caseloads', filters, 1, 25, 30, 'u1', {
        cursorName: 'unallocatedCursor',
        fromName: 'unallocatedFrom',
        keep: { cursor: 'w2', from: 26 },
        fragment: 'unallocated',
      });
      expect(view.next?.href).toBe('/app/manager/caseloads?asOf=2025-03-14&cursor=w2&from=26&unallocatedCursor=u1&unallocatedFrom=26#unallocated');
    });

    it('says nothing about rows when the page is empty', () => {
      expect(pagination('/app/manager/overdue', filters, 1, 0, 0, null)).toEqual({ summary: '' });
    });
  });
});
