import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorPages, ProblemDetails } from '../http/problem-details.filter.js';
import { WebRenderer } from './web-renderer.js';

export const WEB_ROOT = '/app';

/** A path of ours to come back to after signing in: same origin, under the web interface, nothing else. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/app(\/[A-Za-z0-9/_.:?=&%-]*)?$/.test(value) && !value.startsWith('//') ? value : WEB_ROOT;
}

@Injectable()
export class WebErrorPages implements ErrorPages {
  constructor(private readonly renderer: WebRenderer) {}

  handles(req: Request): boolean {
    return req.path === WEB_ROOT || req.path.startsWith(`${WEB_ROOT}/`);
  }

  show(problem: ProblemDetails, req: Request, res: Response): void {
    if (problem.status === 401) {
      const next = req.method === 'GET' ? safeNext(req.originalUrl) : WEB_ROOT;
      res.redirect(303, `${WEB_ROOT}/login${next === WEB_ROOT ? '' : `?next=${encodeURIComponent(next)}`}`);
      return;
    }
    const heading =
      problem.status === 404
        ? 'Page not found'
        : problem.status === 403
          ? 'You cannot do this'
          : problem.status === 429
            ? 'Too many requests'
            : problem.status >= 500
              ? 'Sorry, there is a problem with the service'
              : problem.title;
    this.renderer.page(req, res, 'error.njk', { heading, problem }, problem.status);
  }
}
