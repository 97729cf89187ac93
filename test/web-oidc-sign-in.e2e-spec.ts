import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A stand-in identity provider, just enough of OpenID Connect for the authorisation code flow with PKCE:
 * discovery, keys, and a token endpoint that checks the client's secret and the code verifier against the challenge.
 */
async function startIdentityProvider() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; claims: Record<string, unknown> }>();
  let issuer = '';
  const sign = (claims: Record<string, unknown>, audience: string, key: CryptoKey = privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(issuer).setAudience(audience).setSubject(String(claims.sub)).setIssuedAt().setExpirationTime('10m').sign(key);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        if (req.headers.authorization !== `Basic ${Buffer.from('journey-web:s3cret-from-the-environment').toString('base64')}`) return json(401, { error: 'invalid_client' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
        void Promise.all([sign(grant.claims, 'journey'), sign({ sub: grant.claims.sub, nonce: grant.nonce }, 'journey-web')]).then(([access, id]) =>
          json(200, { access_token: access, id_token: id, token_type: 'Bearer', expires_in: 600 }),
        );
      });
      return undefined;
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    /** The user signs in at the provider: it issues a code for the authorisation request's challenge and nonce. */
    grant(authorizeUrl: URL, claims: Record<string, unknown>): string {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: authorizeUrl.searchParams.get('code_challenge') ?? '', nonce: authorizeUrl.searchParams.get('nonce') ?? '', claims });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('web interface: signing in through the authority’s identity provider (production)', () => {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let t: TestApp;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    t = await startTestApp({
      NODE_ENV: 'production',
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: 'journey',
      AUTH_WEB_CLIENT_ID: 'journey-web',
      AUTH_WEB_CLIENT_SECRET: 's3cret-from-the-environment',
      AUTH_WEB_REDIRECT_URI: 'https://journey.example.gov.uk/app/login/callback',
    });
  });

  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  async function begin(next = '/app/journey') {
    const res = await fetch(`${t.url}/app/login/oidc?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    return { authorize: new URL(res.headers.get('location') ?? ''), cookie: cookiesOf(res) };
  }

  it('offers no demo users in production, only the authority’s sign-in', async () => {
    const page = await (await fetch(`${t.url}/app/login`)).text();
    expect(page).toContain('Sign in with your authority account');
    expect(page).not.toContain('sw.north');
    const forged = await fetch(`${t.url}/app/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'userId=hos' });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((c) => c.includes('cje_session='))).toBe(false);
  });

  it('sends the browser to the provider with PKCE, state and nonce, and signs the user in on the way back', async () => {
    const { authorize, cookie } = await begin();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${idp.issuer}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'journey-web',
      redirect_uri: 'https://journey.example.gov.uk/app/login/callback',
      code_challenge_method: 'S256',
    });
    expect(cookie).toMatch(/^__Host-cje_oidc=/);
    const code = idp.grant(authorize, { sub: 'jane.smith', role: 'social_worker', team: 'north', name: 'Jane Smith' });
    const back = await fetch(`${t.url}/app/login/callback?code=${code}&state=${authorize.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie } });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/app/journey');
    const session = back.headers.getSetCookie().find((c) => c.startsWith('__Host-cje_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Strict/);
    const home = await fetch(`${t.url}/app`, { redirect: 'manual', headers: { cookie: cookiesOf(back) } });
    expect(home.headers.get('location')).toBe('/app/caseload');
  });

  it('refuses an answer whose state is not this browser’s sign-in (a forged or replayed callback)', async () => {
    const { authorize, cookie } = await begin();
    const code = idp.grant(authorize, { sub: 'jane.smith', role: 'social_worker', team: 'north' });
    const back = await fetch(`${t.url}/app/login/callback?code=${code}&state=someone-elses-state`, { redirect: 'manual', headers: { cookie } });
    expect(back.status).toBe(401);
    expect(await back.text()).toContain('was not started here');
    expect(back.headers.getSetCookie().some((c) => c.startsWith('__Host-cje_session=') && !c.startsWith('__Host-cje_session=;'))).toBe(false);
  });

  it('refuses a code redeemed without this browser’s PKCE verifier', async () => {
    const first = await begin();
    const second = await begin();
    // The code was granted for the first sign-in's challenge; the second browser's verifier does not match it.
    const code = idp.grant(first.authorize, { sub: 'jane.smith', role: 'social_worker', team: 'north' });
    const back = await fetch(`${t.url}/app/login/callback?code=${code}&state=${second.authorize.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie: second.cookie } });
    expect(back.status).toBe(401);
    expect(await back.text()).toContain('refused the sign-in');
  });

  it('refuses a user whose token carries no role this service knows', async () => {
    const { authorize, cookie } = await begin();
    const code = idp.grant(authorize, { sub: 'visitor', team: 'north' });
    const back = await fetch(`${t.url}/app/login/callback?code=${code}&state=${authorize.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie } });
    expect(back.status).toBe(401);
    expect(await back.text()).toContain('no role this service knows');
  });

  it('goes only to pages of this service after sign-in (no open redirect)', async () => {
    const { authorize, cookie } = await begin('https://elsewhere.example/steal');
    const code = idp.grant(authorize, { sub: 'tm', role: 'team_manager', team: 'north' });
    const back = await fetch(`${t.url}/app/login/callback?code=${code}&state=${authorize.searchParams.get('state')}`, { redirect: 'manual', headers: { cookie } });
    expect(back.headers.get('location')).toBe('/app/manager');
  });
});
