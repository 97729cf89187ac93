import type { AccessLogEntry, AccessLogInput, PendingAccessLogEntry } from './access-log-entry.js';
import { chainEntries } from './access-log-hash.js';
import { AccessLogChainCheck } from './access-log-integrity.js';
import { AccessLogStore, type AccessLogPage } from './access-log-store.js';
import { AccessLogWriter } from './access-log-writer.js';

/** Holds entries in memory; can be told to fail or to hold a write until released. */
class MemoryStore extends AccessLogStore {
  readonly batches: number[] = [];
  readonly entries: AccessLogEntry[] = [];
  failing = false;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async init(): Promise<void> {}
  async append(batch: readonly PendingAccessLogEntry[]): Promise<AccessLogEntry[]> {
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('SQLITE_FULL');
    this.batches.push(batch.length);
    const last = this.entries.at(-1);
    const chained = chainEntries(batch, { seq: last?.seq ?? 0, hash: last?.hash ?? '' });
    this.entries.push(...chained);
    return chained;
  }
  async byChild(): Promise<AccessLogPage> {
    return { entries: [], nextBefore: null };
  }
  async byUser(): Promise<AccessLogPage> {
    return { entries: [], nextBefore: null };
  }
  async verify() {
    const check = new AccessLogChainCheck();
    check.check(this.entries);
    const last = this.entries.at(-1);
    return check.finish(last ? { seq: last.seq, hash: last.hash } : null);
  }
  async close(): Promise<void> {}
}

const read = (i: number): AccessLogInput => ({ userId: 'auditor', role: 'auditor', team: 'qa', childId: `child-${i}`, view: 'record', requestId: `req-${i}` });
let ids = 0;
const options = { now: () => new Date('2025-03-01T10:00:00Z'), newId: () => `entry-${++ids}` };

describe('the access log writer (group commit)', () => {
  it('writes reads that arrive together in one transaction, each resolving with its own chained entry', async () => {
    const store = new MemoryStore();
    const writer = new AccessLogWriter(store, options);
    const written = await Promise.all([1, 2, 3, 4, 5].map((i) => writer.record(read(i))));
    expect(store.batches).toEqual([5]);
    expect(written.map((e) => [e.seq, e.childId, e.requestId])).toEqual([1, 2, 3, 4, 5].map((i) => [i, `child-${i}`, `req-${i}`]));
    expect(written[0]).toMatchObject({ at: '2025-03-01T10:00:00.000Z', prevHash: '', userId: 'auditor', view: 'record' });
    expect(written[1]?.prevHash).toBe(written[0]?.hash);
    expect((await store.verify()).ok).toBe(true);
  });

  it('queues reads that arrive during a write for the next one', async () => {
    const store = new MemoryStore();
    const writer = new AccessLogWriter(store, options);
    store.hold();
    const first = writer.record(read(1));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((i) => writer.record(read(i)));
    store.release();
    await Promise.all([first, ...later]);
    expect(store.batches).toEqual([1, 3]);
  });

  it('refuses every read of a batch that could not be written, with 503 ACCESS_LOG_UNAVAILABLE, and recovers after', async () => {
    const failures: number[] = [];
    const store = new MemoryStore();
    const writer = new AccessLogWriter(store, { ...options, onFailure: (_e, n) => failures.push(n) });
    store.failing = true;
    const results = await Promise.allSettled([writer.record(read(1)), writer.record(read(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ status: 503, code: 'ACCESS_LOG_UNAVAILABLE' });
    expect(failures).toEqual([2]);
    store.failing = false;
    await expect(writer.record(read(3))).resolves.toMatchObject({ seq: 1, childId: 'child-3' });
  });

  it('refuses new reads rather than queue without bound when the log falls behind', async () => {
    const store = new MemoryStore();
    const writer = new AccessLogWriter(store, { ...options, maxPending: 2 });
    store.hold();
    const queued = [writer.record(read(1)), writer.record(read(2))];
    await expect(writer.record(read(3))).rejects.toMatchObject({ status: 503 });
    store.release();
    await expect(Promise.all(queued)).resolves.toHaveLength(2);
  });

  it('writes what is queued when closed, then refuses', async () => {
    const store = new MemoryStore();
    const writer = new AccessLogWriter(store, options);
    const pending = writer.record(read(1));
    await writer.close();
    await expect(pending).resolves.toMatchObject({ seq: 1 });
    await expect(writer.record(read(2))).rejects.toMatchObject({ code: 'ACCESS_LOG_UNAVAILABLE' });
  });
});
