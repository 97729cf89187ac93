import { tmpdir } from 'node:os';
import { BenchUsageError, parseBenchOptions } from './bench-options.js';

describe('parseBenchOptions', () => {
  it('measures both engines at full size by default, PostgreSQL on the local test database', () => {
    expect(parseBenchOptions([], {})).toMatchObject({
      repeats: 5,
      writers: 16,
      engines: ['sqlite', 'postgres'],
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      dir: tmpdir(),
    });
  });

  it('makes a smoke run smaller with --quick or BENCH_QUICK=1', () => {
    const full = parseBenchOptions([], {});
    for (const quick of [parseBenchOptions(['--quick'], {}), parseBenchOptions([], { BENCH_QUICK: '1' })]) {
      expect(quick.repeats).toBeLessThan(full.repeats);
      expect(quick.readEvents).toBeLessThan(full.readEvents);
      expect(quick.singleEvents).toBeLessThan(full.singleEvents);
    }
  });

  it('takes sizes from the environment, and flags over the environment', () => {
    const options = parseBenchOptions(['--repeats', '7', '--engines', 'postgres', '--max-run-ms', '750'], {
      BENCH_REPEATS: '3',
      BENCH_READS: '5000',
      BENCH_ENGINES: 'sqlite',
      DATABASE_URL: 'postgres://bench@db:5433/other',
      BENCH_DIR: '/var/tmp',
    });
    expect(options).toMatchObject({ repeats: 7, readEvents: 5000, maxRunMs: 750, engines: ['postgres'], databaseUrl: 'postgres://bench@db:5433/other', dir: '/var/tmp' });
  });

  it('refuses sizes that are not positive whole numbers, unknown engines and unknown flags', () => {
    expect(() => parseBenchOptions(['--repeats', '0'], {})).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--single', '2.5'], {})).toThrow(BenchUsageError);
    expect(() => parseBenchOptions([], { BENCH_WRITERS: 'many' })).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--engines', 'sqlite,mysql'], {})).toThrow(/engines must be/);
    expect(() => parseBenchOptions(['--fast'], {})).toThrow(BenchUsageError);
  });

  it('refuses fewer concurrent appends than writers', () => {
    expect(() => parseBenchOptions(['--writers', '16', '--concurrent', '8'], {})).toThrow(/at least --writers/);
  });
});
