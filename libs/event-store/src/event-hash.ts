import { createHash } from 'node:crypto';
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
  // Keys in sorted order, split around `data` so pre-serialised data can be spliced in unchanged.
  const before = canonicalJson({
    actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
    causationId: m.causationId,
    correlationId: m.correlationId,
  });
  const after = canonicalJson({
    id: event.id,
    machineVersion: m.machineVersion,
    occurredAt: m.occurredAt,
    recordedAt: event.recordedAt,
    revision: event.revision,
    schemaVersion: m.schemaVersion,
    streamId: event.streamId,
    type: event.type,
  });
  const canonical = `${before.slice(0, -1)},"data":${canonicalData ?? canonicalJson(event.data)},${after.slice(1)}`;
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
