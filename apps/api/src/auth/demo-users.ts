import type { Principal } from './principal.js';

/**
 * Users of the demo authority, for the development login only (never offered in production).
 * Teams follow a typical structure: a front door (MASH), two locality safeguarding teams, a children in care team.
 */
export const DEMO_USERS: readonly Principal[] = [
  { userId: 'sw.north', role: 'social_worker', team: 'north', displayName: 'Social worker, North locality' },
  { userId: 'sw.north2', role: 'social_worker', team: 'north', displayName: 'Second social worker, North locality' },
  { userId: 'sw.south', role: 'social_worker', team: 'south', displayName: 'Social worker, South locality' },
  { userId: 'sw.mash', role: 'social_worker', team: 'mash', displayName: 'MASH screener' },
  { userId: 'sw.cic', role: 'social_worker', team: 'children-in-care', displayName: 'Social worker, Children in care' },
  { userId: 'tm.north', role: 'team_manager', team: 'north', displayName: 'Team manager, North locality' },
  { userId: 'tm.south', role: 'team_manager', team: 'south', displayName: 'Team manager, South locality' },
  { userId: 'tm.mash', role: 'team_manager', team: 'mash', displayName: 'Team manager, MASH' },
  { userId: 'hos', role: 'head_of_service', team: 'service', displayName: 'Head of service' },
  { userId: 'auditor', role: 'auditor', team: 'quality-assurance', displayName: 'Auditor' },
  { userId: 'admin', role: 'administrator', team: 'systems', displayName: 'Administrator' },
];
