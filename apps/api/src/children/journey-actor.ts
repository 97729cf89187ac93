import type { Actor } from '@cje/event-store';
import type { JourneyActor } from '@cje/journey';
import type { Principal } from '../auth/principal.js';

/** Who the events say did it: the token's user, role and team (ids only, never a name). */
export function storeActor(user: Principal): Actor {
  return { userId: user.userId, role: user.role, team: user.team };
}

/** The journey names roles in capitals (`TEAM_MANAGER`); it uses them only to decide who may authorise. */
export function journeyActor(user: Principal): JourneyActor {
  return { userId: user.userId, role: user.role.toUpperCase(), team: user.team };
}
