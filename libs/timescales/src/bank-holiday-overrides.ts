import type { BankHolidayRegion } from './bank-holiday.js';
import type { IsoDate } from './iso-date.js';

/**
 * Corrections to the `date-holidays` package, kept as data so that fixing a date is an edit here with its source
 * named, not a code change. Each entry was found by comparing the package (3.37.0) with the official lists:
 * GOV.UK's bank holiday pages for 2012 onwards, and the royal proclamations under the Banking and Financial
 * Dealings Act 1971 s1(3) for the one-off days before that. The package is right for every year 2013–2030 we
 * checked (substitute days, 2020 VE Day, 2022 Platinum Jubilee and state funeral, 2023 coronation); it misses
 * or misplaces the one-off days below.
 *
 * - `add`: the date is a bank holiday in the listed regions even though the package omits it.
 * - `remove`: the package lists a bank holiday on a date that was an ordinary working day.
 */
export interface BankHolidayOverride {
  readonly date: IsoDate;
  readonly action: 'add' | 'remove';
  readonly regions: readonly BankHolidayRegion[];
  readonly name: string;
  readonly source: string;
}

const UK: readonly BankHolidayRegion[] = ['england-and-wales', 'scotland', 'northern-ireland'];

const VE_DAY_1995 = 'Royal proclamation moving the 1995 early May bank holiday to 8 May for the 50th anniversary of VE Day';
const MILLENNIUM = 'Royal proclamation of an additional bank holiday on 31 December 1999 (Millennium)';
const GOLDEN_JUBILEE =
  "Royal proclamation for the Queen's Golden Jubilee, 2002: spring bank holiday moved from 27 May to 3 June, extra holiday on 4 June";
const ROYAL_WEDDING = 'Royal proclamation of an additional bank holiday on 29 April 2011 (royal wedding)';
const DIAMOND_JUBILEE =
  "GOV.UK bank holidays 2012: spring bank holiday moved from 28 May to 4 June for the Queen's Diamond Jubilee (5 June)";
const ST_ANDREWS =
  "St Andrew's Day Bank Holiday (Scotland) Act 2007: St Andrew's Day became a Scottish bank holiday from 2007; the package applies it to earlier years";

export const BANK_HOLIDAY_OVERRIDES: readonly BankHolidayOverride[] = [
  { date: '1995-05-01', action: 'remove', regions: UK, name: 'Early May bank holiday', source: VE_DAY_1995 },
  { date: '1995-05-08', action: 'add', regions: UK, name: 'Early May bank holiday (VE Day)', source: VE_DAY_1995 },
  { date: '1999-12-31', action: 'add', regions: UK, name: 'Millennium bank holiday', source: MILLENNIUM },
  { date: '2002-05-27', action: 'remove', regions: UK, name: 'Spring bank holiday', source: GOLDEN_JUBILEE },
  { date: '2002-06-03', action: 'add', regions: UK, name: 'Spring bank holiday', source: GOLDEN_JUBILEE },
  { date: '2002-06-04', action: 'add', regions: UK, name: "Queen's Golden Jubilee", source: GOLDEN_JUBILEE },
  { date: '2011-04-29', action: 'add', regions: UK, name: 'Royal wedding', source: ROYAL_WEDDING },
  { date: '2012-05-28', action: 'remove', regions: UK, name: 'Spring bank holiday', source: DIAMOND_JUBILEE },
  { date: '2012-06-04', action: 'add', regions: UK, name: 'Spring bank holiday', source: DIAMOND_JUBILEE },
  ...[
    '1995-11-30', '1996-12-02', '1997-12-01', '1998-11-30', '1999-11-30', '2000-11-30',
    '2001-11-30', '2002-12-02', '2003-12-01', '2004-11-30', '2005-11-30', '2006-11-30',
  ].map((date): BankHolidayOverride => ({ date, action: 'remove', regions: ['scotland'], name: "St Andrew's Day", source: ST_ANDREWS })),
];
