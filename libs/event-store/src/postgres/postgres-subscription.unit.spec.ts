import type { RecordedEvent } from '../event-envelope.js';
import { AppendSignal } from './postgres-append-signal.js';
import { PostgresSubscription, type PostgresSubscriptionSource } from './postgres-subscription.js';

const recorded = (position: number): RecordedEvent =>
  ({ id: `e${position}`, type: 'ContactReceived', data: {}, metadata: { position } }) as unknown as RecordedEvent;

/** Given a log whose reads fail now and then, the subscription reports each failure and carries on from its checkpoint. */
function source(log: RecordedEvent[], failOnReads: Set<number>) {
  let reads = 0;
  const failures: Error[] = [];
  const src: PostgresSubscriptionSource = {
    signal: new AppendSignal(),
    async readAfter(after, limit) {
      reads += 1;
      if (failOnReads.has(reads)) throw new Error(`connection dropped on read ${reads}`);
      return log.filter((e) => e.metadata.position > after).slice(0, limit);
    },
    started: () => undefined,
    waiting: () => undefined,
    ended: () => undefined,
    readFailed: (e) => failures.push(e),
  };
  return { src, failures };
}

describe('PostgresSubscription when reads fail', () => {
  it('reports a failed read, reads again from the same checkpoint, and delivers every event once in order', async () => {
    const log = [1, 2, 3, 4, 5].map(recorded);
    const { src, failures } = source(log, new Set([2, 3]));
    const sub = new PostgresSubscription(src, 0, 2, 5);
    const seen: number[] = [];
    for await (const e of sub) {
      seen.push(e.metadata.position);
      if (seen.length === 5) await sub.close();
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(failures.map((f) => f.message)).toEqual(['connection dropped on read 2', 'connection dropped on read 3']);
  });

  it('gives up with the error after many failures in a row', async () => {
    const { src } = source([], new Set(Array.from({ length: 100 }, (_, i) => i + 1)));
    const sub = new PostgresSubscription(src, 0, 10, 1, { maxFailures: 20, maxDelayMs: 2 });
    await expect((async () => {
      for await (const _ of sub) {
        // never reached
      }
    })()).rejects.toThrow('connection dropped on read 20');
  });
});
