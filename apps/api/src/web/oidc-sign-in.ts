import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '@cje/runtime';
import { AuthenticationError } from '../auth/auth.errors.js';
import type { Principal } from '../auth/principal.js';
import { TokenVerifier } from '../auth/token-verifier.js';
import { readCookies } from './web-session.js';

/** What the browser carries between leaving for the identity provider and coming back: ten minutes at most. */
interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  readonly nonce: string;
  readonly next: string;
}

const PENDING_MAX_AGE_SECONDS = 600;

/**
 * Browser sign-in with the authority's identity provider: OpenID Connect authorisation code flow with PKCE (S256),
 * state and nonce. The access token it yields is verified exactly as the API verifies bearer tokens (issuer,
 * audience, keys, role and team claims) and becomes the session cookie; the ID token's nonce ties the answer to
 * this browser's sign-in. The pending sign-in cookie is SameSite=Lax because the identity provider's redirect back
 * is a cross-site navigation, which a Strict cookie would not survive.
 */
@Injectable()
export class OidcSignIn {
  private readonly production: boolean;
  private readonly cookieName: string;

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenVerifier,
  ) {
    this.production = config.NODE_ENV === 'production';
    this.cookieName = this.production ? '__Host-cje_oidc' : 'cje_oidc';
  }

  get enabled(): boolean {
    return Boolean(this.config.AUTH_ISSUER && this.config.AUTH_WEB_CLIENT_ID && this.config.AUTH_WEB_REDIRECT_URI);
  }

  /** Sends the browser to the identity provider. */
  async start(res: Response, next: string): Promise<void> {
    const { clientId, redirectUri } = this.client();
    const metadata = await this.tokens.oidcMetadata();
    if (!metadata.authorization_endpoint) throw new AuthenticationError('The identity provider publishes no authorisation endpoint.');
    const pending: PendingSignIn = { state: random(), verifier: random(), nonce: random(), next };
    res.append('set-cookie', `${this.cookieName}=${Buffer.from(JSON.stringify(pending)).toString('base64url')}; ${this.attributes(PENDING_MAX_AGE_SECONDS)}`);
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: this.config.AUTH_WEB_SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    res.redirect(303, url.toString());
  }

  /**
   * The identity provider's answer: checks the state against this browser's pending sign-in, exchanges the code
   * (with the PKCE verifier), verifies both tokens. Answers the user, the access token, and where to go next.
   */
  async finish(req: Request, res: Response, query: Record<string, unknown>): Promise<{ user: Principal; accessToken: string; next: string }> {
    const pending = this.pending(req);
    res.append('set-cookie', `${this.cookieName}=; ${this.attributes(0)}`);
    if (typeof query.error === 'string') throw new AuthenticationError(`The identity provider did not sign you in (${query.error.slice(0, 64)}).`);
    const code = query.code;
    const state = query.state;
    if (!pending || typeof state !== 'string' || !sameText(state, pending.state)) throw new AuthenticationError('This sign-in was not started here or has expired: start again.');
    if (typeof code !== 'string' || code.length === 0 || code.length > 2048) throw new AuthenticationError('The identity provider sent no authorisation code.');
    const { clientId, redirectUri, secret } = this.client();
    const metadata = await this.tokens.oidcMetadata();
    if (!metadata.token_endpoint) throw new AuthenticationError('The identity provider publishes no token endpoint.');
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (secret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    const answer = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: pending.verifier }),
    });
    if (!answer.ok) throw new AuthenticationError('The identity provider refused the sign-in: start again.');
    const tokens = (await answer.json()) as { access_token?: unknown; id_token?: unknown };
    if (typeof tokens.access_token !== 'string' || typeof tokens.id_token !== 'string') throw new AuthenticationError('The identity provider sent no tokens.');
    const identity = await this.tokens.verifyIdToken(tokens.id_token, clientId, pending.nonce);
    const user = await this.tokens.verify(tokens.access_token);
    if (identity.sub !== user.userId) throw new AuthenticationError('The identity provider’s tokens name different users.');
    return { user, accessToken: tokens.access_token, next: pending.next };
  }

  private pending(req: Request): PendingSignIn | undefined {
    const raw = readCookies(req).get(this.cookieName);
    if (!raw) return undefined;
    try {
      const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
      return typeof value.state === 'string' && typeof value.verifier === 'string' && typeof value.nonce === 'string' && typeof value.next === 'string'
        ? (value as PendingSignIn)
        : undefined;
    } catch {
      return undefined;
    }
  }

  private client(): { clientId: string; redirectUri: string; secret?: string } {
    const clientId = this.config.AUTH_WEB_CLIENT_ID;
    const redirectUri = this.config.AUTH_WEB_REDIRECT_URI;
    if (!this.enabled || !clientId || !redirectUri) throw new AuthenticationError('Browser sign-in is not set up for this service.');
    return { clientId, redirectUri, secret: this.config.AUTH_WEB_CLIENT_SECRET };
  }

  private attributes(maxAge: number): string {
    return ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(this.production ? ['Secure'] : []), `Max-Age=${maxAge}`].join('; ');
  }
}

function random(): string {
  return randomBytes(32).toString('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
