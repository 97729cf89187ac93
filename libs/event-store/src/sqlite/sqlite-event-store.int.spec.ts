import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describeEventStoreContract, type ContractTarget } from '../contract/event-store.contract.js';
import type { LogEvent, NewEvent, RecordedEvent } from '../event-envelope.js';
import { InvalidEventError, StoreUnavailableError } from '../event-store.errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { type LogReadAhead, readAhead } from '../log-read-ahead.js';
import { readStreamsAhead } from '../stream-read-ahead.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';
import { sqliteTamperer } from './sqlite-tamperer.contract.js';

const directories: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cje-sqlite-'));
  directories.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

const target: ContractTarget = {
  gaplessPositions: true,
  tamperable: true,
  async create(options) {
    const dir = tempDir();
    const filename = join(dir, 'events.db');
    const store = new SqliteEventStore({ filename, pollIntervalMs: 20, ...options });
    await store.init();
    return {
      store,
      tamper: sqliteTamperer(filename),
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

describeEventStoreContract('SQLite', target);

function event(id: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id,
    type: 'ContactReceived',
    data,
    metadata: {
      occurredAt: '2025-01-15',
      actor: { userId: 'user-1', role: 'social-worker', team: 'front-door' },
      correlationId: `corr-${id}`,
      causationId: `cmd-${id}`,
      schemaVersion: 1,
      machineVersion: 1,
    },
  };
}

describe('SqliteEventStore on its own', () => {
  const open: SqliteEventStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  async function openStore(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const store = new SqliteEventStore(options);
    open.push(store);
    await store.init();
    return store;
  }

  describe('several processes appending to one file', () => {
    const WORKER = fileURLToPath(new URL('./testing/append-worker.mjs', import.meta.url));

    function runWorker(filename: string, name: string, rounds: number): Promise<{ appended: number; retries: number }> {
      return new Promise((resolve, reject) => {
        // Jest's NODE_OPTIONS (vm modules) mean nothing to the child.
        const child = spawn(process.execPath, [WORKER, filename, name, String(rounds)], { env: { ...process.env, NODE_OPTIONS: '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0) reject(new Error(`worker ${name} exited with ${String(code)}: ${stderr}`));
          else resolve(JSON.parse(stdout) as { appended: number; retries: number });
        });
      });
    }

    it('keeps positions unique and gapless, every stream intact and every chain valid', async () => {
      const filename = join(tempDir(), 'shared.db');
      const store = await openStore({ filename, pollIntervalMs: 10 });
      const subscription = store.subscribeToAll({ batchSize: 50 });
      const delivered: RecordedEvent[] = [];
      const consuming = (async () => {
        for await (const e of subscription) delivered.push(e);
      })();

      const workers = ['w1', 'w2', 'w3', 'w4'];
      const rounds = 40;
      const results = await Promise.all(workers.map((name) => runWorker(filename, name, rounds)));
      const total = results.reduce((sum, r) => sum + r.appended, 0);

      const all = await store.readAll();
      expect(all).toHaveLength(total);
      expect(all.map((e) => e.metadata.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.id)).size).toBe(total);

      const byStream = new Map<string, RecordedEvent[]>();
      for (const e of all) byStream.set(e.metadata.streamId, [...(byStream.get(e.metadata.streamId) ?? []), e]);
      for (const [streamId, inLogOrder] of byStream) {
        expect(inLogOrder.map((e) => e.metadata.revision)).toEqual(inLogOrder.map((_, i) => i));
        expect(await store.streamRevision(streamId)).toBe(inLogOrder.length - 1);
      }
      for (const name of workers) {
        const own = await store.readStream(`worker-${name}`);
        const expectedIds = Array.from({ length: rounds }, (_, round) => Array.from({ length: 1 + (round % 3) }, (__, k) => `${name}-own-${round}-${k}`)).flat();
        expect(own.map((e) => e.id)).toEqual(expectedIds);
      }
      // Optimistic appends from four processes: every attempt that succeeded is there once, none was lost.
      expect(await store.streamRevision('shared-counter')).toBe(workers.length * rounds - 1);
      expect(await store.streamRevision('shared-any')).toBe(workers.length * rounds - 1);

      expect(await store.verifyAll()).toEqual({ ok: true, streamsChecked: workers.length + 2, eventsChecked: total, problems: [] });

      // A subscriber in another process saw every event, once, in order (found by polling: no in-process wake-up).
      const patience = Date.now() + 10_000;
      while (delivered.length < total && Date.now() < patience) await new Promise((r) => setTimeout(r, 10));
      await subscription.close();
      await consuming;
      expect(delivered.map((e) => e.metadata.position)).toEqual(all.map((e) => e.metadata.position));
    }, 120_000);
  });

  describe('the file', () => {
    it('is created with its missing directories', async () => {
      const filename = join(tempDir(), 'nested', 'deeper', 'events.db');
      const store = await openStore({ filename });
      await store.append('child-1', [event('e-1')], { expectedRevision: 'no_stream' });
      expect(existsSync(filename)).toBe(true);
    });

    it('keeps everything when reopened, and appends carry on from where they were', async () => {
      const filename = join(tempDir(), 'events.db');
      const first = new SqliteEventStore({ filename });
      await first.init();
      await first.append('child-1', [event('a-1', { n: 1 }), event('a-2', { n: 2 })], { expectedRevision: 'no_stream' });
      await first.append('child-2', [event('b-1')], { expectedRevision: 'no_stream' });
      const before = await first.readAll();
      await first.close();

      const again = await openStore({ filename });
      expect(await again.readAll()).toEqual(before);
      expect(await again.verifyAll()).toMatchObject({ ok: true, eventsChecked: 3 });
      const next = await again.append('child-1', [event('a-3')], { expectedRevision: 1 });
      expect(next.events[0]?.metadata).toMatchObject({ revision: 2, position: 4, prevHash: before[1]?.metadata.hash });
    });

    it('runs in WAL mode with synchronous=FULL unless durability is turned down', async () => {
      const dir = tempDir();
      const durable = await openStore({ filename: join(dir, 'durable.db'), busyTimeoutMs: 2500 });
      expect(durable.settings()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 2500 });
      const fast = await openStore({ filename: join(dir, 'fast.db'), durable: false });
      expect(fast.settings()).toMatchObject({ journalMode: 'wal', synchronous: 'NORMAL' });
    });

    it('takes a bulk load\'s page cache and checkpoint interval, and checkpoints on request', async () => {
      const filename = join(tempDir(), 'bulk.db');
      const store = await openStore({ filename, cacheSizeKiB: 65_536, walAutocheckpointPages: 50_000 });
      await store.appendBatch(Array.from({ length: 50 }, (_, i) => ({ streamId: `child-${i}`, events: [event(`bulk-${i}`)], expectedRevision: 'no_stream' as const })));
      const raw = new Database(filename, { readonly: true });
      try {
        expect(statSync(`${filename}-wal`).size).toBeGreaterThan(0);
        expect(await store.checkpoint()).toBe(true);
        expect(statSync(`${filename}-wal`).size).toBe(0);
        expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 50 });
      } finally {
        raw.close();
      }
      expect(() => new SqliteEventStore({ filename, cacheSizeKiB: 0 })).toThrow('cacheSizeKiB must be a positive whole number');
    });

    it('refuses a file written by a newer schema', async () => {
      const filename = join(tempDir(), 'newer.db');
      const raw = new Database(filename);
      raw.pragma('user_version = 99');
      raw.close();
      const store = new SqliteEventStore({ filename });
      open.push(store);
      await expect(store.init()).rejects.toThrow(/newer version/);
    });
  });

  describe('tamper evidence beyond the contract', () => {
    it('reports the deleted last event of the whole log as a position gap', async () => {
      const filename = join(tempDir(), 'events.db');
      const store = await openStore({ filename });
      await store.append('child-1', [event('a-1'), event('a-2')], { expectedRevision: 'no_stream' });
      await store.append('child-2', [event('b-1')], { expectedRevision: 'no_stream' });
      await sqliteTamperer(filename).deleteEvent('child-2', 0);
      const report = await store.verifyAll();
      expect(report.problems.map((p) => [p.kind, p.position])).toEqual(
        expect.arrayContaining([
          ['position_gap', 3],
          ['head_mismatch', null],
        ]),
      );
    });
  });

  describe('reading the log forwards on a thread of its own (readLogAhead)', () => {
    /** Awkward data: quotes, backslashes, separators JSON text must escape, non-Latin text, nesting, numbers, nulls. */
    const awkward = [
      { note: 'She said "no" \\ then left', lines: 'one\ntwo\tthree\r', sep: 'a\u2028b\u2029c', ctrl: '\u0001\u001f' },
      { name: 'Zoë Ní Bhriain', script: 'Łódź 東京 مرحبا', emoji: '🙂👶🏽' },
      { nested: { list: [1, 2.5, -3e-7, null, true, false, { deep: ['x'] }], empty: {}, none: [] } },
      { big: 9007199254740991, small: -0, text: '' },
    ];

    let file = '';
    async function seededStore(count: number, options: Partial<SqliteEventStoreOptions> = {}): Promise<SqliteEventStore> {
      file = join(tempDir(), 'events.db');
      const store = await openStore({ filename: file, durable: false, threadedReadMinEvents: 10, ...options });
      for (let i = 0; i < count; i++) {
        const base = event(`e${i}`, { ...(awkward[i % awkward.length] as Record<string, unknown>), i });
        const machineVersion = i % 3 === 0 ? null : 1;
        await store.append(`child-${i % 7}`, [{ ...base, metadata: { ...base.metadata, machineVersion, actor: { ...base.metadata.actor, team: `team "${i % 2}"` } } }], {
          expectedRevision: 'any',
        });
      }
      return store;
    }

    async function drain(reader: LogReadAhead, max: number, until = Number.MAX_SAFE_INTEGER): Promise<unknown[]> {
      const out: unknown[] = [];
      for (;;) {
        const events = await reader.next(max, until);
        out.push(...events);
        if (events.length < max) return out;
      }
    }

    it('hands over exactly what readLog reads, chunk after chunk, however the caller takes them', async () => {
      const store = await seededStore(60);
      const expected = await store.readLog();
      expect(expected).toHaveLength(60);
      for (const [chunkSize, max] of [
        [7, 5],
        [7, 100],
        [1, 3],
        [100, 13],
      ] as const) {
        const reader = readAhead(store, { after: 0, chunkSize });
        expect(await drain(reader, max)).toEqual(expected);
        expect(reader.exhausted).toBe(true);
        await reader.close();
      }
      const fromMiddle = readAhead(store, { after: 25, chunkSize: 4 });
      expect(await drain(fromMiddle, 6, 50)).toEqual(expected.slice(25, 50));
      expect(fromMiddle.position).toBe(50);
      await fromMiddle.close();
    });

    it('reads the log stream by stream on its thread, handing over whole streams exactly as readLogByStream reads them', async () => {
      const store = await seededStore(60);
      const head = await store.headPosition();
      const expected = await store.readLogByStream({ upTo: head - 5 });
      expect(expected).toHaveLength(55);
      for (const [chunkSize, min] of [
        [7, 5],
        [4, 100],
        [1, 1],
        [100, 20],
      ] as const) {
        const streams = readStreamsAhead(store, head - 5, chunkSize);
        if (!streams) throw new Error('SQLite reads by stream');
        const batches: LogEvent[][][] = [];
        for (;;) {
          const batch = await streams.next(min);
          if (batch.length === 0) break;
          batches.push(batch);
        }
        await streams.close();
        // At least `min` events a batch but the last, and every stream whole and in one batch only.
        for (const batch of batches.slice(0, -1)) expect(batch.flat().length).toBeGreaterThanOrEqual(min);
        const handed = batches.flat();
        expect(handed.flat()).toEqual(expected);
        const ids = handed.map((stream) => stream[0]?.metadata.streamId);
        expect(new Set(ids).size).toBe(7);
        expect(ids).toHaveLength(7);
        for (const stream of handed) expect(new Set(stream.map((e) => e.metadata.streamId)).size).toBe(1);
      }
    });

    it('reads on the caller\'s thread close to the head, and hands over the same events', async () => {
      const store = await seededStore(12, { threadedReadMinEvents: 1_000 });
      const reader = readAhead(store, { after: 0, chunkSize: 5 });
      expect(await drain(reader, 5)).toEqual(await store.readLog());
      await reader.close();
    });

    it('gives the error readLog gives when a stored event\'s data is not JSON', async () => {
      const store = await seededStore(30);
      const db = new Database(file);
      db.prepare('UPDATE events SET data = ? WHERE position = 17').run('{"broken": ');
      db.close();
      const direct = await store.readLog({ after: 10, maxCount: 10 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(direct).toBeInstanceOf(SyntaxError);
      const reader = readAhead(store, { after: 0, chunkSize: 10 });
      expect(await reader.next(10, Number.MAX_SAFE_INTEGER)).toHaveLength(10);
      await expect(reader.next(10, Number.MAX_SAFE_INTEGER)).rejects.toBeInstanceOf(SyntaxError);
      await reader.close();
    });

    it('lets its thread go when the reader closes, and when the store closes with a reader open', async () => {
      const store = await seededStore(40);
      const first = readAhead(store, { after: 0, chunkSize: 5 });
      expect(await first.next(5, Number.MAX_SAFE_INTEGER)).toHaveLength(5);
      await first.close();
      await expect(first.next(5, Number.MAX_SAFE_INTEGER)).rejects.toThrow(/closed/);
      const second = readAhead(store, { after: 0, chunkSize: 5 });
      expect(await second.next(5, Number.MAX_SAFE_INTEGER)).toHaveLength(5);
      // Closing the store ends the reader's thread (the test would not end otherwise).
      await store.close();
      open.splice(open.indexOf(store), 1);
    });
  });

  describe('misuse', () => {
    it('rejects an expected revision that is not one', async () => {
      const store = await openStore({ filename: join(tempDir(), 'events.db') });
      for (const expectedRevision of [-1, 1.5, 'latest'] as unknown[]) {
        await expect(store.append('child-1', [event('e')], { expectedRevision: expectedRevision as ExpectedRevision })).rejects.toBeInstanceOf(InvalidEventError);
      }
      expect(await store.headPosition()).toBe(0);
    });

    it('answers StoreUnavailableError before init and after close', async () => {
      const store = new SqliteEventStore({ filename: join(tempDir(), 'events.db') });
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await store.init();
      await store.close();
      await expect(store.append('child-1', [event('e')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    it('ends open subscriptions when the store closes', async () => {
      const store = new SqliteEventStore({ filename: join(tempDir(), 'events.db') });
      await store.init();
      const subscription = store.subscribeToAll();
      const consuming = (async () => {
        let count = 0;
        for await (const _ of subscription) count += 1;
        return count;
      })();
      await store.close();
      expect(await consuming).toBe(0);
    });
  });

  describe('two stores on one file in one process', () => {
    it('wakes a subscription of one when the other appends', async () => {
      const filename = join(tempDir(), 'events.db');
      // A poll interval far beyond the test's patience: only the in-process wake-up can deliver in time.
      const reader = await openStore({ filename, pollIntervalMs: 600_000 });
      const writer = await openStore({ filename });
      const subscription = reader.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const first = iterator.next();
      await new Promise((r) => setImmediate(r));
      await writer.append('child-1', [event('woken')], { expectedRevision: 'no_stream' });
      const next = await first;
      expect(next.done === true ? undefined : next.value.id).toBe('woken');
      await subscription.close();
    });
  });
});
