import type { Page } from 'playwright-core';
import { childApi, newChildContact } from '../support/child-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';

/**
 * The manager's dashboard in a browser. Four children of the north team go through a section 47 enquiry: one whose
 * initial conference never happens (15 working days after Tue 1 Oct 2024: due Tue 22 Oct 2024, so overdue ever
 * since, and the oldest deadline of all), two held in time (15 Nov 2024, 17 Feb 2025) and one held late (due
 * 23 Dec 2024, held 8 Jan 2025). Judged as at 14 March 2025 the ICPC rates differ by period: none completed in
 * March, 1 of 2 in time in the quarter (January to March), 2 of 3 in the financial year 2024-25. More children,
 * referred after that day, make today's overdue list run to two pages; one more waits unallocated.
 */
describe('web interface: the manager’s dashboard', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let api: ReturnType<typeof childApi>;
  let position = 0;
  let overdueChild = '';
  let unallocatedChild = '';
  const AS_OF = '2025-03-14';

  async function give(as: string, childId: string, path: string, body: Record<string, unknown>): Promise<void> {
    const res = await api.give(as, childId, path, body);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    position = Math.max(position, res.body.position as number);
  }

  /** A north child, referred and allocated on `referredOn`, whose strategy discussion starts a section 47 enquiry on `strategyOn`. */
  async function childInEnquiry(referredOn: string, strategyOn: string): Promise<string> {
    const opened = await api.openChild('sw.north', newChildContact({ contactId: 'k1', occurredAt: referredOn }));
    if (opened.status !== 201) throw new Error(`opening a child answered ${opened.status}: ${JSON.stringify(opened.body)}`);
    position = Math.max(position, opened.body.position as number);
    const childId = opened.body.childId as string;
    await give('sw.north', childId, 'record-mash-decision', { occurredAt: referredOn, contactId: 'k1', decision: 'REFER_TO_CSC' });
    await give('sw.north', childId, 'open-referral', { occurredAt: referredOn, primaryNeed: 'N1' });
    await give('tm.north', childId, 'allocate-case', { occurredAt: referredOn, workerId: 'sw.north', teamId: 'north' });
    await give('sw.north', childId, 'hold-strategy-discussion', { occurredAt: strategyOn, outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] });
    await give('sw.north', childId, 'start-s47-enquiry', { occurredAt: strategyOn });
    return childId;
  }

  async function conferenceHeld(childId: string, concludedOn: string, heldOn: string): Promise<void> {
    await give('sw.north', childId, 'conclude-s47-enquiry', { occurredAt: concludedOn, outcome: 'ICPC_REQUIRED' });
    await give('sw.north', childId, 'schedule-icpc', { occurredAt: concludedOn, conferenceDate: heldOn });
    await give('sw.north', childId, 'hold-icpc', { occurredAt: heldOn, outcome: 'NO_PLAN' });
  }

  /** The read models are built in the background: wait until /health says they have applied every event. */
  async function readModelsCaughtUp(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const health = (await (await t.request('/health')).json()) as { info?: { readModels?: { lag: number; degraded: boolean } } };
      const readModels = health.info?.readModels;
      if (readModels && readModels.lag === 0 && !readModels.degraded) return;
      if (Date.now() > deadline) throw new Error(`read models still behind: ${JSON.stringify(readModels)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    browser = await launchBrowser();
    overdueChild = await childInEnquiry('2024-10-01', '2024-10-01');
    await conferenceHeld(await childInEnquiry('2024-11-04', '2024-11-04'), '2024-11-08', '2024-11-15');
    await conferenceHeld(await childInEnquiry('2024-12-02', '2024-12-02'), '2024-12-06', '2025-01-08');
    await conferenceHeld(await childInEnquiry('2025-02-03', '2025-02-03'), '2025-02-07', '2025-02-17');
    // Nine more, referred on 2 June 2025 (after the day most tests judge by) and allocated to another worker: with
    // their assessments and supervisions overdue today, the overdue list runs to a second page.
    for (let i = 0; i < 9; i += 1) {
      const opened = await api.openChild('sw.north', newChildContact({ contactId: 'k1', occurredAt: '2025-06-02' }));
      const childId = opened.body.childId as string;
      await give('sw.north', childId, 'record-mash-decision', { occurredAt: '2025-06-02', contactId: 'k1', decision: 'REFER_TO_CSC' });
      await give('sw.north', childId, 'open-referral', { occurredAt: '2025-06-02', primaryNeed: 'N1' });
      await give('tm.north', childId, 'allocate-case', { occurredAt: '2025-06-02', workerId: 'sw.north2', teamId: 'north' });
    }
    // Referred but not yet allocated: waits in the unallocated list.
    const waiting = await api.openChild('sw.north', newChildContact({ contactId: 'k1', occurredAt: '2025-03-10' }));
    unallocatedChild = waiting.body.childId as string;
    await give('sw.north', unallocatedChild, 'record-mash-decision', { occurredAt: '2025-03-10', contactId: 'k1', decision: 'REFER_TO_CSC' });
    await give('sw.north', unallocatedChild, 'open-referral', { occurredAt: '2025-03-10', primaryNeed: 'N1' });
    await readModelsCaughtUp();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(userId: string): Promise<{ page: Page; problems: string[] }> {
    const opened = await browser.newPage(t.url);
    await signIn(opened.page, userId);
    return opened;
  }

  async function checkPage(page: Page, name: string): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  /** The rows of a deadline table: its cells' text. */
  async function deadlineRows(page: Page, testId: string): Promise<string[][]> {
    const rows = page.getByTestId(testId).locator('tbody tr');
    const cells: string[][] = [];
    for (let i = 0; i < (await rows.count()); i += 1) {
      cells.push((await rows.nth(i).locator('td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()));
    }
    return cells;
  }

  const overdueDays = (cells: readonly string[]): number => Number(/^(\d+) days?/.exec(cells[4] ?? '')?.[1]);

  it('shows the team manager the overdue ICPC first, worst first, and takes them to the child', async () => {
    const { page, problems } = await signedIn('tm.north');
    expect(new URL(page.url()).pathname).toBe('/app/manager');
    await expect(page.locator('h1').textContent()).resolves.toBe('Overview');
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toContain('North team');

    const rows = await deadlineRows(page, 'overdue-table');
    expect(rows.length).toBeGreaterThan(1);
    // Worst first: the oldest due date at the top, days overdue never rising down the list.
    const days = rows.map(overdueDays);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(rows[0]?.[0]).toBe('Initial child protection conference');
    expect(rows[0]?.[2]).toBe('sw.north');
    expect(rows[0]?.[3]).toBe('22 October 2024');
    expect(rows[0]?.[5]).toMatch(/^Statutory: Working Together to Safeguard Children/);
    await checkPage(page, 'manager-overview');

    const link = page.getByTestId('overdue-table').locator('tbody tr').first().getByRole('link');
    await expect(link.getAttribute('href')).resolves.toBe(`/app/children/${overdueChild}`);
    await link.click();
    await page.waitForURL(`**/app/children/${overdueChild}`);
    // The child's page (the worker pages) opens for the child's team manager.
    expect(await page.title()).not.toMatch(/not found|cannot do this|problem/i);
    expect(problems).toEqual([]);
  });

  it('judges as at a chosen day: the overdue list with days and working days overdue', async () => {
    const { page } = await signedIn('tm.north');
    await page.getByRole('link', { name: 'Overdue now' }).first().click();
    await page.waitForURL('**/app/manager/overdue**');
    await page.getByLabel('Day').fill('14');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('Year').fill('2025');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/asOf-day=14/);
    await expect(page.getByTestId('overdue-table').locator('caption').textContent()).resolves.toMatch(/overdue on 14 March 2025/);
    const rows = await deadlineRows(page, 'overdue-table');
    // Tue 22 Oct 2024 to Fri 14 Mar 2025: 143 days; 100 working days (weekdays less Christmas, Boxing Day and New Year's Day).
    expect(rows[0]).toEqual([
      'Initial child protection conference',
      expect.stringContaining(overdueChild.slice(0, 8)),
      'sw.north',
      '22 October 2024',
      '143 days (100 working days)',
      expect.stringContaining('Statutory'),
    ]);
    const days = rows.map(overdueDays);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    await checkPage(page, 'manager-overdue');
  });

  it('pages through a long overdue list, worst first across pages', async () => {
    const { page } = await signedIn('tm.north');
    await page.goto('/app/manager/overdue');
    const summary = (await page.getByTestId('page-summary').textContent()) ?? '';
    const total = Number(/^Showing 1 to 25 of (\d+)$/.exec(summary.trim())?.[1]);
    expect(total).toBeGreaterThan(25);
    const first = await deadlineRows(page, 'overdue-table');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=.*from=26/);
    await expect(page.getByTestId('page-summary').textContent()).resolves.toBe(`Showing 26 to ${total} of ${total}`);
    const second = await deadlineRows(page, 'overdue-table');
    expect(first.length + second.length).toBe(total);
    const days = [...first, ...second].map(overdueDays);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await checkPage(page, 'manager-overdue-page-2');
    await page.getByRole('link', { name: 'First page' }).click();
    await page.waitForURL((url) => !url.search.includes('cursor='));
    expect(await deadlineRows(page, 'overdue-table')).toEqual(first);
  });

  it('changes the in-timescale rates and the indicators with the period', async () => {
    const { page } = await signedIn('tm.north');
    const icpcRate = async (period: string): Promise<string[]> => {
      await page.goto(`/app/manager/timescales?asOf=${AS_OF}&period=${period}`);
      const row = page.locator('tr[data-rule="icpc"] td');
      return row.allTextContents().then((cells) => cells.map((c) => c.trim()));
    };
    // Completed, in timescale, late, rate, overdue at the end of the period.
    expect(await icpcRate('month')).toEqual(['0', '0', '0', 'None completed', '1']);
    await expect(page.getByTestId('period').textContent()).resolves.toContain('2025-03');
    expect(await icpcRate('quarter')).toEqual(['2', '1', '1', '50%', '1']);
    await checkPage(page, 'manager-timescales');
    expect(await icpcRate('financial_year')).toEqual(['3', '2', '1', '66.7%', '1']);

    // The same through the form: choose the period, apply.
    await page.getByLabel('Period').selectOption('quarter');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/period=quarter/);
    await expect(page.locator('tr[data-rule="icpc"] td').nth(3).textContent()).resolves.toBe('50%');

    await page.goto(`/app/manager/indicators?asOf=${AS_OF}&period=financial_year`);
    const icpcChart = page.getByTestId('indicator-icpcs_within_15_wd');
    await expect(icpcChart.locator('svg[role="img"] title').textContent()).resolves.toContain('2024-25');
    expect(await icpcChart.locator('tbody tr').count()).toBe(12);
    await expect(icpcChart.textContent()).resolves.toContain('Target: 81.4% or more');
    await expect(icpcChart.textContent()).resolves.toMatch(/Whole period: 66.7% \(2 of 3\), below target/);
    // November 2024 and February 2025 in time, January 2025 late; months after 14 March are not reached.
    const monthRows = await icpcChart.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(monthRows).toContain('November 2024 100% 1 of 1 Meets target');
    expect(monthRows).toContain('January 2025 0% 0 of 1 Below target');
    expect(monthRows).toContain('April 2024 Nothing to count');
    await checkPage(page, 'manager-indicators');

    await page.goto(`/app/manager/indicators?asOf=${AS_OF}&period=month`);
    expect(await page.getByTestId('indicator-icpcs_within_15_wd').locator('tbody tr').count()).toBe(1);
    await expect(page.getByTestId('indicator-icpcs_within_15_wd').textContent()).resolves.toContain('Whole period: Nothing to count');
  });

  it('shows what falls due soon, within 5, 10 or 20 working days', async () => {
    const { page } = await signedIn('tm.north');
    // Fri 14 Feb 2025: the February child's enquiry (strategy discussion Mon 3 Feb) has its ICPC due Mon 24 Feb.
    await page.goto('/app/manager/due-soon?asOf=2025-02-14&workingDays=5');
    // Within 5 working days (to Fri 21 Feb) nothing of the north team's falls due.
    expect(await page.getByTestId('due-soon-table').count()).toBe(0);
    await expect(page.locator('main').textContent()).resolves.toContain('Nothing falls due by 21 February 2025.');
    await page.getByLabel('10 working days').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/workingDays=10/);
    const rows = await deadlineRows(page, 'due-soon-table');
    expect(rows).toContainEqual(['Initial child protection conference', expect.any(String), 'sw.north', '24 February 2025', 'In 10 days', expect.any(String)]);
    await checkPage(page, 'manager-due-soon');
  });

  it('shows caseloads per worker and the unallocated cases', async () => {
    const { page } = await signedIn('tm.north');
    await page.goto(`/app/manager/caseloads?asOf=${AS_OF}`);
    const worker = page.getByTestId('worker-caseloads').locator('tbody tr').filter({ has: page.getByRole('link', { name: /^sw\.north\s*: overdue work$/ }) });
    await expect(worker.locator('td').last().textContent()).resolves.toBe('4');
    const unallocated = page.getByTestId('unallocated-cases').locator('tbody tr');
    expect(await unallocated.count()).toBe(1);
    await expect(unallocated.locator('a').getAttribute('href')).resolves.toBe(`/app/children/${unallocatedChild}`);
    await expect(unallocated.locator('td').nth(2).textContent()).resolves.toBe('Child in need');
    await expect(unallocated.locator('td').nth(3).textContent()).resolves.toBe('10 March 2025');
    await checkPage(page, 'manager-caseloads');
    await worker.getByRole('link').click();
    await page.waitForURL(/\/app\/manager\/overdue\?.*workerId=sw.north/);
    expect(await page.getByText('Showing the work of sw.north only.').isVisible()).toBe(true);
  });

  it('lets the head of service choose a team or the whole service', async () => {
    const { page } = await signedIn('hos');
    await page.goto(`/app/manager/overdue?asOf=${AS_OF}`);
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toContain('Whole service');
    await page.getByLabel('Team').selectOption('north');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/team=north/);
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toContain('North team');
    expect((await deadlineRows(page, 'overdue-table')).length).toBeGreaterThan(0);
    await page.goto(`/app/manager/overdue?asOf=${AS_OF}&team=south`);
    expect(await page.getByTestId('nothing-overdue').isVisible()).toBe(true);
  });

  it('tells the user what is wrong with a filter, and shows no figures until it is put right', async () => {
    const { page } = await signedIn('tm.north');
    const res = await page.goto('/app/manager/overdue?asOf-day=31&asOf-month=2&asOf-year=2025');
    expect(res?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The ‘as at’ date must be a real date');
    expect(await page.getByTestId('overdue-table').count()).toBe(0);
    await checkPage(page, 'manager-filter-error');
  });

  it('refuses the dashboard to a social worker', async () => {
    const { page } = await signedIn('sw.north');
    const res = await page.goto('/app/manager');
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You cannot do this');
    await expect(page.getByTestId('error-detail').textContent()).resolves.toContain('may not see reports across children');
    await checkPage(page, 'manager-refused');
  });

  it('does not show another team’s manager the child, nor let them ask for that team', async () => {
    const { page } = await signedIn('tm.south');
    await page.goto(`/app/manager/overdue?asOf=${AS_OF}`);
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toContain('South team');
    expect(await page.locator(`a[href="/app/children/${overdueChild}"]`).count()).toBe(0);
    expect(await page.getByTestId('nothing-overdue').isVisible()).toBe(true);
    const res = await page.goto(`/app/manager/overdue?asOf=${AS_OF}&team=north`);
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId('error-detail').textContent()).resolves.toContain('That team’s work is not open to you.');
  });

  it('waits for a command’s position before answering, so a manager sees their own change', async () => {
    const childId = await childInEnquiry('2025-03-03', '2025-03-03');
    const { page } = await signedIn('tm.north');
    await page.goto(`/app/manager/due-soon?asOf=2025-03-10&workingDays=20&waitForPosition=${position}`);
    const links = await page.getByTestId('due-soon-table').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain(`/app/children/${childId}`);
  });
});
