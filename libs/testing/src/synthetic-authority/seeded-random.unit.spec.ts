import { SeededRandom, Weighted } from './seeded-random.js';

const draw = (rng: SeededRandom, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed, on every run', () => {
    expect(draw(new SeededRandom(42), 50)).toEqual(draw(new SeededRandom(42), 50));
    expect(draw(new SeededRandom('north'), 50)).toEqual(draw(new SeededRandom('north'), 50));
  });

  it('gives different sequences for different seeds, including a number and its text', () => {
    expect(draw(new SeededRandom(42), 10)).not.toEqual(draw(new SeededRandom(43), 10));
    expect(draw(new SeededRandom(42), 10)).not.toEqual(draw(new SeededRandom('42'), 10));
  });

  it('keeps draws within their bounds and spreads them over the range', () => {
    const rng = new SeededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = rng.int(3, 8);
      expect(k).toBeGreaterThanOrEqual(3);
      expect(k).toBeLessThanOrEqual(8);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('has a Poisson mean close to the one asked for, small or large', () => {
    const rng = new SeededRandom(1);
    const mean = (m: number): number => Array.from({ length: 4_000 }, () => rng.poisson(m)).reduce((a, b) => a + b, 0) / 4_000;
    expect(mean(3)).toBeCloseTo(3, 0);
    expect(Math.abs(mean(60) - 60)).toBeLessThan(1);
  });

  it('makes ids shaped like version 4 UUIDs, as the API expects of command ids', () => {
    const rng = new SeededRandom(5);
    for (let i = 0; i < 100; i++) expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('forks streams that do not repeat their parent', () => {
    const parent = new SeededRandom(9);
    const child = parent.fork('ids');
    expect(draw(child, 10)).not.toEqual(draw(parent, 10));
  });
});

describe('Weighted', () => {
  it('never picks an entry of weight zero and picks others about in proportion', () => {
    const table = new Weighted<string>([['a', 3], ['never', 0], ['b', 1]]);
    const rng = new SeededRandom(3);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4_000; i++) {
      const x = table.pick(rng);
      counts[x] = (counts[x] ?? 0) + 1;
    }
    expect(counts.never).toBeUndefined();
    expect((counts.a ?? 0) / 4_000).toBeGreaterThan(0.7);
    expect((counts.a ?? 0) / 4_000).toBeLessThan(0.8);
  });
});
