import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';
import { eventHash, type HashableEvent } from './event-hash.js';

const event = (data: Record<string, unknown>): HashableEvent => ({
  id: 'cmd-1:0',
  type: 'ContactReceived',
  data,
  streamId: 'child-1',
  revision: 0,
  recordedAt: '2025-01-06T10:00:00.000Z',
  metadata: {
    occurredAt: '2025-01-06',
    actor: { userId: 'sw.north', role: 'social_worker', team: 'north' },
    correlationId: 'req-1',
    causationId: 'cmd-1',
    schemaVersion: 1,
    machineVersion: 1,
  },
});

describe('eventHash', () => {
  it('is the SHA-256 of the previous hash and the whole canonical event, keys sorted', () => {
    const e = event({ b: 1, a: 'x' });
    const canonical = canonicalJson({
      actor: e.metadata.actor,
      causationId: 'cmd-1',
      correlationId: 'req-1',
      data: { a: 'x', b: 1 },
      id: 'cmd-1:0',
      machineVersion: 1,
      occurredAt: '2025-01-06',
      recordedAt: '2025-01-06T10:00:00.000Z',
      revision: 0,
      schemaVersion: 1,
      streamId: 'child-1',
      type: 'ContactReceived',
    });
    expect(eventHash(e, 'prev')).toBe(createHash('sha256').update('prev').update('\n').update(canonical).digest('hex'));
  });

  it('gives the same hash with pre-serialised data as without', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (data, prev) => {
        const e = event(data);
        expect(eventHash(e, prev, canonicalJson(data))).toBe(eventHash(e, prev));
      }),
    );
  });

  it('changes when any covered field changes', () => {
    const base = eventHash(event({ a: 1 }), '');
    expect(eventHash(event({ a: 2 }), '')).not.toBe(base);
    expect(eventHash({ ...event({ a: 1 }), revision: 1 }, '')).not.toBe(base);
    expect(eventHash(event({ a: 1 }), 'other')).not.toBe(base);
    expect(eventHash({ ...event({ a: 1 }), metadata: { ...event({}).metadata, occurredAt: '2025-01-07' } }, '')).not.toBe(base);
  });

  it('is the hash of canonicalJson of the whole event, whatever the metadata holds', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          type: text,
          streamId: text,
          revision: fc.integer(),
          recordedAt: text,
          data: fc.dictionary(fc.string(), fc.jsonValue()),
          metadata: fc.record({
            occurredAt: text,
            actor: fc.record({ userId: text, role: text, team: text }),
            correlationId: text,
            causationId: text,
            schemaVersion: fc.integer(),
            machineVersion: fc.option(fc.integer(), { nil: null }),
          }),
        }),
        text,
        (e, prev) => {
          const m = e.metadata;
          const whole = canonicalJson({
            actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
            causationId: m.causationId,
            correlationId: m.correlationId,
            data: e.data,
            id: e.id,
            machineVersion: m.machineVersion,
            occurredAt: m.occurredAt,
            recordedAt: e.recordedAt,
            revision: e.revision,
            schemaVersion: m.schemaVersion,
            streamId: e.streamId,
            type: e.type,
          });
          expect(eventHash(e, prev)).toBe(createHash('sha256').update(prev).update('\n').update(whole).digest('hex'));
        },
      ),
    );
  });
});

/** canonicalJson as first written (map, filter, join): the rewrite must give the same text for every value. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => referenceCanonicalJson(v)).join(',')}]`;
      const entries = Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${referenceCanonicalJson((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`${typeof value} is not JSON`);
  }
}

describe('canonicalJson', () => {
  it('gives the same text as the first implementation for any JSON value, undefined properties left out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string({ unit: 'binary' }), fc.option(fc.jsonValue(), { nil: undefined })), (value, withUndefined) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
        expect(canonicalJson(withUndefined)).toBe(referenceCanonicalJson(withUndefined));
      }),
      { numRuns: 500 },
    );
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    expect(canonicalJson(sparse)).toBe(referenceCanonicalJson(sparse));
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0, y: -0.5 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":-0.5,"z":0}}');
  });

  it('refuses what is not plain JSON', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow('Date is not plain JSON');
    expect(() => canonicalJson([Number.NaN])).toThrow('non-finite number');
    expect(() => canonicalJson([undefined])).toThrow('undefined is not JSON');
  });
});

