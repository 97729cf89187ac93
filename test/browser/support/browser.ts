import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: the browser tests never download one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots of every page the tests visit are kept for review. */
export const SCREENSHOT_DIR = resolve('test-output/screenshots');

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface TestBrowser {
  readonly browser: Browser;
  /** A fresh context (cookies of its own) and page; every console error and failed request is collected. */
  newPage(baseURL: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/** Headless Chromium with the flags this closed network needs (no background calls to the outside world). */
export async function launchBrowser(): Promise<TestBrowser> {
  // Playwright gives each launch a fresh, empty profile of its own (it refuses --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async newPage(baseURL) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => {
        const reason = r.failure()?.errorText ?? '';
        // The browser abandons a request still under way when the page moves on (the favicon of a page just left):
        // nothing is broken. A missing or failing asset shows as a refused connection or an error status instead.
        if (reason === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${r.url()} ${reason}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && r.url().includes('/assets/')) problems.push(`asset ${r.status()}: ${r.url()}`);
      });
      return { context, page, problems };
    },
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the development sign-in page as a demo user, and lands on their home page. */
export async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto('/app/login');
  await page.locator(`input[name="userId"][value="${userId}"]`).check();
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/app/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * Runs axe-core in the page for WCAG 2.0/2.1/2.2 A and AA; answers the serious and critical violations (with the
 * elements), so a test can expect none. axe is evaluated through the DevTools protocol, so the page's CSP (no
 * inline script) stays in force.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A full-page screenshot under test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
