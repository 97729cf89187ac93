import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The browser session: the same signed token the API takes as a bearer token, kept in an HttpOnly cookie so page
 * scripts never see it. SameSite=Strict keeps it off requests started by other sites; every form also carries a
 * CSRF token that must equal a second cookie (double submit), so a forged form post fails even where SameSite is
 * not honoured. In production the cookies are Secure and use the __Host- prefix (this origin only, path /).
 */
export interface WebCookieNames {
  readonly session: string;
  readonly csrf: string;
}

export function webCookieNames(production: boolean): WebCookieNames {
  return production ? { session: '__Host-cje_session', csrf: '__Host-cje_csrf' } : { session: 'cje_session', csrf: 'cje_csrf' };
}

/** The cookies of a request, parsed without a dependency: names and values as sent (values URI-decoded). */
export function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      // A value that is not valid URI encoding is not one of ours: ignore it.
    }
  }
  return cookies;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function sessionTokenOf(req: Request, names: WebCookieNames): string | undefined {
  const token = readCookies(req).get(names.session);
  return token && TOKEN_SHAPE.test(token) ? token : undefined;
}

function cookieAttributes(production: boolean, maxAgeSeconds?: number): string {
  return ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(production ? ['Secure'] : []), ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`])].join('; ');
}

export function setSessionCookie(res: Response, names: WebCookieNames, production: boolean, token: string): void {
  res.append('set-cookie', `${names.session}=${token}; ${cookieAttributes(production)}`);
}

export function clearSessionCookies(res: Response, names: WebCookieNames, production: boolean): void {
  res.append('set-cookie', `${names.session}=; ${cookieAttributes(production, 0)}`);
  res.append('set-cookie', `${names.csrf}=; ${cookieAttributes(production, 0)}`);
}

/**
 * The CSRF token for this browser: the cookie's value when it has one, else a new one set on the response (so the
 * sign-in form, shown before there is a session, is protected too).
 */
export function csrfTokenFor(req: Request, res: Response, names: WebCookieNames, production: boolean): string {
  const existing = readCookies(req).get(names.csrf);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.append('set-cookie', `${names.csrf}=${token}; ${cookieAttributes(production)}`);
  // Later templates in the same response read it from the request.
  req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${names.csrf}=${token}`;
  return token;
}

/** A form post's `_csrf` field equals the browser's CSRF cookie. */
export function csrfMatches(req: Request, names: WebCookieNames): boolean {
  const cookie = readCookies(req).get(names.csrf);
  const body = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!cookie || typeof body !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(body);
  return a.length === b.length && timingSafeEqual(a, b);
}
