import pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';
import { type AppendOutcome, AppendGroupWriter, type PendingAppend } from './postgres-append-group.js';

const recorded: RecordedEvent = {
  id: 'e',
  type: 'ContactReceived',
  data: {},
  metadata: {
    occurredAt: '2025-01-15',
    actor: { userId: 'user-1', role: 'social-worker', team: 'front-door' },
    correlationId: 'corr',
    causationId: 'cmd',
    schemaVersion: 1,
    machineVersion: 1,
    streamId: 'child',
    revision: 0,
    position: 0,
    recordedAt: '2025-01-15T09:00:00.000Z',
    prevHash: '',
    hash: '',
  },
};

function pending(streamId: string, events = 1): PendingAppend {
  return {
    streamId,
    head: { revision: -1, hash: '' },
    recordedAt: '2025-01-15T09:00:00.000Z',
    events: Array.from({ length: events }, () => recorded),
    dataJson: Array.from({ length: events }, () => '{}'),
  };
}

/** A fake database call the test answers by hand, recording the groups it was given. */
function fakeDatabase() {
  const calls: { streams: string[]; answer: (outcomes: AppendOutcome[]) => void; fail: (error: unknown) => void }[] = [];
  const write = (group: readonly PendingAppend[]): Promise<AppendOutcome[]> =>
    new Promise((resolve, reject) => {
      calls.push({ streams: group.map((a) => a.streamId), answer: resolve, fail: reject });
    });
  return { calls, write };
}

const written = (firstPosition: number): AppendOutcome => ({ appended: true, firstPosition });
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const limits = { maxInFlight: 1, maxAppends: 100, maxEvents: 1000, maxDataChars: 1_000_000 };

describe('AppendGroupWriter', () => {
  it('given a quiet store, when one append arrives, then it is written at once on its own', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, limits);
    const result = writer.submit(pending('child-1'));
    expect(db.calls.map((c) => c.streams)).toEqual([['child-1']]);
    db.calls[0]?.answer([written(1)]);
    await expect(result).resolves.toEqual(written(1));
  });

  it('given a group in flight, when more appends arrive, then they go together next, sorted by stream, each answered its own outcome', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, limits);
    const first = writer.submit(pending('child-5'));
    const later = [writer.submit(pending('child-9')), writer.submit(pending('child-2')), writer.submit(pending('child-7'))];
    expect(db.calls).toHaveLength(1);
    db.calls[0]?.answer([written(1)]);
    await first;
    await turn();
    expect(db.calls[1]?.streams).toEqual(['child-2', 'child-7', 'child-9']);
    db.calls[1]?.answer([written(2), { appended: false, head: { revision: 4, hash: 'h' } }, written(3)]);
    expect(await Promise.all(later)).toEqual([written(3), written(2), { appended: false, head: { revision: 4, hash: 'h' } }]);
  });

  it('given the limits, when many appends wait, then no group holds more than allowed', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, { ...limits, maxAppends: 2, maxEvents: 3 });
    void writer.submit(pending('a'));
    for (const [stream, events] of [['b', 1], ['c', 1], ['d', 2], ['e', 1]] as const) void writer.submit(pending(stream, events));
    for (let i = 0; db.calls.length > i; i++) {
      db.calls[i]?.answer(db.calls[i]?.streams.map(() => written(1)) ?? []);
      await turn();
    }
    expect(db.calls.map((c) => c.streams)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('given one append of a group breaks the statement, then each is retried alone and only that one fails', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, limits);
    void writer.submit(pending('first'));
    const outcomes = Promise.allSettled([writer.submit(pending('child-a')), writer.submit(pending('child-b'))]);
    db.calls[0]?.answer([written(1)]);
    await turn();
    const duplicate = new pg.DatabaseError('duplicate key value violates unique constraint', 0, 'error');
    db.calls[1]?.fail(duplicate);
    await turn();
    db.calls[2]?.fail(duplicate);
    await turn();
    db.calls[3]?.answer([written(2)]);
    expect(await outcomes).toEqual([
      { status: 'rejected', reason: duplicate },
      { status: 'fulfilled', value: written(2) },
    ]);
    expect(db.calls.map((c) => c.streams)).toEqual([['first'], ['child-a', 'child-b'], ['child-a'], ['child-b']]);
  });

  it('given the connection fails under a group, then every append of it hears of it (nothing retried blindly)', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, limits);
    void writer.submit(pending('first'));
    const group = [writer.submit(pending('child-a')), writer.submit(pending('child-b'))];
    db.calls[0]?.answer([written(1)]);
    await turn();
    db.calls[1]?.fail(new Error('Connection terminated unexpectedly'));
    const outcomes = await Promise.allSettled(group);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(db.calls).toHaveLength(2);
  });

  it('writes up to maxInFlight groups at once and is idle only when all are answered', async () => {
    const db = fakeDatabase();
    const writer = new AppendGroupWriter(db.write, { ...limits, maxInFlight: 2 });
    void writer.submit(pending('a'));
    void writer.submit(pending('b'));
    void writer.submit(pending('c'));
    expect(db.calls).toHaveLength(2);
    let idle = false;
    void writer.idle().then(() => (idle = true));
    db.calls[0]?.answer([written(1)]);
    await turn();
    expect(db.calls).toHaveLength(3);
    db.calls[1]?.answer([written(2)]);
    db.calls[2]?.answer([written(3)]);
    await turn();
    expect(idle).toBe(true);
  });
});
