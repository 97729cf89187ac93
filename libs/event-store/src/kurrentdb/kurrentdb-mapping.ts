/**
 * The pure half of the KurrentDB adapter: how an envelope becomes a KurrentDB event and back, how positions and
 * revisions translate, and which client errors mean what. Nothing here talks to a server, so all of it is unit-tested
 * (`kurrentdb-mapping.unit.spec.ts`); `kurrentdb-event-store.ts` explains why the adapter works the way it does.
 */
import { createHash } from 'node:crypto';
import {
  END,
  ErrorType,
  START,
  isCommandError,
  jsonEvent,
  type AppendStreamState,
  type CurrentStreamState,
  type JSONEventData,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import type { Actor, NewEvent, NewEventMetadata, RecordedEvent } from '../event-envelope.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { NO_STREAM_REVISION } from '../expected-revision.js';
import {
  ConcurrencyError,
  EventStoreError,
  IdempotencyConflictError,
  InvalidEventError,
  StoreUnavailableError,
} from '../event-store.errors.js';
import { eventHash } from '../event-hash.js';

/** Marks the metadata layout this adapter writes; an event without it was written by someone else and is not ours. */
export const STORED_FORMAT = 'cje-event-v1';

/** What the adapter keeps in a KurrentDB event's metadata: the envelope fields KurrentDB has no place for. */
export interface StoredMetadata {
  readonly format: typeof STORED_FORMAT;
  /** The caller's event id; KurrentDB's own id is a UUID derived from it (see `kurrentEventId`). */
  readonly id: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly schemaVersion: number;
  readonly machineVersion: number | null;
  readonly prevHash: string;
  readonly hash: string;
  /** Where the event sat in its append, so a retry can be told apart from an id reused in another batch. */
  readonly batchIndex: number;
  readonly batchSize: number;
  /** KurrentDB's conventions, so its built-in `$by_correlation_id` projection groups one command's events. */
  readonly $correlationId: string;
  readonly $causationId: string;
}

/** The fields of a KurrentDB recorded event this adapter reads; the client's `RecordedEvent` fits it. */
export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

// ---------------------------------------------------------------------------------------------------- stream names

const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** A prefix isolates one store's streams inside a shared database (tests use a random one per run). */
export function validateStreamPrefix(prefix: string): void {
  if (prefix !== '' && !PREFIX.test(prefix)) {
    // A leading `$` would turn every stream into a KurrentDB system stream.
    throw new InvalidEventError('stream prefix must be empty or 1-100 letters, digits or _ . : - starting with a letter or digit');
  }
}

export function kurrentStreamName(prefix: string, streamId: string): string {
  return `${prefix}${streamId}`;
}

/** Port stream ids start with a letter or digit (`validateStreamId`); the adapter's own bookkeeping streams do not. */
const PORT_STREAM_START = '[A-Za-z0-9]';

/**
 * The port's stream id of a KurrentDB stream, or null when the stream is not one of this store's event streams:
 * a system stream (`$…`), another prefix, or an event-id reservation.
 */
export function portStreamId(prefix: string, streamName: string): string | null {
  if (streamName.startsWith('$') || !streamName.startsWith(prefix)) return null;
  const id = streamName.slice(prefix.length);
  return new RegExp(`^${PORT_STREAM_START}`).test(id) ? id : null;
}

/**
 * The server-side `$all` filter for this store's event streams: names made of the prefix and a port stream id.
 * It leaves out system streams, other prefixes and the id reservations; the client side checks again.
 */
export function eventStreamsRegex(prefix: string): string {
  // The prefix alphabet (validateStreamPrefix) holds one regex metacharacter: the dot.
  return `^${prefix.replace(/\./g, '\\.')}${PORT_STREAM_START}`;
}

// ------------------------------------------------------------------------------------------------------- event ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Namespace of the name-based UUIDs this adapter derives from event ids that are not UUIDs themselves. */
export const EVENT_ID_NAMESPACE = 'd3acdbf1-3ba8-4d9d-bafc-aa6db50d4644';

/** RFC 9562 version 5 (SHA-1, name-based) UUID: the same name always gives the same UUID. */
export function nameBasedUuid(name: string, namespace: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * KurrentDB only takes UUIDs as event ids. A caller's UUID is kept (operators can find it in the KurrentDB UI); any
 * other id becomes a deterministic UUID, so a retry sends the same KurrentDB id. The caller's id itself is kept in
 * the metadata and is what reads return.
 */
export function kurrentEventId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : nameBasedUuid(id, EVENT_ID_NAMESPACE);
}

// ---------------------------------------------------------------------------------------------- id reservations

/** Marks a reservation event, the adapter's record of which stream an event id belongs to. */
export const RESERVATION_FORMAT = 'cje-event-id-v1';
export const RESERVATION_TYPE = 'EventIdReserved';

/**
 * One stream per event id, created with `no_stream`, makes an id usable in one stream only: KurrentDB has no index
 * by event id, and only a write that fails when the name is taken settles a race between two streams. `@` cannot
 * start a port stream id, so these names never clash with event streams.
 */
export function reservationStreamName(prefix: string, eventId: string): string {
  return `${prefix}@event-id:${eventId}`;
}

/**
 * The reservation's KurrentDB id depends on the stream, so re-sending the same stream's reservation is one KurrentDB
 * can recognise as a repeat, while another stream's never is.
 */
export function reservationEvent(streamId: string, eventId: string): JSONEventData {
  return jsonEvent({
    id: nameBasedUuid(`reservation\n${streamId}\n${eventId}`, EVENT_ID_NAMESPACE),
    type: RESERVATION_TYPE,
    data: { streamId },
    metadata: { format: RESERVATION_FORMAT },
  });
}

/** The stream a reservation record gives the id to, or null when the record is not a reservation. */
export function reservedFor(record: KurrentRecord): string | null {
  if (record.type !== RESERVATION_TYPE || !isObject(record.metadata) || record.metadata.format !== RESERVATION_FORMAT) return null;
  return isObject(record.data) && typeof record.data.streamId === 'string' ? record.data.streamId : null;
}

// ------------------------------------------------------------------------------------------------ envelope → write

export interface AppendPlan {
  /** What is sent to KurrentDB, in order. */
  readonly eventData: JSONEventData[];
  /** The envelopes as they will read back, without positions (KurrentDB assigns those on commit). */
  readonly drafts: readonly DraftEvent[];
}

export type DraftEvent = Omit<RecordedEvent, 'metadata'> & { readonly metadata: Omit<RecordedEvent['metadata'], 'position'> };

function ownMetadata(m: NewEventMetadata): NewEventMetadata {
  // Only the fields the port defines are stored (and hashed); anything else a caller slipped in is dropped.
  return {
    occurredAt: m.occurredAt,
    actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
    correlationId: m.correlationId,
    causationId: m.causationId,
    schemaVersion: m.schemaVersion,
    machineVersion: m.machineVersion,
  };
}

/**
 * Chains a validated batch onto the stream head. `dataJson` is what `validateAppend` returned: the data is sent and
 * hashed as parsed back from that canonical text, so what is hashed is exactly what KurrentDB stores.
 */
export function planAppend(input: {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly dataJson: readonly string[];
  /** Last revision of the stream, -1 when it does not exist. */
  readonly headRevision: number;
  /** Hash of the event at `headRevision`, '' when the stream does not exist. */
  readonly headHash: string;
  readonly recordedAt: string;
}): AppendPlan {
  const { streamId, events, dataJson, recordedAt } = input;
  let prevHash = input.headHash;
  const eventData: JSONEventData[] = [];
  const drafts: DraftEvent[] = [];
  events.forEach((event, i) => {
    const data = JSON.parse(dataJson[i] ?? 'null') as Record<string, unknown>;
    const metadata = ownMetadata(event.metadata);
    const revision = input.headRevision + 1 + i;
    const hash = eventHash({ id: event.id, type: event.type, data, streamId, revision, recordedAt, metadata }, prevHash, dataJson[i]);
    const stored: StoredMetadata = {
      format: STORED_FORMAT,
      id: event.id,
      ...metadata,
      recordedAt,
      prevHash,
      hash,
      batchIndex: i,
      batchSize: events.length,
      $correlationId: metadata.correlationId,
      $causationId: metadata.causationId,
    };
    eventData.push(jsonEvent({ id: kurrentEventId(event.id), type: event.type, data, metadata: { ...stored } }));
    drafts.push({ id: event.id, type: event.type, data, metadata: { ...metadata, streamId, revision, recordedAt, prevHash, hash } });
    prevHash = hash;
  });
  return { eventData, drafts };
}

// ------------------------------------------------------------------------------------------------- read → envelope

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isStoredMetadata(m: unknown): m is StoredMetadata {
  if (!isObject(m) || m.format !== STORED_FORMAT) return false;
  const actor = m.actor;
  return (
    isString(m.id) &&
    isString(m.occurredAt) &&
    isString(m.recordedAt) &&
    isObject(actor) &&
    isString(actor.userId) &&
    isString(actor.role) &&
    isString(actor.team) &&
    isString(m.correlationId) &&
    isString(m.causationId) &&
    isCount(m.schemaVersion) &&
    (m.machineVersion === null || isCount(m.machineVersion)) &&
    isString(m.prevHash) &&
    isString(m.hash) &&
    isCount(m.batchIndex) &&
    isCount(m.batchSize)
  );
}

/** True when the record carries this adapter's metadata marker (it may still be malformed). */
function isOwnRecord(record: KurrentRecord): boolean {
  return isObject(record.metadata) && record.metadata.format === STORED_FORMAT;
}

export type ParsedRecord =
  | { readonly kind: 'event'; readonly event: RecordedEvent; readonly batchIndex: number; readonly batchSize: number }
  /** Not this store's: a system stream, another prefix, or an event some other program wrote. */
  | { readonly kind: 'foreign' }
  /** Carries this store's marker but cannot be read back: a bug or a write from outside the adapter. */
  | { readonly kind: 'malformed'; readonly streamId: string; readonly revision: number; readonly detail: string };

/** Turns a KurrentDB record into the port's envelope; never throws, so verification can report instead of stop. */
export function parseRecord(record: KurrentRecord, prefix: string): ParsedRecord {
  const streamId = portStreamId(prefix, record.streamId);
  if (streamId === null || !isOwnRecord(record)) return { kind: 'foreign' };
  const revision = Number(record.revision);
  const malformed = (detail: string): ParsedRecord => ({ kind: 'malformed', streamId, revision, detail });
  if (!record.isJson || !isObject(record.data)) return malformed('data is not a JSON object');
  const m = record.metadata;
  if (!isStoredMetadata(m)) return malformed('metadata is not in the stored format');
  if (record.position === undefined) return malformed('the server returned no position (KurrentDB 22.6 or later is needed)');
  let position: number;
  try {
    position = toPortPosition(record.position);
  } catch (e) {
    return malformed((e as Error).message);
  }
  return {
    kind: 'event',
    batchIndex: m.batchIndex,
    batchSize: m.batchSize,
    event: {
      id: m.id,
      type: record.type,
      data: record.data,
      metadata: {
        streamId,
        revision,
        position,
        occurredAt: m.occurredAt,
        recordedAt: m.recordedAt,
        actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
        correlationId: m.correlationId,
        causationId: m.causationId,
        schemaVersion: m.schemaVersion,
        machineVersion: m.machineVersion,
        prevHash: m.prevHash,
        hash: m.hash,
      },
    },
  };
}

// ------------------------------------------------------------------------------------------------------- positions

/**
 * The port's `position` is the commit position of the event in KurrentDB's transaction log: a byte offset, so unique
 * and increasing in `$all` order but not gapless. Every event appended over gRPC is its own implicit transaction
 * record, so its commit and prepare positions are equal and one number identifies it. A record where they differ
 * (written by a legacy explicit transaction) cannot be named by one number without ambiguity: refuse it loudly
 * rather than hand out duplicate positions that would make a projection skip events.
 */
export function toPortPosition(position: Position): number {
  if (position.commit !== position.prepare) {
    throw new StoreUnavailableError(
      `KurrentDB position ${position.commit}/${position.prepare} has different commit and prepare parts; this adapter only reads events written by single appends`,
    );
  }
  if (position.commit < 0n || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new StoreUnavailableError(`KurrentDB position ${position.commit} does not fit in a safe integer`);
  }
  return Number(position.commit);
}

/** Where to start reading `$all` to resume after checkpoint `after` (0 = from the start). */
export function toReadPosition(after: number): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new InvalidEventError(`position ${String(after)} is not a non-negative integer`);
  if (after === 0) return START;
  const at = BigInt(after);
  return { commit: at, prepare: at };
}

/** Orders two `$all` positions the way KurrentDB does: by commit, then prepare. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** True when a record lies strictly after a read position (reads from a position may include the record at it). */
export function isAfter(position: Position, from: ReadPosition): boolean {
  if (from === START) return true;
  if (from === END) return false;
  return comparePositions(position, from) > 0;
}

/** True when a record lies strictly before a backwards read position (END: every record does). */
export function isBefore(position: Position, from: ReadPosition): boolean {
  if (from === END) return true;
  if (from === START) return false;
  return comparePositions(position, from) < 0;
}

// ------------------------------------------------------------------------------------------------------- revisions

/** The caller's expectation, checked before anything is read or sent. */
export function validateExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === 'no_stream' || expected === 'any' || expected === 'exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  throw new InvalidEventError('expected revision must be no_stream, any, exists or a revision number of 0 or more');
}

/** The exact state every append is sent with: the head the hashes were chained onto. */
export function streamStateForHead(headRevision: number): AppendStreamState {
  return headRevision === NO_STREAM_REVISION ? 'no_stream' : BigInt(headRevision);
}

/** The port's revision (-1 for no stream) of a KurrentDB current stream state. */
export function revisionOfState(state: CurrentStreamState): number {
  return state === 'no_stream' ? NO_STREAM_REVISION : Number(state);
}

/**
 * When another writer wins the race for the head, the append may be recomputed on the new head only if the caller
 * did not pin the stream to a state: 'any' and 'exists' still hold after someone else's append; an exact revision or
 * 'no_stream' no longer does.
 */
export function mayRetryOnConflict(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'exists';
}

// -------------------------------------------------------------------------------------------------- idempotency

export interface StoredIdentity {
  readonly event: RecordedEvent;
  readonly batchIndex: number;
  readonly batchSize: number;
}

export type RetryCheck =
  | { readonly kind: 'new' }
  /** Every id was already written, by this very batch: answer the original events. */
  | { readonly kind: 'replay'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'conflict'; readonly error: IdempotencyConflictError };

/**
 * Decides whether an append is new, a retry of an append already stored in this stream, or an id reused in a
 * different batch. `stored` is the whole stream in revision order.
 */
export function checkRetry(stored: readonly StoredIdentity[], ids: readonly string[]): RetryCheck {
  const at = new Map<string, number>();
  stored.forEach((s, i) => at.set(s.event.id, i));
  const found = ids.map((id) => at.get(id));
  const firstFound = found.findIndex((i) => i !== undefined);
  if (firstFound === -1) return { kind: 'new' };
  const conflict = (eventId: string, reason: string): RetryCheck => ({ kind: 'conflict', error: new IdempotencyConflictError(eventId, reason) });
  const start = found[0];
  if (start === undefined) return conflict(ids[firstFound] ?? '', 'it is already stored in this stream, in another append');
  for (let i = 0; i < ids.length; i++) {
    const s = stored[start + i];
    if (!s || s.event.id !== ids[i] || s.batchIndex !== i || s.batchSize !== ids.length) {
      return conflict(ids[i] ?? '', 'the stored append with these ids holds different events');
    }
  }
  return { kind: 'replay', events: stored.slice(start, start + ids.length).map((s) => s.event) };
}

// ----------------------------------------------------------------------------------------------------------- errors

/** Is this the client's "stream was not at the state you sent" failure? */
export function isWrongExpectedVersion(error: unknown): error is Error & { actualState: CurrentStreamState } {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}

/**
 * Maps a client failure onto the port's errors. `streamId` and `expected` are the caller's, so a wrong-expected-version
 * reports what the caller expected (not the adapter's internal exact state).
 */
export function toStoreError(error: unknown, context: { readonly streamId?: string; readonly expected?: ExpectedRevision } = {}): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const where = context.streamId === undefined ? '' : ` on stream ${context.streamId}`;
  let mapped: EventStoreError;
  if (error instanceof Error && isCommandError(error)) {
    switch (error.type) {
      case ErrorType.WRONG_EXPECTED_VERSION:
        mapped = new ConcurrencyError(context.streamId ?? error.streamName, context.expected ?? 'any', revisionOfState(error.actualState));
        break;
      case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
        mapped = new InvalidEventError(`the append is larger than the server's maximum append size (${error.maxAppendSize} bytes)`);
        break;
      case ErrorType.APPEND_RECORD_SIZE_EXCEEDED:
        mapped = new InvalidEventError(`an event is larger than the server's maximum record size (${error.maxSize} bytes)`);
        break;
      default:
        mapped = new StoreUnavailableError(`KurrentDB ${error.type}${where}: ${error.message}`);
    }
  } else {
    mapped = new StoreUnavailableError(`KurrentDB failed${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  Object.defineProperty(mapped, 'cause', { value: error, enumerable: false });
  return mapped;
}
