import type { Page } from 'playwright-core';
import { childApi, openChild, type Answer } from '../support/child-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';

/**
 * The auditor's pages: a child's history with its correction marked, the case as at a past date, integrity checks
 * of the whole store and of the child, the access log showing the auditor's own reads, and who is kept out.
 */
describe('web interface: the auditor', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let childId: string;
  let startedId: string;

  async function give(as: string, path: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await childApi(t).give(as, childId, path, body);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    // A case that moved on over past dates, with the assessment's start corrected later.
    childId = await openChild(t, 'sw.north', { contactId: 'c1', occurredAt: '2025-01-06' });
    await give('sw.north', 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' });
    await give('sw.north', 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' });
    await give('tm.north', 'allocate-case', { occurredAt: '2025-01-07', workerId: 'sw.north', teamId: 'north' });
    startedId = (await give('sw.north', 'start-assessment', { occurredAt: '2025-01-20', assessmentId: 'a1' })).body.events[0].id as string;
    await give('tm.north', 'correct-event', { occurredAt: '2025-02-03', eventId: startedId, data: { assessmentId: 'a1' }, correctedOccurredAt: '2025-01-09', reason: 'Started on the 9th' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function page(): Promise<{ page: Page; problems: string[] }> {
    return browser.newPage(t.url);
  }

  async function accessible(p: Page, name: string): Promise<void> {
    expect({ page: name, violations: await seriousAccessibilityViolations(p) }).toEqual({ page: name, violations: [] });
    await screenshot(p, name);
  }

  it('finds a child and shows the history as recorded, the correction marked against the original', async () => {
    const { page: p, problems } = await page();
    await signIn(p, 'auditor');
    expect(new URL(p.url()).pathname).toBe('/app/audit');
    await accessible(p, 'audit-home');

    await p.getByLabel('Child id', { exact: true }).fill(childId);
    await p.getByRole('button', { name: 'Open the audit record' }).click();
    await p.waitForURL(`**/app/audit/children/${childId}`);
    await expect(p.locator('h1').textContent()).resolves.toContain('Case history');

    const history = p.getByTestId('history');
    await expect(history.locator('li[data-type]').count()).resolves.toBe(6);
    const started = history.locator('li[data-type="AssessmentStarted"]');
    await expect(started.getAttribute('data-status')).resolves.toBe('corrected');
    const startedText = await started.textContent();
    expect(startedText).toContain('Corrected');
    expect(startedText).toMatch(/As first recorded \(kept, replaced by the correction\): happened 20 January 2025/);
    expect(startedText).toContain('As it stands now: happened 9 January 2025');
    expect(startedText).toContain('tm.north (Team manager, team north)');
    expect(startedText).toContain('“Started on the 9th”');
    const correction = history.locator('li[data-type="EventCorrected"]');
    await expect(correction.textContent()).resolves.toMatch(/Corrects\s+Assessment started/);
    // Codes are shown with their DfE labels.
    await expect(history.locator('li[data-type="ReferralOpened"]').textContent()).resolves.toContain('Abuse or neglect (N1)');
    await expect(history.locator('li[data-type="ContactReceived"]').textContent()).resolves.toContain('by sw.north (Social worker, team north)');
    await accessible(p, 'audit-child-history');
    expect(problems).toEqual([]);
  });

  it('shows the case as at a past date: the stage it was in then, not now', async () => {
    const { page: p } = await page();
    await signIn(p, 'auditor');
    await p.goto(`/app/audit/children/${childId}`);
    await p.getByRole('link', { name: 'Case as at a date' }).click();
    await p.waitForURL(`**/app/audit/children/${childId}/as-at`);
    const effective = p.getByRole('group', { name: 'See the case as at' });
    await effective.getByLabel('Day').fill('8');
    await effective.getByLabel('Month').fill('1');
    await effective.getByLabel('Year').fill('2025');
    await p.getByRole('button', { name: 'Show the case' }).click();
    await p.waitForURL(/as-at\?/);
    await expect(p.getByTestId('as-at-heading').textContent()).resolves.toContain('As at 8 January 2025');
    await expect(p.getByTestId('as-at-stage').textContent()).resolves.toBe('Referral open');
    await expect(p.getByTestId('stage-now').textContent()).resolves.toBe('Assessment in progress');
    await expect(p.getByTestId('as-at-summary').textContent()).resolves.toContain('sw.north, team north');
    await accessible(p, 'audit-child-as-at');

    // The correction counts: the assessment had started by 10 January, as now known.
    await p.goto(`/app/audit/children/${childId}/as-at?effective=2025-01-10`);
    await expect(p.getByTestId('as-at-stage').textContent()).resolves.toBe('Assessment in progress');

    // A date that does not exist is refused with a message at the field, and nothing is replayed.
    await p.goto(`/app/audit/children/${childId}/as-at`);
    await effective.getByLabel('Day').fill('31');
    await effective.getByLabel('Month').fill('2');
    await effective.getByLabel('Year').fill('2025');
    await p.getByRole('button', { name: 'Show the case' }).click();
    await expect(p.locator('.govuk-error-summary').textContent()).resolves.toContain('must be a real date');
    expect(await p.title()).toMatch(/^Error: /);
    await expect(p.getByTestId('as-at-stage').count()).resolves.toBe(0);
    await accessible(p, 'audit-child-as-at-error');
  });

  it('runs the integrity check of the whole store and of the child, and both pass', async () => {
    const { page: p } = await page();
    await signIn(p, 'auditor');
    await p.getByRole('button', { name: 'Run the integrity check' }).click();
    await p.waitForURL('**/app/audit/integrity');
    await expect(p.locator('h1').textContent()).resolves.toContain('The record store is intact');
    expect(Number(await p.getByTestId('events-checked').textContent())).toBeGreaterThanOrEqual(6);
    await expect(p.getByTestId('event-chain').textContent()).resolves.toBe('Intact');
    await expect(p.getByTestId('access-chain').textContent()).resolves.toBe('Intact');
    await accessible(p, 'audit-integrity');

    await p.goto(`/app/audit/children/${childId}`);
    await p.getByRole('link', { name: 'Integrity check' }).click();
    await expect(p.getByTestId('child-integrity').textContent()).resolves.toMatch(/Intact\s+6 events checked/);
    await accessible(p, 'audit-child-integrity');
  });

  it('searches the access log by user and by child, and finds the auditor’s own reads', async () => {
    const { page: p } = await page();
    await signIn(p, 'auditor');
    await p.goto(`/app/audit/children/${childId}`);
    await p.goto('/app/audit');
    await p.getByLabel('Records read by a user').fill('auditor');
    await p.getByRole('button', { name: 'Search by user' }).click();
    await p.waitForURL('**/app/audit/access-log?userId=auditor');
    const byUser = p.getByTestId('access-log');
    const rows = await byUser.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes(childId) && r.includes('Case history') && r.includes('Auditor, team quality-assurance'))).toBe(true);
    expect(rows.some((r) => r.includes(childId) && r.includes('Case as at a date'))).toBe(true);
    expect(rows.some((r) => r.includes(childId) && r.includes('Integrity check'))).toBe(true);
    await accessible(p, 'audit-access-log-by-user');

    await p.goto('/app/audit');
    await p.getByLabel('Reads of a child’s record').fill(childId);
    await p.getByRole('button', { name: 'Search by child' }).click();
    await p.waitForURL(`**/app/audit/children/${childId}/access-log`);
    const byChild = await p.getByTestId('access-log').locator('tbody tr').allTextContents();
    // This very page is logged before the log is read, so it is the newest entry.
    expect(byChild[0]).toContain('Access log');
    expect(byChild[0]).toContain('auditor');
    expect(byChild.some((r) => r.includes('auditor') && r.includes('Case history'))).toBe(true);
    await accessible(p, 'audit-child-access-log');
  });

  it('offers the subject access export as a download, itself logged', async () => {
    const { page: p } = await page();
    await signIn(p, 'auditor');
    await p.goto(`/app/audit/children/${childId}`);
    const link = p.getByRole('link', { name: 'Download the subject access export' });
    const res = await p.context().request.get(`${t.url}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="subject-access-${childId}.html"`);
    expect(await res.text()).toContain(`Everything held about child ${childId}`);
  });

  it('refuses the audit pages to a social worker with a 403 page', async () => {
    const { page: p } = await page();
    await signIn(p, 'sw.north');
    for (const path of ['/app/audit', `/app/audit/children/${childId}`, `/app/audit/children/${childId}/as-at?effective=2025-01-08`, '/app/audit/access-log?userId=auditor']) {
      const res = await p.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 403 });
      await expect(p.locator('h1').textContent()).resolves.toContain('You cannot do this');
    }
    await accessible(p, 'audit-refused');
    // The refusal showed nothing of the child, so nothing of it was logged.
    const log = await t.request(`/audit/access-log/users/sw.north`, { as: 'auditor' });
    const entries = ((await log.json()) as { entries: { view: string }[] }).entries;
    expect(entries.filter((e) => ['history', 'as-at'].includes(e.view))).toEqual([]);
  });

  it('lets the head of service use what their role allows: history and integrity, not the access log', async () => {
    const { page: p } = await page();
    await signIn(p, 'hos');
    await p.goto(`/app/audit/children/${childId}`);
    const nav = await p.getByRole('navigation', { name: 'This child’s audit record' }).textContent();
    expect(nav).toContain('Integrity check');
    expect(nav).not.toContain('Access log');
    const refused = await p.goto(`/app/audit/children/${childId}/access-log`);
    expect(refused?.status()).toBe(403);
    await expect(p.getByTestId('error-detail').textContent()).resolves.toContain('Only auditors may read the access log');
  });
});
