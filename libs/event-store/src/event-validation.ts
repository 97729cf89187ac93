import { canonicalJson } from './canonical-json.js';
import type { NewEvent } from './event-envelope.js';
import { InvalidEventError } from './event-store.errors.js';

export interface EventLimits {
  /** Largest serialised event (data and metadata), in bytes. */
  readonly maxEventBytes: number;
  /** Most events in one append. */
  readonly maxBatch: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxEventBytes: 256 * 1024, maxBatch: 1000 };

function onlyPortFields(m: Record<string, unknown>): boolean {
  return Object.keys(m).length === 6 && Object.keys(m.actor as object).length === 3;
}

/**
 * Most bytes the metadata of a valid event (the port's fields only) can take as canonical JSON: five strings of at
 * most 200 UTF-16 units, each unit at most 6 bytes escaped (\u0000) or encoded, an ISO date, two numbers and the
 * keys: about 6.3 KB.
 */
const METADATA_MAX_BYTES = 8 * 1024;

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function nonEmpty(value: unknown, what: string, max = 200): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new InvalidEventError(`${what} must be a non-empty string of at most ${max} characters`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Throws InvalidEventError for the first thing wrong with a stream id. */
export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
    throw new InvalidEventError('stream id must be 1-200 letters, digits or _ . : - and start with a letter or digit');
  }
}

/**
 * Validates a whole batch before anything touches storage, so a bad event never leaves half a batch behind.
 * Returns the serialised data of each event (what the adapters store).
 */
export function validateAppend(streamId: unknown, events: readonly NewEvent[], limits: EventLimits = DEFAULT_EVENT_LIMITS): string[] {
  validateStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidEventError('an append needs at least one event');
  if (events.length > limits.maxBatch) throw new InvalidEventError(`an append takes at most ${limits.maxBatch} events, got ${events.length}`);
  const seen = new Set<string>();
  return events.map((event, i) => {
    const at = `event ${i}`;
    if (!isPlainObject(event)) throw new InvalidEventError(`${at} is not an object`);
    if (typeof event.id !== 'string' || !EVENT_ID.test(event.id)) throw new InvalidEventError(`${at}: id must be 1-100 letters, digits or _ . : -`);
    if (seen.has(event.id)) throw new InvalidEventError(`${at}: id ${event.id} appears twice in the same append`);
    seen.add(event.id);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) throw new InvalidEventError(`${at}: type must be a PascalCase name such as ContactReceived`);
    if (!isPlainObject(event.data)) throw new InvalidEventError(`${at} (${event.type}): data must be a JSON object`);
    const m: unknown = event.metadata;
    if (!isPlainObject(m)) throw new InvalidEventError(`${at} (${event.type}): metadata is missing`);
    if (typeof m.occurredAt !== 'string' || !ISO_INSTANT.test(m.occurredAt) || Number.isNaN(Date.parse(m.occurredAt))) {
      throw new InvalidEventError(`${at} (${event.type}): metadata.occurredAt must be an ISO 8601 date or date-time`);
    }
    if (!isPlainObject(m.actor)) throw new InvalidEventError(`${at} (${event.type}): metadata.actor is missing`);
    nonEmpty(m.actor.userId, `${at}: metadata.actor.userId`);
    nonEmpty(m.actor.role, `${at}: metadata.actor.role`);
    nonEmpty(m.actor.team, `${at}: metadata.actor.team`);
    nonEmpty(m.correlationId, `${at}: metadata.correlationId`);
    nonEmpty(m.causationId, `${at}: metadata.causationId`);
    if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) throw new InvalidEventError(`${at}: metadata.schemaVersion must be a positive integer`);
    if (m.machineVersion !== null && (!Number.isInteger(m.machineVersion) || (m.machineVersion as number) < 1)) {
      throw new InvalidEventError(`${at}: metadata.machineVersion must be a positive integer or null`);
    }
    let json: string;
    try {
      json = canonicalJson(event.data);
    } catch (e) {
      throw new InvalidEventError(`${at} (${event.type}): data is not plain JSON (${(e as Error).message})`);
    }
    const dataBytes = Buffer.byteLength(json);
    // Metadata holding only the port's fields is measured only when it could tip the event over the limit.
    if (dataBytes + METADATA_MAX_BYTES > limits.maxEventBytes || !onlyPortFields(m)) {
      const size = dataBytes + Buffer.byteLength(canonicalJson(m));
      if (size > limits.maxEventBytes) {
        throw new InvalidEventError(`${at} (${event.type}) is ${size} bytes, over the limit of ${limits.maxEventBytes}`);
      }
    }
    return json;
  });
}

function isExpectedRevision(value: unknown): boolean {
  return value === 'no_stream' || value === 'any' || value === 'exists' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/**
 * Validates every append of a batch (`appendBatch`) before anything touches storage; a problem names the append by
 * its place in the batch. Returns the serialised data of each append's events.
 */
export function validateBatch(
  appends: readonly { readonly streamId: string; readonly events: readonly NewEvent[]; readonly expectedRevision: unknown }[],
  limits: EventLimits = DEFAULT_EVENT_LIMITS,
): string[][] {
  const given: unknown = appends;
  if (!Array.isArray(given)) throw new InvalidEventError('a batch must be a list of appends');
  return appends.map((append, i) => {
    const candidate: unknown = append;
    if (!isPlainObject(candidate)) throw new InvalidEventError(`append ${i} of the batch is not an object`);
    if (!isExpectedRevision(append.expectedRevision)) {
      throw new InvalidEventError(`append ${i} of the batch: expected revision must be no_stream, any, exists or a revision number of 0 or more`);
    }
    try {
      return validateAppend(append.streamId, append.events, limits);
    } catch (error) {
      if (error instanceof InvalidEventError) throw new InvalidEventError(`append ${i} of the batch: ${error.reason}`);
      throw error;
    }
  });
}
