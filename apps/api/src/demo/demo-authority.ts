import type { JourneyActor } from '@cje/journey';
import { defaultTeams, type AuthorityTeam } from '@cje/testing';
import { DEMO_USERS } from '../auth/demo-users.js';
import { isRole, type Principal } from '../auth/principal.js';

/** Teams of the generator's structure that the demo users' teams take the place of. */
const DEMO_TEAM_FOR: Readonly<Record<string, string>> = {
  mash: 'mash',
  'locality-1': 'north',
  'locality-2': 'south',
  'children-in-care-1': 'children-in-care',
};

/**
 * The demo authority's teams: the structure of an authority of this size (front door, localities, children in
 * care, leaving care; about 18 open cases a worker), with the demo users in their own teams and synthetic colleagues
 * making up the numbers. So every demo user can sign in and sees a realistic caseload, whatever the scale; the
 * synthetic colleagues (`sw.locality-3.2`) carry the rest and are seen through the head of service and reports.
 */
export function demoTeams(scale: number): AuthorityTeam[] {
  const demo = new Map<string, { workers: string[]; managers: string[] }>();
  for (const user of DEMO_USERS) {
    if (user.role !== 'social_worker' && user.role !== 'team_manager') continue;
    const team = demo.get(user.team) ?? { workers: [], managers: [] };
    (user.role === 'social_worker' ? team.workers : team.managers).push(user.userId);
    demo.set(user.team, team);
  }
  const teams: AuthorityTeam[] = defaultTeams(scale).map((team) => {
    const id = DEMO_TEAM_FOR[team.id];
    const users = id === undefined ? undefined : demo.get(id);
    if (id === undefined || users === undefined) return team;
    return { id, kind: team.kind, workers: topUp(users.workers, team.workers), managers: topUp(users.managers, team.managers) };
  });
  // A small authority has fewer localities than the demo users have teams: their teams come on top.
  for (const [id, users] of demo) {
    if (!teams.some((t) => t.id === id)) teams.push({ id, workers: users.workers, managers: users.managers });
  }
  return teams;
}

/** The demo users first, then synthetic colleagues up to the team's size. */
function topUp(users: readonly string[], sized: readonly string[]): string[] {
  return [...users, ...sized.slice(users.length)];
}

/** Who gives a generated command: a demo user when it is one (with its display name), else a synthetic colleague. */
export function principalFor(actor: JourneyActor): Principal {
  const known = DEMO_USERS.find((u) => u.userId === actor.userId);
  if (known) return known;
  const role = actor.role.toLowerCase();
  if (!isRole(role)) throw new Error(`the demo authority names an unknown role ${actor.role}`);
  return { userId: actor.userId, role, team: actor.team, displayName: actor.userId };
}
