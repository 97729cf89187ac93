import { isJourneyEventType, type JourneyEvent } from './journey-event.js';
import { MACHINE_VERSION } from './machine-version.js';

/** An event as read from the store, before the journey trusts its shape. */
export interface StoredJourneyEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly recordedAt?: string;
  readonly machineVersion: number;
}

/** Brings an event's type and data from the shape of machine version N to that of N+1. */
export type Upcaster = (event: { readonly type: string; readonly data: unknown }) => { readonly type: string; readonly data: unknown };

/**
 * One step per machine version: entry N upgrades shapes written under version N to version N+1. Version 1 is today's
 * shape, so its entry is the identity and nothing runs until a version 2 exists.
 */
export const UPCASTERS: ReadonlyMap<number, Upcaster> = new Map<number, Upcaster>([[1, (event) => event]]);

export class JourneyReadError extends Error {
  constructor(
    readonly code: 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_MACHINE_VERSION' | 'MISSING_UPCASTER',
    message: string,
  ) {
    super(message);
    this.name = 'JourneyReadError';
  }
}

/**
 * Reads a stored event into the current shape. The recorded `machineVersion` is kept: it says which machine accepted
 * the event, and the rules use it to replay the event under the rules it was accepted by.
 */
export function upcastEvent(
  stored: StoredJourneyEvent,
  options: { readonly upcasters?: ReadonlyMap<number, Upcaster>; readonly currentVersion?: number } = {},
): JourneyEvent {
  const upcasters = options.upcasters ?? UPCASTERS;
  const current = options.currentVersion ?? MACHINE_VERSION;
  if (!Number.isInteger(stored.machineVersion) || stored.machineVersion < 1 || stored.machineVersion > current)
    throw new JourneyReadError('UNKNOWN_MACHINE_VERSION', `Event ${stored.id} was recorded by machine version ${stored.machineVersion}, which this build does not know`);
  let shape: { readonly type: string; readonly data: unknown } = { type: stored.type, data: stored.data };
  for (let version = stored.machineVersion; version < current; version++) {
    const up = upcasters.get(version);
    if (!up) throw new JourneyReadError('MISSING_UPCASTER', `No upcaster from machine version ${version}`);
    shape = up(shape);
  }
  if (!isJourneyEventType(shape.type)) throw new JourneyReadError('UNKNOWN_EVENT_TYPE', `Event ${stored.id} has an unknown type`);
  // The shape is now the current one for its type; the data schema is checked where the event is used.
  return {
    id: stored.id,
    type: shape.type,
    data: shape.data,
    occurredAt: stored.occurredAt,
    machineVersion: stored.machineVersion,
    ...(stored.recordedAt !== undefined ? { recordedAt: stored.recordedAt } : {}),
  } as JourneyEvent;
}
