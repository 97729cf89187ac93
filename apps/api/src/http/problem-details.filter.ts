import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { ConcurrencyError, EventStoreError, IdempotencyConflictError, InvalidEventError } from '@cje/event-store';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AuthenticationError, ForbiddenError } from '../auth/auth.errors.js';
import { ApiError } from './api-error.js';

/** RFC 9457 problem details: the one place where errors become HTTP responses. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  422: 'Rule broken',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function toProblem(error: unknown): ProblemDetails {
  const problem = (status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemDetails => ({
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  });
  if (error instanceof ApiError) return problem(error.status, error.code, error.detail, error.extensions);
  if (error instanceof AuthenticationError) return problem(401, error.code, error.message);
  if (error instanceof ForbiddenError) return problem(403, error.code, error.message);
  if (error instanceof ConcurrencyError) {
    return problem(409, error.code, 'Someone else changed this record at the same time. Nothing you sent was saved: reload and try again.', {
      expectedRevision: error.expected,
      actualRevision: error.actual,
    });
  }
  if (error instanceof IdempotencyConflictError) return problem(409, error.code, error.message);
  if (error instanceof InvalidEventError) return problem(400, error.code, error.message);
  if (error instanceof EventStoreError) return problem(503, error.code, 'The record store is not available. Nothing was saved; try again shortly.');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const messages = typeof body === 'object' && body !== null && 'message' in body ? (body).message : undefined;
    if (Array.isArray(messages)) {
      return problem(status, status === 400 ? 'VALIDATION_FAILED' : `HTTP_${status}`, messages.join('; '), { errors: messages });
    }
    const code = status === 404 ? 'ROUTE_NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : `HTTP_${status}`;
    return problem(status, code, typeof messages === 'string' ? messages : error.message);
  }
  const status = (error as { status?: unknown; type?: unknown } | null)?.status;
  if (status === 413) return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (status === 400 && (error as { type?: unknown }).type === 'entity.parse.failed') return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  return problem(500, 'INTERNAL_ERROR', 'Something went wrong. Nothing you sent was lost; the request id identifies it for support.');
}

/** Errors on the web interface's pages are shown as pages rather than problem documents. */
export interface ErrorPages {
  handles(req: Request): boolean;
  show(problem: ProblemDetails, req: Request, res: Response): void;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly pages?: ErrorPages,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = toProblem(error);
    const requestId = res.getHeader('x-request-id');
    if (problem.status >= 500) {
      // Only the error's class and message: never request bodies, which carry children's details.
      this.logger.error({ requestId, error: error instanceof Error ? error.name : typeof error, message: error instanceof Error ? error.message : undefined, stack: error instanceof Error ? error.stack : undefined }, 'request failed');
    }
    if (this.pages?.handles(req)) {
      this.pages.show({ ...problem, requestId }, req, res);
      return;
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: req.originalUrl.split('?')[0], requestId });
  }
}
