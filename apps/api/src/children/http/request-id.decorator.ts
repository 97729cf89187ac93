import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** The request id the logging middleware gave the request (echoed in `x-request-id`): events carry it as correlation id. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const header = ctx.switchToHttp().getResponse<Response>().getHeader('x-request-id');
  return typeof header === 'string' && header.length > 0 ? header : randomUUID();
});
