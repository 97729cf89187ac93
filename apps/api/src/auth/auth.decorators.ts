import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Capability } from './access-policy.js';
import type { Principal, Role } from './principal.js';

export const PUBLIC_ROUTE = 'auth:public';
export const ALLOWED_ROLES = 'auth:roles';
export const REQUIRED_CAPABILITY = 'auth:capability';

/** The route needs no token (health, development login). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Only these roles may call the route. Prefer `@Requires(capability)`: a role list here is a decision outside
 * access-policy.ts, which is meant to be the one place that says who may do what.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/**
 * The route needs this capability (see access-policy.ts). Checked by the guard before the body is validated, so
 * a role that may never do this gets 403 whatever it sends, and whichever child it names.
 */
export const Requires = (capability: Capability) => SetMetadata(REQUIRED_CAPABILITY, capability);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The verified user of the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentUser used on a public route');
  return principal;
});
