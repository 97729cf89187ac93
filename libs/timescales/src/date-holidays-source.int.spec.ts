import { spawnSync } from 'node:child_process';
import { DateHolidaysSource } from './date-holidays-source.js';

describe('date-holidays in other machine time zones', () => {
  it('answers the same whatever the machine’s time zone', () => {
    // Our code reads the package's "YYYY-MM-DD hh:mm:ss" strings. Check, in fresh processes with other zones, that
    // those strings do not move with the machine's zone (Jest sandboxes process.env, so this cannot run in-process).
    const script = `
      import Holidays from 'date-holidays';
      const engine = new Holidays('GB', 'ENG');
      const days = [2021, 2022, 2023].flatMap((y) => engine.getHolidays(y)).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
      console.log(JSON.stringify({ offset: new Date(Date.UTC(2022, 0, 1)).getTimezoneOffset(), days }));`;
    const runs = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'].map((zone) => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout) as { offset: number; days: string[] };
    });
    expect(new Set(runs.map((r) => r.offset)).size).toBe(3); // the zone really differed
    const ours = [2021, 2022, 2023].flatMap((year) => new DateHolidaysSource().holidaysIn('england-and-wales', year).map((h) => h.date));
    for (const run of runs) {
      expect(run.days).toEqual(runs[0]!.days);
      expect(run.days).toEqual(expect.arrayContaining(ours));
    }
  });
});
