import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { NewEventMetadata } from './event-envelope.js';

/** The fields a hash covers: everything an auditor relies on, except the global position (an index, not content). */
export interface HashableEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: number;
  readonly recordedAt: string;
  readonly metadata: NewEventMetadata;
}

/**
 * SHA-256 (hex) over the canonical event and the previous event's hash in the same stream.
 * `canonicalData`, when the caller already holds `canonicalJson(event.data)` (validation produces it), saves
 * serialising the data a second time on the append path; the hash is the same either way.
 */
export function eventHash(event: HashableEvent, prevHash: string, canonicalData?: string): string {
  const m = event.metadata;
  // The canonical text of the whole event, keys in sorted order, written field by field (the same text as
  // canonicalJson of the event as one object, without building that object), split around `data` so that
  // pre-serialised data can be spliced in unchanged.
  const before = sortedObject([
    ['actor', sortedObject([['role', field(m.actor.role)], ['team', field(m.actor.team)], ['userId', field(m.actor.userId)]])],
    ['causationId', field(m.causationId)],
    ['correlationId', field(m.correlationId)],
  ]);
  const after = sortedObject([
    ['id', field(event.id)],
    ['machineVersion', field(m.machineVersion)],
    ['occurredAt', field(m.occurredAt)],
    ['recordedAt', field(event.recordedAt)],
    ['revision', field(event.revision)],
    ['schemaVersion', field(m.schemaVersion)],
    ['streamId', field(event.streamId)],
    ['type', field(event.type)],
  ]);
  const canonical = `${before.slice(0, -1)},"data":${canonicalData ?? canonicalJson(event.data)},${after.slice(1)}`;
  // One call over the joined text: the same bytes as hashing the three parts in turn (they are UTF-8 each, and the
  // joins fall on ASCII), at about half the cost of a Hash object per event.
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}

/** A value's canonical text, or undefined to leave its key out (as canonicalJson leaves out undefined). */
function field(value: unknown): string | undefined {
  return value === undefined ? undefined : canonicalJson(value);
}

/** `{"key":text,…}` from keys given in sorted order (plain ASCII names); undefined texts are left out. */
function sortedObject(entries: readonly (readonly [string, string | undefined])[]): string {
  let text = '{';
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (text.length > 1) text += ',';
    text += `"${key}":${value}`;
  }
  return `${text}}`;
}
