import type { LogEvent } from '@cje/event-store';
import { type JourneyEvent, MACHINE_VERSION, effectiveEvents, isJourneyEventType, upcastEvent } from '@cje/journey';
import { type IsoDate, effectiveDateOf } from '@cje/timescales';
import type { FactRow, FactTable } from '../indicators/fact-table.js';

/** Every child's events live in the stream `child-<child id>` (as the child index reads them). */
export const CHILD_STREAM = 'child-';

/** One effective journey event of a child, as the case-facts read models read it. */
export interface ChildEvent {
  readonly id: string;
  readonly type: string;
  /** Effective date (`occurredAt` as the worker gave it, corrections applied): what timescales are judged on. */
  readonly on: IsoDate;
  readonly recordedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Where a read model puts whole rows: straight into SQL while stepping, or into a set compared after a replay. */
export interface RowSink {
  put(table: FactTable, row: FactRow): void;
}

export function childIdOf(streamId: string): string | undefined {
  return streamId.startsWith(CHILD_STREAM) && streamId.length > CHILD_STREAM.length ? streamId.slice(CHILD_STREAM.length) : undefined;
}

/**
 * A stored event in the journey's current shape, or undefined when it is no journey event this build knows (a type
 * added later, a machine version from a newer build): read models skip those rather than stop on them.
 */
export function journeyEventOf(event: LogEvent): JourneyEvent | undefined {
  if (!isJourneyEventType(event.type)) return undefined;
  const { occurredAt, recordedAt, machineVersion } = event.metadata;
  const version = machineVersion ?? MACHINE_VERSION;
  if (version === MACHINE_VERSION) {
    return { id: event.id, type: event.type, data: event.data, occurredAt, recordedAt, machineVersion: version } as JourneyEvent;
  }
  try {
    return upcastEvent({ id: event.id, type: event.type, data: event.data, occurredAt, recordedAt, machineVersion: version });
  } catch {
    return undefined;
  }
}

/** The effective date of a journey event, or undefined when it carries none we can read. */
export function effectiveOn(occurredAt: string): IsoDate | undefined {
  try {
    return effectiveDateOf(occurredAt);
  } catch {
    return undefined;
  }
}

export function toChildEvent(event: JourneyEvent): ChildEvent | undefined {
  const on = effectiveOn(event.occurredAt);
  if (on === undefined) return undefined;
  return { id: event.id, type: event.type, on, recordedAt: event.recordedAt ?? '', data: event.data as unknown as Readonly<Record<string, unknown>> };
}

/**
 * A child's history as the read models see it: corrections and voids applied (the journey's own `effectiveEvents`),
 * in stream order. The caller orders it by effective date.
 */
export function effectiveChildEvents(recorded: readonly LogEvent[]): ChildEvent[] {
  const journey: JourneyEvent[] = [];
  for (const event of recorded) {
    const read = journeyEventOf(event);
    if (read) journey.push(read);
  }
  const result: ChildEvent[] = [];
  for (const event of effectiveEvents(journey).events) {
    const child = toChildEvent(event);
    if (child) result.push(child);
  }
  return result;
}

/** Stable sort by effective date: ties keep stream order, as the timescale evaluator orders them. */
export function inEffectiveOrder(events: readonly ChildEvent[]): ChildEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.on < b.event.on ? -1 : a.event.on > b.event.on ? 1 : a.index - b.index))
    .map(({ event }) => event);
}

export function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function bool(value: unknown): boolean {
  return value === true;
}
