import { stagedBatchLimit } from './projection-runner.js';

describe('stagedBatchLimit: the size of a staged catch-up batch', () => {
  it('is the rebuild batch size while more than one batch is left before the target', () => {
    expect(stagedBatchLimit(50_000, 0, 1_000_000)).toBe(50_000);
    expect(stagedBatchLimit(50_000, 949_999, 1_000_000)).toBe(50_000);
  });

  it('halves the last stretch, so the batch left committing at the end is a small one', () => {
    const sizes: number[] = [];
    for (let after = 950_000; after < 1_000_000; ) {
      const limit = stagedBatchLimit(50_000, after, 1_000_000);
      sizes.push(limit);
      after += limit;
    }
    // The last one asks for more than is left: it ends short, at the target.
    expect(sizes).toEqual([25_000, 12_500, 6_250, 3_125, 1_563, 1_000, 1_000]);
  });

  it('never goes below one read of the log (1,000 events) nor above the batch size', () => {
    expect(stagedBatchLimit(50_000, 999_990, 1_000_000)).toBe(1_000);
    // Batches smaller than one read are not split further.
    expect(stagedBatchLimit(10, 0, 15)).toBe(10);
    expect(stagedBatchLimit(10, 7, 15)).toBe(10);
  });

  it('reaches any target from any start in batches no larger than the batch size', () => {
    for (const [size, start, target] of [
      [50_000, 0, 1_234_567],
      [1_000, 17, 20_000],
      [7, 3, 100],
      [250_000, 10, 60_000],
    ] as const) {
      let after: number = start;
      let batches = 0;
      while (after < target) {
        const limit = stagedBatchLimit(size, after, target);
        expect(limit).toBeGreaterThan(0);
        expect(limit).toBeLessThanOrEqual(size);
        after += limit;
        batches += 1;
        expect(batches).toBeLessThan(1_000);
      }
    }
  });
});
