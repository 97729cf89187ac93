import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';

/** The web interface's front door: signing in, where each role lands, signing out, and forged form posts. */
describe('web interface: signing in', () => {
  let t: TestApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function page(): Promise<{ page: Page; problems: string[] }> {
    return browser.newPage(t.url);
  }

  it('sends someone who is not signed in to the sign-in page, then back to where they were going', async () => {
    const { page: p, problems } = await page();
    await p.goto('/app/journey');
    expect(new URL(p.url()).pathname).toBe('/app/login');
    expect(await seriousAccessibilityViolations(p)).toEqual([]);
    await screenshot(p, 'sign-in');
    await p.locator('input[name="userId"][value="sw.north"]').check();
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL('**/app/journey');
    await expect(p.getByTestId('signed-in-as').textContent()).resolves.toContain('Social worker, North locality');
    expect(problems).toEqual([]);
  });

  it('shows an error when no user is chosen, and signs nobody in', async () => {
    const { page: p } = await page();
    await p.goto('/app/login');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.locator('.govuk-error-summary').textContent()).resolves.toContain('Choose who to sign in as');
    expect(await p.title()).toMatch(/^Error: /);
    expect(await seriousAccessibilityViolations(p)).toEqual([]);
    await p.goto('/app/journey');
    expect(new URL(p.url()).pathname).toBe('/app/login');
  });

  it.each([
    ['sw.north', '/app/caseload'],
    ['tm.north', '/app/manager'],
    ['auditor', '/app/audit'],
  ])('takes %s to their own start page', async (userId, home) => {
    const { page: p } = await page();
    await signIn(p, userId);
    expect(new URL(p.url()).pathname).toBe(home);
  });

  it('signs out: the session cookie no longer opens pages', async () => {
    const { page: p } = await page();
    await signIn(p, 'sw.north');
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForURL('**/app/login');
    await p.goto('/app/journey');
    expect(new URL(p.url()).pathname).toBe('/app/login');
  });

  it('refuses a form post without the CSRF token and says nothing was saved', async () => {
    const { page: p, context } = await page().then(async (x) => ({ ...x, context: x.page.context() }));
    await signIn(p, 'sw.north');
    const res = await context.request.post(`${t.url}/app/logout`, { form: { _csrf: 'forged-token-that-does-not-match-the-cookie' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Nothing was saved');
  });
});
