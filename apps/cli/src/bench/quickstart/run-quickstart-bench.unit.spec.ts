import { readModelsCaughtUp, seededLine } from './run-quickstart-bench.js';

describe('reading the quick start as it happens', () => {
  it('finds the seeder’s closing line among the API’s JSON logs, and nothing before it is written', () => {
    const progress = '{"level":"info","context":"DemoSeeder","commands":54955,"events":55000,"rejected":0,"msg":"seeding demo authority"}';
    const done = '{"level":"info","context":"DemoSeeder","events":368682,"rejected":0,"seconds":45,"msg":"demo authority seeded"}';
    expect(seededLine(`${progress}\n`)).toBeUndefined();
    expect(seededLine(`${progress}\n${done}\n`)).toEqual({ events: 368682, rejected: 0, seconds: 45 });
  });

  it('counts the read models complete only when every one is live and level with the log', () => {
    const health = (degraded: boolean, lag: number): unknown => ({ status: 'ok', info: { readModels: { status: 'up', degraded, lag } } });
    expect(readModelsCaughtUp(health(false, 0))).toBe(true);
    expect(readModelsCaughtUp(health(true, 0))).toBe(false);
    expect(readModelsCaughtUp(health(false, 12))).toBe(false);
    expect(readModelsCaughtUp({ status: 'error', error: {} })).toBe(false);
    expect(readModelsCaughtUp(null)).toBe(false);
  });
});
