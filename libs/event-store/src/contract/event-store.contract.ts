import type { LogEvent, NewEvent, NewEventMetadata, RecordedEvent } from '../event-envelope.js';
import { eventHash } from '../event-hash.js';
import { ConcurrencyError, IdempotencyConflictError, InvalidEventError } from '../event-store.errors.js';
import type { EventStore, StreamCursor } from '../event-store.port.js';
import type { EventLimits } from '../event-validation.js';
import type { ExpectedRevision } from '../expected-revision.js';
import type { IntegrityProblemKind, IntegrityReport } from '../integrity.js';

/** Direct database edits that bypass the store, to prove the verifier notices. */
export interface Tamperer {
  changeData(streamId: string, revision: number, newData: Record<string, unknown>): Promise<void>;
  deleteEvent(streamId: string, revision: number): Promise<void>;
  /** Reorder two events of a stream: afterwards event `b` is read where `a` was, and the other way round. */
  swapRevisions(streamId: string, a: number, b: number): Promise<void>;
}

export interface ContractStore {
  store: EventStore;
  tamper?: Tamperer;
  dispose(): Promise<void>;
}

export interface ContractTarget {
  /** A fresh, empty, initialised store. */
  create(options?: { clock?: () => Date; limits?: EventLimits }): Promise<ContractStore>;
  /**
   * Default true: positions of a fresh store are exactly 1, 2, 3… (the design's promise for SQL engines). An engine
   * whose positions are sparse commit positions (KurrentDB) sets false; unique and increasing is then checked.
   */
  readonly gaplessPositions?: boolean;
  /**
   * Default true: `create` must return a Tamperer, and the tamper-detection tests run. An engine whose log cannot be
   * edited behind the store's back sets false, which leaves those tests out (say so where the target is declared).
   */
  readonly tamperable?: boolean;
  /**
   * Default true: `appendBatch` is all or nothing (one transaction). An engine without transactions across streams
   * (KurrentDB) sets false: each append of a batch is still atomic, and the failing one writes nothing.
   */
  readonly atomicBatches?: boolean;
}

const PATIENCE_MS = 10_000;

const ACTOR = { userId: 'user-0042', role: 'social-worker', team: 'assessment-north' } as const;

function newEvent(id: string, type = 'ContactReceived', data: Record<string, unknown> = { source: 'police' }, metadata: Partial<NewEventMetadata> = {}): NewEvent {
  return {
    id,
    type,
    data,
    metadata: {
      occurredAt: '2025-03-04T09:30:00.000Z',
      actor: ACTOR,
      correlationId: `corr-${id}`,
      causationId: `cmd-${id}`,
      schemaVersion: 1,
      machineVersion: 1,
      ...metadata,
    },
  };
}

function events(prefix: string, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(`${prefix}-${i}`, i % 2 === 0 ? 'ContactReceived' : 'MashDecisionMade', { n: i }));
}

const ids = (list: readonly RecordedEvent[]): string[] => list.map((e) => e.id);
const revisions = (list: readonly RecordedEvent[]): number[] => list.map((e) => e.metadata.revision);
const positions = (list: readonly RecordedEvent[]): number[] => list.map((e) => e.metadata.position);
const kinds = (report: IntegrityReport): IntegrityProblemKind[] => report.problems.map((p) => p.kind);
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}

async function rejectedWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** Guards waits on a subscription so a broken adapter fails with a message instead of hanging the run. */
async function patiently<T>(promise: Promise<T>, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${failure} within ${PATIENCE_MS} ms`)), PATIENCE_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function take(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await patiently(iterator.next(), `the subscription delivered ${taken.length} of ${count} events`);
    if (next.done === true) break;
    taken.push(next.value);
  }
  return taken;
}

async function eventually(condition: () => boolean, failure: string): Promise<void> {
  const giveUpAt = Date.now() + PATIENCE_MS;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`${failure} within ${PATIENCE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function expectStrictlyIncreasing(values: readonly number[]): void {
  values.forEach((value, i) => {
    if (i > 0) expect(value).toBeGreaterThan(values[i - 1] ?? Number.NEGATIVE_INFINITY);
  });
}

/**
 * The behaviour every adapter of the EventStore port must show. Call it from an adapter's `*.int.spec.ts`; give
 * `{ skip: reason }` when the engine is not reachable here, so the run says so instead of passing quietly.
 */
export function describeEventStoreContract(name: string, target: ContractTarget | { skip: string }): void {
  if ('skip' in target) {
    describe(`${name} event store contract`, () => {
      it.skip(`${name} event store contract skipped: ${target.skip}`, () => undefined);
    });
    return;
  }
  const reachable: ContractTarget = target;
  const gapless = reachable.gaplessPositions ?? true;
  const tamperable = reachable.tamperable ?? true;
  const atomicBatches = reachable.atomicBatches ?? true;

  describe(`${name} event store contract`, () => {
    const opened: ContractStore[] = [];
    afterEach(async () => {
      for (const handle of opened.splice(0)) await handle.dispose();
    });
    async function fresh(options?: { clock?: () => Date; limits?: EventLimits }): Promise<ContractStore> {
      const handle = await reachable.create(options);
      opened.push(handle);
      return handle;
    }
    async function freshStore(options?: { clock?: () => Date; limits?: EventLimits }): Promise<EventStore> {
      return (await fresh(options)).store;
    }
    async function freshTamperable(): Promise<{ store: EventStore; tamper: Tamperer }> {
      const { store, tamper } = await fresh();
      if (!tamper) throw new Error(`${name} gave no Tamperer: return one from create(), or declare the target tamperable: false`);
      return { store, tamper };
    }

    describe('a fresh store', () => {
      it('is empty, answers a ping and names its engine', async () => {
        const store = await freshStore();
        expect(await store.headPosition()).toBe(0);
        expect(await store.readAll()).toEqual([]);
        await expect(store.ping()).resolves.toBeUndefined();
        expect(typeof store.kind).toBe('string');
        expect(store.kind.length).toBeGreaterThan(0);
      });

      it('can be initialised again without losing anything', async () => {
        const store = await freshStore();
        await store.append('child-1', events('e', 2), { expectedRevision: 'no_stream' });
        await store.init();
        expect(ids(await store.readStream('child-1'))).toEqual(['e-0', 'e-1']);
      });
    });

    describe('append', () => {
      it('writes a batch with consecutive revisions and increasing positions, and answers what it stored', async () => {
        const store = await freshStore();
        const result = await store.append('child-1', events('e', 3), { expectedRevision: 'no_stream' });
        expect(result.streamId).toBe('child-1');
        expect(result.idempotentReplay).toBe(false);
        expect(result.nextExpectedRevision).toBe(2);
        expect(ids(result.events)).toEqual(['e-0', 'e-1', 'e-2']);
        expect(revisions(result.events)).toEqual([0, 1, 2]);
        expectStrictlyIncreasing(positions(result.events));
        expect(result.position).toBe(result.events[2]?.metadata.position);
        expect(result.events.every((e) => e.metadata.streamId === 'child-1')).toBe(true);
        expect(await store.readStream('child-1')).toEqual(result.events);
        expect(await store.headPosition()).toBe(result.position);
      });

      it('writes nothing of a batch that holds one invalid event', async () => {
        const store = await freshStore();
        await store.append('child-1', [newEvent('first')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const batch = [newEvent('good-1'), newEvent('bad', 'not a type'), newEvent('good-2')];
        await rejectedWith(store.append('child-1', batch, { expectedRevision: 0 }), InvalidEventError);
        expect(ids(await store.readStream('child-1'))).toEqual(['first']);
        expect(await store.headPosition()).toBe(head);
        // The valid events' ids were not taken by the failed attempt.
        const retry = await store.append('child-1', [newEvent('good-1'), newEvent('good-2')], { expectedRevision: 0 });
        expect(retry.idempotentReplay).toBe(false);
        expect(revisions(retry.events)).toEqual([1, 2]);
      });

      it('writes nothing of a batch whose expected revision is wrong', async () => {
        const store = await freshStore();
        await store.append('child-1', events('e', 2), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        await rejectedWith(store.append('child-1', events('late', 3), { expectedRevision: 0 }), ConcurrencyError);
        expect(ids(await store.readStream('child-1'))).toEqual(['e-0', 'e-1']);
        expect(await store.headPosition()).toBe(head);
        const retry = await store.append('child-1', events('late', 3), { expectedRevision: 1 });
        expect(revisions(retry.events)).toEqual([2, 3, 4]);
      });

      it('lets only one of two concurrent appends expecting the same revision succeed', async () => {
        const store = await freshStore();
        await store.append('child-1', [newEvent('first')], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.append('child-1', [newEvent('worker-a')], { expectedRevision: 0 }),
          store.append('child-1', [newEvent('worker-b')], { expectedRevision: 0 }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]?.reason).toBeInstanceOf(ConcurrencyError);
        expect(revisions(await store.readStream('child-1'))).toEqual([0, 1]);
      });
    });

    describe('appendBatch', () => {
      it('appends to several streams at once, each append in order, and answers what each stored', async () => {
        const store = await freshStore();
        await store.append('child-1', events('old', 2), { expectedRevision: 'no_stream' });
        const before = await store.headPosition();
        const results = await store.appendBatch([
          { streamId: 'child-1', events: events('a', 2), expectedRevision: 1 },
          { streamId: 'child-2', events: events('b', 1), expectedRevision: 'no_stream' },
          { streamId: 'child-1', events: events('c', 1), expectedRevision: 3 },
          { streamId: 'child-3', events: events('d', 3), expectedRevision: 'any' },
        ]);
        expect(results.map((r) => [r.streamId, r.nextExpectedRevision, r.idempotentReplay])).toEqual([
          ['child-1', 3, false],
          ['child-2', 0, false],
          ['child-1', 4, false],
          ['child-3', 2, false],
        ]);
        expect(results.map((r) => ids(r.events))).toEqual([['a-0', 'a-1'], ['b-0'], ['c-0'], ['d-0', 'd-1', 'd-2']]);
        for (const r of results) expect(r.position).toBe(r.events[r.events.length - 1]?.metadata.position);
        expect((await store.readStream('child-1')).slice(2)).toEqual([...(results[0]?.events ?? []), ...(results[2]?.events ?? [])]);
        expect(await store.readStream('child-2')).toEqual(results[1]?.events);
        expect(revisions(await store.readStream('child-1'))).toEqual([0, 1, 2, 3, 4]);
        const written = await store.readAll({ after: before });
        expect(written).toHaveLength(7);
        expectStrictlyIncreasing(positions(written));
        expectStrictlyIncreasing(positions(await store.readStream('child-1')));
        if (gapless) expect(positions(written)).toEqual([3, 4, 5, 6, 7, 8, 9]);
        expect(await store.headPosition()).toBe(Math.max(...positions(written)));
        expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 9 });
      });

      it('answers an empty batch with nothing and writes nothing', async () => {
        const store = await freshStore();
        expect(await store.appendBatch([])).toEqual([]);
        expect(await store.headPosition()).toBe(0);
      });

      it('answers a batch sent again with the original results and stores it once', async () => {
        const store = await freshStore();
        const batch = [
          { streamId: 'child-1', events: events('a', 2), expectedRevision: 'no_stream' as const },
          { streamId: 'child-2', events: events('b', 1), expectedRevision: 'no_stream' as const },
        ];
        const first = await store.appendBatch(batch);
        const head = await store.headPosition();
        const again = await store.appendBatch(batch);
        expect(again.map((r) => r.idempotentReplay)).toEqual([true, true]);
        expect(again.map((r) => r.events)).toEqual(first.map((r) => r.events));
        expect(await store.headPosition()).toBe(head);
        // Single appends and batches are the same to idempotency: a batch's append retried alone is answered too.
        const alone = await store.append('child-2', events('b', 1), { expectedRevision: 'no_stream' });
        expect(alone).toMatchObject({ idempotentReplay: true, position: first[1]?.position });
      });

      it('refuses an append whose expected revision is wrong, naming its stream, and writes none of its events', async () => {
        const store = await freshStore();
        await store.append('child-2', events('old', 1), { expectedRevision: 'no_stream' });
        const error = await rejectedWith(
          store.appendBatch([
            { streamId: 'child-1', events: events('a', 1), expectedRevision: 'no_stream' },
            { streamId: 'child-2', events: events('b', 1), expectedRevision: 'no_stream' },
          ]),
          ConcurrencyError,
        );
        expect(error).toMatchObject({ streamId: 'child-2', expected: 'no_stream', actual: 0 });
        expect(ids(await store.readStream('child-2'))).toEqual(['old-0']);
        if (atomicBatches) {
          expect(await store.readStream('child-1')).toEqual([]);
          expect(await store.headPosition()).toBe(1);
        }
      });

      it('refuses a batch holding an invalid event, saying which append, and writes nothing of it', async () => {
        const store = await freshStore();
        const error = await rejectedWith(
          store.appendBatch([
            { streamId: 'child-1', events: events('a', 1), expectedRevision: 'no_stream' },
            { streamId: 'child-2', events: [newEvent('bad', 'not a type')], expectedRevision: 'no_stream' },
          ]),
          InvalidEventError,
        );
        expect(error.message).toContain('append 1 of the batch');
        expect(await store.headPosition()).toBe(0);
        await rejectedWith(store.appendBatch([{ streamId: 'child-1', events: events('a', 1), expectedRevision: -1 }]), InvalidEventError);
      });

      it('refuses an event id already stored in another stream', async () => {
        const store = await freshStore();
        await store.append('child-1', [newEvent('shared-id')], { expectedRevision: 'no_stream' });
        await rejectedWith(store.appendBatch([{ streamId: 'child-2', events: [newEvent('shared-id')], expectedRevision: 'any' }]), IdempotencyConflictError);
        expect(await store.streamRevision('child-2')).toBe(-1);
      });

      it('is seen by a subscription like any append', async () => {
        const store = await freshStore();
        const subscription = store.subscribeToAll();
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          await store.appendBatch([
            { streamId: 'child-1', events: events('a', 2), expectedRevision: 'no_stream' },
            { streamId: 'child-2', events: events('b', 1), expectedRevision: 'no_stream' },
          ]);
          expect(ids(await take(iterator, 3)).sort()).toEqual(['a-0', 'a-1', 'b-0']);
        } finally {
          await subscription.close();
        }
      });

      it('takes recordedAt from the injected clock', async () => {
        const store = await freshStore({ clock: () => new Date('2025-06-01T08:00:00.000Z') });
        const results = await store.appendBatch([
          { streamId: 'child-1', events: events('a', 1), expectedRevision: 'no_stream' },
          { streamId: 'child-2', events: events('b', 1), expectedRevision: 'no_stream' },
        ]);
        expect(results.flatMap((r) => r.events.map((e) => e.metadata.recordedAt))).toEqual(['2025-06-01T08:00:00.000Z', '2025-06-01T08:00:00.000Z']);
      });
    });

    describe('expected revision', () => {
      async function expectConflict(store: EventStore, streamId: string, expected: ExpectedRevision, actual: number): Promise<void> {
        const before = await store.readStream(streamId);
        const head = await store.headPosition();
        const error = await rejectedWith(store.append(streamId, [newEvent(`rejected-${String(expected)}`)], { expectedRevision: expected }), ConcurrencyError);
        expect(error.code).toBe('WRONG_EXPECTED_REVISION');
        expect(error.streamId).toBe(streamId);
        expect(error.expected).toBe(expected);
        expect(error.actual).toBe(actual);
        expect(await store.readStream(streamId)).toEqual(before);
        expect(await store.headPosition()).toBe(head);
      }

      it('no_stream: accepted for a new stream, rejected once the stream exists', async () => {
        const store = await freshStore();
        const result = await store.append('child-1', [newEvent('a')], { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(0);
        await expectConflict(store, 'child-1', 'no_stream', 0);
      });

      it('any: accepted whether or not the stream exists', async () => {
        const store = await freshStore();
        expect((await store.append('child-1', [newEvent('a')], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.append('child-1', [newEvent('b')], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1);
      });

      it('exists: rejected for a new stream, accepted once the stream exists', async () => {
        const store = await freshStore();
        await expectConflict(store, 'child-1', 'exists', -1);
        expect(await store.streamRevision('child-1')).toBe(-1);
        await store.append('child-1', [newEvent('a')], { expectedRevision: 'no_stream' });
        expect((await store.append('child-1', [newEvent('b')], { expectedRevision: 'exists' })).nextExpectedRevision).toBe(1);
      });

      it('a revision number: accepted when it is the last revision, rejected when behind, ahead or the stream is new', async () => {
        const store = await freshStore();
        await expectConflict(store, 'child-1', 0, -1);
        await store.append('child-1', events('e', 3), { expectedRevision: 'no_stream' });
        await expectConflict(store, 'child-1', 0, 2);
        await expectConflict(store, 'child-1', 5, 2);
        const result = await store.append('child-1', [newEvent('next')], { expectedRevision: 2 });
        expect(result.nextExpectedRevision).toBe(3);
        expect(result.events[0]?.metadata.revision).toBe(3);
      });
    });

    describe('idempotent append', () => {
      it('answers a retried append with the original result and stores it once', async () => {
        const store = await freshStore();
        const first = await store.append('child-1', events('cmd-1', 2), { expectedRevision: 'no_stream' });
        await store.append('child-1', [newEvent('cmd-2')], { expectedRevision: 1 });
        const head = await store.headPosition();

        const retry = await store.append('child-1', events('cmd-1', 2), { expectedRevision: 'no_stream' });

        expect(retry.idempotentReplay).toBe(true);
        expect(retry.position).toBe(first.position);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(retry.events).toEqual(first.events);
        expect(ids(await store.readStream('child-1'))).toEqual(['cmd-1-0', 'cmd-1-1', 'cmd-2']);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects an event id already used in another stream and writes nothing', async () => {
        const store = await freshStore();
        await store.append('child-1', [newEvent('shared-id')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const error = await rejectedWith(store.append('child-2', [newEvent('shared-id')], { expectedRevision: 'any' }), IdempotencyConflictError);
        expect(error.code).toBe('IDEMPOTENCY_CONFLICT');
        expect(error.eventId).toBe('shared-id');
        expect(await store.readStream('child-2')).toEqual([]);
        expect(await store.streamRevision('child-2')).toBe(-1);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects a batch that overlaps an earlier append only in part and writes nothing', async () => {
        const store = await freshStore();
        await store.append('child-1', [newEvent('a'), newEvent('b')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        await rejectedWith(store.append('child-1', [newEvent('b'), newEvent('c')], { expectedRevision: 'any' }), IdempotencyConflictError);
        expect(ids(await store.readStream('child-1'))).toEqual(['a', 'b']);
        expect(await store.headPosition()).toBe(head);
        const later = await store.append('child-1', [newEvent('c')], { expectedRevision: 1 });
        expect(later.idempotentReplay).toBe(false);
        expect(later.events[0]?.metadata.revision).toBe(2);
      });
    });

    describe('readStream', () => {
      async function seeded(): Promise<EventStore> {
        const store = await freshStore();
        let other = 0;
        for (let i = 0; i < 10; i += 2) {
          await store.append('child-1', [newEvent(`a-${i}`), newEvent(`a-${i + 1}`)], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
          await store.append('child-2', [newEvent(`b-${other++}`)], { expectedRevision: 'any' });
        }
        return store;
      }

      it('reads a whole stream forwards, leaving other streams out', async () => {
        const store = await seeded();
        const stream = await store.readStream('child-1');
        expect(revisions(stream)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(ids(stream)).toEqual(Array.from({ length: 10 }, (_, i) => `a-${i}`));
        expect(stream.every((e) => e.metadata.streamId === 'child-1')).toBe(true);
        expectStrictlyIncreasing(positions(stream));
      });

      it('reads forwards from a revision, at most maxCount events', async () => {
        const store = await seeded();
        expect(revisions(await store.readStream('child-1', { fromRevision: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
        expect(revisions(await store.readStream('child-1', { direction: 'forwards', fromRevision: 8 }))).toEqual([8, 9]);
        expect(await store.readStream('child-1', { fromRevision: 10 })).toEqual([]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const store = await seeded();
        expect(revisions(await store.readStream('child-1', { direction: 'backwards' }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream('child-1', { direction: 'backwards', fromRevision: 5, maxCount: 3 }))).toEqual([5, 4, 3]);
        expect(revisions(await store.readStream('child-1', { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
      });

      it('reads an unknown stream as empty and reports revisions', async () => {
        const store = await seeded();
        expect(await store.readStream('child-unknown')).toEqual([]);
        expect(await store.readStream('child-unknown', { direction: 'backwards' })).toEqual([]);
        expect(await store.streamRevision('child-unknown')).toBe(-1);
        expect(await store.streamRevision('child-1')).toBe(9);
        expect(await store.streamRevision('child-2')).toBe(4);
      });
    });

    describe('readAll and headPosition', () => {
      async function seeded(): Promise<{ store: EventStore; appended: string[] }> {
        const store = await freshStore();
        const appended: string[] = [];
        for (let i = 0; i < 6; i++) {
          const batch = events(`s${i}`, 1 + (i % 3));
          await store.append(`child-${i % 3}`, batch, { expectedRevision: 'any' });
          appended.push(...batch.map((e) => e.id));
        }
        return { store, appended };
      }

      it('reads every stream in commit order with unique, increasing positions', async () => {
        const { store, appended } = await seeded();
        const all = await store.readAll();
        expect(ids(all)).toEqual(appended);
        expectStrictlyIncreasing(positions(all));
        if (gapless) expect(positions(all)).toEqual(Array.from({ length: appended.length }, (_, i) => i + 1));
        expect(await store.headPosition()).toBe(all[all.length - 1]?.metadata.position);
      });

      it('reads in batches after a position, the batches adding up to the whole log', async () => {
        const { store } = await seeded();
        const all = await store.readAll();
        const paged: RecordedEvent[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 4 });
          expect(page.length).toBeLessThanOrEqual(4);
          if (page.length === 0) break;
          expect(page[0]?.metadata.position).toBeGreaterThan(after);
          paged.push(...page);
          after = page[page.length - 1]?.metadata.position ?? after;
        }
        expect(paged).toEqual(all);
        const middle = all[4]?.metadata.position ?? 0;
        expect(ids(await store.readAll({ after: middle }))).toEqual(ids(all.slice(5)));
        expect(await store.readAll({ after: await store.headPosition() })).toEqual([]);
      });

      it('reads the log as LogEvents (where the store can) exactly as readAll does, less the tracing and hash fields', async () => {
        const { store } = await seeded();
        if (!store.readLog) return;
        const all = await store.readAll();
        const asLog = all.map(({ id, type, data, metadata }) => ({
          id,
          type,
          data,
          metadata: {
            streamId: metadata.streamId,
            revision: metadata.revision,
            position: metadata.position,
            occurredAt: metadata.occurredAt,
            recordedAt: metadata.recordedAt,
            actor: { team: metadata.actor.team },
            machineVersion: metadata.machineVersion,
          },
        }));
        expect(await store.readLog()).toEqual(asLog);
        const middle = all[4]?.metadata.position ?? 0;
        expect(await store.readLog({ after: middle, maxCount: 3 })).toEqual(asLog.slice(5, 8));
        expect(await store.readLog({ after: await store.headPosition() })).toEqual([]);
      });

      it('reads the log up to a position stream by stream (where the store can), in pages that add up to it exactly', async () => {
        const { store } = await seeded();
        if (!store.readLogByStream) return;
        const log = store.readLog ? await store.readLog() : [];
        const upTo = log[8]?.metadata.position ?? 0;
        const byPosition = (list: readonly LogEvent[]): LogEvent[] => [...list].sort((a, b) => a.metadata.position - b.metadata.position);
        // Appended after the head was read: not part of the read.
        await store.append('child-0', events('late', 2), { expectedRevision: 'any' });
        await store.append('child-00', events('later', 1), { expectedRevision: 'any' });
        const expected = await store.readLogByStream({ upTo });
        // Every event at or before upTo once, as readLog reads it; each stream's events together, in revision order
        // (streams in the store's order of their ids).
        expect(byPosition(expected)).toEqual(log.filter((e) => e.metadata.position <= upTo));
        const runs = expected.map((e) => e.metadata.streamId).filter((id, i, all) => i === 0 || all[i - 1] !== id);
        expect(runs).toHaveLength(3);
        expect(new Set(runs).size).toBe(3);
        for (const id of runs) {
          const revisions = expected.filter((e) => e.metadata.streamId === id).map((e) => e.metadata.revision);
          expect(revisions).toEqual(revisions.map((_, i) => i));
        }
        for (const size of [1, 2, 4]) {
          const paged: LogEvent[] = [];
          let after: StreamCursor | undefined;
          for (;;) {
            const page = await store.readLogByStream({ upTo, maxCount: size, ...(after ? { after } : {}) });
            expect(page.length).toBeLessThanOrEqual(size);
            if (page.length === 0) break;
            paged.push(...page);
            const last = page[page.length - 1] as LogEvent;
            after = { streamId: last.metadata.streamId, revision: last.metadata.revision };
          }
          expect(paged).toEqual(expected);
        }
        expect(await store.readLogByStream({ upTo: 0 })).toEqual([]);
        await expect(store.readLogByStream({ upTo: -1 })).rejects.toThrow(RangeError);
      });

      it('moves the head position with every append', async () => {
        const store = await freshStore();
        expect(await store.headPosition()).toBe(0);
        const first = await store.append('child-1', events('e', 2), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.append('child-2', events('f', 1), { expectedRevision: 'no_stream' });
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);
        if (gapless) expect([first.position, second.position]).toEqual([2, 3]);
      });
    });

    describe('subscribeToAll', () => {
      it('from a checkpoint delivers every later event once, in order, including events appended while catching up', async () => {
        const store = await freshStore();
        for (let i = 0; i < 30; i++) await store.append(`child-${i % 4}`, events(`seed-${i}`, 5), { expectedRevision: 'any' });
        const seeded = await store.readAll();
        const checkpoint = seeded[49]?.metadata.position ?? 0;
        const subscription = store.subscribeToAll({ after: checkpoint, batchSize: 16 });
        const iterator = subscription[Symbol.asyncIterator]();

        // Appends racing the catch-up from outside the consumer…
        const racing = (async () => {
          for (let i = 0; i < 40; i++) {
            await store.append(`child-${i % 3}`, [newEvent(`race-${i}`)], { expectedRevision: 'any' });
            await pause();
          }
        })();
        const received = await take(iterator, 40);
        // …and a batch appended by the consumer itself, certainly before catch-up reaches the live end.
        await store.append('child-9', events('during-catch-up', 3), { expectedRevision: 'no_stream' });
        const total = 100 + 40 + 3;
        while (received.length < total) {
          const wanted = Math.min(10, total - received.length);
          const more = await take(iterator, wanted);
          received.push(...more);
          if (more.length < wanted) break;
          await pause();
        }
        await racing;

        const expected = await store.readAll({ after: checkpoint });
        expect(expected).toHaveLength(total);
        expect(received.length).toBe(total);
        expect(ids(received)).toEqual(ids(expected));
        expect(positions(received)).toEqual(positions(expected));
        expect(new Set(ids(received)).size).toBe(total);

        // Nothing was held back or is delivered twice: the next event is the next one appended.
        await store.append('child-9', [newEvent('after-all')], { expectedRevision: 'exists' });
        expect(ids(await take(iterator, 1))).toEqual(['after-all']);
        await subscription.close();
      });

      it('without a checkpoint delivers the whole log, then new events as they are appended', async () => {
        const store = await freshStore();
        await store.append('child-1', events('old', 3), { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll();
        const iterator = subscription[Symbol.asyncIterator]();
        expect(ids(await take(iterator, 3))).toEqual(['old-0', 'old-1', 'old-2']);
        const next = take(iterator, 2);
        await store.append('child-2', events('new', 2), { expectedRevision: 'no_stream' });
        expect(ids(await next)).toEqual(['new-0', 'new-1']);
        await subscription.close();
      });

      it('ends the iteration on close(), also while waiting for events', async () => {
        const store = await freshStore();
        const subscription = store.subscribeToAll();
        const seen: string[] = [];
        const consuming = (async () => {
          for await (const event of subscription) seen.push(event.id);
        })();
        await store.append('child-1', events('e', 2), { expectedRevision: 'no_stream' });
        await eventually(() => seen.length === 2, 'the subscription did not deliver 2 events');
        await subscription.close();
        await patiently(consuming, 'close() did not end the iteration');
        await store.append('child-1', [newEvent('after-close')], { expectedRevision: 1 });
        expect(seen).toEqual(['e-0', 'e-1']);
      });

      it('ends the iteration when closed from inside the loop', async () => {
        const store = await freshStore();
        await store.append('child-1', events('e', 5), { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({ batchSize: 2 });
        const seen: string[] = [];
        await patiently(
          (async () => {
            for await (const event of subscription) {
              seen.push(event.id);
              if (seen.length === 3) await subscription.close();
            }
          })(),
          'close() inside the loop did not end the iteration',
        );
        expect(seen).toEqual(['e-0', 'e-1', 'e-2']);
      });
    });

    describe('hash chain', () => {
      it('links each event of a stream to the previous one, starting from an empty prevHash', async () => {
        const store = await freshStore();
        await store.append('child-1', events('a', 3), { expectedRevision: 'no_stream' });
        await store.append('child-2', events('b', 1), { expectedRevision: 'no_stream' });
        await store.append('child-1', events('c', 2), { expectedRevision: 2 });
        const stream = await store.readStream('child-1');
        expect(stream).toHaveLength(5);
        let prevHash = '';
        for (const e of stream) {
          expect(e.metadata.prevHash).toBe(prevHash);
          expect(e.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
          // The shared formula, so any adapter's log can be verified by any other tool.
          const recomputed = eventHash(
            { id: e.id, type: e.type, data: e.data, streamId: e.metadata.streamId, revision: e.metadata.revision, recordedAt: e.metadata.recordedAt, metadata: e.metadata },
            prevHash,
          );
          expect(e.metadata.hash).toBe(recomputed);
          prevHash = e.metadata.hash;
        }
        expect((await store.readStream('child-2'))[0]?.metadata.prevHash).toBe('');
      });

      it('verifies an untouched store', async () => {
        const store = await freshStore();
        await store.append('child-1', events('a', 4), { expectedRevision: 'no_stream' });
        await store.append('child-2', events('b', 3), { expectedRevision: 'no_stream' });
        const stream = await store.verifyStream('child-1');
        expect(stream).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 4, problems: [] });
        const all = await store.verifyAll();
        expect(all).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 7, problems: [] });
      });

      if (tamperable) {
        async function tampered(): Promise<{ store: EventStore; tamper: Tamperer }> {
          const handle = await freshTamperable();
          await handle.store.append('child-1', events('a', 5), { expectedRevision: 'no_stream' });
          await handle.store.append('child-2', events('b', 2), { expectedRevision: 'no_stream' });
          await handle.store.append('child-3', events('c', 1), { expectedRevision: 'no_stream' });
          return handle;
        }
        const onlyAbout = (report: IntegrityReport, streamId: string): boolean =>
          report.problems.every((p) => p.streamId === streamId || p.kind === 'position_gap');

        it('notices data changed behind its back (hash_mismatch)', async () => {
          const { store, tamper } = await tampered();
          await tamper.changeData('child-1', 2, { n: 999 });
          const stream = await store.verifyStream('child-1');
          expect(stream.ok).toBe(false);
          const mismatches = stream.problems.filter((p) => p.kind === 'hash_mismatch').map((p) => [p.streamId, p.revision]);
          expect(mismatches).toEqual([['child-1', 2]]);
          const all = await store.verifyAll();
          expect(all.ok).toBe(false);
          expect(kinds(all)).toContain('hash_mismatch');
          expect(onlyAbout(all, 'child-1')).toBe(true);
          expect((await store.verifyStream('child-2')).ok).toBe(true);
        });

        it('notices an event deleted from the middle of a stream (broken_link)', async () => {
          const { store, tamper } = await tampered();
          await tamper.deleteEvent('child-1', 2);
          const stream = await store.verifyStream('child-1');
          expect(stream.ok).toBe(false);
          expect(kinds(stream)).toContain('broken_link');
          const all = await store.verifyAll();
          expect(kinds(all)).toContain('broken_link');
          if (gapless) expect(kinds(all)).toContain('position_gap');
          expect(onlyAbout(all, 'child-1')).toBe(true);
        });

        it('notices the last event of a stream deleted (head_mismatch)', async () => {
          const { store, tamper } = await tampered();
          await tamper.deleteEvent('child-1', 4);
          const stream = await store.verifyStream('child-1');
          expect(stream.ok).toBe(false);
          expect(kinds(stream)).toContain('head_mismatch');
          expect(kinds(await store.verifyAll())).toContain('head_mismatch');
        });

        it('notices two events of a stream swapped (broken_link)', async () => {
          const { store, tamper } = await tampered();
          await tamper.swapRevisions('child-1', 1, 3);
          expect(ids(await store.readStream('child-1'))).toEqual(['a-0', 'a-3', 'a-2', 'a-1', 'a-4']);
          const stream = await store.verifyStream('child-1');
          expect(stream.ok).toBe(false);
          expect(kinds(stream)).toContain('broken_link');
          const all = await store.verifyAll();
          expect(kinds(all)).toContain('broken_link');
          expect(onlyAbout(all, 'child-1')).toBe(true);
        });
      }
    });

    describe('validation', () => {
      const valid = newEvent('valid');
      const cases: { what: string; streamId?: string; batch: () => readonly NewEvent[]; message: RegExp; limits?: EventLimits }[] = [
        { what: 'a stream id with spaces', streamId: 'child 1', batch: () => [valid], message: /stream id/ },
        { what: 'an empty stream id', streamId: '', batch: () => [valid], message: /stream id/ },
        { what: 'a stream id that looks like a path', streamId: '../child-1', batch: () => [valid], message: /stream id/ },
        { what: 'a type that is not PascalCase', batch: () => [newEvent('e', 'contact received')], message: /type/ },
        { what: 'an empty type', batch: () => [newEvent('e', '')], message: /type/ },
        { what: 'a missing actor', batch: () => [{ ...valid, metadata: { ...valid.metadata, actor: undefined } } as unknown as NewEvent], message: /actor/ },
        { what: 'an actor without a user id', batch: () => [newEvent('e', 'ContactReceived', {}, { actor: { ...ACTOR, userId: '' } })], message: /userId/ },
        { what: 'an occurredAt that is not a date', batch: () => [newEvent('e', 'ContactReceived', {}, { occurredAt: 'last Tuesday' })], message: /occurredAt/ },
        { what: 'data holding NaN', batch: () => [newEvent('e', 'ContactReceived', { score: Number.NaN })], message: /data/ },
        { what: 'data holding a function', batch: () => [newEvent('e', 'ContactReceived', { callback: () => 1 })], message: /data/ },
        { what: 'data that is an array', batch: () => [{ ...valid, data: [1, 2] } as unknown as NewEvent], message: /data/ },
        { what: 'an event over the size limit', batch: () => [newEvent('e', 'ContactReceived', { note: 'x'.repeat(3000) })], limits: { maxEventBytes: 2048, maxBatch: 5 }, message: /bytes.*limit of 2048/ },
        { what: 'a batch over the count limit', batch: () => events('e', 6), limits: { maxEventBytes: 2048, maxBatch: 5 }, message: /at most 5 events/ },
        { what: 'an empty batch', batch: () => [], message: /at least one event/ },
        { what: 'the same id twice in one batch', batch: () => [newEvent('twice'), newEvent('twice')], message: /twice/ },
        { what: 'an id with spaces', batch: () => [newEvent('an id')], message: /id/ },
      ];
      for (const c of cases) {
        it(`rejects ${c.what} with a reason and writes nothing`, async () => {
          const store = await freshStore(c.limits ? { limits: c.limits } : undefined);
          const streamId = c.streamId ?? 'child-1';
          const error = await rejectedWith(store.append(streamId, c.batch(), { expectedRevision: 'any' }), InvalidEventError);
          expect(error.code).toBe('INVALID_EVENT');
          expect(error.message).toMatch(c.message);
          expect(await store.headPosition()).toBe(0);
          expect(await store.readAll()).toEqual([]);
          expect(await store.streamRevision(streamId)).toBe(-1);
        });
      }

      it('accepts events within the configured limits', async () => {
        const store = await freshStore({ limits: { maxEventBytes: 2048, maxBatch: 5 } });
        const result = await store.append('child-1', events('e', 5), { expectedRevision: 'no_stream' });
        expect(result.events).toHaveLength(5);
      });
    });

    describe('what is recorded', () => {
      it('takes recordedAt from the injected clock at the time of each append', async () => {
        let now = new Date('2025-06-01T08:00:00.000Z');
        const store = await freshStore({ clock: () => now });
        const first = await store.append('child-1', events('a', 2), { expectedRevision: 'no_stream' });
        now = new Date('2025-06-02T17:45:30.250Z');
        const second = await store.append('child-1', events('b', 1), { expectedRevision: 1 });
        expect(first.events.map((e) => e.metadata.recordedAt)).toEqual(['2025-06-01T08:00:00.000Z', '2025-06-01T08:00:00.000Z']);
        expect(second.events[0]?.metadata.recordedAt).toBe('2025-06-02T17:45:30.250Z');
        expect((await store.readStream('child-1')).map((e) => e.metadata.recordedAt)).toEqual([
          '2025-06-01T08:00:00.000Z',
          '2025-06-01T08:00:00.000Z',
          '2025-06-02T17:45:30.250Z',
        ]);
      });

      it('keeps metadata exactly as given', async () => {
        const store = await freshStore();
        const given: NewEventMetadata[] = [
          {
            occurredAt: '2024-02-29',
            actor: { userId: 'user-7', role: 'team-manager', team: 'cin-south' },
            correlationId: '3f1c2a9e-6b0d-4e57-9a43-0c8f7d2e5b61',
            causationId: 'cmd-authorise-17',
            schemaVersion: 2,
            machineVersion: null,
          },
          {
            occurredAt: '2025-10-26T01:30:00+01:00',
            actor: { userId: 'user-8', role: 'social-worker', team: 'lac-east' },
            correlationId: 'corr.with:odd_chars-1',
            causationId: 'cmd-visit-3',
            schemaVersion: 1,
            machineVersion: 12,
          },
        ];
        const result = await store.append('child-1', given.map((metadata, i) => ({ id: `m-${i}`, type: 'LacVisitMade', data: {}, metadata })), {
          expectedRevision: 'no_stream',
        });
        const read = await store.readStream('child-1');
        for (const stored of [result.events, read]) {
          stored.forEach((e, i) => {
            const { occurredAt, actor, correlationId, causationId, schemaVersion, machineVersion } = e.metadata;
            expect({ occurredAt, actor, correlationId, causationId, schemaVersion, machineVersion }).toEqual(given[i]);
          });
        }
        expect(read.map((e) => e.type)).toEqual(['LacVisitMade', 'LacVisitMade']);
      });

      it('keeps data exactly as given: unicode, nesting, numbers and strings that look like code', async () => {
        const store = await freshStore();
        const data = {
          note: 'Seen alone at home — 👧🏽 façade, 子供, مرحبا, Ñandú',
          combining: 'e\u0301 and \u2028 and \u200b',
          escapes: 'line 1\nline 2\ttab "quoted" back\\slash',
          sqlLike: "'; DROP TABLE events; --",
          jsonLike: '{"$ne": null}',
          templateLike: '${process.env.SECRET} {{constructor}} $1 ? %s',
          htmlLike: '<script>alert(1)</script>',
          'key with spaces & symbols.$': 'value',
          nested: { level1: { level2: { level3: [1, 'two', { three: 3 }, null, true] } } },
          numbers: { zero: 0, negative: -42, fraction: 0.1, largest: Number.MAX_SAFE_INTEGER, tiny: 1e-7 },
          flags: { yes: true, no: false, nothing: null },
          empty: { object: {}, array: [], text: '' },
        };
        const result = await store.append('child-1', [newEvent('d', 'CinVisitMade', data)], { expectedRevision: 'no_stream' });
        expect(result.events[0]?.data).toEqual(data);
        expect((await store.readStream('child-1'))[0]?.data).toEqual(data);
        expect((await store.readAll())[0]?.data).toEqual(data);
        expect((await store.verifyStream('child-1')).ok).toBe(true);
      });
    });
  });
}
