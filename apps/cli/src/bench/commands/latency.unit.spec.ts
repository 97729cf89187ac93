import { percentile, summarise } from './latency.js';

describe('latency percentiles', () => {
  it('takes the nearest rank: p99 of 100 latencies is the 99th smallest', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
  });

  it('summarises unsorted latencies', () => {
    expect(summarise([5, 1, 3, 2, 4])).toEqual({ p50: 3, p95: 5, p99: 5, max: 5 });
    expect(summarise([]).p99).toBeNaN();
  });
});
