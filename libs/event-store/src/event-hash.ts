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

/** SHA-256 (hex) over the canonical event and the previous event's hash in the same stream. */
export function eventHash(event: HashableEvent, prevHash: string): string {
  const m = event.metadata;
  const canonical = canonicalJson({
    id: event.id,
    type: event.type,
    data: event.data,
    streamId: event.streamId,
    revision: event.revision,
    recordedAt: event.recordedAt,
    occurredAt: m.occurredAt,
    actor: { userId: m.actor.userId, role: m.actor.role, team: m.actor.team },
    correlationId: m.correlationId,
    causationId: m.causationId,
    schemaVersion: m.schemaVersion,
    machineVersion: m.machineVersion,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
