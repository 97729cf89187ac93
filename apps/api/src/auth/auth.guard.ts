import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AppConfig, rateLimits, type RateLimits } from '@cje/runtime';
import { ApiError } from '../http/api-error.js';
import { type Capability, mayUse } from './access-policy.js';
import { AuthenticationError, ForbiddenError } from './auth.errors.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE, REQUIRED_CAPABILITY, type AuthenticatedRequest } from './auth.decorators.js';
import type { Role } from './principal.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenVerifier } from './token-verifier.js';
import { WEB_PAGE } from '../web/web.decorators.js';
import { csrfMatches, sessionTokenOf, webCookieNames, type WebCookieNames } from '../web/web-session.js';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs a verified bearer token unless marked @Public(); @Requires() (a capability, decided in
 * access-policy.ts) or @Roles() narrows who may call it. Requests are also counted here: by user once the token is
 * verified, else by address (public routes, and requests whose token is missing or refused), so that a flood of
 * bad tokens is limited as well as a busy user.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limits: RateLimits;
  private readonly cookies: WebCookieNames;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly limiter: RateLimiter,
    config: AppConfig,
  ) {
    this.limits = rateLimits(config);
    this.cookies = webCookieNames(config.NODE_ENV === 'production');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    // Web pages sign in by the session cookie, so each of their form posts must prove it came from our own page.
    const webPage = this.reflector.getAllAndOverride<boolean>(WEB_PAGE, targets) === true;
    if (webPage && !SAFE_METHODS.has(req.method) && !csrfMatches(req, this.cookies)) {
      this.count(`ip:${addressOf(req)}`, this.limits.perIp, res);
      throw new ApiError(403, 'CSRF_TOKEN_MISMATCH', 'This form has expired or did not come from this service. Nothing was saved: go back, reload the page and try again.');
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      this.count(`ip:${addressOf(req)}`, this.limits.perIp, res);
      return true;
    }
    try {
      const token = webPage ? sessionTokenOf(req, this.cookies) : bearerTokenOf(req);
      if (!token) throw new AuthenticationError(webPage ? 'Sign in to continue.' : 'Sign in: this request needs a bearer token.');
      req.principal = await this.tokens.verify(token);
    } catch (error) {
      this.count(`ip:${addressOf(req)}`, this.limits.perIp, res);
      throw error;
    }
    const user = req.principal;
    this.count(`user:${user.userId}`, this.limits.perUser, res);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenError(`Your role (${user.role}) may not do this.`);
    }
    const capability = this.reflector.getAllAndOverride<Capability | undefined>(REQUIRED_CAPABILITY, targets);
    if (capability) {
      const decision = mayUse(user, capability);
      if (!decision.allowed) throw new ForbiddenError(decision.reason);
    }
    return true;
  }

  private count(key: string, limit: number, res: Response): void {
    const decision = this.limiter.hit(key, limit);
    if (decision.allowed) return;
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    throw new ApiError(429, 'RATE_LIMITED', `Too many requests: at most ${decision.limit} in ${this.limits.windowMs / 1000} seconds. Try again in ${decision.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}

function bearerTokenOf(req: AuthenticatedRequest): string | undefined {
  const header = req.header('authorization');
  return (header ? /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header) : null)?.[1];
}

function addressOf(req: AuthenticatedRequest): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
