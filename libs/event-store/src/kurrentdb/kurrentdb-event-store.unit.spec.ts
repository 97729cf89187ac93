import { randomUUID } from 'node:crypto';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { describeEventStoreContract, type ContractTarget } from '../contract/event-store.contract.js';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import { ConcurrencyError, InvalidEventError, StoreUnavailableError } from '../event-store.errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { FakeKurrentDbClient } from './fake-kurrentdb-client.contract.js';
import { KurrentDbEventStore, type KurrentDbEventStoreSettings } from './kurrentdb-event-store.js';

/**
 * The adapter's own logic against an in-memory stand-in for the server (see FakeKurrentDbClient). This is not a
 * test of KurrentDB: kurrentdb-event-store.int.spec.ts runs the same contract against a real one where there is one.
 */
const server = new FakeKurrentDbClient();
const asClient = (fake: FakeKurrentDbClient): KurrentDBClient => fake as unknown as KurrentDBClient;

function openStore(fake = server, settings: KurrentDbEventStoreSettings = {}): KurrentDbEventStore {
  return new KurrentDbEventStore({ client: asClient(fake), streamPrefix: `unit-${randomUUID().slice(0, 8)}:`, ...settings });
}

const target: ContractTarget = {
  gaplessPositions: false,
  tamperable: false,
  // No transaction across streams: each append of a batch is atomic, the batch is not.
  atomicBatches: false,
  async create(options) {
    // One shared "server" for every store, as in the int suite: prefixes keep them apart.
    const store = openStore(server, options ?? {});
    await store.init();
    return { store, dispose: () => store.close() };
  },
};

describeEventStoreContract('KurrentDB adapter over an in-memory stand-in for the server', target);

function event(id: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id,
    type: 'ChildSeenForAssessment',
    data,
    metadata: {
      occurredAt: '2025-01-15',
      actor: { userId: 'user-1', role: 'social-worker', team: 'assessment' },
      correlationId: `corr-${id}`,
      causationId: `cmd-${id}`,
      schemaVersion: 1,
      machineVersion: 1,
    },
  };
}

const ids = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.id);

describe('KurrentDbEventStore beyond the contract', () => {
  const opened: KurrentDbEventStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  function fresh(fake = server, settings: KurrentDbEventStoreSettings = {}): KurrentDbEventStore {
    const store = openStore(fake, settings);
    opened.push(store);
    return store;
  }

  describe('concurrent writers', () => {
    it("Given eight writers appending with 'any' at once, all of them land and the chain stays whole", async () => {
      const store = fresh();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.append('child-1', [event(`w-${i}`)], { expectedRevision: 'any' })));
      expect(results.every((r) => !r.idempotentReplay)).toBe(true);
      const stream = await store.readStream('child-1');
      expect(stream.map((e) => e.metadata.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(new Set(ids(stream))).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `w-${i}`)));
      expect(await store.verifyStream('child-1')).toMatchObject({ ok: true, eventsChecked: 8 });
    });

    it('Given a writer lost a race for revision 0, when it retries its same ids at the new head, then they are written', async () => {
      const store = fresh();
      await store.append('child-1', [event('first')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.append('child-1', [event('worker-a')], { expectedRevision: 0 }),
        store.append('child-1', [event('worker-b')], { expectedRevision: 0 }),
      ]);
      const lost = outcomes.findIndex((o) => o.status === 'rejected');
      const loser = lost === 0 ? 'worker-a' : 'worker-b';
      const retry = await store.append('child-1', [event(loser)], { expectedRevision: 1 });
      expect(retry).toMatchObject({ idempotentReplay: false, nextExpectedRevision: 2 });
      expect(await store.verifyStream('child-1')).toMatchObject({ ok: true, eventsChecked: 3 });
    });

    it('reports a lost race as a ConcurrencyError also when the client resolves refused appends instead of throwing', async () => {
      const store = fresh(new FakeKurrentDbClient(false));
      await store.append('child-1', [event('first')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.append('child-1', [event('worker-a')], { expectedRevision: 0 }),
        store.append('child-1', [event('worker-b')], { expectedRevision: 0 }),
      ]);
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(ConcurrencyError);
      expect(lost[0]?.reason).toMatchObject({ expected: 0, actual: 1 });
      const any = await Promise.all([0, 1, 2].map((i) => store.append('child-2', [event(`any-${i}`)], { expectedRevision: 'any' })));
      expect(any.map((r) => r.nextExpectedRevision).sort()).toEqual([0, 1, 2]);
    });
  });

  describe('a database shared with others', () => {
    it('keeps stores with different prefixes apart, in reads and in subscriptions', async () => {
      const a = fresh();
      const b = fresh();
      const subscription = a.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      await b.append('child-1', [event('b-1')], { expectedRevision: 'no_stream' });
      await a.append('child-1', [event('a-1')], { expectedRevision: 'no_stream' });
      expect(ids(await a.readAll())).toEqual(['a-1']);
      expect(ids(await b.readStream('child-1'))).toEqual(['b-1']);
      const first = await iterator.next();
      expect(first.done === true ? undefined : first.value.id).toBe('a-1');
      await subscription.close();
    });

    it('passes over events other programs wrote in streams that are not its own', async () => {
      const fake = new FakeKurrentDbClient();
      const store = fresh(fake, { streamPrefix: '' });
      fake.appendForeign('orders-17', 'OrderPlaced', { total: 3 });
      await store.append('child-1', [event('mine')], { expectedRevision: 'no_stream' });
      fake.appendForeign('$stats-node1', 'StatsCollected', {});
      expect(ids(await store.readAll())).toEqual(['mine']);
      expect(await store.headPosition()).toBe((await store.readAll())[0]?.metadata.position);
      expect(await store.verifyAll()).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 1 });
    });

    it('reads a log longer than one page of $all without losing or repeating events', async () => {
      const store = fresh();
      const written: string[] = [];
      for (let batch = 0; batch < 12; batch++) {
        const events = Array.from({ length: 100 }, (_, i) => event(`long-${batch}-${i}`));
        await store.append(`child-${batch % 2}`, events, { expectedRevision: 'any' });
        written.push(...events.map((e) => e.id));
      }
      const all = await store.readAll();
      expect(ids(all)).toEqual(written);
      const middle = all[599]?.metadata.position ?? 0;
      expect(ids(await store.readAll({ after: middle, maxCount: 550 }))).toEqual(written.slice(600, 1150));
    });

    it('finds its head position behind many newer events of other programs', async () => {
      const fake = new FakeKurrentDbClient();
      // Without a prefix the server-side filter lets other programs' streams through: the client pages past them.
      const store = fresh(fake, { streamPrefix: '' });
      const mine = await store.append('child-1', [event('mine')], { expectedRevision: 'no_stream' });
      for (let i = 0; i < 75; i++) fake.appendForeign(`orders-${i}`, 'OrderPlaced', { i });
      expect(await store.headPosition()).toBe(mine.position);
    });

    it('refuses to chain onto, or read, an event in its own stream that it did not write', async () => {
      const fake = new FakeKurrentDbClient();
      const store = fresh(fake, { streamPrefix: 'p:' });
      await store.append('child-1', [event('mine')], { expectedRevision: 'no_stream' });
      fake.appendForeign('p:child-1', 'SomethingElse', { note: 'written around the store' });
      await expect(store.readStream('child-1')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append('child-1', [event('next')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailableError);
      const report = await store.verifyStream('child-1');
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => [p.kind, p.revision])).toContainEqual(['hash_mismatch', 1]);
    });
  });

  describe('integrity (the stand-in can be edited, KurrentDB cannot)', () => {
    async function seeded(): Promise<{ fake: FakeKurrentDbClient; store: KurrentDbEventStore }> {
      const fake = new FakeKurrentDbClient();
      const store = fresh(fake, { streamPrefix: 'p:' });
      await store.append('child-1', [event('a-0', { n: 0 }), event('a-1', { n: 1 }), event('a-2', { n: 2 })], { expectedRevision: 'no_stream' });
      await store.append('child-2', [event('b-0')], { expectedRevision: 'no_stream' });
      return { fake, store };
    }

    it('notices changed data', async () => {
      const { fake, store } = await seeded();
      fake.tamper('p:child-1', 1, (r) => ({ ...r, data: { n: 999 } }));
      const stream = await store.verifyStream('child-1');
      expect(stream.problems.map((p) => [p.kind, p.revision])).toEqual([['hash_mismatch', 1]]);
      const all = await store.verifyAll();
      expect(all).toMatchObject({ ok: false, streamsChecked: 2 });
      expect(all.problems.every((p) => p.streamId === 'child-1')).toBe(true);
    });

    it('notices an event missing from the middle of a stream', async () => {
      const { fake, store } = await seeded();
      fake.tamper('p:child-1', 1, () => null);
      const kinds = (await store.verifyStream('child-1')).problems.map((p) => p.kind);
      expect(kinds).toEqual(expect.arrayContaining(['broken_link', 'revision_gap']));
    });
  });

  describe('misuse', () => {
    it('rejects an expected revision that is not one, before sending anything', async () => {
      const store = fresh();
      for (const expectedRevision of [-1, 1.5, 'latest'] as unknown[]) {
        await expect(store.append('child-1', [event('e')], { expectedRevision: expectedRevision as ExpectedRevision })).rejects.toBeInstanceOf(InvalidEventError);
      }
      expect(await store.headPosition()).toBe(0);
      // The id was not reserved by the refused attempts: another stream may still use it.
      await expect(store.append('child-2', [event('e')], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ idempotentReplay: false });
    });

    it('refuses a stream prefix that would put its streams among the system streams', () => {
      expect(() => new KurrentDbEventStore({ client: asClient(server), streamPrefix: '$tests' })).toThrow(InvalidEventError);
    });
  });

  describe('lifecycle', () => {
    it('ends open subscriptions on close and leaves a client it was given open', async () => {
      const fake = new FakeKurrentDbClient();
      const store = openStore(fake);
      const subscription = store.subscribeToAll();
      const consuming = (async () => {
        let count = 0;
        for await (const _ of subscription) count += 1;
        return count;
      })();
      await store.close();
      expect(await consuming).toBe(0);
      expect(fake.disposed).toBe(false);
    });

    it('answers StoreUnavailableError once the server is gone', async () => {
      const fake = new FakeKurrentDbClient();
      const store = fresh(fake);
      await fake.dispose();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append('child-1', [event('e')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readStream('child-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    it('fails a subscription the server drops with StoreUnavailableError, so the consumer resumes from its checkpoint', async () => {
      const fake = new FakeKurrentDbClient();
      const store = fresh(fake);
      await store.append('child-1', [event('e-0')], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      const pending = iterator.next();
      await fake.dispose();
      await expect(pending).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
});
