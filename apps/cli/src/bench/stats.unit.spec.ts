import { median, perSecond, ratio } from './stats.js';
import { rotation } from './measure-cases.js';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order, so one slow run does not move it', () => {
    expect(median([900, 3000, 2800, 50, 2900])).toBe(2800);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves the caller’s array as it was', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });

  it('refuses no values rather than inventing one', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('rates', () => {
  it('turns a count and milliseconds into a rate per second', () => {
    expect(perSecond(500, 250)).toBe(2000);
  });

  it('reports a run too fast to time as unmeasurable', () => {
    expect(perSecond(10, 0)).toBeNaN();
  });

  it('gives adapter/raw, or null when a side is missing or the baseline did nothing', () => {
    expect(ratio(750, 1000)).toBe(0.75);
    expect(ratio(null, 1000)).toBeNull();
    expect(ratio(750, null)).toBeNull();
    expect(ratio(750, 0)).toBeNull();
    expect(ratio(Number.NaN, 1000)).toBeNull();
  });
});

describe('rotation', () => {
  it('starts each run with a different side, every side once per run', () => {
    const sides = ['adapter', 'raw', 'variant'];
    expect([0, 1, 2, 3].map((r) => rotation(sides, r))).toEqual([
      ['adapter', 'raw', 'variant'],
      ['raw', 'variant', 'adapter'],
      ['variant', 'adapter', 'raw'],
      ['adapter', 'raw', 'variant'],
    ]);
  });
});
