import { SignJWT, generateKeyPair } from 'jose';
import { DEMO_USERS } from '../apps/api/src/auth/demo-users.js';
import { TokenVerifier } from '../apps/api/src/auth/token-verifier.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const me = (authorization?: string) => fetch(`${t.url}/auth/me`, { headers: authorization ? { authorization } : {} });

  it('answers 401 with a problem body when no token is sent', async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'Sign in: this request needs a bearer token.' });
  });

  it('answers 401 for a malformed token', async () => {
    expect((await me('Bearer not-a-token')).status).toBe(401);
    expect((await me('Basic dXNlcjpwYXNz')).status).toBe(401);
  });

  it('answers 401 for a token signed with another key, even with the right claims', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'head_of_service', team: 'service' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('intruder')
      .setIssuer('urn:child-journey-engine:development-login')
      .setAudience('child-journey-engine')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const res = await me(`Bearer ${forged}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'The token could not be verified.' });
  });

  it('answers 401 for an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', role: 'head_of_service', team: 'service', iss: 'urn:child-journey-engine:development-login', aud: 'child-journey-engine' })).toString('base64url');
    expect((await me(`Bearer ${header}.${body}.AAAA`)).status).toBe(401);
  });

  it('answers 401 for an expired token and says so', async () => {
    const user = DEMO_USERS[0]!;
    const expired = await t.app.get(TokenVerifier).issueDevelopmentToken(user, Math.floor(Date.now() / 1000) - 60);
    const res = await me(`Bearer ${expired}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'The token has expired: sign in again.' });
  });

  it('signs in a demo user through the development login and knows who they are', async () => {
    const login = await t.request('/auth/dev-login', { method: 'POST', json: { userId: 'tm.north' } });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const res = await me(`Bearer ${accessToken}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: 'tm.north', role: 'team_manager', team: 'north' });
  });

  it('refuses an unknown demo user with a helpful message, and invalid bodies with 400', async () => {
    const res = await t.request('/auth/dev-login', { method: 'POST', json: { userId: 'nobody' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('There is no demo user nobody');
    const bad = await t.request('/auth/dev-login', { method: 'POST', json: { userId: 42, extra: true } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers malformed JSON and oversized bodies as problems', async () => {
    const malformed = await fetch(`${t.url}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    const big = await fetch(`${t.url}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'x'.repeat(200_000) }) });
    expect(big.status).toBe(413);
  });

  it('sends security headers', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });
});

describe('authentication in production', () => {
  it('offers no development login', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', AUTH_ISSUER: 'http://127.0.0.1:9/issuer', AUTH_AUDIENCE: 'journey' });
    try {
      expect((await t.request('/auth/dev-login', { method: 'POST', json: { userId: 'hos' } })).status).toBe(404);
      await expect(t.tokenFor('hos')).rejects.toThrow('not available in production');
    } finally {
      await t.close();
    }
  });
});
