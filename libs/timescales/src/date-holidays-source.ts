import Holidays from 'date-holidays';
import type { BankHoliday, BankHolidayRegion, BankHolidaySource } from './bank-holiday.js';
import { BANK_HOLIDAY_OVERRIDES, type BankHolidayOverride } from './bank-holiday-overrides.js';
import { weekdayOf } from './iso-date.js';

const PACKAGE_SOURCE = 'date-holidays package';

/**
 * The package's state codes. England and Wales have identical lists there (checked 1995–2030); `GB` without a
 * state is not usable because it omits holidays that differ by region, such as the summer bank holiday.
 */
const STATE_CODE: Readonly<Record<BankHolidayRegion, string>> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

/**
 * Bank holidays from the maintained `date-holidays` package, with our documented {@link BANK_HOLIDAY_OVERRIDES}
 * applied. Only `public` and `bank` entries count; `observance` days (Mother's Day and the like) are not days off.
 * Weekend entries are dropped: a holiday on a Sunday is already a non-working day, and the package lists its
 * substitute separately. Results are cached per region and year because the package is slow to evaluate its rules.
 */
export class DateHolidaysSource implements BankHolidaySource {
  private readonly engines = new Map<BankHolidayRegion, Holidays>();
  private readonly cache = new Map<string, readonly BankHoliday[]>();

  constructor(private readonly overrides: readonly BankHolidayOverride[] = BANK_HOLIDAY_OVERRIDES) {}

  holidaysIn(region: BankHolidayRegion, year: number): readonly BankHoliday[] {
    const cacheKey = `${region}:${year}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const byDate = new Map<string, BankHoliday>();
    for (const holiday of this.engine(region).getHolidays(year)) {
      if (holiday.type !== 'public' && holiday.type !== 'bank') continue;
      // `date` is "YYYY-MM-DD hh:mm:ss" in the country's own calendar, independent of the machine's zone.
      const date = holiday.date.slice(0, 10);
      const existing = byDate.get(date);
      byDate.set(date, {
        date,
        name: existing ? `${existing.name} / ${holiday.name}` : holiday.name,
        substitute: (existing?.substitute ?? true) && holiday.substitute === true,
        source: PACKAGE_SOURCE,
      });
    }
    for (const override of this.overrides) {
      if (!override.regions.includes(region) || !override.date.startsWith(`${String(year).padStart(4, '0')}-`)) continue;
      if (override.action === 'remove') byDate.delete(override.date);
      else byDate.set(override.date, { date: override.date, name: override.name, substitute: false, source: override.source });
    }
    const result = Object.freeze(
      [...byDate.values()]
        .filter((holiday) => weekdayOf(holiday.date) <= 5)
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map((holiday) => Object.freeze(holiday)),
    );
    this.cache.set(cacheKey, result);
    return result;
  }

  private engine(region: BankHolidayRegion): Holidays {
    let engine = this.engines.get(region);
    if (!engine) {
      engine = new Holidays('GB', STATE_CODE[region], { types: ['public', 'bank'] });
      this.engines.set(region, engine);
    }
    return engine;
  }
}

let shared: DateHolidaysSource | undefined;

/** One process-wide source, so every calendar shares the package's parsed rules and the per-year cache. */
export function defaultBankHolidaySource(): DateHolidaysSource {
  shared ??= new DateHolidaysSource();
  return shared;
}
