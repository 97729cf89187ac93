import { isEffectiveDateValue, isStrictIsoDate } from './date-validators.js';

describe('date checks on command bodies', () => {
  it.each(['2025-01-06', '2024-02-29', '2000-02-29'])('accepts the date %s', (value) => expect(isStrictIsoDate(value)).toBe(true));

  it.each(['2025-02-29', '1900-02-29', '2025-13-01', '2025-04-31', '2025-1-6', '06/01/2025', '2025-01-06T10:00', '', 20250106])('refuses %p as a date', (value) =>
    expect(isStrictIsoDate(value)).toBe(false),
  );

  it.each(['2025-01-06', '2025-01-06T14:30', '2025-01-06T14:30:05', '2025-01-06T14:30:05.123Z', '2025-06-01T00:30:00+01:00'])(
    'accepts the effective date %s',
    (value) => expect(isEffectiveDateValue(value)).toBe(true),
  );

  it.each(['2025-01-06T24:00', '2025-01-06T14', '2025-02-30T10:00', '2025-01-06 14:30', '2025-01-06T14:30+1', 'yesterday'])('refuses %p as an effective date', (value) =>
    expect(isEffectiveDateValue(value)).toBe(false),
  );
});
