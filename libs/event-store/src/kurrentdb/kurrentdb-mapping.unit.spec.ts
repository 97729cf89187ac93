import {
  END,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { NewEvent } from '../event-envelope.js';
import { ConcurrencyError, IdempotencyConflictError, InvalidEventError, StoreUnavailableError } from '../event-store.errors.js';
import { eventHash } from '../event-hash.js';
import { validateAppend } from '../event-validation.js';
import { verifyChain } from '../integrity.js';
import {
  STORED_FORMAT,
  checkRetry,
  comparePositions,
  eventStreamsRegex,
  isAfter,
  isBefore,
  isStreamNotFound,
  isWrongExpectedVersion,
  kurrentEventId,
  kurrentStreamName,
  mayRetryOnConflict,
  nameBasedUuid,
  parseRecord,
  planAppend,
  portStreamId,
  reservationEvent,
  reservationStreamName,
  reservedFor,
  revisionOfState,
  streamStateForHead,
  toPortPosition,
  toReadPosition,
  toStoreError,
  validateExpectedRevision,
  validateStreamPrefix,
  type KurrentRecord,
  type StoredIdentity,
} from './kurrentdb-mapping.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function newEvent(id: string, data: Record<string, unknown> = { childId: 'c-1' }): NewEvent {
  return {
    id,
    type: 'ContactReceived',
    data,
    metadata: {
      occurredAt: '2025-03-04T09:30:00Z',
      actor: { userId: 'u-7', role: 'social-worker', team: 'mash' },
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      schemaVersion: 1,
      machineVersion: 3,
    },
  };
}

/** What KurrentDB hands back for an event the adapter sent: JSON through the wire, a revision and a position. */
function asStored(
  sent: { type: string; data: unknown; metadata: unknown },
  streamName: string,
  revision: number,
  position: bigint,
): KurrentRecord {
  return {
    streamId: streamName,
    id: 'ignored-kurrent-uuid',
    revision: BigInt(revision),
    type: sent.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(sent.data)),
    metadata: JSON.parse(JSON.stringify(sent.metadata)),
    position: { commit: position, prepare: position },
  };
}

function plan(events: NewEvent[], headRevision = -1, headHash = '', streamId = 'child-1') {
  return planAppend({ streamId, events, dataJson: validateAppend(streamId, events), headRevision, headHash, recordedAt: '2025-03-04T10:00:00.000Z' });
}

describe('KurrentDB mapping: event ids', () => {
  it('derives RFC 9562 version 5 UUIDs (the RFC example, and what other implementations give)', () => {
    const dns = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(nameBasedUuid('www.example.com', dns)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(nameBasedUuid('python.org', dns)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('keeps a UUID event id, so operators find the same id in KurrentDB', () => {
    expect(kurrentEventId('0B9E2C1A-7F3D-4E5A-9C8B-1D2E3F4A5B6C')).toBe('0b9e2c1a-7f3d-4e5a-9c8b-1d2e3f4a5b6c');
  });

  it('turns any other id into the same UUID every time, and different ids into different UUIDs', () => {
    const a = kurrentEventId('evt:contact-1');
    expect(a).toMatch(UUID_V5);
    expect(kurrentEventId('evt:contact-1')).toBe(a);
    expect(kurrentEventId('evt:contact-2')).not.toBe(a);
  });
});

describe('KurrentDB mapping: stream names', () => {
  it('puts the prefix in front and takes it off again', () => {
    expect(kurrentStreamName('t-9f:', 'child-1')).toBe('t-9f:child-1');
    expect(portStreamId('t-9f:', 't-9f:child-1')).toBe('child-1');
    expect(portStreamId('', 'child-1')).toBe('child-1');
  });

  it('does not claim system streams or streams under another prefix', () => {
    expect(portStreamId('', '$ce-child')).toBeNull();
    expect(portStreamId('', '$$child-1')).toBeNull();
    expect(portStreamId('t-9f:', 't-a0:child-1')).toBeNull();
    expect(portStreamId('t-9f:', 't-9f:')).toBeNull();
  });

  it("filters $all on the server to this store's event streams only", () => {
    const only = (prefix: string) => (name: string) => new RegExp(eventStreamsRegex(prefix)).test(name);
    const mine = only('run.4f:');
    expect(['run.4f:child-1', 'run.4f:9']).toEqual(['run.4f:child-1', 'run.4f:9'].filter(mine));
    // The dot is literal, reservations and system streams stay out.
    expect(['runx4f:child-1', 'run.4f:@event-id:e-1', '$ce-run.4f:child', 'other:child-1'].filter(mine)).toEqual([]);
    const unprefixed = only('');
    expect(['child-1', '$stats-node', '$$child-1', '@event-id:e-1'].filter(unprefixed)).toEqual(['child-1']);
  });

  it('refuses a prefix that would make every stream a system stream', () => {
    expect(() => validateStreamPrefix('$tests-')).toThrow(InvalidEventError);
    expect(() => validateStreamPrefix('tests 1')).toThrow(InvalidEventError);
    expect(() => validateStreamPrefix('')).not.toThrow();
    expect(() => validateStreamPrefix('run-4f2a:')).not.toThrow();
  });
});

describe('KurrentDB mapping: event id reservations', () => {
  it('keeps reservations out of the port stream names', () => {
    const name = reservationStreamName('run:', 'evt-1');
    expect(name).toBe('run:@event-id:evt-1');
    expect(portStreamId('run:', name)).toBeNull();
  });

  it('records which stream an id belongs to', () => {
    const sent = reservationEvent('child-1', 'evt-1');
    const stored: KurrentRecord = { streamId: 'run:@event-id:evt-1', id: sent.id, revision: 0n, type: sent.type, isJson: true, data: JSON.parse(JSON.stringify(sent.data)), metadata: JSON.parse(JSON.stringify(sent.metadata)) };
    expect(reservedFor(stored)).toBe('child-1');
    expect(reservedFor({ ...stored, type: 'ContactReceived' })).toBeNull();
  });

  it('lets KurrentDB recognise a repeated reservation for the same stream, never one for another stream', () => {
    expect(reservationEvent('child-1', 'evt-1').id).toBe(reservationEvent('child-1', 'evt-1').id);
    expect(reservationEvent('child-2', 'evt-1').id).not.toBe(reservationEvent('child-1', 'evt-1').id);
    expect(reservationEvent('child-1', 'evt-1').id).not.toBe(kurrentEventId('evt-1'));
  });
});

describe('KurrentDB mapping: envelope to KurrentDB event', () => {
  it('sends JSON events with a UUID id, the event type and the stored metadata', () => {
    const { eventData } = plan([newEvent('evt-1')]);
    const [sent] = eventData;
    expect(sent).toMatchObject({ id: kurrentEventId('evt-1'), contentType: 'application/json', type: 'ContactReceived', data: { childId: 'c-1' } });
    expect(sent?.metadata).toMatchObject({
      format: STORED_FORMAT,
      id: 'evt-1',
      occurredAt: '2025-03-04T09:30:00Z',
      recordedAt: '2025-03-04T10:00:00.000Z',
      actor: { userId: 'u-7', role: 'social-worker', team: 'mash' },
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      schemaVersion: 1,
      machineVersion: 3,
      prevHash: '',
      batchIndex: 0,
      batchSize: 1,
      $correlationId: 'corr-1',
      $causationId: 'cmd-1',
    });
  });

  it('chains a batch onto the stream head: revisions follow it and each prevHash is the previous hash', () => {
    const { drafts } = plan([newEvent('evt-3'), newEvent('evt-4')], 2, 'head-hash');
    const [first, second] = drafts;
    expect(first?.metadata).toMatchObject({ streamId: 'child-1', revision: 3, prevHash: 'head-hash' });
    expect(second?.metadata).toMatchObject({ revision: 4, prevHash: first?.metadata.hash });
    expect(first?.metadata.hash).toBe(
      eventHash({ id: 'evt-3', type: 'ContactReceived', data: { childId: 'c-1' }, streamId: 'child-1', revision: 3, recordedAt: '2025-03-04T10:00:00.000Z', metadata: newEvent('evt-3').metadata }, 'head-hash'),
    );
  });

  it('stores only the metadata fields the port defines, so nothing unhashed rides along', () => {
    const event = newEvent('evt-1');
    const withExtra = { ...event, metadata: { ...event.metadata, childName: 'not stored' } } as NewEvent;
    const { eventData } = plan([withExtra]);
    expect(JSON.stringify(eventData[0]?.metadata)).not.toContain('childName');
  });
});

describe('KurrentDB mapping: KurrentDB event to envelope', () => {
  it('reads back exactly what was planned, with the position KurrentDB assigned, and the chain verifies', () => {
    const events = [newEvent('evt-1', { childId: 'c-1', nested: { b: 2, a: [1, 'x', null] } }), newEvent('evt-2')];
    const { eventData, drafts } = plan(events, -1, '', 'child-1');
    const read = eventData.map((sent, i) => parseRecord(asStored(sent, 'run:child-1', i, 1000n + BigInt(i) * 200n), 'run:'));
    const parsed = read.map((r) => (r.kind === 'event' ? r.event : null));
    expect(parsed).toEqual(drafts.map((d, i) => ({ ...d, metadata: { ...d.metadata, position: 1000 + i * 200 } })));
    expect(verifyChain('child-1', parsed.filter((e) => e !== null))).toEqual([]);
  });

  it('passes over records that are not this store’s: system streams, other prefixes, other writers', () => {
    const [sent] = plan([newEvent('evt-1')]).eventData;
    expect(sent).toBeDefined();
    if (!sent) return;
    expect(parseRecord(asStored(sent, '$ce-child', 0, 10n), '').kind).toBe('foreign');
    expect(parseRecord(asStored(sent, 'other:child-1', 0, 10n), 'run:').kind).toBe('foreign');
    expect(parseRecord({ ...asStored(sent, 'child-1', 0, 10n), metadata: { $correlationId: 'x' } }, '').kind).toBe('foreign');
    expect(parseRecord({ ...asStored(sent, 'child-1', 0, 10n), metadata: undefined }, '').kind).toBe('foreign');
  });

  it('reports an event carrying this store’s marker that cannot be read back, instead of guessing', () => {
    const [sent] = plan([newEvent('evt-1')]).eventData;
    if (!sent) throw new Error('no event planned');
    const record = asStored(sent, 'child-1', 0, 10n);
    const { hash: _hash, ...withoutHash } = record.metadata as Record<string, unknown>;
    expect(parseRecord({ ...record, metadata: withoutHash }, '')).toMatchObject({ kind: 'malformed', streamId: 'child-1', revision: 0 });
    expect(parseRecord({ ...record, isJson: false, data: new Uint8Array([1]) }, '').kind).toBe('malformed');
    const { position: _position, ...withoutPosition } = record;
    expect(parseRecord(withoutPosition, '')).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('22.6') });
    expect(parseRecord({ ...record, position: { commit: 10n, prepare: 12n } }, '').kind).toBe('malformed');
  });
});

describe('KurrentDB mapping: positions', () => {
  it('uses the commit position as the port position', () => {
    expect(toPortPosition({ commit: 123456n, prepare: 123456n })).toBe(123456);
  });

  it('refuses a position it cannot name with one number', () => {
    expect(() => toPortPosition({ commit: 100n, prepare: 180n })).toThrow(StoreUnavailableError);
    expect(() => toPortPosition({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(StoreUnavailableError);
  });

  it('resumes a checkpoint from the same commit and prepare position, and 0 from the start', () => {
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(() => toReadPosition(-1)).toThrow(InvalidEventError);
    expect(() => toReadPosition(1.5)).toThrow(InvalidEventError);
  });

  it('round-trips: the checkpoint of an event resumes strictly after it', () => {
    const at = { commit: 5000n, prepare: 5000n };
    const resume = toReadPosition(toPortPosition(at));
    expect(isAfter(at, resume)).toBe(false);
    expect(isAfter({ commit: 5001n, prepare: 5001n }, resume)).toBe(true);
  });

  it('orders positions by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 2n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 2n })).toBe(1);
    expect(comparePositions({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 2n })).toBe(0);
    expect(isAfter({ commit: 0n, prepare: 0n }, START)).toBe(true);
    expect(isAfter({ commit: 9n, prepare: 9n }, END)).toBe(false);
    expect(isBefore({ commit: 9n, prepare: 9n }, END)).toBe(true);
    expect(isBefore({ commit: 9n, prepare: 9n }, { commit: 10n, prepare: 10n })).toBe(true);
    expect(isBefore({ commit: 10n, prepare: 10n }, { commit: 10n, prepare: 10n })).toBe(false);
  });
});

describe('KurrentDB mapping: stream states', () => {
  it("accepts the port's expectations and nothing else", () => {
    for (const ok of ['no_stream', 'any', 'exists', 0, 12] as const) expect(validateExpectedRevision(ok)).toBe(ok);
    for (const bad of [-1, 1.5, 'latest', undefined, null, 'stream_exists']) expect(() => validateExpectedRevision(bad)).toThrow(InvalidEventError);
  });

  it('always appends with the exact head the hashes were chained onto', () => {
    expect(streamStateForHead(-1)).toBe('no_stream');
    expect(streamStateForHead(0)).toBe(0n);
    expect(streamStateForHead(41)).toBe(41n);
  });

  it('reads a KurrentDB current state as a port revision', () => {
    expect(revisionOfState('no_stream')).toBe(-1);
    expect(revisionOfState(7n)).toBe(7);
  });

  it('recomputes on a new head only for expectations another writer cannot break', () => {
    expect(mayRetryOnConflict('any')).toBe(true);
    expect(mayRetryOnConflict('exists')).toBe(true);
    expect(mayRetryOnConflict('no_stream')).toBe(false);
    expect(mayRetryOnConflict(3)).toBe(false);
  });
});

describe('KurrentDB mapping: retried appends', () => {
  function storedStream(batches: string[][]): StoredIdentity[] {
    const events = batches.flatMap((ids) => ids.map((id, i) => ({ id, batchIndex: i, batchSize: ids.length })));
    const planned = plan(events.map((e) => newEvent(e.id))).eventData;
    return planned.map((sent, revision) => {
      const parsed = parseRecord(asStored(sent, 'child-1', revision, BigInt(100 + revision)), '');
      if (parsed.kind !== 'event') throw new Error('fixture did not parse');
      const batch = events[revision];
      return { event: parsed.event, batchIndex: batch?.batchIndex ?? 0, batchSize: batch?.batchSize ?? 1 };
    });
  }

  it('Given new ids, the append is new', () => {
    expect(checkRetry(storedStream([['a'], ['b', 'c']]), ['d', 'e'])).toEqual({ kind: 'new' });
  });

  it('Given the same batch was stored, the retry answers the original events', () => {
    const stored = storedStream([['a'], ['b', 'c'], ['d']]);
    const check = checkRetry(stored, ['b', 'c']);
    expect(check.kind).toBe('replay');
    if (check.kind === 'replay') expect(check.events.map((e) => [e.id, e.metadata.revision])).toEqual([['b', 1], ['c', 2]]);
  });

  it('Given an id stored in another batch, the append is an idempotency conflict', () => {
    const stored = storedStream([['a'], ['b', 'c']]);
    for (const ids of [['b'], ['b', 'c', 'x'], ['x', 'c'], ['a', 'b'], ['c', 'b']]) {
      const check = checkRetry(stored, ids);
      expect(check.kind).toBe('conflict');
      if (check.kind === 'conflict') expect(check.error).toBeInstanceOf(IdempotencyConflictError);
    }
  });
});

describe('KurrentDB mapping: errors', () => {
  it('maps a wrong expected version to a ConcurrencyError carrying the caller’s expectation and the actual head', () => {
    const refused = new WrongExpectedVersionError(undefined, { streamName: 'run:child-1', expected: 4n, current: 6n });
    expect(isWrongExpectedVersion(refused)).toBe(true);
    const mapped = toStoreError(refused, { streamId: 'child-1', expected: 4 });
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: 'child-1', expected: 4, actual: 6 });

    const noStream = toStoreError(new WrongExpectedVersionError(undefined, { streamName: 'child-2', expected: 0n, current: 'no_stream' }), {
      streamId: 'child-2',
      expected: 0,
    });
    expect(noStream).toMatchObject({ expected: 0, actual: -1 });
  });

  it('maps an append over the server’s size limit to an invalid event', () => {
    const mapped = toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1048576), { streamId: 'child-1', expected: 'any' });
    expect(mapped).toBeInstanceOf(InvalidEventError);
    expect(mapped.message).toContain('1048576');
  });

  it('maps every other failure to StoreUnavailableError, keeping the cause for diagnosis', () => {
    const down = new UnavailableError();
    const mapped = toStoreError(down, { streamId: 'child-1' });
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.code).toBe('STORE_UNAVAILABLE');
    expect((mapped as Error & { cause?: unknown }).cause).toBe(down);
    expect(toStoreError(new Error('socket hang up'))).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError('weird')).toBeInstanceOf(StoreUnavailableError);
  });

  it('passes the port’s own errors through unchanged', () => {
    const own = new InvalidEventError('bad');
    expect(toStoreError(own)).toBe(own);
  });

  it('recognises a missing stream, which reads as empty', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'child-9'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isWrongExpectedVersion(new Error('x'))).toBe(false);
  });
});
