import { KeyedLock } from './keyed-lock.js';

describe('keyed lock', () => {
  it('runs work for one key one at a time, in order, even when some fails', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = lock.run('child-1', async () => {
      order.push('first starts');
      await gate;
      order.push('first ends');
      throw new Error('refused');
    });
    const second = lock.run('child-1', async () => {
      order.push('second');
      return 2;
    });
    const other = lock.run('child-2', async () => {
      order.push('other key');
      return 3;
    });
    await expect(other).resolves.toBe(3);
    release();
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe(2);
    expect(order).toEqual(['first starts', 'other key', 'first ends', 'second']);
  });
});
