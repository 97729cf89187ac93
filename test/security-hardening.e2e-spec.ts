import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childApi, newChildContact } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('rate limits: per signed-in user, and per address for requests without a valid token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_USER: '5', RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('lets a user make the configured number of requests, then answers 429 as a problem with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request('/auth/me', { as: 'sw.north' })).status).toBe(200);
    const limited = await t.request('/auth/me', { as: 'sw.north' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too many requests', detail: expect.stringContaining('at most 5 in 60 seconds') });
  });

  it('counts each user on their own, even from the same address', async () => {
    expect((await t.request('/auth/me', { as: 'sw.south' })).status).toBe(200);
    expect((await t.request(`/children/${randomUUID()}`, { as: 'sw.north' })).status).toBe(429);
  });

  it('limits requests without a token by address, refused tokens included, and leaves signed-in users to their own limit', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/health`)).status).toBe(429);
    expect((await fetch(`${t.url}/auth/me`, { headers: { authorization: 'Bearer a.b.c' } })).status).toBe(429);
    expect((await fetch(`${t.url}/auth/me`)).status).toBe(429);
    expect((await t.request('/auth/me', { as: 'tm.north' })).status).toBe(200);
  });
});

describe('security headers, body limits and input validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const directives = (csp: string | null) => Object.fromEntries((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('sends a content security policy for the future web UI: scripts and styles from this origin only, never framed', async () => {
    const res = await t.request(`/children/${randomUUID()}`, { as: 'sw.north' });
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'connect-src': ["'self'"],
    });
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe|https:|\*/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('relaxes only inline styles, and only for the API documentation page', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(await res.text()).not.toMatch(/<script>[^<]/);
  });

  it('refuses an oversized command body with 413 and an over-long text field with 400', async () => {
    const api = childApi(t);
    const huge = await t.request('/children', { method: 'POST', as: 'sw.north', json: newChildContact({ concerns: 'x'.repeat(150_000) }) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const long = await api.openChild('sw.north', newChildContact({ concerns: 'x'.repeat(10_001) }));
    expect(long).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses unknown fields, wrong types and unknown query parameters, without echoing the values back', async () => {
    const api = childApi(t);
    const res = await api.openChild('sw.north', newChildContact({ isAdmin: true, source: { $ne: null } }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining(['property isAdmin should not exist']));
    expect(JSON.stringify(res.body)).not.toContain('$ne');
    const childId = (await api.openChild('sw.north')).body.childId;
    expect((await t.request(`/children/${childId}/history?order=recorded&$where=1`, { as: 'sw.north' })).status).toBe(400);
  });
});

describe('no personal data in the logs', () => {
  it('never writes a child’s name, date of birth or concerns to any log line, whatever the request does', async () => {
    const t = await startTestApp({ LOG_LEVEL: 'trace' });
    const NAME = 'Quillonbrey';
    const FIRST = 'Zephyrine';
    const CONCERNS = 'Distinctive-concern-4b1d about the family';
    const DOB = '2016-07-19';
    try {
      const api = childApi(t);
      const opened = await api.openChild('sw.north', newChildContact({ firstName: FIRST, lastName: NAME, concerns: CONCERNS, child: { status: 'BORN', dateOfBirth: DOB } }));
      expect(opened.status).toBe(201);
      const childId = opened.body.childId as string;
      // The same child again: the duplicate warning must not log the match either.
      expect((await api.openChild('sw.north', newChildContact({ firstName: FIRST, lastName: NAME, concerns: CONCERNS, child: { status: 'BORN', dateOfBirth: DOB } }))).status).toBe(409);
      await api.give('sw.north', childId, 'record-contact', { occurredAt: '2025-01-09', contactId: 'c2', source: '6', child: { status: 'BORN', dateOfBirth: DOB }, concerns: CONCERNS });
      // Refused in every way: bad fields, wrong stage, malformed JSON, too large, a name in the path and query.
      await api.give('sw.north', childId, 'deallocate-case', { occurredAt: '2025-01-10', reason: CONCERNS, [NAME]: FIRST });
      await api.give('sw.north', childId, 'deallocate-case', { occurredAt: '2025-01-10', reason: `${CONCERNS} ${NAME}` });
      await fetch(`${t.url}/children`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.tokenFor('sw.north')}` }, body: `{"lastName":"${NAME}","concerns":"${CONCERNS}` });
      await t.request('/children', { method: 'POST', as: 'sw.north', json: newChildContact({ lastName: NAME, concerns: `${CONCERNS} ${'y'.repeat(120_000)}` }) });
      await t.request(`/children/${NAME}?concerns=${encodeURIComponent(CONCERNS)}&dob=${DOB}`, { as: 'sw.north' });
      await t.request(`/children/${childId}/history?order=${NAME}`, { as: 'sw.north' });
      await t.request(`/children/${childId}/subject-access?format=html`, { as: 'hos' });
      await t.request(`/nowhere/${NAME}`, { as: 'sw.north' });
      await fetch(`${t.url}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: NAME }) });

      expect(t.logs.length).toBeGreaterThan(10);
      expect(t.logs.some((line) => line.includes(childId))).toBe(false);
      for (const secret of [NAME, FIRST, CONCERNS, 'Distinctive-concern', DOB]) {
        expect({ secret, lines: t.logs.filter((line) => line.includes(secret)) }).toEqual({ secret, lines: [] });
      }
    } finally {
      await t.close();
    }
  });
});

describe('the person-matching secret from the environment', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-salt-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const person = () => newChildContact({ firstName: 'Amara', lastName: 'Okafor', child: { status: 'BORN', dateOfBirth: '2019-04-12' } });
  const openAs = async (salt: string | undefined) => {
    const t = await startTestApp({ SQLITE_FILE: join(dir, 'journey.db'), ...(salt ? { PERSON_MATCH_SALT: salt } : {}) });
    try {
      return (await childApi(t).openChild('sw.north', person())).status;
    } finally {
      await t.close();
    }
  };

  it('keys matches with the configured secret: the same secret finds the child again, another secret does not', async () => {
    const secret = 'a'.repeat(48);
    expect(await openAs(secret)).toBe(201);
    expect(await openAs(secret)).toBe(409);
    expect(await openAs('b'.repeat(48))).toBe(201);
  });

  it('without the setting keeps the salt stored with the keys, as before', async () => {
    expect(await openAs(undefined)).toBe(201);
    expect(await openAs(undefined)).toBe(409);
  });
});
