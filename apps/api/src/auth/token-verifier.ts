import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppConfig } from '@cje/runtime';
import { AuthenticationError } from './auth.errors.js';
import { isRole, type Principal } from './principal.js';

const DEV_ISSUER = 'urn:child-journey-engine:development-login';
const DEV_AUDIENCE = 'child-journey-engine';
const DEV_TOKEN_LIFETIME = '8h';
const VERIFIED_TOKEN_CACHE_SIZE = 2000;

/**
 * Verifies bearer tokens. In production only tokens from the configured OpenID Connect issuer are accepted,
 * checked against its published keys (JWKS), issuer and audience. Outside production a development login also
 * signs tokens with a key pair made at start-up (it never leaves the process, so tokens die with it).
 */
@Injectable()
export class TokenVerifier {
  private oidcKeys?: Promise<JWTVerifyGetKey>;
  private discovery?: Promise<OidcMetadata>;
  private devKeys?: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(private readonly config: AppConfig) {}

  get developmentLoginEnabled(): boolean {
    return this.config.NODE_ENV !== 'production';
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;
    let payload: JWTPayload;
    try {
      payload = await this.verifySignature(token);
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new AuthenticationError('The token has expired: sign in again.');
      throw new AuthenticationError('The token could not be verified.');
    }
    const principal = toPrincipal(payload);
    this.remember(token, principal, payload.exp);
    return principal;
  }

  /**
   * A token whose signature checked out stays good until it expires, so a worker's burst of requests is verified
   * once. Bounded, and never past the token's own expiry.
   */
  private remember(token: string, principal: Principal, exp: number | undefined): void {
    if (exp === undefined) return;
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { principal, expiresAtMs: exp * 1000 });
  }

  /** Signs a token for a demo user. Refused in production. */
  async issueDevelopmentToken(user: Principal, expiresAt: string | number = DEV_TOKEN_LIFETIME): Promise<string> {
    if (!this.developmentLoginEnabled) throw new AuthenticationError('The development login is not available in production.');
    const { privateKey } = await this.devKeyPair();
    return new SignJWT({ role: user.role, team: user.team, name: user.displayName })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(user.userId)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(privateKey);
  }

  /** The development public key, for tests that need to prove a forged token is refused. */
  async developmentPublicJwk(): Promise<object> {
    return exportJWK((await this.devKeyPair()).publicKey);
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    const issuer = peekIssuer(token);
    if (issuer === DEV_ISSUER && this.developmentLoginEnabled) {
      const { publicKey } = await this.devKeyPair();
      return (await jwtVerify(token, publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['ES256'] })).payload;
    }
    if (this.config.AUTH_ISSUER && this.config.AUTH_AUDIENCE) {
      const keys = await this.oidcKeySet();
      return (await jwtVerify(token, keys, { issuer: this.config.AUTH_ISSUER, audience: this.config.AUTH_AUDIENCE })).payload;
    }
    throw new AuthenticationError('The token was not issued by a trusted issuer.');
  }

  private devKeyPair() {
    this.devKeys ??= generateKeyPair('ES256');
    return this.devKeys;
  }

  private oidcKeySet(): Promise<JWTVerifyGetKey> {
    this.oidcKeys ??= (async () => {
      const jwksUrl = this.config.AUTH_JWKS_URL ?? (await this.oidcMetadata()).jwks_uri;
      if (!jwksUrl) throw new AuthenticationError('The identity provider publishes no keys.');
      return createRemoteJWKSet(new URL(jwksUrl));
    })();
    this.oidcKeys.catch(() => (this.oidcKeys = undefined));
    return this.oidcKeys;
  }

  /** The issuer's OpenID Connect discovery document (endpoints, keys), fetched once; retried after a failure. */
  oidcMetadata(): Promise<OidcMetadata> {
    this.discovery ??= (async () => {
      const issuer = this.config.AUTH_ISSUER;
      if (!issuer) throw new AuthenticationError('No identity provider is configured.');
      const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new AuthenticationError('The identity provider could not be reached.');
      return (await res.json()) as OidcMetadata;
    })();
    this.discovery.catch(() => (this.discovery = undefined));
    return this.discovery;
  }

  /** An ID token from the issuer, for this client, answering this sign-in (nonce): its claims. */
  async verifyIdToken(idToken: string, clientId: string, nonce: string): Promise<JWTPayload> {
    if (!this.config.AUTH_ISSUER) throw new AuthenticationError('No identity provider is configured.');
    try {
      const { payload } = await jwtVerify(idToken, await this.oidcKeySet(), { issuer: this.config.AUTH_ISSUER, audience: clientId });
      if (payload.nonce !== nonce) throw new AuthenticationError('The sign-in answer does not belong to this sign-in.');
      return payload;
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      throw new AuthenticationError('The identity provider’s answer could not be verified.');
    }
  }
}

/** The parts of an OpenID Connect discovery document this service uses. */
export interface OidcMetadata {
  readonly issuer?: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly jwks_uri?: string;
  readonly end_session_endpoint?: string;
}

function peekIssuer(token: string): string | undefined {
  const part = token.split('.')[1];
  if (!part) throw new AuthenticationError('The token is malformed.');
  try {
    return (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { iss?: string }).iss;
  } catch {
    throw new AuthenticationError('The token is malformed.');
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload.role ?? (Array.isArray(payload.roles) ? (payload.roles as unknown[])[0] : undefined);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new AuthenticationError('The token names no user.');
  if (!isRole(role)) throw new AuthenticationError('The token carries no role this service knows.');
  if (typeof payload.team !== 'string' || payload.team.length === 0) throw new AuthenticationError('The token names no team.');
  return { userId: payload.sub, role, team: payload.team, displayName: typeof payload.name === 'string' ? payload.name : payload.sub };
}
