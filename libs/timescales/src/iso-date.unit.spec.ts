import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  ageInYears,
  birthdayOn,
  daysBetween,
  daysInMonth,
  effectiveDateOf,
  fromDayNumber,
  isIsoDate,
  toDayNumber,
  weekdayOf,
} from './iso-date.js';
import { TimescaleError } from './timescale.errors.js';

const anyDate = fc
  .date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2150, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('ISO calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00:00Z')).toBe(false);
    expect(() => toDayNumber('2023-02-29')).toThrow(TimescaleError);
  });

  it('does not echo the rejected value, which may be a date of birth', () => {
    try {
      toDayNumber('2011-02-30');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(TimescaleError);
      expect((error as TimescaleError).code).toBe('INVALID_DATE');
      expect((error as TimescaleError).message).not.toContain('2011');
    }
  });

  it('knows the weekday of fixed points', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(weekdayOf('1970-01-01')).toBe(4); // Thursday
    expect(weekdayOf('2025-01-06')).toBe(1); // Monday
    expect(weekdayOf('2024-03-29')).toBe(5); // Good Friday 2024
    expect(weekdayOf('2000-02-29')).toBe(2);
  });

  it('round-trips day numbers', () => {
    fc.assert(fc.property(anyDate, (date) => fromDayNumber(toDayNumber(date)) === date));
  });

  it('agrees with plain UTC arithmetic for days and weeks', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
        const viaUtc = new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        return addDays(date, n) === viaUtc && daysBetween(date, viaUtc) === n;
      }),
    );
    expect(addWeeks('2025-01-14', 26)).toBe('2025-07-15');
  });

  describe('months, clamped to the month end', () => {
    it.each([
      ['2025-01-31', 1, '2025-02-28'],
      ['2024-01-31', 1, '2024-02-29'],
      ['2024-08-31', 6, '2025-02-28'],
      ['2023-08-31', 6, '2024-02-29'],
      ['2024-02-29', 12, '2025-02-28'],
      ['2024-02-29', 48, '2028-02-29'],
      ['2023-11-30', 3, '2024-02-29'],
      ['2024-10-31', 3, '2025-01-31'],
      ['2025-03-31', -1, '2025-02-28'],
      ['2025-01-15', -13, '2023-12-15'],
      ['2024-12-31', 2, '2025-02-28'],
    ])('%s + %i months = %s', (start, months, expected) => {
      expect(addMonths(start, months)).toBe(expected);
    });

    it('never overflows into the following month and keeps the day when it exists', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: -240, max: 240 }), (date, n) => {
          const result = addMonths(date, n);
          const monthIndex = (y: string): number => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7)) - 1;
          const day = Number(date.slice(8, 10));
          const resultDay = Number(result.slice(8, 10));
          const lastDay = daysInMonth(Number(result.slice(0, 4)), Number(result.slice(5, 7)));
          return monthIndex(result) - monthIndex(date) === n && resultDay === Math.min(day, lastDay);
        }),
      );
    });

    it('adds years the same way', () => {
      expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
      expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    });
  });

  describe('ages', () => {
    it('counts whole years, turning on the birthday', () => {
      expect(ageInYears('2010-06-15', '2026-06-14')).toBe(15);
      expect(ageInYears('2010-06-15', '2026-06-15')).toBe(16);
      expect(ageInYears('2010-06-15', '2010-06-15')).toBe(0);
      expect(ageInYears('2010-06-15', '2010-06-14')).toBe(-1);
    });

    it('gives a 29 February child the new age on 1 March in a common year', () => {
      expect(birthdayOn('2008-02-29', 16)).toBe('2024-02-29');
      expect(birthdayOn('2008-02-29', 17)).toBe('2025-03-01');
      expect(ageInYears('2008-02-29', '2025-02-28')).toBe(16);
      expect(ageInYears('2008-02-29', '2025-03-01')).toBe(17);
    });
  });

  describe('effective date of an occurredAt', () => {
    it('keeps a bare date and the date part of a local date-time', () => {
      expect(effectiveDateOf('2025-01-06')).toBe('2025-01-06');
      expect(effectiveDateOf('2025-01-06T23:59:00')).toBe('2025-01-06');
    });

    it('keeps the date an instant was written with, as the journey reads it', () => {
      expect(effectiveDateOf('2024-06-30T23:30:00Z')).toBe('2024-06-30');
      expect(effectiveDateOf('2024-07-01T00:30:00+01:00')).toBe('2024-07-01');
    });

    it('places an instant on a named zone’s calendar, in summer and winter time', () => {
      // 23:30 UTC on 30 June is 00:30 BST on 1 July.
      expect(effectiveDateOf('2024-06-30T23:30:00Z', 'Europe/London')).toBe('2024-07-01');
      // In winter England is on UTC.
      expect(effectiveDateOf('2024-12-31T23:30:00Z', 'Europe/London')).toBe('2024-12-31');
      expect(effectiveDateOf('2024-07-01T00:30:00+01:00', 'Europe/London')).toBe('2024-07-01');
      expect(effectiveDateOf('2024-07-01T08:00:00.123+10:00', 'Europe/London')).toBe('2024-06-30');
      // A local date-time without an offset is never moved.
      expect(effectiveDateOf('2024-06-30T23:30:00', 'Europe/London')).toBe('2024-06-30');
    });

    it('rejects anything else', () => {
      expect(() => effectiveDateOf('06/01/2025')).toThrow(TimescaleError);
      expect(() => effectiveDateOf('2025-02-30T10:00:00Z')).toThrow(TimescaleError);
    });
  });
});
