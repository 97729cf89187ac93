import { addDays } from '../collection-year.js';

/** The date `n` working days before `date` (the date itself not counted), walking the calendar backwards. */
export function workingDaysBefore(date: string, n: number, isWorkingDay: (date: string) => boolean): string {
  let current = date;
  for (let counted = 0, guard = 0; counted < n && guard < 3660; guard++) {
    current = addDays(current, -1);
    if (isWorkingDay(current)) counted++;
  }
  return current;
}
