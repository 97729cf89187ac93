import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';
import { bannerText, childJson, choose, fillDate, govukDate, submit } from './support/worker-pages.js';

/**
 * The social worker's pages end to end: a new child from the contact to a child protection plan, through the forms
 * only (the team manager signs in to allocate the case and authorise the assessment), then the caseloads and the
 * child's page as each of them sees it.
 */
describe('web interface: a child’s journey through the social worker’s forms', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let worker: Page;
  let manager: Page;
  let childId: string;
  /** Console errors, page errors and failed assets of both pages. */
  const problems: string[][] = [];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    const w = await browser.newPage(t.url);
    const m = await browser.newPage(t.url);
    worker = w.page;
    manager = m.page;
    // A missing element fails its test in seconds, naming the element, rather than at the test's timeout.
    worker.setDefaultTimeout(8000);
    manager.setDefaultTimeout(8000);
    problems.push(w.problems, m.problems);
    await signIn(worker, 'sw.north');
    await signIn(manager, 'tm.north');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const childPath = () => `/app/children/${childId}`;

  /** Opens the action from the child's page, fills it in, records it, and expects to be back on the page with the banner. */
  async function act(page: Page, action: string, on: string, fill: (page: Page) => Promise<void> = async () => undefined, shot?: string): Promise<void> {
    await page.goto(childPath());
    await page.getByTestId('actions').getByRole('link', { name: action, exact: true }).click();
    await page.waitForURL(/\/actions\//);
    await fillDate(page, 'occurredAt', on);
    await fill(page);
    if (shot) {
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, shot);
    }
    await submit(page);
    if (new URL(page.url()).pathname !== childPath()) {
      const summary = await page.locator('.govuk-error-summary').textContent().catch(() => null);
      throw new Error(`“${action}” was not recorded: ${summary?.replace(/\s+/g, ' ').trim() ?? page.url()}`);
    }
    expect(await bannerText(page)).toBe(`Recorded: ${action}`);
  }

  /** The caseload once the read models have caught up with the latest change (they follow the log asynchronously). */
  async function caseloadRow(page: Page, until: (text: string) => boolean): Promise<string> {
    let text = '';
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await page.goto('/app/caseload');
      text = (await page.locator('main').textContent()) ?? '';
      if (until(text)) break;
      await page.waitForTimeout(100);
    }
    const row = page.locator('[data-testid="caseload"] tbody tr', { hasText: childId });
    if ((await row.count()) === 0) throw new Error(`the caseload never showed ${childId}: ${text.replace(/\s+/g, ' ').slice(0, 600)}`);
    return ((await row.first().textContent()) ?? '').replace(/\s+/g, ' ');
  }

  it('records a contact about a new child from the contact form, and opens the child’s page', async () => {
    await worker.goto('/app/contacts/new');
    expect(await worker.title()).toMatch(/^Record a contact about a new child – /);
    await fillDate(worker, 'occurredAt', '2025-01-06');
    await worker.locator('[name="firstName"]').fill('Amara');
    await worker.locator('[name="lastName"]').fill(`Journey${Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('')}`);
    await choose(worker, 'child.status', 'BORN');
    await fillDate(worker, 'child.dateOfBirth', '2023-03-01');
    await worker.locator('select[name="source"]').selectOption('2A');
    await worker.locator('[name="concerns"]').fill('School raised concerns about bruising');
    expect(await seriousAccessibilityViolations(worker)).toEqual([]);
    await screenshot(worker, 'worker-contact-form');
    await submit(worker, 'Record the contact');

    const match = /^\/app\/children\/([^/?]+)$/.exec(new URL(worker.url()).pathname);
    expect(match).not.toBeNull();
    childId = match?.[1] ?? '';
    expect(await bannerText(worker)).toBe('Recorded: the contact, in a new record for this child');
    expect(await worker.getByTestId('stage').textContent()).toContain('Contact awaiting MASH decision');
    const json = await childJson(t, childId);
    expect(json).toMatchObject({ stage: 'MASH_SCREENING', revision: 0, keyDates: { dateOfBirth: '2023-03-01' } });
  });

  it('takes the child through the MASH decision and the referral; the manager sees it unallocated', async () => {
    await act(worker, 'Record the MASH decision on a contact', '2025-01-06', async (p) => {
      // The only contact awaiting a decision is chosen already.
      expect(await p.locator('input[name="contactId"]:checked').count()).toBe(1);
      await choose(p, 'decision', 'REFER_TO_CSC');
      await choose(p, 'checks', 'POLICE');
      await choose(p, 'checks', 'HEALTH');
    });
    await act(worker, 'Open a referral (CIN episode) from the contacts the MASH referred', '2025-01-07', async (p) => {
      await p.locator('select[name="primaryNeed"]').selectOption('N1');
    });
    expect(await worker.getByTestId('stage').textContent()).toContain('Referral open');
    // Allocation is a manager's decision: not offered to the social worker.
    expect(await worker.getByTestId('actions').textContent()).not.toContain('Allocate the case');

    const row = await caseloadRow(manager, (text) => text.includes(childId));
    expect(row).toContain('Referral open');
    expect(row).toContain('Unallocated');
    expect(row).toContain('Child in need');
  });

  it('has the manager allocate the case and the social worker assess, the manager authorising', async () => {
    await act(manager, 'Allocate the case to a worker and team (team manager)', '2025-01-07', async (p) => {
      expect(await p.locator('[name="teamId"]').inputValue()).toBe('north');
      await p.locator('[name="workerId"]').fill('sw.north');
    });
    await act(worker, 'Start a single assessment', '2025-01-08', async (p) => {
      expect(await p.locator('[name="assessmentId"]').inputValue()).toBe('assessment-1-1');
    });
    await act(worker, 'Record that the child was seen for the assessment', '2025-01-09', async (p) => {
      await choose(p, 'seenAlone', 'no');
    });
    await act(worker, 'Complete the assessment (it then awaits a manager’s authorisation)', '2025-01-13');
    await act(manager, 'Authorise the assessment with its factors and outcome (team manager)', '2025-01-14', async (p) => {
      await choose(p, 'factors', '16A');
      await choose(p, 'factors', '3B');
      await choose(p, 'outcome', 'STRATEGY_DISCUSSION');
    });
    expect((await childJson(t, childId)).allocation).toEqual({ workerId: 'sw.north', teamId: 'north' });
  });

  it('shows the allocated child in the social worker’s own caseload with its next deadline', async () => {
    const row = await caseloadRow(worker, (text) => text.includes(childId));
    expect(row).toContain(childId);
    expect(row).toContain('sw.north');
    const json = await childJson(t, childId);
    const next = [...json.deadlines].sort((a: { dueOn: string }, b: { dueOn: string }) => (a.dueOn < b.dueOn ? -1 : 1))[0];
    expect(row).toContain(govukDate(next.dueOn));
    expect(row).toContain(next.name);
    // Every date here is long past: the deadline is overdue, and says so in words.
    expect(row).toContain('Overdue');
    await worker.getByRole('link', { name: childId }).click();
    await worker.waitForURL(`**${childPath()}`);
    await worker.goto('/app/caseload');
    expect(await seriousAccessibilityViolations(worker)).toEqual([]);
    await screenshot(worker, 'worker-caseload');
  });

  it('holds a strategy discussion, a section 47 enquiry and an ICPC that starts a child protection plan', async () => {
    await act(worker, 'Record a strategy discussion (with no case open: an emergency from a contact)', '2025-01-15', async (p) => {
      // With a case open, the emergency fields are not asked.
      expect(await p.locator('[name="emergencyContactId"]').count()).toBe(0);
      await choose(p, 'outcome', 'S47_ENQUIRY');
      for (const agency of ['CSC', 'POLICE', 'HEALTH']) await choose(p, 'agencies', agency);
    });
    await act(worker, 'Start a section 47 enquiry', '2025-01-15');
    await act(worker, 'Conclude the section 47 enquiry: ICPC required or not', '2025-01-22', async (p) => {
      await choose(p, 'outcome', 'ICPC_REQUIRED');
    });
    await act(worker, 'Schedule the initial child protection conference', '2025-01-23', async (p) => {
      await fillDate(p, 'conferenceDate', '2025-02-05');
    });
    await act(
      worker,
      'Record the initial child protection conference (outcome PLAN starts the plan)',
      '2025-02-05',
      async (p) => {
        await choose(p, 'outcome', 'PLAN');
        await choose(p, 'category', 'NEG');
      },
      'worker-action-form',
    );
  });

  it('shows the child on a child protection plan with the plan’s deadlines, their due dates and sources', async () => {
    const json = await childJson(t, childId);
    expect(json.stage).toBe('CHILD_PROTECTION_PLAN');
    await worker.goto(childPath());
    expect(await worker.getByTestId('stage').textContent()).toContain('Child protection plan');
    const deadlines = (await worker.getByTestId('deadlines').textContent())?.replace(/\s+/g, ' ') ?? '';
    const planRules = ['first-core-group', 'first-cp-review', 'cp-visit'];
    const plan = json.deadlines.filter((d: { ruleId: string }) => planRules.includes(d.ruleId));
    expect(plan).toHaveLength(3);
    for (const d of plan) {
      expect(deadlines).toContain(d.name);
      expect(deadlines).toContain(govukDate(d.dueOn));
      expect(deadlines).toContain(d.source);
    }
    expect(deadlines).toContain('Overdue');
    expect(deadlines).toMatch(/\d+ working days? overdue/);
    const summary = (await worker.getByTestId('case-summary').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(summary).toContain('Neglect (NEG)');
    expect(summary).toContain('sw.north, team north');

    // The history: every step, newest first, with who recorded it.
    const timeline = worker.getByTestId('timeline').locator('> li');
    expect(await timeline.count()).toBe(json.revision + 1);
    expect(await timeline.first().textContent()).toContain('Child protection plan started');
    expect(await timeline.last().textContent()).toContain('Contact received');
    expect(await worker.getByTestId('timeline').textContent()).toContain('tm.north (Team manager, team north)');
    expect(await worker.getByRole('link', { name: 'See this child on the journey map' }).getAttribute('href')).toBe(`${childPath()}/journey`);
    expect(await seriousAccessibilityViolations(worker)).toEqual([]);
    await screenshot(worker, 'worker-child-page');
  });

  it('shows the manager the team’s open cases with the worker', async () => {
    const row = await caseloadRow(manager, (text) => text.includes(childId) && text.includes('Child protection'));
    expect(row).toContain('sw.north');
    expect(row).toContain('Child protection plan');
    await manager.goto('/app/caseload?allocation=unallocated');
    expect(await manager.locator('main').textContent()).not.toContain(childId);
    expect(await seriousAccessibilityViolations(manager)).toEqual([]);
    await screenshot(manager, 'worker-caseload-manager');
    // A request cut short by moving on to the next page (the favicon) is not a fault of the page.
    expect(problems.flat().filter((p) => !p.includes('net::ERR_ABORTED'))).toEqual([]);
  });
});
