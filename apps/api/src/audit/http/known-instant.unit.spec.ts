import { isKnownInstant, knownInstant } from './known-instant.js';

describe('the "known" instant of an as-at query', () => {
  it('takes a date as the end of that day in England', () => {
    expect(knownInstant('2025-01-31').toISOString()).toBe('2025-01-31T23:59:59.999Z');
    expect(knownInstant('2025-07-01').toISOString()).toBe('2025-07-01T22:59:59.999Z');
  });

  it('takes a date-time with its offset as written', () => {
    expect(knownInstant('2025-03-01T09:30:00+01:00').toISOString()).toBe('2025-03-01T08:30:00.000Z');
    expect(knownInstant('2025-03-01T09:30Z').toISOString()).toBe('2025-03-01T09:30:00.000Z');
  });

  it.each(['2025-03-01T09:30', '2025-02-30', '1 March', '2025-03-01T25:00Z', '', "2025-03-01' OR 1=1"])('refuses %j', (value) => {
    expect(isKnownInstant(value)).toBe(false);
  });
});
