import type { CaseScope } from '@cje/projections';
import { canSeeChild, canSeeTeam } from '../auth/access-policy.js';
import { ForbiddenError } from '../auth/auth.errors.js';
import type { Principal } from '../auth/principal.js';

/**
 * Whose cases a manager's query covers, decided by the access policy: a team the caller may not see is refused
 * (403: teams are not secret); with no team asked for, the whole service for those who see every team, else the
 * caller's own team. A worker narrows further, within that.
 */
export function scopeFor(user: Principal, asked: { readonly team?: string; readonly workerId?: string }): CaseScope {
  if (asked.team !== undefined) {
    const decision = canSeeTeam(user, asked.team);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
  }
  // Asked of a team that is not the caller's: may they see every team's work?
  const everyTeam = canSeeTeam(user, `${user.team}\u0000another team`).allowed;
  const team = asked.team ?? (everyTeam ? undefined : user.team);
  return { ...(team !== undefined ? { team } : {}), ...(asked.workerId !== undefined ? { workerId: asked.workerId } : {}) };
}

/**
 * The rows of a list the caller may see, checked one by one against the policy as well: the scope already narrowed
 * the query, so this drops nothing unless the read model and the policy ever disagree, and then it errs on the safe side.
 */
export function visibleTo<T extends { readonly team: string | null }>(user: Principal, rows: readonly T[]): T[] {
  return rows.filter((row) => row.team !== null && canSeeChild(user, { owningTeam: row.team }).allowed);
}
