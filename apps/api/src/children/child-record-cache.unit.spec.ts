import { ChildRecordCache } from './child-record-cache.js';
import { emptyChildRecord, type ChildRecord } from './child-record.js';

const at = (childId: string, revision: number): ChildRecord => ({ ...emptyChildRecord(childId), revision });

describe('the cache of folded child records', () => {
  it('forgets the least recently used child when full', () => {
    const cache = new ChildRecordCache(2);
    cache.offer(at('a', 1));
    cache.offer(at('b', 1));
    expect(cache.get('child-a')?.revision).toBe(1);
    cache.offer(at('c', 1));
    expect(cache.get('child-b')).toBeUndefined();
    expect(cache.get('child-a')).toBeDefined();
    expect(cache.get('child-c')).toBeDefined();
  });

  it('never replaces a newer fold of a stream with an older one', () => {
    const cache = new ChildRecordCache(10);
    cache.offer(at('a', 5));
    cache.offer(at('a', 3));
    expect(cache.get('child-a')?.revision).toBe(5);
    cache.offer(at('a', 6));
    expect(cache.get('child-a')?.revision).toBe(6);
  });
});
