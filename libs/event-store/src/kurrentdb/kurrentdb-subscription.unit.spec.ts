import { PassThrough } from 'node:stream';
import type { NewEvent } from '../event-envelope.js';
import { StoreUnavailableError } from '../event-store.errors.js';
import { validateAppend } from '../event-validation.js';
import { planAppend, type KurrentRecord } from './kurrentdb-mapping.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

/** A client subscription as the adapter sees it: an object stream of resolved events, plus unsubscribe. */
function source(): PassThrough & { unsubscribed: boolean; unsubscribe(): Promise<void> } {
  const stream = new PassThrough({ objectMode: true }) as PassThrough & { unsubscribed: boolean; unsubscribe(): Promise<void> };
  stream.unsubscribed = false;
  stream.unsubscribe = async () => {
    stream.unsubscribed = true;
  };
  return stream;
}

function record(id: string, revision: number, position: bigint, streamName = 'p:child-1'): { event: KurrentRecord } {
  const event: NewEvent = {
    id,
    type: 'CinVisitMade',
    data: {},
    metadata: {
      occurredAt: '2025-02-01',
      actor: { userId: 'user-1', role: 'social-worker', team: 'cin' },
      correlationId: 'corr',
      causationId: 'cmd',
      schemaVersion: 1,
      machineVersion: 1,
    },
  };
  const [sent] = planAppend({ streamId: 'child-1', events: [event], dataJson: validateAppend('child-1', [event]), headRevision: revision - 1, headHash: '', recordedAt: '2025-02-01T10:00:00.000Z' }).eventData;
  return {
    event: { streamId: streamName, id: 'uuid', revision: BigInt(revision), type: event.type, isJson: true, data: sent?.data, metadata: JSON.parse(JSON.stringify(sent?.metadata)), position: { commit: position, prepare: position } },
  };
}

async function collect(subscription: KurrentDbSubscription, count: number): Promise<string[]> {
  const seen: string[] = [];
  for await (const e of subscription) {
    seen.push(e.id);
    if (seen.length === count) break;
  }
  return seen;
}

describe('KurrentDbSubscription', () => {
  it('delivers each position once, after the checkpoint, even if the server sends a record again', async () => {
    const src = source();
    const subscription = new KurrentDbSubscription(src, 'p:', 200);
    for (const r of [record('at-checkpoint', 0, 200n), record('e-1', 1, 300n), record('e-1', 1, 300n), record('e-2', 2, 450n)]) src.write(r);
    expect(await collect(subscription, 2)).toEqual(['e-1', 'e-2']);
    // Breaking out of the loop gives the server its subscription back.
    expect(src.unsubscribed).toBe(true);
  });

  it("passes over system streams, other prefixes and events it did not write", async () => {
    const src = source();
    const subscription = new KurrentDbSubscription(src, 'p:', 0);
    src.write(record('system', 0, 100n, '$ce-child'));
    src.write(record('other', 0, 200n, 'q:child-1'));
    src.write({ event: { ...record('x', 0, 300n).event, metadata: { $correlationId: 'c' } } });
    src.write(record('mine', 0, 400n));
    expect(await collect(subscription, 1)).toEqual(['mine']);
  });

  it('fails with StoreUnavailableError on an event of its own it cannot read', async () => {
    const src = source();
    const subscription = new KurrentDbSubscription(src, 'p:', 0);
    const broken = record('broken', 0, 100n);
    src.write({ event: { ...broken.event, position: { commit: 100n, prepare: 180n } } });
    await expect(collect(subscription, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('fails with StoreUnavailableError when the server ends the subscription, rather than look finished', async () => {
    const src = source();
    const subscription = new KurrentDbSubscription(src, 'p:', 0);
    src.write(record('e-0', 0, 100n));
    src.end();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of subscription) seen.push(e.id);
      })(),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(seen).toEqual(['e-0']);
  });

  it('ends quietly when closed, also with a read pending', async () => {
    const src = source();
    const subscription = new KurrentDbSubscription(src, 'p:', 0);
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = iterator.next();
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(src.unsubscribed).toBe(true);
  });
});
