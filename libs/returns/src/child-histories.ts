import type { EventStore, RecordedEvent } from '@cje/event-store';
import { JourneyReadError, upcastEvent, type JourneyEvent } from '@cje/journey';
import { childFacts, type ChildFacts } from './child-facts.js';

/** Child streams are named `child-<childId>`. */
export const CHILD_STREAM_PREFIX = 'child-';

/** An event that could not be read as a journey event (unknown type or machine version); it is left out of the returns. */
export interface UnreadableEvent {
  readonly childId: string;
  readonly eventId: string;
  readonly code: string;
  readonly reason: string;
}

export interface AuthorityHistory {
  readonly children: readonly ChildFacts[];
  readonly unreadable: readonly UnreadableEvent[];
  readonly eventsRead: number;
  /** Global position of the last event read: the returns are "as at" this point of the log. */
  readonly position: number;
}

/** The journey's view of a stored event: effective date and machine version come from the envelope. */
export function toJourneyEvent(recorded: RecordedEvent): JourneyEvent {
  return upcastEvent({
    id: recorded.id,
    type: recorded.type,
    data: recorded.data,
    occurredAt: recorded.metadata.occurredAt,
    recordedAt: recorded.metadata.recordedAt,
    machineVersion: recorded.metadata.machineVersion ?? 0,
  });
}

/**
 * Reads every child stream from the global log in batches and folds each child's events into facts. One pass over
 * `readAll` (rather than one `readStream` per child) because a county has tens of thousands of children and the log
 * reads fastest in order.
 */
export async function readAuthorityHistory(store: EventStore, options: { readonly batchSize?: number; readonly upTo?: number } = {}): Promise<AuthorityHistory> {
  const batchSize = options.batchSize ?? 5000;
  const streams = new Map<string, JourneyEvent[]>();
  const unreadable: UnreadableEvent[] = [];
  let after = 0;
  let eventsRead = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const recorded of batch) {
      if (options.upTo !== undefined && recorded.metadata.position > options.upTo) break;
      after = recorded.metadata.position;
      const streamId = recorded.metadata.streamId;
      if (!streamId.startsWith(CHILD_STREAM_PREFIX)) continue;
      eventsRead++;
      const childId = streamId.slice(CHILD_STREAM_PREFIX.length);
      try {
        const event = toJourneyEvent(recorded);
        const list = streams.get(childId);
        if (list) list.push(event);
        else streams.set(childId, [event]);
      } catch (error) {
        if (!(error instanceof JourneyReadError)) throw error;
        unreadable.push({ childId, eventId: recorded.id, code: error.code, reason: error.message });
      }
    }
    if (batch.length < batchSize || (options.upTo !== undefined && after >= options.upTo)) break;
  }
  const children = [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([childId, events]) => childFacts(childId, events));
  return { children, unreadable, eventsRead, position: after };
}
