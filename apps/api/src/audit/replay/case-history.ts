import type { Actor, RecordedEvent } from '@cje/event-store';
import { effectiveDay } from './as-at.js';

/** A correction or void, as shown against the event it acts on. */
export interface CorrectionNote {
  readonly eventId: string;
  readonly type: 'EventCorrected' | 'EventVoided';
  readonly recordedAt: string;
  /** The correction's own effective date (when the worker says it was made). */
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly reason: string;
  /** For a correction: the event's whole corrected data, and its corrected effective date (null: unchanged). */
  readonly correctedData?: Readonly<Record<string, unknown>>;
  readonly correctedOccurredAt?: string | null;
  /** False when the journey ignores it (it names another type of event than the one it points at). */
  readonly applied: boolean;
}

export type HistoryEntryStatus = 'recorded' | 'corrected' | 'voided' | 'correction';

export interface HistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  /** Effective date as recorded. */
  readonly occurredAt: string;
  /** When the system recorded it. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly commandId: string;
  readonly requestId: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** recorded: stands as recorded; corrected: replaced by a later correction; voided: struck out; correction: acts on another. */
  readonly status: HistoryEntryStatus;
  /** For corrected and voided events: what was first recorded, what stands now (null when voided), and each correction. */
  readonly original?: { readonly occurredAt: string; readonly data: Readonly<Record<string, unknown>> };
  readonly current?: { readonly occurredAt: string; readonly data: Readonly<Record<string, unknown>> } | null;
  readonly corrections?: CorrectionNote[];
  /** For corrections and voids: the event acted on. */
  readonly corrects?: { readonly eventId: string; readonly type: string };
  readonly reason?: string;
  readonly hash: string;
}

export interface CaseHistory {
  readonly revision: number;
  readonly entries: readonly HistoryEntry[];
}

export type HistoryOrder = 'recorded' | 'effective';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function isCorrection(event: RecordedEvent): event is RecordedEvent<'EventCorrected' | 'EventVoided'> {
  return event.type === 'EventCorrected' || event.type === 'EventVoided';
}

/** Voids name one event each (a VoidEvent command of several events records one EventVoided per event). */
function targetOf(event: RecordedEvent): string {
  return text(event.data.eventId);
}

/**
 * A child's timeline from its stream: every event with its effective and recorded times and who recorded it, and
 * each correction or void shown both in its own place and against the event it acts on (original values, values now,
 * who changed them, when and why). Follows the journey's rules for corrections (`effectiveEvents`): corrections apply
 * in the order recorded, each replacing the event's whole data; a correction naming another event type is not applied.
 */
export function caseHistory(stream: readonly RecordedEvent[], order: HistoryOrder = 'recorded'): CaseHistory {
  const byId = new Map(stream.map((e) => [e.id, e]));
  const notes = new Map<string, CorrectionNote[]>();
  for (const event of stream) {
    if (!isCorrection(event)) continue;
    const target = byId.get(targetOf(event));
    const m = event.metadata;
    const note: CorrectionNote = {
      eventId: event.id,
      type: event.type,
      recordedAt: m.recordedAt,
      occurredAt: m.occurredAt,
      actor: m.actor,
      reason: text(event.data.reason),
      ...(event.type === 'EventCorrected'
        ? { correctedData: record(event.data.data), correctedOccurredAt: typeof event.data.occurredAt === 'string' ? event.data.occurredAt : null }
        : {}),
      applied: target !== undefined && text(event.data.eventType) === target.type,
    };
    const key = targetOf(event);
    notes.set(key, [...(notes.get(key) ?? []), note]);
  }

  const entries = stream.map((event): HistoryEntry => {
    const m = event.metadata;
    const base = {
      eventId: event.id,
      type: event.type,
      revision: m.revision,
      position: m.position,
      occurredAt: m.occurredAt,
      recordedAt: m.recordedAt,
      actor: m.actor,
      commandId: m.causationId,
      requestId: m.correlationId,
      data: event.data,
      hash: m.hash,
    };
    if (isCorrection(event)) {
      const target = byId.get(targetOf(event));
      return { ...base, status: 'correction', corrects: { eventId: targetOf(event), type: target?.type ?? text(event.data.eventType) }, reason: text(event.data.reason) };
    }
    const all = notes.get(event.id) ?? [];
    const acting = all.filter((n) => n.applied);
    if (all.length === 0) return { ...base, status: 'recorded' };
    if (acting.length === 0) return { ...base, status: 'recorded', corrections: all };
    const voided = acting.some((n) => n.type === 'EventVoided');
    let current = { occurredAt: m.occurredAt, data: event.data as Readonly<Record<string, unknown>> };
    for (const n of acting) {
      if (n.type === 'EventCorrected') current = { occurredAt: n.correctedOccurredAt ?? current.occurredAt, data: n.correctedData ?? {} };
    }
    return {
      ...base,
      status: voided ? 'voided' : 'corrected',
      original: { occurredAt: m.occurredAt, data: event.data },
      current: voided ? null : current,
      corrections: all,
    };
  });

  if (order === 'effective') {
    const day = (e: HistoryEntry) => effectiveDay(e.current?.occurredAt ?? e.occurredAt);
    entries.sort((a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : a.revision - b.revision));
  }
  return { revision: stream.at(-1)?.metadata.revision ?? -1, entries };
}
