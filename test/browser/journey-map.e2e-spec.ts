import type { Page } from 'playwright-core';
import { childApi, openChild } from '../support/child-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';

const S47 = 'journey.episode.open.protection.s47Enquiry';

/** The journey map: the machine drawn for everyone, and one child's current states marked on it (a logged read). */
describe('web interface: the journey map', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let childId: string;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    childId = await openChild(t, 'sw.north', { contactId: 'c1', occurredAt: '2025-01-06' });
    const api = childApi(t);
    for (const [as, path, body] of [
      ['sw.north', 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'c1', decision: 'REFER_TO_CSC' }],
      ['sw.north', 'open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' }],
      ['tm.north', 'allocate-case', { occurredAt: '2025-01-07', workerId: 'sw.north', teamId: 'north' }],
      ['sw.north', 'hold-strategy-discussion', { occurredAt: '2025-01-08', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] }],
      ['sw.north', 'start-s47-enquiry', { occurredAt: '2025-01-08' }],
    ] as const) {
      const res = await api.give(as, childId, path, body);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function accessible(p: Page, name: string): Promise<void> {
    expect({ page: name, violations: await seriousAccessibilityViolations(p) }).toEqual({ page: name, violations: [] });
    await screenshot(p, name);
  }

  it('draws the whole journey for anyone signed in, with a text alternative', async () => {
    const { page: p, problems } = await browser.newPage(t.url);
    await signIn(p, 'admin');
    expect(new URL(p.url()).pathname).toBe('/app/journey');
    await expect(p.locator('h1').textContent()).resolves.toBe('Journey map');
    const svg = p.locator('svg[role="img"]');
    await expect(svg.locator('title').textContent()).resolves.toBe('Map of the child’s journey');
    await expect(svg.locator('[data-state]').count()).resolves.toBeGreaterThan(50);
    await expect(svg.locator('[data-current="true"]').count()).resolves.toBe(0);
    // Each state's name, its wrapped lines joined again.
    const names = await svg.evaluate((el) =>
      [...el.querySelectorAll('[data-state]')].map((g) => [...g.querySelectorAll(':scope > text[font-weight="bold"]')].map((x) => x.textContent).join(' ')),
    );
    expect(names).toEqual(
      expect.arrayContaining(['MASH screening', 'Referral open', 'Assessment in progress', 'Strategy discussion: s47 to start', 'Section 47 enquiry', 'ICPC scheduled', 'Child protection plan', 'Looked after', 'Placed for adoption', 'Care leaver']),
    );
    // The arrows are labelled by event.
    await expect(svg.locator('[data-edge="journey.episode.open->journey.episode.none"]').textContent()).resolves.toContain('Case closed');

    const details = p.locator('details');
    await details.locator('summary').click();
    const outline = p.getByTestId('journey-outline');
    await expect(outline.textContent()).resolves.toContain('Section 47 enquiry concluded (ICPC needed): goes to ICPC required');
    const s47 = outline.locator(`li[data-state="${S47}"]`);
    await expect(s47.textContent()).resolves.toContain('Strategy discussion held: stays here');
    await expect(s47.locator('.app-journey-outline__current').count()).resolves.toBe(0);
    await accessible(p, 'journey-map');
    expect(problems).toEqual([]);

    const res = await p.context().request.get(`${t.url}/app/journey/map.svg`);
    expect(res.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(await res.text()).toMatch(/^<\?xml[^>]*>\n<svg /);
  });

  it('marks the child’s current states on the map, in words above it, and logs the read', async () => {
    const { page: p, problems } = await browser.newPage(t.url);
    await signIn(p, 'sw.north');
    await p.goto(`/app/children/${childId}/journey`);
    await expect(p.getByTestId('stage').textContent()).resolves.toBe('Section 47 enquiry');
    const current = await p.getByTestId('current-states').locator('li').allTextContents();
    expect(current.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual(
      expect.arrayContaining(['Section 47 enquiry (Child protection: strategy discussion, s47 and ICPC)', 'Allocated to a worker (Allocation)', 'No contact waiting (Front door: contacts and MASH)']),
    );
    const marked = p.locator(`svg [data-state="${S47}"]`);
    await expect(marked.getAttribute('data-current')).resolves.toBe('true');
    await expect(marked.locator('rect').first().getAttribute('stroke-width')).resolves.toBe('4');
    await expect(marked.textContent()).resolves.toContain('● Current');
    await expect(p.locator('svg [data-state="journey.episode.open.protection.none"]').getAttribute('data-current')).resolves.toBeNull();
    await expect(p.locator('svg title').textContent()).resolves.toContain('Section 47 enquiry');
    await p.locator('details summary').click();
    await expect(p.getByTestId('journey-outline').locator(`li[data-state="${S47}"] > .app-journey-outline__current`).textContent()).resolves.toBe('Current');
    await accessible(p, 'journey-map-child');
    expect(problems).toEqual([]);

    const log = await t.request(`/audit/access-log/children/${childId}`, { as: 'auditor' });
    const entries = ((await log.json()) as { entries: { userId: string; view: string }[] }).entries;
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'sw.north', view: 'record' })]));
  });

  it('shows another team’s child to nobody: page not found, and nothing logged', async () => {
    const { page: p } = await browser.newPage(t.url);
    await signIn(p, 'sw.south');
    const res = await p.goto(`/app/children/${childId}/journey`);
    expect(res?.status()).toBe(404);
    await expect(p.locator('h1').textContent()).resolves.toContain('Page not found');
    await accessible(p, 'journey-map-not-found');
    const log = await t.request(`/audit/access-log/users/sw.south`, { as: 'auditor' });
    expect(((await log.json()) as { entries: unknown[] }).entries).toEqual([]);
  });
});
