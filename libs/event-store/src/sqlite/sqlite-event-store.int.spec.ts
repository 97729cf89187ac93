import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describeEventStoreContract, type ContractTarget } from '../contract/event-store.contract.js';
import type { NewEvent, RecordedEvent } from '../event-envelope.js';
import { InvalidEventError, StoreUnavailableError } from '../event-store.errors.js';
import type { ExpectedRevision } from '../expected-revision.js';
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
