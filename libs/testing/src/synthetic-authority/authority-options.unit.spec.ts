import { AuthorityOptionsError, defaultTeams, inferTeamKind, resolveAuthorityOptions } from './authority-options.js';

describe('resolveAuthorityOptions', () => {
  it('defaults to two years of an average authority ending on the end date', () => {
    const s = resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31' });
    expect(s).toMatchObject({ years: 2, scale: 1, population: 80_000, windowStart: '2024-04-01', openCasesAtStart: true });
    expect(s.headOfService).toEqual({ userId: 'hos', team: 'service' });
  });

  it('reads a large county as four times the average, and a number as a multiplier', () => {
    expect(resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', scale: 'large-county' }).scale).toBe(4);
    expect(resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', scale: 0.25 }).scale).toBe(0.25);
  });

  it('sizes the authority from its child population when no scale is given', () => {
    const s = resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', population: 40_000 });
    expect(s.scale).toBe(0.5);
    expect(s.population).toBe(40_000);
  });

  it('infers what a team does from its id unless told', () => {
    expect(inferTeamKind('mash')).toBe('front-door');
    expect(inferTeamKind('children-in-care')).toBe('children-in-care');
    expect(inferTeamKind('leaving-care')).toBe('leaving-care');
    expect(inferTeamKind('north')).toBe('casework');
    const s = resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', teams: [{ id: 'north', workers: ['a'], kind: 'front-door' }] });
    expect(s.teams).toEqual([{ id: 'north', kind: 'front-door', workers: ['a'], managers: [] }]);
  });

  it('gives a synthetic structure with every kind of team when none is given', () => {
    const kinds = new Set(defaultTeams(1).map((t) => t.kind));
    expect([...kinds].sort()).toEqual(['casework', 'children-in-care', 'front-door', 'leaving-care']);
    expect(defaultTeams(4).length).toBeGreaterThan(defaultTeams(1).length);
  });

  it('refuses an end date that is not a date, a silly scale, or teams without workers', () => {
    expect(() => resolveAuthorityOptions({ seed: 1, endDate: '31/03/2026' })).toThrow(AuthorityOptionsError);
    expect(() => resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', scale: 0 })).toThrow(AuthorityOptionsError);
    expect(() => resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', years: 0 })).toThrow(AuthorityOptionsError);
    expect(() => resolveAuthorityOptions({ seed: 1, endDate: '2026-03-31', teams: [{ id: 'x', workers: [] }] })).toThrow(AuthorityOptionsError);
  });
});
