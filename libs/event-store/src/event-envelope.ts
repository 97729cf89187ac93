/** Who did something: recorded on every event, never personal data beyond the user id. */
export interface Actor {
  readonly userId: string;
  readonly role: string;
  readonly team: string;
}

/** What a caller hands the store. The store assigns revision, position, recordedAt and the hash chain. */
export interface NewEvent<TType extends string = string, TData extends object = Record<string, unknown>> {
  /** Unique id of this event; appending the same id again is a no-op that answers the original result. */
  readonly id: string;
  /** Past tense: what happened, e.g. `ContactReceived`. */
  readonly type: TType;
  readonly data: TData;
  readonly metadata: NewEventMetadata;
}

export interface NewEventMetadata {
  /** Effective date/time as the worker says (ISO 8601). */
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  /** The command id that caused this event. */
  readonly causationId: string;
  readonly schemaVersion: number;
  /** Which journey machine definition accepted the event; null for events outside the machine. */
  readonly machineVersion: number | null;
}

export interface RecordedEventMetadata extends NewEventMetadata {
  readonly streamId: string;
  /** 0-based, per stream. */
  readonly revision: number;
  /** Global order of commit, starting at 1. */
  readonly position: number;
  /** System clock when the store committed the event (ISO 8601). */
  readonly recordedAt: string;
  /** Hash of the previous event in the same stream; '' for revision 0. */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical event and prevHash. */
  readonly hash: string;
}

export interface RecordedEvent<TType extends string = string, TData extends object = Record<string, unknown>> {
  readonly id: string;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: RecordedEventMetadata;
}

/**
 * An event as a reader of the whole log for read models sees it: a recorded event without what only integrity checks
 * and request tracing use (the hash chain, correlation and causation ids, the actor's user id and role, the schema
 * version). Every `RecordedEvent` is one; `EventStore.readLog` reads only this much, which is cheaper.
 */
export interface LogEvent<TType extends string = string, TData extends object = Record<string, unknown>> {
  readonly id: string;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: LogEventMetadata;
}

export interface LogEventMetadata extends Pick<RecordedEventMetadata, 'streamId' | 'revision' | 'position' | 'occurredAt' | 'recordedAt' | 'machineVersion'> {
  readonly actor: Pick<Actor, 'team'>;
}
