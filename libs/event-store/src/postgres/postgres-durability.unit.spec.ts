import { DurabilityBarrier } from './postgres-durability.js';

/** A fake WAL flush the test completes by hand. */
function fakeWal() {
  const flushes: { finish: () => void; fail: (error: Error) => void }[] = [];
  const flushWal = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      flushes.push({ finish: resolve, fail: reject });
    });
  return { flushes, flushWal };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function settledState(promise: Promise<unknown>): () => 'pending' | 'resolved' | 'rejected' {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  return () => state;
}

describe('DurabilityBarrier', () => {
  it('given several commits in one turn, when they ask for durability, then one flush serves them all', async () => {
    const wal = fakeWal();
    const barrier = new DurabilityBarrier(wal.flushWal);
    const asks = [barrier.flush(), barrier.flush(), barrier.flush()].map(settledState);
    await turn();
    expect(wal.flushes).toHaveLength(1);
    wal.flushes[0]?.finish();
    await turn();
    expect(asks.map((state) => state())).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('given a flush already sent, when a later commit asks, then it waits for a flush sent after it, not the earlier one', async () => {
    const wal = fakeWal();
    const barrier = new DurabilityBarrier(wal.flushWal);
    const early = settledState(barrier.flush());
    await turn();
    const late = settledState(barrier.flush());
    await turn();
    expect(wal.flushes).toHaveLength(2);
    wal.flushes[0]?.finish();
    await turn();
    expect(early()).toBe('resolved');
    expect(late()).toBe('pending');
    wal.flushes[1]?.finish();
    await turn();
    expect(late()).toBe('resolved');
  });

  it('given the in-flight limit is reached, when more commits ask, then they share the next flush once a slot frees', async () => {
    const wal = fakeWal();
    const barrier = new DurabilityBarrier(wal.flushWal, 2);
    barrier.flush().catch(() => undefined);
    await turn();
    barrier.flush().catch(() => undefined);
    await turn();
    const queued = [barrier.flush(), barrier.flush()].map(settledState);
    await turn();
    expect(wal.flushes).toHaveLength(2);
    wal.flushes[0]?.finish();
    await turn();
    expect(wal.flushes).toHaveLength(3);
    wal.flushes[2]?.finish();
    await turn();
    expect(queued.map((state) => state())).toEqual(['resolved', 'resolved']);
  });

  it('given a flush fails, then only the commits that joined it hear of it, and later ones still get a flush', async () => {
    const wal = fakeWal();
    const barrier = new DurabilityBarrier(wal.flushWal);
    const failed = barrier.flush();
    await turn();
    wal.flushes[0]?.fail(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    const next = barrier.flush();
    await turn();
    wal.flushes[1]?.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('reports idle only once nothing is in flight or waiting', async () => {
    const wal = fakeWal();
    const barrier = new DurabilityBarrier(wal.flushWal);
    await expect(barrier.idle()).resolves.toBeUndefined();
    void barrier.flush();
    const idle = settledState(barrier.idle());
    await turn();
    expect(idle()).toBe('pending');
    wal.flushes[0]?.finish();
    await turn();
    expect(idle()).toBe('resolved');
  });
});
