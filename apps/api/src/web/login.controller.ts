import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { AuthenticationError } from '../auth/auth.errors.js';
import { DEMO_USERS } from '../auth/demo-users.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import type { Principal, Role } from '../auth/principal.js';
import { TokenVerifier } from '../auth/token-verifier.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { WebPages } from './web.decorators.js';
import { safeNext, WEB_ROOT } from './web-error-pages.js';
import { WebRenderer } from './web-renderer.js';
import { clearSessionCookies, setSessionCookie } from './web-session.js';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

/** Where each role starts. */
export function homeOf(user: Principal): string {
  switch (user.role) {
    case 'social_worker':
      return `${WEB_ROOT}/caseload`;
    case 'team_manager':
    case 'head_of_service':
      return `${WEB_ROOT}/manager`;
    case 'auditor':
      return `${WEB_ROOT}/audit`;
    case 'administrator':
      return `${WEB_ROOT}/journey`;
  }
}

/** Signing in and out of the web interface, and the start page that sends each role to its own home. */
@WebPages()
@Controller(WEB_ROOT)
export class LoginController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly tokens: TokenVerifier,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get()
  home(@Req() req: AuthenticatedRequest, @Res() res: Response): void {
    // Reached only when signed in (the guard sends everyone else to the sign-in page).
    res.redirect(303, req.principal ? homeOf(req.principal) : `${WEB_ROOT}/login`);
  }

  @Public()
  @Get('login')
  loginPage(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response): void {
    this.showLogin(req, res, safeNext(next), []);
  }

  @Public()
  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(body.next);
    if (!this.tokens.developmentLoginEnabled) {
      this.showLogin(req, res, next, [], 404);
      return;
    }
    const user = DEMO_USERS.find((u) => u.userId === body.userId);
    if (!user) {
      this.showLogin(req, res, next, [{ text: 'Choose who to sign in as', href: '#userId' }], 400);
      return;
    }
    setSessionCookie(res, this.renderer.cookies, this.renderer.production, await this.tokens.issueDevelopmentToken(user));
    res.redirect(303, next === WEB_ROOT ? homeOf(user) : next);
  }

  @Public()
  @Get('login/oidc')
  async startOidc(@Query('next') next: unknown, @Res() res: Response): Promise<void> {
    await this.oidc.start(res, safeNext(next));
  }

  @Public()
  @Get('login/callback')
  async oidcCallback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { user, accessToken, next } = await this.oidc.finish(req, res, query);
      setSessionCookie(res, this.renderer.cookies, this.renderer.production, accessToken);
      res.redirect(303, next === WEB_ROOT ? homeOf(user) : next);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.showLogin(req, res, WEB_ROOT, [{ text: error.message, href: '#sign-in' }], 401);
    }
  }

  @Public()
  @Post('logout')
  logout(@Res() res: Response): void {
    clearSessionCookies(res, this.renderer.cookies, this.renderer.production);
    res.redirect(303, `${WEB_ROOT}/login`);
  }

  private showLogin(req: Request, res: Response, next: string, errors: { text: string; href: string }[], status = 200): void {
    const demoUsers = this.tokens.developmentLoginEnabled ? DEMO_USERS.map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role] })) : undefined;
    this.renderer.page(req, res, 'login.njk', { demoUsers, oidc: this.oidc.enabled, next: next === WEB_ROOT ? '' : next, errors }, status);
  }
}
