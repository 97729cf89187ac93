import type { Page } from 'playwright-core';
import type { TestApp } from '../../support/test-app.js';

/** Helpers for the social worker's pages: filling GOV.UK form fields the way a person does, and reading the record back. */

/** Types a date into a GOV.UK date input (`<path>-day`, `-month`, `-year`). */
export async function fillDate(page: Page, path: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  await page.locator(`[name="${path}-day"]`).fill(String(Number(day)));
  await page.locator(`[name="${path}-month"]`).fill(String(Number(month)));
  await page.locator(`[name="${path}-year"]`).fill(year);
}

/** Ticks a radio or checkbox by its field name and value. */
export async function choose(page: Page, name: string, value: string): Promise<void> {
  await page.locator(`input[name="${name}"][value="${value}"]`).check();
}

/** Submits the form and waits for the next page. */
export async function submit(page: Page, button = 'Record'): Promise<void> {
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: button, exact: true }).click()]);
  await page.waitForLoadState('domcontentloaded');
}

/** The child page's success banner. */
export async function bannerText(page: Page): Promise<string> {
  return (await page.getByTestId('recorded-banner').textContent())?.trim() ?? '';
}

/** The child's JSON view (revision, stage, deadlines) as a user sees it through the API. */
export async function childJson(t: TestApp, childId: string, as = 'sw.north'): Promise<ReturnType<typeof JSON.parse>> {
  const res = await t.request(`/children/${childId}`, { as });
  if (res.status !== 200) throw new Error(`GET /children/${childId} answered ${res.status}`);
  return res.json();
}

/** How many events the child's history holds (through the API's history endpoint). */
export async function historyLength(t: TestApp, childId: string, as = 'sw.north'): Promise<number> {
  const res = await t.request(`/children/${childId}/history`, { as });
  if (res.status !== 200) throw new Error(`GET /children/${childId}/history answered ${res.status}`);
  return ((await res.json()) as { entries: unknown[] }).entries.length;
}

/** `2025-02-05` → `5 February 2025`, as the pages show dates. */
export function govukDate(iso: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${months[Number(m) - 1]} ${y}`;
}
