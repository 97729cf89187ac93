import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { AppConfig } from '@cje/runtime';
import { mayUse } from '../auth/access-policy.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { WEB_PATHS } from './web-paths.js';
import { csrfTokenFor, webCookieNames, type WebCookieNames } from './web-session.js';

export const SERVICE_NAME = 'Children’s services case record';

export interface NavItem {
  readonly href: string;
  readonly text: string;
  readonly active: boolean;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025-01-06` → `6 January 2025` (the GOV.UK style for dates); anything else is shown as it is. */
export function govukDate(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** `2025-01-06T14:30:00.000Z` → `6 January 2025, 14:30 UTC`. */
export function govukDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return govukDate(value);
  return `${govukDate(m[1])}, ${m[2]}:${m[3]}${value.endsWith('Z') ? ' UTC' : ''}`;
}

/** The navigation a user sees: only what their role may use. */
export function navigationFor(user: Principal | undefined, path: string): NavItem[] {
  if (!user) return [];
  const items: { href: string; text: string; show: boolean }[] = [
    { href: '/app/caseload', text: user.role === 'social_worker' ? 'My caseload' : 'Cases', show: mayUse(user, 'case.write').allowed },
    { href: '/app/contacts/new', text: 'Record a contact', show: mayUse(user, 'case.write').allowed },
    { href: '/app/manager', text: 'Dashboard', show: mayUse(user, 'reports.read').allowed },
    { href: '/app/audit', text: 'Audit', show: mayUse(user, 'audit.read').allowed || mayUse(user, 'integrity.verify').allowed },
    { href: '/app/journey', text: 'Journey map', show: true },
  ];
  return items.filter((i) => i.show).map(({ href, text }) => ({ href, text, active: path === href || path.startsWith(`${href}/`) }));
}

/**
 * Server-rendered pages in the GOV.UK Design System's markup: Nunjucks with govuk-frontend's own component macros
 * (so components keep their accessible markup as the design system updates them), autoescaping on.
 */
@Injectable()
export class WebRenderer {
  private readonly env: nunjucks.Environment;
  readonly cookies: WebCookieNames;
  readonly production: boolean;

  constructor(config: AppConfig) {
    this.production = config.NODE_ENV === 'production';
    this.cookies = webCookieNames(this.production);
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([WEB_PATHS.views, WEB_PATHS.govukDist], { noCache: config.NODE_ENV === 'development' }), {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    this.env.addFilter('govukDate', govukDate);
    this.env.addFilter('govukDateTime', govukDateTime);
    this.env.addGlobal('serviceName', SERVICE_NAME);
    this.env.addGlobal('environment', config.NODE_ENV);
  }

  /** Renders a template to a string with the page's common context (user, navigation, CSRF token). */
  renderToString(req: Request, res: Response, template: string, context: Record<string, unknown> = {}): string {
    const user = (req as AuthenticatedRequest).principal;
    const path = req.path;
    return this.env.render(template, {
      user,
      navigation: navigationFor(user, path),
      currentPath: path,
      csrfToken: csrfTokenFor(req, res, this.cookies, this.production),
      ...context,
    });
  }

  /** Sends a page. */
  page(req: Request, res: Response, template: string, context: Record<string, unknown> = {}, status = 200): void {
    const html = this.renderToString(req, res, template, context);
    res.status(status).type('html').send(html);
  }
}
