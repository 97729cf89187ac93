import { matchKey, normaliseName } from './match-key.js';

const SALT = 'a'.repeat(64);

describe('person match keys', () => {
  it('normalises surnames: case, accents, spaces, hyphens and apostrophes do not matter', () => {
    expect(normaliseName("O'Brien-Smith")).toBe('obriensmith');
    expect(normaliseName('  obrien smith ')).toBe('obriensmith');
    expect(normaliseName('Zoë Ó Súilleabháin')).toBe('zoeosuilleabhain');
  });

  it('gives the same key for the same surname, date and first initial', () => {
    const key = matchKey({ firstName: 'Amara', lastName: 'Okafor', date: '2019-04-12' }, SALT);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(matchKey({ firstName: 'amarachi', lastName: "O'KAFOR", date: '2019-04-12' }, SALT)).toBe(key);
    expect(matchKey({ firstName: 'Chidi', lastName: 'Okafor', date: '2019-04-12' }, SALT)).not.toBe(key);
    expect(matchKey({ firstName: 'Amara', lastName: 'Okafor', date: '2019-04-13' }, SALT)).not.toBe(key);
  });

  it('depends on the installation’s salt, so keys cannot be compared across installations', () => {
    const identity = { firstName: 'Amara', lastName: 'Okafor', date: '2019-04-12' };
    expect(matchKey(identity, SALT)).not.toBe(matchKey(identity, 'b'.repeat(64)));
  });

  it('does not match on too little: no surname or no date gives no key', () => {
    expect(matchKey({ firstName: 'Amara', date: '2019-04-12' }, SALT)).toBeNull();
    expect(matchKey({ firstName: 'Amara', lastName: "'-", date: '2019-04-12' }, SALT)).toBeNull();
    expect(matchKey({ firstName: 'Amara', lastName: 'Okafor', date: null }, SALT)).toBeNull();
  });

  it('matches an unborn child without a first name on surname and expected date', () => {
    expect(matchKey({ lastName: 'Whitfield', date: '2025-06-01' }, SALT)).toBe(matchKey({ firstName: '', lastName: 'whitfield', date: '2025-06-01' }, SALT));
  });
});
