import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { childApi, newChildContact, openChild } from '../support/child-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations, signIn, type TestBrowser } from './support/browser.js';
import { bannerText, childJson, choose, fillDate, historyLength, submit } from './support/worker-pages.js';

/** Today in England, and a day after it: the journey refuses what is said to have happened in the future. */
function londonDay(offsetDays = 0): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(day);
}

const letters = () => Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('');

/**
 * The social worker's forms when something is wrong: invalid answers, the journey's own rules, someone else's
 * change, a second click, a command the role may not give, a child with another team, a possible duplicate child.
 * Nothing may be recorded on any error, which the JSON API checks before and after.
 */
describe('web interface: the social worker’s forms refuse what is wrong and record nothing', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    ({ page, context, problems } = await browser.newPage(t.url));
    // A missing element fails its test in seconds, naming the element, rather than at the test's timeout.
    page.setDefaultTimeout(8000);
    await signIn(page, 'sw.north');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function errorSummary(): Promise<string> {
    return ((await page.locator('.govuk-error-summary').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  it('shows a missing choice and then a date in the future in the error summary and against the field, keeping the answers', async () => {
    const childId = await openChild(t, 'sw.north');
    const before = await childJson(t, childId);
    const events = await historyLength(t, childId);

    await page.goto(`/app/children/${childId}/actions/record-mash-decision`);
    expect(await page.locator('[name="occurredAt-year"]').inputValue()).toBe(londonDay().slice(0, 4));
    await fillDate(page, 'occurredAt', londonDay(1));
    await choose(page, 'checks', 'POLICE');
    await submit(page);

    expect(await page.title()).toMatch(/^Error: /);
    expect(await errorSummary()).toContain('Select the decision');
    expect(await page.locator('#decision-error').textContent()).toContain('Select the decision');
    // The summary links to the field.
    expect(await page.locator('.govuk-error-summary a', { hasText: 'Select the decision' }).getAttribute('href')).toBe('#decision');
    expect(await page.locator('input[name="checks"][value="POLICE"]').isChecked()).toBe(true);
    expect(await page.locator('[name="occurredAt-day"]').inputValue()).toBe(String(Number(londonDay(1).slice(8))));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'worker-form-with-errors');

    // The decision given, the date is still in the future: the journey refuses it, shown against the date.
    await choose(page, 'decision', 'NFA');
    await submit(page);
    expect(await errorSummary()).toContain('The date it happened must be today or in the past');
    expect(await page.locator('#occurredAt-error').textContent()).toContain('must be today or in the past');
    expect(await page.locator('input[name="decision"][value="NFA"]').isChecked()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const after = await childJson(t, childId);
    expect(after.revision).toBe(before.revision);
    expect(after.stage).toBe('MASH_SCREENING');
    expect(await historyLength(t, childId)).toBe(events);
  });

  it('shows a rule of the journey that the answers break, and records nothing', async () => {
    const childId = await openChild(t, 'sw.north', { occurredAt: '2025-01-06' });
    const api = childApi(t);
    const history = (await t.request(`/children/${childId}/history`, { as: 'sw.north' }).then((r) => r.json())) as { entries: { data: { contactId?: string } }[] };
    const contactId = history.entries[0]?.data.contactId ?? '';
    const steps: [string, Record<string, unknown>][] = [
      ['record-mash-decision', { occurredAt: '2025-01-06', contactId, decision: 'REFER_TO_CSC' }],
      ['open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' }],
      ['hold-strategy-discussion', { occurredAt: '2025-01-15', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] }],
      ['start-s47-enquiry', { occurredAt: '2025-01-15' }],
      ['conclude-s47-enquiry', { occurredAt: '2025-01-22', outcome: 'ICPC_REQUIRED' }],
    ];
    for (const [path, body] of steps) expect((await api.give('sw.north', childId, path, body)).status).toBe(200);
    const before = await childJson(t, childId);

    await page.goto(`/app/children/${childId}/actions/schedule-icpc`);
    await fillDate(page, 'occurredAt', '2025-01-23');
    // 1 February 2025 is a Saturday.
    await fillDate(page, 'conferenceDate', '2025-02-01');
    await submit(page);
    expect(await errorSummary()).toContain('An ICPC cannot be scheduled: the conference date is a weekend or bank holiday');
    expect(await page.locator('[name="conferenceDate-day"]').inputValue()).toBe('1');
    expect((await childJson(t, childId)).revision).toBe(before.revision);
  });

  it('says someone else changed the record when it moved on after the form was opened, and records nothing', async () => {
    const childId = await openChild(t, 'sw.north');
    await page.goto(`/app/children/${childId}/actions/record-mash-decision`);
    await choose(page, 'decision', 'NFA');
    // Meanwhile, another contact is recorded through the API.
    const other = await childApi(t).give('sw.north', childId, 'record-contact', { occurredAt: londonDay(), source: '6', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: 'Police notification' });
    expect(other.status).toBe(200);
    const events = await historyLength(t, childId);
    await submit(page);
    expect(await errorSummary()).toContain('Someone else changed this record since you opened this form');
    expect(await page.getByTestId('reload').getAttribute('href')).toBe(`/app/children/${childId}/actions/record-mash-decision`);
    expect(await historyLength(t, childId)).toBe(events);
  });

  it('records a form sent twice (a double click, a resend) once', async () => {
    const childId = await openChild(t, 'sw.north');
    await page.goto(`/app/children/${childId}/actions/record-mash-decision`);
    const fields = {
      _csrf: await page.locator('input[name="_csrf"]').first().inputValue(),
      commandId: await page.locator('input[name="commandId"]').inputValue(),
      expectedRevision: await page.locator('input[name="expectedRevision"]').inputValue(),
      'occurredAt-day': String(Number(londonDay().slice(8))),
      'occurredAt-month': String(Number(londonDay().slice(5, 7))),
      'occurredAt-year': londonDay().slice(0, 4),
      contactId: await page.locator('input[name="contactId"]').first().getAttribute('value') ?? '',
      decision: 'NFA',
    };
    const post = () => context.request.post(`${t.url}/app/children/${childId}/actions/record-mash-decision`, { form: fields, maxRedirects: 0 });
    const [first, second] = [await post(), await post()];
    expect([first.status(), second.status()]).toEqual([303, 303]);
    expect(second.headers().location).toBe(`/app/children/${childId}?recorded=record-mash-decision`);
    const json = await childJson(t, childId);
    expect(json.revision).toBe(1);
    expect(await historyLength(t, childId)).toBe(2);
    await page.goto(second.headers().location ?? '/');
    expect(await bannerText(page)).toBe('Recorded: Record the MASH decision on a contact');
  });

  it('refuses an action the role may not give (403), and one the journey does not offer now or at all (404)', async () => {
    const childId = await openChild(t, 'sw.north');
    const before = await childJson(t, childId);
    await page.goto(`/app/children/${childId}/actions/allocate-case`);
    expect(await page.locator('h1').textContent()).toContain('You cannot do this');
    expect(await page.getByTestId('error-detail').textContent()).toContain('Only a team manager may allocate case');
    const forged = await context.request.post(`${t.url}/app/children/${childId}/actions/allocate-case`, {
      form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue(), workerId: 'sw.north', teamId: 'north' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);

    const notNow = await page.goto(`/app/children/${childId}/actions/hold-icpc`);
    expect(notNow?.status()).toBe(404);
    expect(await page.getByTestId('error-detail').textContent()).toContain('not something that can be recorded for this child at this stage');
    expect((await page.goto(`/app/children/${childId}/actions/make-everything-fine`))?.status()).toBe(404);
    expect((await childJson(t, childId)).revision).toBe(before.revision);
  });

  it('shows a child of another team as not found, and logs every page that shows a child', async () => {
    const southChild = await openChild(t, 'sw.south');
    const res = await page.goto(`/app/children/${southChild}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Page not found');
    expect((await page.goto(`/app/children/${southChild}/actions/record-mash-decision`))?.status()).toBe(404);

    const childId = await openChild(t, 'sw.north');
    expect((await page.goto(`/app/children/${childId}`))?.status()).toBe(200);
    expect((await page.goto(`/app/children/${childId}/actions/record-mash-decision`))?.status()).toBe(200);
    type Log = { entries: { userId: string; view: string }[] };
    const log = (await t.request(`/audit/access-log/children/${childId}`, { as: 'auditor' }).then((r) => r.json())) as Log;
    const reads = log.entries.filter((e) => e.userId === 'sw.north');
    expect(reads.map((e) => e.view)).toEqual(['record', 'record']);
    const south = (await t.request(`/audit/access-log/children/${southChild}`, { as: 'auditor' }).then((r) => r.json())) as Log;
    expect(south.entries.filter((e) => e.userId === 'sw.north')).toEqual([]);
  });

  it('corrects and voids events from the case history, which then shows them marked, the originals kept', async () => {
    const childId = await openChild(t, 'sw.north');
    const further = await childApi(t).give('sw.north', childId, 'record-contact', {
      occurredAt: londonDay(),
      source: '6',
      child: { status: 'BORN', dateOfBirth: '2019-04-12' },
      concerns: 'Police notification',
    });
    expect(further.status).toBe(200);
    type History = { entries: { eventId: string; type: string; status: string; data: Record<string, unknown> }[] };
    const history = async () => (await t.request(`/children/${childId}/history`, { as: 'sw.north' }).then((r) => r.json())) as History;
    const [first] = (await history()).entries;
    const secondId = (further.body.events as { id: string }[])[0]?.id ?? '';

    // Correct the first contact's source, from its place in the history.
    await page.goto(`/app/children/${childId}`);
    await page.locator(`[data-event-id="${first?.eventId}"]`).getByRole('link', { name: 'Correct “Contact received”' }).click();
    await page.waitForURL(/\/actions\/correct-event/);
    expect(await page.locator('input[name="eventId"]:checked').getAttribute('value')).toBe(first?.eventId);
    const data = JSON.parse(await page.locator('[name="data"]').inputValue()) as Record<string, unknown>;
    expect(data.source).toBe('2A');
    await page.locator('[name="data"]').fill(JSON.stringify({ ...data, source: '5D' }));
    await page.locator('[name="reason"]').fill('The contact came from the early help team');
    await submit(page);
    expect(await bannerText(page)).toBe('Recorded: Correct a recorded event (a new event; the history keeps the original)');

    // Void the further contact, recorded in error.
    await page.locator(`[data-event-id="${secondId}"]`).getByRole('link', { name: 'Void “Contact received”' }).click();
    await page.waitForURL(/\/actions\/void-event/);
    expect(await page.locator(`input[name="eventIds"][value="${secondId}"]`).isChecked()).toBe(true);
    await page.locator('[name="reason"]').fill('Recorded on the wrong child');
    await submit(page);
    expect(await bannerText(page)).toBe('Recorded: Void events recorded in error (new events; the history keeps the originals)');

    const corrected = (await page.locator(`[data-event-id="${first?.eventId}"]`).textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(corrected).toContain('Corrected');
    expect(corrected).toContain('LA services: early help (5D)');
    expect(corrected).toContain('Reason: The contact came from the early help team');
    expect(corrected).toContain('Schools (2A)');
    const voided = (await page.locator(`[data-event-id="${secondId}"]`).textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(voided).toContain('Voided');
    expect(voided).toContain('Reason: Recorded on the wrong child');
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).toContain('Event corrected');
    expect(timeline).toContain('Event voided');
    expect((await history()).entries.map((e) => e.status)).toEqual(['corrected', 'voided', 'correction', 'correction']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'worker-child-corrected-and-voided');
  });

  it('shows a possible duplicate child with links to the matching records, and records a new one only when told it is different', async () => {
    const firstName = 'Kemi';
    const lastName = `Dup${letters()}`;
    const existing = await childApi(t).openChild('sw.north', newChildContact({ firstName, lastName, child: { status: 'BORN', dateOfBirth: '2020-05-17' } }));
    expect(existing.status).toBe(201);

    await page.goto('/app/contacts/new');
    await fillDate(page, 'occurredAt', londonDay());
    await page.locator('[name="firstName"]').fill(firstName);
    await page.locator('[name="lastName"]').fill(lastName);
    await choose(page, 'child.status', 'BORN');
    await fillDate(page, 'child.dateOfBirth', '2020-05-17');
    await page.locator('select[name="source"]').selectOption('6');
    await page.locator('[name="concerns"]').fill('Police notification of a domestic incident');
    await submit(page, 'Record the contact');

    expect(await errorSummary()).toContain('This child may already have a record');
    const links = page.getByTestId('matching-records').getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe(`/app/children/${existing.body.childId}`);
    // What was typed is kept, names included, for this form only.
    expect(await page.locator('[name="lastName"]').inputValue()).toBe(lastName);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'worker-contact-possible-duplicate');

    await page.locator('input[name="confirmNewChild"]').check();
    await submit(page, 'Record the contact');
    expect(await bannerText(page)).toBe('Recorded: the contact, in a new record for this child');
    const newChildId = /\/app\/children\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    expect(newChildId).not.toBe(existing.body.childId);
    expect((await childJson(t, newChildId)).stage).toBe('MASH_SCREENING');
    // Names are for matching only: in no log line and no event.
    expect(t.logs.some((line) => line.includes(lastName) || line.includes(firstName))).toBe(false);
    const history = await t.request(`/children/${newChildId}/history`, { as: 'sw.north' }).then((r) => r.text());
    expect(history).not.toContain(lastName);
    // Error pages and refused forms are answered with their status, which the browser reports on its console.
    expect(problems.filter((p) => !/Failed to load resource: the server responded with a status of (400|403|404|409|422)/.test(p))).toEqual([]);
  });
});
