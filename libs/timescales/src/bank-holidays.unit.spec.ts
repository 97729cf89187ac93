import { BANK_HOLIDAY_OVERRIDES } from './bank-holiday-overrides.js';
import type { BankHolidayRegion } from './bank-holiday.js';
import { DateHolidaysSource } from './date-holidays-source.js';

const source = new DateHolidaysSource();
const dates = (region: BankHolidayRegion, year: number): string[] => source.holidaysIn(region, year).map((h) => h.date);

/** England and Wales days off as GOV.UK publishes them (weekday days only). */
const ENGLAND_AND_WALES: Record<number, string[]> = {
  2011: ['2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27'],
  2012: ['2012-01-02', '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27', '2012-12-25', '2012-12-26'],
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: [
    '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03',
    '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27',
  ],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
};

describe('bank holidays from the date-holidays package with our overrides', () => {
  it.each(Object.entries(ENGLAND_AND_WALES))('England and Wales %s matches the official list exactly', (year, expected) => {
    expect(dates('england-and-wales', Number(year))).toEqual(expected);
  });

  it('marks substitute days as substitutes', () => {
    const christmas2022 = source.holidaysIn('england-and-wales', 2022).filter((h) => h.date >= '2022-12-01');
    expect(christmas2022).toEqual([
      expect.objectContaining({ date: '2022-12-26', substitute: false }),
      expect.objectContaining({ date: '2022-12-27', substitute: true }),
    ]);
    expect(source.holidaysIn('england-and-wales', 2022)[0]).toEqual(expect.objectContaining({ date: '2022-01-03', substitute: true }));
  });

  it('keeps public bank holidays only, not observances such as Mother’s Day or weekend entries', () => {
    const all = [2020, 2021, 2022, 2023, 2024, 2025].flatMap((year) => source.holidaysIn('england-and-wales', year));
    expect(all.some((h) => /mother|father|easter sunday/i.test(h.name))).toBe(false);
    expect(all.every((h) => ![0, 6].includes(new Date(`${h.date}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  describe('corrections the package needs (overrides table)', () => {
    it('adds the 2011 royal wedding and moves the 2012 spring bank holiday for the Diamond Jubilee', () => {
      const holiday2011 = source.holidaysIn('england-and-wales', 2011).find((h) => h.date === '2011-04-29');
      expect(holiday2011?.source).toMatch(/proclamation/i);
      expect(dates('england-and-wales', 2012)).not.toContain('2012-05-28');
      expect(dates('england-and-wales', 2012)).toEqual(expect.arrayContaining(['2012-06-04', '2012-06-05']));
    });

    it('restores the older one-off days: VE Day 1995, the Millennium, the 2002 Golden Jubilee', () => {
      expect(dates('england-and-wales', 1995)).toContain('1995-05-08');
      expect(dates('england-and-wales', 1995)).not.toContain('1995-05-01');
      expect(dates('england-and-wales', 1999)).toContain('1999-12-31');
      expect(dates('england-and-wales', 2002)).toEqual(expect.arrayContaining(['2002-06-03', '2002-06-04']));
      expect(dates('england-and-wales', 2002)).not.toContain('2002-05-27');
    });

    it("drops St Andrew's Day in Scotland before the 2007 Act, keeps it after", () => {
      expect(dates('scotland', 2006)).not.toContain('2006-11-30');
      expect(dates('scotland', 2007)).toContain('2007-11-30');
    });

    it('names a source for every override', () => {
      for (const override of BANK_HOLIDAY_OVERRIDES) expect(override.source.length).toBeGreaterThan(20);
    });

    it('can be run without overrides, which shows what the package alone gets wrong', () => {
      const raw = new DateHolidaysSource([]);
      expect(raw.holidaysIn('england-and-wales', 2011).map((h) => h.date)).not.toContain('2011-04-29');
      expect(raw.holidaysIn('england-and-wales', 2012).map((h) => h.date)).toContain('2012-05-28');
    });
  });

  describe('regions differ', () => {
    it('Scotland: 2 January and St Andrew’s Day, no Easter Monday, August holiday on the first Monday', () => {
      expect(dates('scotland', 2025)).toEqual([
        '2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26',
      ]);
      expect(dates('scotland', 2022)).toEqual(expect.arrayContaining(['2022-01-03', '2022-01-04']));
    });

    it("Northern Ireland: St Patrick's Day and the Boyne, with substitutes", () => {
      expect(dates('northern-ireland', 2024)).toEqual([
        '2024-01-01', '2024-03-18', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-07-12', '2024-08-26', '2024-12-25', '2024-12-26',
      ]);
      expect(dates('northern-ireland', 2025)).toEqual(expect.arrayContaining(['2025-03-17', '2025-07-14']));
    });
  });
});
