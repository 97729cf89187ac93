import type { AuthorityTeam } from '@cje/testing';
import { DEMO_USERS } from '../auth/demo-users.js';

/** The demo authority's teams, built from the demo users so every generated actor can sign in and see its work. */
export function demoTeams(): AuthorityTeam[] {
  const byTeam = new Map<string, { workers: string[]; managers: string[] }>();
  for (const user of DEMO_USERS) {
    if (user.role !== 'social_worker' && user.role !== 'team_manager') continue;
    const team = byTeam.get(user.team) ?? { workers: [], managers: [] };
    if (user.role === 'social_worker') team.workers.push(user.userId);
    else team.managers.push(user.userId);
    byTeam.set(user.team, team);
  }
  return [...byTeam].map(([id, t]) => ({ id, workers: t.workers, managers: t.managers }));
}
