import {
  decide,
  emptyJourney,
  evolve,
  type DecideContext,
  type JourneyEventType,
  type JourneyState,
} from '@cje/journey';
import { workingDayCalendar } from '@cje/timescales';
import type { SubmitCommand } from './drive-authority.js';

/** Children's journeys kept in memory, decided exactly as the command handler decides them (no store, no API). */
export interface InMemoryJourneys {
  readonly submit: SubmitCommand;
  readonly journeys: ReadonlyMap<string, JourneyState>;
  /** Accepted events by type. */
  readonly eventCounts: Readonly<Partial<Record<JourneyEventType, number>>>;
}

/**
 * A submitter for `driveAuthority` that decides each command against the fold of the child's accepted events, with
 * the command's `recordedAt` as "now": a dry run of seeding, and the check the generator's tests use. Like the API,
 * it refuses a new-child contact for a child that exists (`CHILD_ID_IN_USE`) and any other command for a child that
 * does not (`CHILD_NOT_FOUND`).
 */
export function inMemoryJourneys(options: { readonly isWorkingDay?: (date: string) => boolean } = {}): InMemoryJourneys {
  const calendar = workingDayCalendar();
  const isWorkingDay = options.isWorkingDay ?? ((date: string) => calendar.isWorkingDay(date));
  const journeys = new Map<string, JourneyState>();
  const eventCounts: Partial<Record<JourneyEventType, number>> = {};
  const submit: SubmitCommand = async (generated) => {
    const command = generated.command;
    const known = journeys.get(command.childId);
    if (generated.newChild !== null && known !== undefined)
      return { ok: false, code: 'CHILD_ID_IN_USE', reason: 'A child record with this id exists already' };
    if (generated.newChild === null && known === undefined) return { ok: false, code: 'CHILD_NOT_FOUND', reason: 'No child with this id' };
    const state = known ?? emptyJourney();
    const ctx: DecideContext = { now: generated.recordedAt, isWorkingDay };
    const result = decide(state, command, ctx);
    if (!result.ok) return { ok: false, code: result.rejection.code, reason: result.rejection.reason };
    const events = result.events.map((draft, i) => ({ ...draft, id: `${command.commandId}:${i}`, recordedAt: generated.recordedAt }));
    journeys.set(command.childId, evolve(state, events));
    for (const event of events) eventCounts[event.type] = (eventCounts[event.type] ?? 0) + 1;
    return { ok: true };
  };
  return { submit, journeys, eventCounts };
}
