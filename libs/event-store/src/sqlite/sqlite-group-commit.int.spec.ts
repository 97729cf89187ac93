import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import { ConcurrencyError, IdempotencyConflictError, InvalidEventError } from '../event-store.errors.js';
import type { AppendResult } from '../event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const directories: string[] = [];
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function event(id: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id,
    type: 'CinVisitMade',
    data,
    metadata: {
      occurredAt: '2025-02-03',
      actor: { userId: 'user-9', role: 'social-worker', team: 'cin-east' },
      correlationId: `corr-${id}`,
      causationId: `cmd-${id}`,
      schemaVersion: 1,
      machineVersion: 1,
    },
  };
}

const ids = (list: readonly RecordedEvent[]): string[] => list.map((e) => e.id);
const positions = (list: readonly RecordedEvent[]): number[] => list.map((e) => e.metadata.position);
const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

function reasonOf(outcome: PromiseSettledResult<AppendResult> | undefined): unknown {
  if (outcome?.status !== 'rejected') throw new Error('expected the append to be rejected');
  return outcome.reason;
}

function valueOf(outcome: PromiseSettledResult<AppendResult> | undefined): AppendResult {
  if (outcome?.status !== 'fulfilled') throw new Error(`expected the append to succeed: ${String(reasonOf(outcome))}`);
  return outcome.value;
}

// Every behaviour holds whether appends share a transaction (the default) or each has its own.
describe.each([{ groupCommit: true }, { groupCommit: false }])('SqliteEventStore, concurrent appends in one process (groupCommit: $groupCommit)', ({ groupCommit }) => {
  const open: SqliteEventStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  async function openStore(): Promise<{ store: SqliteEventStore; filename: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'cje-group-'));
    directories.push(dir);
    const filename = join(dir, 'events.db');
    const store = new SqliteEventStore({ filename, groupCommit, pollIntervalMs: 20 });
    open.push(store);
    await store.init();
    return { store, filename };
  }

  it('commits many concurrent appends to different streams, each on disk by the time it resolves, with gapless positions', async () => {
    const { store, filename } = await openStore();
    const observer = new Database(filename, { readonly: true });
    const storedElsewhere = observer.prepare<[string], number>('SELECT count(*) FROM events WHERE id = ?').pluck(true);
    try {
      const appends = Array.from({ length: 120 }, (_, i) => {
        const batch = Array.from({ length: 1 + (i % 3) }, (__, k) => event(`e-${i}-${k}`, { i, k }));
        return store.append(`child-${i}`, batch, { expectedRevision: 'no_stream' }).then((result) => ({
          result,
          // Read through another connection: only a committed append is visible there.
          visibleElsewhere: batch.every((e) => storedElsewhere.get(e.id) === 1),
        }));
      });
      const outcomes = await Promise.all(appends);

      expect(outcomes.every((o) => o.visibleElsewhere)).toBe(true);
      const all = await store.readAll();
      const total = outcomes.reduce((sum, o) => sum + o.result.events.length, 0);
      expect(positions(all)).toEqual(oneTo(total));
      // Positions follow the order the appends were made in, and each answer is what was stored.
      expect(outcomes.flatMap((o) => o.result.events)).toEqual(all);
      expect(await store.verifyAll()).toEqual({ ok: true, streamsChecked: 120, eventsChecked: total, problems: [] });
    } finally {
      observer.close();
    }
  });

  it('lets exactly one of many concurrent appends expecting the same revision win, and writes nothing of the others', async () => {
    const { store } = await openStore();
    await store.append('child-1', [event('first')], { expectedRevision: 'no_stream' });
    const contenders = Array.from({ length: 16 }, (_, w) =>
      store.append('child-1', [event(`w${w}-a`), event(`w${w}-b`), event(`w${w}-c`)], { expectedRevision: 0 }),
    );
    // Appends to other streams in the same burst are untouched by the contest.
    const bystanders = Array.from({ length: 8 }, (_, b) => store.append(`child-other-${b}`, [event(`other-${b}`)], { expectedRevision: 'no_stream' }));
    const outcomes = await Promise.allSettled(contenders);
    await Promise.all(bystanders);

    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o) => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(15);
    for (const lost of losers) expect(lost.reason).toBeInstanceOf(ConcurrencyError);

    const winner = valueOf(winners[0]);
    const stream = await store.readStream('child-1');
    expect(ids(stream)).toEqual(['first', ...ids(winner.events)]);
    expect(stream.map((e) => e.metadata.revision)).toEqual([0, 1, 2, 3]);
    const all = await store.readAll();
    expect(all).toHaveLength(4 + 8);
    expect(positions(all)).toEqual(oneTo(12));
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 12 });
  });

  it('rejects only the appends that fail, leaving the others of the same burst committed', async () => {
    const { store } = await openStore();
    await store.append('child-a', [event('a-0')], { expectedRevision: 'no_stream' });
    await store.append('child-used', [event('taken')], { expectedRevision: 'no_stream' });
    const invalid: NewEvent = { ...event('d-0'), type: 'not a past-tense name' };

    const outcomes = await Promise.allSettled([
      store.append('child-b', [event('b-0'), event('b-1')], { expectedRevision: 'no_stream' }),
      store.append('child-a', [event('a-late')], { expectedRevision: 5 }),
      store.append('child-c', [event('c-0'), event('taken')], { expectedRevision: 'any' }),
      store.append('child-d', [invalid], { expectedRevision: 'no_stream' }),
      store.append('child-a', [event('a-1')], { expectedRevision: 0 }),
      store.append('child-used', [event('taken')], { expectedRevision: 'no_stream' }),
    ]);

    expect(positions(valueOf(outcomes[0]).events)).toEqual([3, 4]);
    expect(reasonOf(outcomes[1])).toBeInstanceOf(ConcurrencyError);
    expect(reasonOf(outcomes[2])).toBeInstanceOf(IdempotencyConflictError);
    expect(reasonOf(outcomes[3])).toBeInstanceOf(InvalidEventError);
    expect(positions(valueOf(outcomes[4]).events)).toEqual([5]);
    // A retry of an earlier append answers the original, as on its own.
    expect(valueOf(outcomes[5])).toMatchObject({ idempotentReplay: true, position: 2 });

    expect(ids(await store.readAll())).toEqual(['a-0', 'taken', 'b-0', 'b-1', 'a-1']);
    expect(await store.streamRevision('child-c')).toBe(-1);
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 5 });
  });

  it('undoes the part of an append already written when the database refuses a later event of it', async () => {
    const { store, filename } = await openStore();
    // A fault injected through the file: SQLite refuses one event after the first of its batch was inserted.
    const saboteur = new Database(filename);
    saboteur.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON events WHEN NEW.id = 'x-poison' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    saboteur.close();

    const outcomes = await Promise.allSettled([
      store.append('child-1', [event('one')], { expectedRevision: 'no_stream' }),
      store.append('child-x', [event('x-0'), event('x-1'), event('x-poison')], { expectedRevision: 'no_stream' }),
      store.append('child-2', [event('two')], { expectedRevision: 'no_stream' }),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(reasonOf(outcomes[1])).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const all = await store.readAll();
    expect(ids(all)).toEqual(['one', 'two']);
    expect(positions(all)).toEqual([1, 2]);
    expect(await store.streamRevision('child-x')).toBe(-1);
    expect(await store.verifyAll()).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('stores a retry made alongside the original append once, and answers both the same', async () => {
    const { store } = await openStore();
    const batch = [event('cmd-7-a'), event('cmd-7-b')];
    const [original, retry] = await Promise.all([
      store.append('child-1', batch, { expectedRevision: 'no_stream' }),
      store.append('child-1', batch, { expectedRevision: 'no_stream' }),
    ]);
    expect(original.idempotentReplay).toBe(false);
    expect(retry).toEqual({ ...original, idempotentReplay: true });
    expect(ids(await store.readAll())).toEqual(['cmd-7-a', 'cmd-7-b']);
  });

  it('delivers every event of many concurrent writers to a subscription once, in order', async () => {
    const { store } = await openStore();
    const subscription = store.subscribeToAll({ batchSize: 37 });
    const delivered: RecordedEvent[] = [];
    const writers = 16;
    const rounds = 20;
    const total = writers * rounds;
    let notifyDone: () => void = () => undefined;
    const allDelivered = new Promise<void>((resolve) => (notifyDone = resolve));
    const consuming = (async () => {
      for await (const e of subscription) {
        delivered.push(e);
        if (delivered.length === total) notifyDone();
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let round = 0; round < rounds; round++) {
          await store.append(`child-${w}`, [event(`w${w}-${round}`)], { expectedRevision: round === 0 ? 'no_stream' : round - 1 });
        }
      }),
    );
    await allDelivered;
    await subscription.close();
    await consuming;

    const all = await store.readAll();
    expect(positions(all)).toEqual(oneTo(total));
    expect(delivered).toEqual(all);
  });

  it('commits appends still waiting when the store is closed', async () => {
    const { store, filename } = await openStore();
    const waiting = store.append('child-1', [event('last-words')], { expectedRevision: 'no_stream' });
    await store.close();
    await expect(waiting).resolves.toMatchObject({ position: 1 });

    const reopened = new SqliteEventStore({ filename });
    open.push(reopened);
    await reopened.init();
    expect(ids(await reopened.readAll())).toEqual(['last-words']);
  });
});
