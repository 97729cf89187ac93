import { canActOnChild, canOpenRecord, canSeeChild, commandsUserMayGive, owningTeam } from './access-policy.js';
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
