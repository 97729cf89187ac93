import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { mayUse } from '../../auth/access-policy.js';
import type { AuthenticatedRequest } from '../../auth/auth.decorators.js';
import { AuthenticationError, ForbiddenError } from '../../auth/auth.errors.js';
import type { Principal } from '../../auth/principal.js';

/**
 * The audit pages are for whoever may read the access log or check integrity (access-policy.ts: auditors, and the
 * head of service for integrity and subject access). Each page then asks for its own capability, and each child
 * the same per-child rule as the API, so a head of service sees the parts their role allows and no more.
 */
export function mayOpenAuditPages(user: Principal): boolean {
  return mayUse(user, 'audit.read').allowed || mayUse(user, 'integrity.verify').allowed;
}

/** Runs after the sign-in guard and before any pipe, so a refusal says nothing about the child named. */
@Injectable()
export class AuditPagesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!user) throw new AuthenticationError('Sign in to continue.');
    if (!mayOpenAuditPages(user)) throw new ForbiddenError('Only auditors and the head of service may use the audit pages.');
    return true;
  }
}
