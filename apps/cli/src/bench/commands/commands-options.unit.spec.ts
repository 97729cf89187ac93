import { CommandBenchUsageError, parseCommandBenchOptions } from './commands-options.js';

describe('bench:commands options', () => {
  it('defaults to the targets’ scale: 1,000 children, 64 in flight, 1,000 commands/s', () => {
    expect(parseCommandBenchOptions([])).toMatchObject({ children: 1000, concurrency: 64, rate: 1000, foldEvents: 500, logLevel: 'info' });
  });

  it('runs small with --quick, and takes explicit sizes', () => {
    expect(parseCommandBenchOptions(['--quick'])).toMatchObject({ children: 200, warmupChildren: 30, foldRuns: 10 });
    expect(parseCommandBenchOptions(['--children', '50', '--concurrency', '32', '--rate', '600'])).toMatchObject({ children: 50, concurrency: 32, rate: 600 });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseCommandBenchOptions(['--children', 'many'])).toThrow(CommandBenchUsageError);
    expect(() => parseCommandBenchOptions(['--children', '0'])).toThrow(CommandBenchUsageError);
    expect(() => parseCommandBenchOptions(['--speed'])).toThrow(CommandBenchUsageError);
  });
});
