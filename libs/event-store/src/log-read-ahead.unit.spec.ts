import type { LogEvent, RecordedEvent } from './event-envelope.js';
import type { EventStore, ReadAllOptions } from './event-store.port.js';
import { readAhead } from './log-read-ahead.js';

function event(position: number): RecordedEvent {
  return {
    id: `e${position}`,
    type: 'Noted',
    data: { n: position },
    metadata: {
      streamId: `s-${position % 3}`,
      revision: Math.floor(position / 3),
      position,
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      actor: { userId: 'u', role: 'social_worker', team: 't' },
      correlationId: 'c',
      causationId: 'c',
      schemaVersion: 1,
      machineVersion: null,
      prevHash: '',
      hash: '',
    },
  };
}

/** A log whose `readAll` is all a reader needs; positions may have holes, as after a rolled-back append. */
class FakeLog {
  readonly events: RecordedEvent[] = [];
  reads: ReadAllOptions[] = [];
  failAfter: number | undefined;
  append(...positions: number[]): void {
    for (const p of positions) this.events.push(event(p));
  }
  store(): EventStore {
    return {
      readAll: async (options: ReadAllOptions = {}) => {
        this.reads.push(options);
        if (this.failAfter !== undefined && (options.after ?? 0) >= this.failAfter) throw new Error('the store went away');
        return this.events.filter((e) => e.metadata.position > (options.after ?? 0)).slice(0, options.maxCount ?? Infinity);
      },
    } as unknown as EventStore;
  }
}

const positions = (events: readonly LogEvent[]): number[] => events.map((e) => e.metadata.position);

describe('reading the log ahead', () => {
  it('hands over what readAll would, in order, across chunk boundaries and holes', async () => {
    const log = new FakeLog();
    log.append(1, 2, 3, 5, 6, 7, 8, 10, 11, 12);
    const reader = readAhead(log.store(), { after: 2, chunkSize: 3 });
    const got: number[] = [];
    for (;;) {
      const events = await reader.next(4, Number.MAX_SAFE_INTEGER);
      got.push(...positions(events));
      if (events.length < 4) break;
    }
    expect(got).toEqual([3, 5, 6, 7, 8, 10, 11, 12]);
    expect(reader.exhausted).toBe(true);
    expect(reader.position).toBe(12);
  });

  it('stops at `until` and keeps the rest for the next call', async () => {
    const log = new FakeLog();
    log.append(1, 2, 3, 4, 5, 6);
    const reader = readAhead(log.store(), { after: 0, chunkSize: 4 });
    expect(positions(await reader.next(10, 3))).toEqual([1, 2, 3]);
    expect(reader.exhausted).toBe(false);
    expect(reader.position).toBe(3);
    expect(positions(await reader.next(10, 6))).toEqual([4, 5, 6]);
  });

  it('reads the next chunk while the caller works on the one it has', async () => {
    const log = new FakeLog();
    log.append(...Array.from({ length: 10 }, (_, i) => i + 1));
    const reader = readAhead(log.store(), { after: 0, chunkSize: 5 });
    await reader.next(5, 100);
    // The first chunk was handed over and the second is already asked for.
    expect(log.reads.map((r) => r.after)).toEqual([0, 5]);
  });

  it('an empty log is exhausted at once', async () => {
    const reader = readAhead(new FakeLog().store(), { after: 0 });
    expect(await reader.next(10, 100)).toEqual([]);
    expect(reader.exhausted).toBe(true);
  });

  it('a failed read fails the call that needs it, and a read ahead that fails unneeded is not an unhandled rejection', async () => {
    const log = new FakeLog();
    log.append(1, 2, 3, 4);
    log.failAfter = 2;
    const reader = readAhead(log.store(), { after: 0, chunkSize: 2 });
    expect(positions(await reader.next(2, 100))).toEqual([1, 2]);
    await expect(reader.next(2, 100)).rejects.toThrow('the store went away');
    const other = readAhead(log.store(), { after: 0, chunkSize: 2 });
    await other.next(1, 100);
    // Its read ahead (after 2) fails; closing lets it go without an unhandled rejection failing this test.
    await other.close();
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('refuses to be used once closed, and refuses nonsense options', async () => {
    const reader = readAhead(new FakeLog().store(), { after: 0 });
    await reader.close();
    await reader.close();
    await expect(reader.next(1, 1)).rejects.toThrow('closed');
    expect(() => readAhead(new FakeLog().store(), { after: -1 })).toThrow('after must be a position');
    expect(() => readAhead(new FakeLog().store(), { after: 0, chunkSize: 0 })).toThrow('chunkSize must be a positive whole number');
  });

  it('reads through readLog where the store has it, handing over the same events', async () => {
    const log = new FakeLog();
    log.append(1, 2, 3, 4, 5);
    const full = log.store();
    const slim = {
      readAll: () => Promise.reject(new Error('readAll should not be used')),
      readLog: async (options: ReadAllOptions = {}) =>
        (await full.readAll(options)).map(({ id, type, data, metadata }) => ({ id, type, data, metadata: { ...metadata, hash: undefined } })),
    } as unknown as EventStore;
    const reader = readAhead(slim, { after: 1, chunkSize: 2 });
    const events = await reader.next(10, 100);
    expect(positions(events)).toEqual([2, 3, 4, 5]);
    expect(events.every((e) => (e.metadata as { hash?: string }).hash === undefined)).toBe(true);
    expect(log.reads.map((r) => [r.after, r.maxCount])).toEqual([
      [1, 2],
      [3, 2],
      [5, 2],
    ]);
  });
});
