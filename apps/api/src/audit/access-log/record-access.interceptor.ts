import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/auth.decorators.js';
import type { AccessView } from './access-log-entry.js';
import { AccessLog } from './access-log.js';

const ACCESS_VIEW = 'audit:access-view';

/**
 * After the handler has produced a child's data and before it is sent, waits until the read is in the access log.
 * A handler that fails (404, 403) has shown nothing and logs nothing; a read that cannot be logged is refused (503).
 */
@Injectable()
export class RecordAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const view = this.reflector.get<AccessView | undefined>(ACCESS_VIEW, context.getHandler());
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const user = req.principal;
        const childId = req.params.childId;
        if (!view || !user || typeof childId !== 'string') throw new Error('RecordAccess needs a signed-in user and a :childId route');
        const requestId = res.getHeader('x-request-id');
        await this.accessLog.record({
          userId: user.userId,
          role: user.role,
          team: user.team,
          childId,
          view,
          requestId: typeof requestId === 'string' ? requestId : '',
        });
        return body;
      }),
    );
  }
}

/** The route shows one child's data (`:childId`): each successful read goes into the access log first. */
export const RecordAccess = (view: AccessView) => applyDecorators(SetMetadata(ACCESS_VIEW, view), UseInterceptors(RecordAccessInterceptor));
