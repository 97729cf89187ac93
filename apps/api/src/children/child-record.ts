import type { RecordedEvent } from '@cje/event-store';
import { emptyJourney, evolve, fold, upcastEvent, type JourneyEvent, type JourneyState } from '@cje/journey';
import { type ChildAccessFacts, owningTeam } from '../auth/access-policy.js';
import { childStreamId } from './child-id.js';

/** An event as a command's answer lists it. */
export interface RecordedEventSummary {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
}

/** What one command recorded: the answer a retry of the same command id gets again. */
export interface RecordedCommand {
  readonly commandId: string;
  /** Stream revision of the command's last event. */
  readonly revision: number;
  /** Global position of the command's last event: a query can wait until read models have reached it. */
  readonly position: number;
  readonly events: readonly RecordedEventSummary[];
}

/**
 * A child's stream as the command side holds it: the folded journey plus the facts the journey does not keep
 * (who recorded the first event, which command caused which events). Immutable: a new record per new events.
 */
export interface ChildRecord {
  readonly childId: string;
  readonly streamId: string;
  /** Last revision of the stream; -1 when the child has no events. */
  readonly revision: number;
  /** Global position of the stream's last event; 0 when none. */
  readonly position: number;
  readonly journey: JourneyState;
  /** Team of whoever recorded the child's first event; null before the first event. */
  readonly firstRecordedByTeam: string | null;
  readonly commands: ReadonlyMap<string, RecordedCommand>;
}

export function emptyChildRecord(childId: string): ChildRecord {
  return {
    childId,
    streamId: childStreamId(childId),
    revision: -1,
    position: 0,
    journey: emptyJourney(),
    firstRecordedByTeam: null,
    commands: new Map(),
  };
}

export function childExists(record: ChildRecord): boolean {
  return record.revision >= 0;
}

/** A stored event in the journey's current shape (upcast), with its recorded time for audit. */
export function toJourneyEvent(event: RecordedEvent): JourneyEvent {
  return upcastEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    // An event outside the machine in a child's stream is a fault: version 0 makes upcasting say so.
    machineVersion: event.metadata.machineVersion ?? 0,
  });
}

export function summarise(event: RecordedEvent): RecordedEventSummary {
  return { id: event.id, type: event.type, occurredAt: event.metadata.occurredAt };
}

/** The record after the stream's next events (read after `record.revision`, in stream order). */
export function withRecordedEvents(record: ChildRecord, events: readonly RecordedEvent[]): ChildRecord {
  const last = events.at(-1);
  if (!last) return record;
  const journeyEvents = events.map(toJourneyEvent);
  const journey = childExists(record) ? evolve(record.journey, journeyEvents) : fold(journeyEvents);
  const commands = new Map(record.commands);
  for (const event of events) {
    const causation = event.metadata.causationId;
    const earlier = commands.get(causation);
    commands.set(causation, {
      commandId: causation,
      revision: event.metadata.revision,
      position: event.metadata.position,
      events: [...(earlier?.events ?? []), summarise(event)],
    });
  }
  return {
    ...record,
    revision: last.metadata.revision,
    position: last.metadata.position,
    journey,
    firstRecordedByTeam: record.firstRecordedByTeam ?? events[0]?.metadata.actor.team ?? null,
    commands,
  };
}

/** What the access policy needs to know about the child. */
export function accessFactsOf(record: ChildRecord): ChildAccessFacts {
  return {
    owningTeam: owningTeam({
      allocatedTeam: record.journey.context.episode?.allocation?.teamId ?? null,
      firstRecordedByTeam: record.firstRecordedByTeam ?? '',
    }),
  };
}
