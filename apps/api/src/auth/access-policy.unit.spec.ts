import {
  CAPABILITIES,
  canActOnChild,
  canExportSubjectAccess,
  canOpenRecord,
  canReadChildHistory,
  canSeeChild,
  canSeeTeam,
  commandsUserMayGive,
  mayUse,
  owningTeam,
  type Capability,
} from './access-policy.js';
import type { Principal, Role } from './principal.js';

const user = (role: Role, team = 'north'): Principal => ({ userId: `${role}.${team}`, role, team, displayName: role });
const northChild = { owningTeam: 'north' };

describe('who may see a child', () => {
  it.each<[Role, string, boolean]>([
    ['social_worker', 'north', true],
    ['social_worker', 'south', false],
    ['team_manager', 'north', true],
    ['team_manager', 'south', false],
    ['head_of_service', 'service', true],
    ['auditor', 'quality-assurance', true],
    ['administrator', 'north', false],
  ])('%s of team %s: %s', (role, team, allowed) => {
    expect(canSeeChild(user(role, team), northChild).allowed).toBe(allowed);
  });

  it('hides another team’s child as if it did not exist', () => {
    expect(canSeeChild(user('social_worker', 'south'), northChild)).toEqual({ allowed: false, reason: 'The child is with another team.', hide: true });
  });
});

describe('who may act on a child', () => {
  it('lets a social worker of the team record work but not authorise it', () => {
    expect(canActOnChild(user('social_worker'), northChild, 'StartAssessment').allowed).toBe(true);
    expect(canActOnChild(user('social_worker'), northChild, 'AuthoriseAssessment')).toEqual({
      allowed: false,
      reason: 'Only a team manager may authorise assessment.',
      hide: false,
    });
    expect(canActOnChild(user('team_manager'), northChild, 'AuthoriseAssessment').allowed).toBe(true);
  });

  it('never lets an auditor write, though they can read', () => {
    expect(canActOnChild(user('auditor', 'qa'), northChild, 'StartAssessment')).toMatchObject({ allowed: false, hide: false });
    expect(canOpenRecord(user('auditor', 'qa')).allowed).toBe(false);
  });

  it('keeps other teams out, hiding the child', () => {
    expect(canActOnChild(user('team_manager', 'south'), northChild, 'StartAssessment')).toMatchObject({ allowed: false, hide: true });
  });

  it('keeps administrators out of case records', () => {
    expect(canActOnChild(user('administrator'), northChild, 'StartAssessment').allowed).toBe(false);
    expect(canOpenRecord(user('administrator')).allowed).toBe(false);
  });
});

describe('which team owns a child', () => {
  it('is the allocated team while the case is allocated, else the team that recorded the first event', () => {
    expect(owningTeam({ allocatedTeam: 'children-in-care', firstRecordedByTeam: 'mash' })).toBe('children-in-care');
    expect(owningTeam({ allocatedTeam: null, firstRecordedByTeam: 'mash' })).toBe('mash');
  });
});

describe('which commands a screen offers', () => {
  const offered = ['StartAssessment', 'AuthoriseAssessment', 'AllocateCase', 'CloseCase'];

  it('leaves out manager-only commands for a social worker', () => {
    expect(commandsUserMayGive(user('social_worker'), northChild, offered)).toEqual(['StartAssessment', 'CloseCase']);
  });

  it('offers a team manager everything the journey offers', () => {
    expect(commandsUserMayGive(user('team_manager'), northChild, offered)).toEqual(offered);
  });

  it('offers an auditor nothing', () => {
    expect(commandsUserMayGive(user('auditor', 'qa'), northChild, offered)).toEqual([]);
  });
});

describe('what each role may do at all (route capabilities)', () => {
  const table: Record<Role, Capability[]> = {
    social_worker: ['case.read', 'case.write'],
    team_manager: ['case.read', 'case.write', 'reports.read'],
    head_of_service: ['case.read', 'case.write', 'reports.read', 'integrity.verify', 'subject-access.export'],
    auditor: ['case.read', 'reports.read', 'audit.read', 'integrity.verify', 'subject-access.export'],
    administrator: ['configuration.manage'],
  };

  it.each(Object.entries(table) as [Role, Capability[]][])('%s may use exactly %j', (role, granted) => {
    const may = CAPABILITIES.filter((c) => mayUse(user(role), c).allowed);
    expect(may).toEqual(granted);
  });

  it('keeps the access log from everyone but auditors, and writing from auditors', () => {
    expect(mayUse(user('head_of_service', 'service'), 'audit.read')).toEqual({ allowed: false, reason: 'Only auditors may read the access log.', hide: false });
    expect(mayUse(user('auditor', 'qa'), 'case.write')).toMatchObject({ allowed: false, reason: 'Auditors read records and change nothing.' });
    expect(mayUse(user('administrator', 'systems'), 'case.read')).toMatchObject({ allowed: false, reason: 'Administrators have no access to case records.' });
  });

  it('agrees with the per-child rules: a role without case.read sees no child, a role without case.write acts on none', () => {
    for (const role of Object.keys(table) as Role[]) {
      const u = user(role, 'north');
      if (!mayUse(u, 'case.read').allowed) expect(canSeeChild(u, northChild).allowed).toBe(false);
      if (!mayUse(u, 'case.write').allowed) expect(canActOnChild(u, northChild, 'StartAssessment').allowed).toBe(false);
    }
  });
});

describe('history, as-at and subject access of one child', () => {
  it('shows the history to whoever may see the child, hiding another team’s', () => {
    expect(canReadChildHistory(user('social_worker'), northChild).allowed).toBe(true);
    expect(canReadChildHistory(user('social_worker', 'south'), northChild)).toMatchObject({ allowed: false, hide: true });
  });

  it('exports subject access for the head of service and auditors; 403 for others who see the child, 404 for the rest', () => {
    expect(canExportSubjectAccess(user('head_of_service', 'service'), northChild).allowed).toBe(true);
    expect(canExportSubjectAccess(user('auditor', 'qa'), northChild).allowed).toBe(true);
    expect(canExportSubjectAccess(user('team_manager'), northChild)).toMatchObject({ allowed: false, hide: false });
    expect(canExportSubjectAccess(user('team_manager', 'south'), northChild)).toMatchObject({ allowed: false, hide: true });
    expect(canExportSubjectAccess(user('administrator'), northChild)).toMatchObject({ allowed: false, hide: true });
  });
});

describe('a team’s work', () => {
  it('is open to its own members and to those who see every child, refused (not hidden) to other teams', () => {
    expect(canSeeTeam(user('team_manager'), 'north').allowed).toBe(true);
    expect(canSeeTeam(user('team_manager'), 'south')).toMatchObject({ allowed: false, hide: false });
    expect(canSeeTeam(user('head_of_service', 'service'), 'south').allowed).toBe(true);
    expect(canSeeTeam(user('auditor', 'qa'), 'south').allowed).toBe(true);
    expect(canSeeTeam(user('administrator', 'north'), 'north').allowed).toBe(false);
  });
});
