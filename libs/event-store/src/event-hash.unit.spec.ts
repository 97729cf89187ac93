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
});
