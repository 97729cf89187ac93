import fc from 'fast-check';
import type { BankHoliday, BankHolidayRegion, BankHolidaySource } from './bank-holiday.js';
import { defaultBankHolidaySource } from './date-holidays-source.js';
import { addDays, weekdayOf } from './iso-date.js';
import { TimescaleError } from './timescale.errors.js';
import { WorkingDayCalendar, workingDayCalendar } from './working-day-calendar.js';

const england = workingDayCalendar('england-and-wales');
const scotland = workingDayCalendar('scotland');
const northernIreland = workingDayCalendar('northern-ireland');

describe('WorkingDayCalendar', () => {
  describe('hand-computed due dates (working shown day by day)', () => {
    it('ICPC: strategy discussion Mon 6 Jan 2025 + 15 WD = Mon 27 Jan 2025', () => {
      // 7,8,9,10 (4) · 13–17 (9) · 20–24 (14) · Mon 27 (15)
      expect(england.addWorkingDays('2025-01-06', 15)).toBe('2025-01-27');
    });

    it('a start on a non-working day counts from the next working day', () => {
      // Sat 4 Jan → counts from Mon 6 Jan (not counted) → Mon 27 Jan, as above.
      expect(england.addWorkingDays('2025-01-04', 15)).toBe('2025-01-27');
      // New Year's Day 2025 (Wed, holiday) → from Thu 2 Jan: 3 (1), 6 (2) …
      expect(england.addWorkingDays('2025-01-01', 2)).toBe('2025-01-06');
    });

    it('Easter 2024 (Good Friday 29 Mar, Easter Monday 1 Apr): Wed 20 Mar + 15 WD = Fri 12 Apr', () => {
      // 21 (1) 22 (2) · 25 (3) 26 (4) 27 (5) 28 (6) · [29 Mar, 1 Apr] · 2 (7) 3 (8) 4 (9) 5 (10) · 8–12 (11–15)
      expect(england.addWorkingDays('2024-03-20', 15)).toBe('2024-04-12');
    });

    it('Easter 2025 (18 and 21 Apr): core group, plan Thu 10 Apr + 10 WD = Mon 28 Apr', () => {
      // 11 (1) · 14–17 (2–5) · [18, 21] · 22–25 (6–9) · 28 (10)
      expect(england.addWorkingDays('2025-04-10', 10)).toBe('2025-04-28');
    });

    it('assessment over Easter and early May 2025: referral Mon 3 Mar + 45 WD = Thu 8 May', () => {
      // Mar 4–7 (4) · 10–14 (9) · 17–21 (14) · 24–28 (19) · 31 (20) · Apr 1–4 (24) · 7–11 (29) · 14–17 (33)
      // · [18, 21] · 22–25 (37) · 28–30, May 1–2 (42) · [5 May] · 6 (43) 7 (44) 8 (45)
      expect(england.addWorkingDays('2025-03-03', 45)).toBe('2025-05-08');
    });

    it('Christmas 2021 with substitutes 27–28 Dec and 3 Jan 2022: referral Mon 20 Dec + 45 WD = Thu 24 Feb 2022', () => {
      // 21–24 (4) · [25–28] · 29–31 (7) · [1–3 Jan] · 4–7 (11) · 10–14 (16) · 17–21 (21) · 24–28 (26)
      // · 31 Jan–4 Feb (31) · 7–11 (36) · 14–18 (41) · 21 (42) 22 (43) 23 (44) 24 (45)
      expect(england.addWorkingDays('2021-12-20', 45)).toBe('2022-02-24');
    });

    it('Christmas 2022 (27 Dec substitute) and 2 Jan 2023: first LAC review, looked after Tue 20 Dec + 20 WD = Fri 20 Jan 2023', () => {
      // 21–23 (3) · [24–27] · 28–30 (6) · [31 Dec–2 Jan] · 3–6 (10) · 9–13 (15) · 16–20 (20)
      expect(england.addWorkingDays('2022-12-20', 20)).toBe('2023-01-20');
    });

    it('Platinum Jubilee 2–3 June 2022: ICPC, discussion Thu 26 May + 15 WD = Mon 20 Jun', () => {
      // 27 (1) · 30 (2) 31 (3) 1 Jun (4) · [2, 3] · 6–10 (9) · 13–17 (14) · 20 (15)
      expect(england.addWorkingDays('2022-05-26', 15)).toBe('2022-06-20');
    });

    it('state funeral Mon 19 Sep 2022: placement plan, placement Wed 14 Sep + 5 WD = Thu 22 Sep', () => {
      // 15 (1) 16 (2) · [19] · 20 (3) 21 (4) 22 (5)
      expect(england.addWorkingDays('2022-09-14', 5)).toBe('2022-09-22');
    });

    it('coronation Mon 8 May 2023: core group, plan Thu 27 Apr + 10 WD = Mon 15 May', () => {
      // 28 (1) · [1 May] · 2–5 (5) · [8 May] · 9–12 (9) · 15 (10)
      expect(england.addWorkingDays('2023-04-27', 10)).toBe('2023-05-15');
    });

    it('royal wedding 29 Apr 2011: first LAC review, looked after Mon 4 Apr + 20 WD = Fri 6 May 2011', () => {
      // 5–8 (4) · 11–15 (9) · 18–21 (13) · [22, 25] · 26–28 (16) · [29 Apr, 2 May] · 3–6 May (20)
      expect(england.addWorkingDays('2011-04-04', 20)).toBe('2011-05-06');
    });

    it('LAC review over Easter 2024: looked after Mon 4 Mar + 20 WD = Wed 3 Apr', () => {
      // 5–8 (4) · 11–15 (9) · 18–22 (14) · 25–28 (18) · [29 Mar, 1 Apr] · 2 (19) 3 (20)
      expect(england.addWorkingDays('2024-03-04', 20)).toBe('2024-04-03');
    });
  });

  describe('regions', () => {
    it('Scotland keeps 2 January', () => {
      expect(england.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
      expect(scotland.addWorkingDays('2024-12-31', 1)).toBe('2025-01-03');
      expect(northernIreland.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    });

    it("Scotland keeps St Andrew's Day (2024: substitute Mon 2 Dec)", () => {
      expect(england.addWorkingDays('2024-11-29', 1)).toBe('2024-12-02');
      expect(scotland.addWorkingDays('2024-11-29', 1)).toBe('2024-12-03');
      expect(scotland.isWorkingDay('2023-11-30')).toBe(false);
      expect(england.isWorkingDay('2023-11-30')).toBe(true);
    });

    it("Northern Ireland keeps St Patrick's Day", () => {
      expect(england.addWorkingDays('2025-03-14', 1)).toBe('2025-03-17');
      expect(northernIreland.addWorkingDays('2025-03-14', 1)).toBe('2025-03-18');
      expect(northernIreland.bankHolidayOn('2024-03-18')).toEqual(expect.objectContaining({ substitute: true }));
    });

    it('Scotland has no Easter Monday holiday', () => {
      expect(england.addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
      expect(scotland.addWorkingDays('2024-03-28', 1)).toBe('2024-04-01');
    });

    it('refuses an unknown region', () => {
      expect(() => new WorkingDayCalendar({ region: 'wales' as BankHolidayRegion })).toThrow(TimescaleError);
    });
  });

  describe('the other operations', () => {
    it('subtracts working days', () => {
      expect(england.subtractWorkingDays('2025-01-27', 15)).toBe('2025-01-06');
      expect(england.subtractWorkingDays('2024-04-02', 1)).toBe('2024-03-28');
      expect(england.addWorkingDays('2024-04-02', -1)).toBe('2024-03-28');
    });

    it('finds next and previous working days across holidays', () => {
      expect(england.nextWorkingDay('2024-03-28')).toBe('2024-04-02');
      expect(england.previousWorkingDay('2024-04-02')).toBe('2024-03-28');
      expect(england.nextWorkingDay('2021-12-24')).toBe('2021-12-29');
      expect(england.workingDayOnOrAfter('2021-12-25')).toBe('2021-12-29');
      expect(england.workingDayOnOrAfter('2021-12-24')).toBe('2021-12-24');
      expect(england.workingDayOnOrBefore('2022-01-03')).toBe('2021-12-31');
    });

    it('counts working days between two dates the way it adds them', () => {
      expect(england.workingDaysBetween('2025-01-06', '2025-01-27')).toBe(15);
      expect(england.workingDaysBetween('2025-01-04', '2025-01-27')).toBe(15);
      expect(england.workingDaysBetween('2025-01-27', '2025-01-06')).toBe(-15);
      // Saturday counts as the Monday after: done on Saturday, it is one working day after Friday.
      expect(england.workingDaysBetween('2025-01-10', '2025-01-11')).toBe(1);
      expect(england.workingDaysBetween('2025-01-11', '2025-01-12')).toBe(0);
      expect(england.workingDaysBetween('2025-01-10', '2025-01-10')).toBe(0);
    });

    it('counts working days in an inclusive range', () => {
      // Sun 29 Dec 2024 … Mon 6 Jan 2025: 30, 31, [1 Jan], 2, 3, 6
      expect(england.workingDaysInRange('2024-12-29', '2025-01-06')).toBe(5);
      expect(england.workingDaysInRange('2025-01-06', '2024-12-29')).toBe(0);
    });

    it('lists the holidays of a year', () => {
      expect(england.holidaysIn(2023).map((h) => h.date)).toContain('2023-05-08');
      expect(england.isWorkingDay('2023-05-08')).toBe(false);
      expect(england.isWorkingDay('2023-05-09')).toBe(true);
      expect(england.isWorkingDay('2023-05-13')).toBe(false);
    });

    it('refuses dates it cannot count and fractional counts', () => {
      expect(() => england.addWorkingDays('2199-12-01', 100)).toThrow(expect.objectContaining({ code: 'DATE_OUT_OF_RANGE' }));
      expect(() => england.isWorkingDay('1850-06-01')).toThrow(expect.objectContaining({ code: 'DATE_OUT_OF_RANGE' }));
      expect(() => england.addWorkingDays('2025-01-06', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });

    it('asks its holiday source once per year however often it is used', () => {
      const asked: number[] = [];
      const source: BankHolidaySource = {
        holidaysIn(region, year): readonly BankHoliday[] {
          asked.push(year);
          return defaultBankHolidaySource().holidaysIn(region, year);
        },
      };
      const calendar = new WorkingDayCalendar({ holidaySource: source });
      for (let i = 0; i < 2000; i++) calendar.addWorkingDays(addDays('2024-01-01', i % 700), 45);
      calendar.subtractWorkingDays('2024-06-03', 300);
      expect(asked.length).toBe(new Set(asked).size);
    });
  });

  describe('properties', () => {
    const regions = fc.constantFrom<BankHolidayRegion>('england-and-wales', 'scotland', 'northern-ireland');
    const dates = fc
      .date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2040, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const counts = fc.integer({ min: 0, max: 400 });

    /** Reference answer straight from the holiday source, one day at a time. */
    function naiveIsWorkingDay(region: BankHolidayRegion, date: string): boolean {
      const weekday = weekdayOf(date);
      if (weekday > 5) return false;
      return !defaultBankHolidaySource()
        .holidaysIn(region, Number(date.slice(0, 4)))
        .some((h) => h.date === date);
    }

    function naiveAdd(region: BankHolidayRegion, start: string, n: number): string {
      let day = start;
      while (!naiveIsWorkingDay(region, day)) day = addDays(day, 1);
      for (let counted = 0; counted < n; ) {
        day = addDays(day, 1);
        if (naiveIsWorkingDay(region, day)) counted++;
      }
      return day;
    }

    it('agrees with a day-by-day count', () => {
      fc.assert(
        fc.property(regions, dates, fc.integer({ min: 0, max: 60 }), (region, start, n) => {
          return workingDayCalendar(region).addWorkingDays(start, n) === naiveAdd(region, start, n);
        }),
        { numRuns: 300 },
      );
    });

    it('adding N working days never lands on a non-working day', () => {
      fc.assert(
        fc.property(regions, dates, counts, (region, start, n) => {
          const calendar = workingDayCalendar(region);
          const due = calendar.addWorkingDays(start, n);
          return calendar.isWorkingDay(due) && naiveIsWorkingDay(region, due);
        }),
      );
    });

    it('subtracting inverts adding for working-day starts', () => {
      fc.assert(
        fc.property(regions, dates, counts, (region, date, n) => {
          const calendar = workingDayCalendar(region);
          const start = calendar.workingDayOnOrAfter(date);
          return (
            calendar.subtractWorkingDays(calendar.addWorkingDays(start, n), n) === start &&
            calendar.addWorkingDays(calendar.subtractWorkingDays(start, n), n) === start
          );
        }),
      );
    });

    it('workingDaysBetween(a, addWorkingDays(a, n)) = n, for any start', () => {
      fc.assert(
        fc.property(regions, dates, counts, (region, start, n) => {
          const calendar = workingDayCalendar(region);
          return calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)) === n;
        }),
      );
    });

    it('"within N working days" is the same test as "on or before the due date"', () => {
      fc.assert(
        fc.property(regions, dates, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 120 }), (region, start, n, later) => {
          const calendar = workingDayCalendar(region);
          const held = addDays(start, later);
          return (calendar.workingDaysBetween(start, held) <= n) === (held <= calendar.addWorkingDays(start, n));
        }),
      );
    });
  });
});
