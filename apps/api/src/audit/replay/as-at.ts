import type { RecordedEvent } from '@cje/event-store';
import { effectiveEvents, fold, type JourneyState, type ReplayIssue } from '@cje/journey';
import { toJourneyEvent } from '../../children/child-record.js';

/** "As at": what had happened by `effective` (a day), as the log knew it at `known` (an instant). Either may be left out. */
export interface AsAtQuery {
  /** YYYY-MM-DD: events effective on or before this day (after corrections) are replayed. */
  readonly effective?: string;
  /** Only events (and corrections) recorded at or before this instant are known. */
  readonly known?: Date;
}

export interface AsAtReplay {
  readonly journey: JourneyState;
  /** Events recorded by `known`, corrections included. */
  readonly eventsKnown: number;
  /** Events replayed: known, not voided, effective by `effective`. */
  readonly eventsApplied: number;
  /** The child's last revision known then; -1 when nothing was known yet. */
  readonly revisionKnown: number;
  /** Corrections that could not apply, and events the journey could not take in this replay. */
  readonly issues: readonly ReplayIssue[];
}

/** The calendar day an effective date or date-time names, as the worker wrote it. */
export function effectiveDay(occurredAt: string): string {
  return occurredAt.slice(0, 10);
}

/**
 * Replays a child's stream (in stream order) as at a date, from the log alone:
 * 1. keep what was recorded by `known`: events and corrections alike, so a correction made later is not applied;
 * 2. apply those corrections (voided events drop out; corrected events take their corrected data and date);
 * 3. keep the events whose (corrected) effective day is on or before `effective`;
 * 4. fold them with the journey machine, in the order they were recorded, as the command side did.
 * An event that could only follow one effective later (recorded in an unusual order) is reported as an issue.
 */
export function replayAsAt(stream: readonly RecordedEvent[], query: AsAtQuery): AsAtReplay {
  const knownBy = query.known?.getTime();
  const known = knownBy === undefined ? stream : stream.filter((e) => Date.parse(e.metadata.recordedAt) <= knownBy);
  const corrected = effectiveEvents(known.map(toJourneyEvent));
  const effective = query.effective;
  const applied = effective === undefined ? corrected.events : corrected.events.filter((e) => effectiveDay(e.occurredAt) <= effective);
  const journey = fold(applied);
  return {
    journey,
    eventsKnown: known.length,
    eventsApplied: applied.length,
    revisionKnown: known.at(-1)?.metadata.revision ?? -1,
    issues: [...corrected.issues, ...journey.issues],
  };
}
