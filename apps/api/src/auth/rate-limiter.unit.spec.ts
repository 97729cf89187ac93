import { RateLimiter } from './rate-limiter.js';

describe('rate limiting per user or address', () => {
  let now = 0;
  const limiter = () => new RateLimiter(60_000, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a user make the limit’s number of requests in a window, then refuses with when to come back', () => {
    const l = limiter();
    for (let i = 1; i <= 3; i++) expect(l.hit('user:sw.north', 3)).toMatchObject({ allowed: true, remaining: 3 - i });
    now += 15_000;
    expect(l.hit('user:sw.north', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 45 });
  });

  it('counts each user separately', () => {
    const l = limiter();
    expect(l.hit('user:sw.north', 1).allowed).toBe(true);
    expect(l.hit('user:sw.north', 1).allowed).toBe(false);
    expect(l.hit('user:sw.south', 1).allowed).toBe(true);
  });

  it('starts a fresh window once the last one has ended', () => {
    const l = limiter();
    l.hit('ip:10.0.0.1', 1);
    expect(l.hit('ip:10.0.0.1', 1).allowed).toBe(false);
    now += 60_000;
    expect(l.hit('ip:10.0.0.1', 1)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('does not count at all when the limit is 0 (turned off)', () => {
    const l = limiter();
    for (let i = 0; i < 100; i++) expect(l.hit('user:bench', 0).allowed).toBe(true);
    expect(l.size).toBe(0);
  });

  it('forgets idle keys once many are held', () => {
    const l = limiter();
    for (let i = 0; i < 10_000; i++) l.hit(`ip:${i}`, 5);
    now += 61_000;
    l.hit('ip:new', 5);
    expect(l.size).toBe(1);
  });
});
