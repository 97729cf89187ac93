import { placementTypesForCollectionYear } from '../codes.js';
import { addMonths, addWorkingDays, ageOn, collectionYearOf, dayOfWeek, isAfterNow, isEffectiveDate, isIsoDate } from '../dates.js';
import { isWorkingDay } from '../testing/journey-fixtures.contract.js';

describe('dates', () => {
  it('counts working days forward, the start not counted', () => {
    expect(addWorkingDays('2025-01-06', 15, isWorkingDay)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-04', 1, isWorkingDay)).toBe('2025-01-06');
    expect(addWorkingDays('2025-12-24', 2, isWorkingDay)).toBe('2025-12-30');
  });

  it('adds calendar months clamped to the month end', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-01-07', 12)).toBe('2026-01-07');
  });

  it('knows weekdays, ages and collection years', () => {
    expect(dayOfWeek('2025-01-06')).toBe(1);
    expect(dayOfWeek('2025-01-05')).toBe(0);
    expect(ageOn('2008-06-01', '2024-05-31')).toBe(15);
    expect(ageOn('2008-06-01', '2024-06-01')).toBe(16);
    expect(collectionYearOf('2025-03-31')).toBe(2024);
    expect(collectionYearOf('2025-04-01')).toBe(2025);
  });

  it('checks ISO dates strictly', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isEffectiveDate('2025-01-06T09:30')).toBe(true);
    expect(isEffectiveDate('2025-01-06T25:00:00Z')).toBe(false);
    expect(isEffectiveDate('06/01/2025')).toBe(false);
  });

  it('judges the future by calendar day for dates and by instant for date-times with an offset', () => {
    expect(isAfterNow('2025-01-06', '2025-01-06T00:01:00Z')).toBe(false);
    expect(isAfterNow('2025-01-07', '2025-01-06T23:59:00Z')).toBe(true);
    expect(isAfterNow('2025-01-06T10:00:00Z', '2025-01-06T09:00:00Z')).toBe(true);
    expect(isAfterNow('2025-01-06T10:00:00+02:00', '2025-01-06T09:00:00Z')).toBe(false);
  });
});

describe('903 placement codes per collection year', () => {
  it('2024 to 2025 has H5, P2 and Z1 and not K3 or Z11 to Z14', () => {
    const codes = placementTypesForCollectionYear(2024);
    expect(codes).toEqual(expect.arrayContaining(['H5', 'P2', 'Z1', 'U1', 'A6']));
    for (const code of ['K3', 'Z11', 'Z12', 'Z13', 'Z14']) expect(codes).not.toContain(code);
  });

  it('2025 to 2026 drops H5, P2 and Z1 and adds K3 and Z11 to Z14', () => {
    const codes = placementTypesForCollectionYear(2025);
    expect(codes).toEqual(expect.arrayContaining(['K3', 'Z11', 'Z12', 'Z13', 'Z14', 'U1', 'A6']));
    for (const code of ['H5', 'P2', 'Z1']) expect(codes).not.toContain(code);
  });

  it('uses the nearest known year outside the table', () => {
    expect(placementTypesForCollectionYear(2019)).toEqual(placementTypesForCollectionYear(2024));
    expect(placementTypesForCollectionYear(2030)).toEqual(placementTypesForCollectionYear(2025));
  });
});
