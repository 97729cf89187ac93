/**
 * One journey event as the timescale evaluator needs it: the shape of a recorded event's type, data and the two
 * dates from its metadata. Pass events in stream order with corrections (EventCorrected / EventVoided) already
 * applied; the evaluator orders them by effective date itself.
 */
export interface TimelineEvent {
  /** The event id; names the deadline it starts (`key`) and lets a meeting event point at its clock. */
  readonly id?: string;
  /** Canonical journey event type, e.g. `IcpcHeld`. */
  readonly type: string;
  /** Effective date or date-time as the worker says (ISO 8601). Timescales are judged on this. */
  readonly occurredAt: string;
  /** When the system recorded it (ISO 8601); for audit and for "as known on" views, never for timescales. */
  readonly recordedAt?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
