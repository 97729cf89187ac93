import type { NewEvent } from '@cje/event-store';
import { decide, MACHINE_VERSION, type JourneyCommand, type JourneyEventDraft, type JourneyState } from '@cje/journey';
import type { WorkingDayCalendar } from '@cje/timescales';
import { canActOnChild, canSeeChild } from '../../auth/access-policy.js';
import { ApiError, ChildNotFoundError } from '../../http/api-error.js';
import { accessFactsOf, childExists, type ChildRecord, type RecordedCommand } from '../child-record.js';
import { journeyActor, storeActor } from '../journey-actor.js';
import { londonDateTime } from '../london-time.js';
import { rejectionProblem } from '../rejection-problem.js';
import type { CommandOutcome } from './command-outcome.js';
import type { JourneyCommandRequest } from './journey-command-request.js';

/*
 * What the command side decides about one command, apart from loading and appending: who may give it, what the
 * journey records for it, and the envelope of each event. The executor runs it command by command; a bulk load
 * (demo seeding) runs the same functions on records it keeps in memory, so both write the same events.
 */

/** Shape version of the envelope this build writes. */
export const SCHEMA_VERSION = 1;

/**
 * Authorises the command on this record. Answers the original outcome when the command id was recorded before;
 * throws the problem the API answers otherwise (404 for a child the user may not see, 403, 409).
 */
export function admitCommand(request: JourneyCommandRequest, record: ChildRecord): CommandOutcome | undefined {
  if (!childExists(record)) {
    // A new child's record is authorised by whoever opens it (canOpenRecord); any other command needs a child.
    if (request.newChild) return undefined;
    throw new ChildNotFoundError(request.childId);
  }
  const facts = accessFactsOf(record);
  const earlier = record.commands.get(request.commandId);
  if (request.newChild) {
    const seen = canSeeChild(request.user, facts);
    if (earlier && seen.allowed) return { ...outcomeOf(record.childId, earlier), replayed: true };
    throw new ApiError(409, 'CHILD_ID_IN_USE', 'A child record with this id exists already. Leave childId out to have one made, or record the contact on the existing record.');
  }
  const decision = canActOnChild(request.user, facts, request.type);
  if (!decision.allowed) {
    if (decision.hide) throw new ChildNotFoundError(request.childId);
    throw new ApiError(403, 'FORBIDDEN', decision.reason);
  }
  if (earlier) return { ...outcomeOf(record.childId, earlier), replayed: true };
  if (request.expectedRevision !== undefined && request.expectedRevision !== record.revision) {
    throw new ApiError(409, 'WRONG_EXPECTED_REVISION', 'Someone else changed this record since you loaded it. Nothing you sent was saved: reload and try again.', {
      expectedRevision: request.expectedRevision,
      actualRevision: record.revision,
    });
  }
  return undefined;
}

/**
 * The journey's events for the command on this journey, decided as of `now`, and the journey after them (events named
 * `${commandId}:${index}`, without recording times); a refusal throws its problem.
 */
export function decideCommand(
  request: JourneyCommandRequest,
  journey: JourneyState,
  now: Date,
  calendar: WorkingDayCalendar,
): { readonly events: readonly JourneyEventDraft[]; readonly next: JourneyState } {
  const command = {
    type: request.type,
    commandId: request.commandId,
    childId: request.childId,
    occurredAt: request.occurredAt,
    actor: journeyActor(request.user),
    data: request.data,
  } as JourneyCommand;
  const result = decide(journey, command, {
    now: londonDateTime(now),
    isWorkingDay: (date) => calendar.isWorkingDay(date),
  });
  if (!result.ok) throw rejectionProblem(result.rejection, request.type);
  return { events: result.events, next: result.next };
}

/**
 * The events to append for the command: ids from the command id (so a retried command is stored once), the user as
 * actor, the request as correlation and the command as causation.
 */
export function eventsOfCommand(request: JourneyCommandRequest, drafts: readonly JourneyEventDraft[]): NewEvent[] {
  return drafts.map((draft, index) => ({
    id: `${request.commandId}:${index}`,
    type: draft.type,
    data: draft.data,
    metadata: {
      occurredAt: draft.occurredAt,
      actor: storeActor(request.user),
      correlationId: request.requestId,
      causationId: request.commandId,
      schemaVersion: SCHEMA_VERSION,
      machineVersion: MACHINE_VERSION,
    },
  }));
}

function outcomeOf(childId: string, recorded: RecordedCommand): Omit<CommandOutcome, 'replayed'> {
  return { childId, commandId: recorded.commandId, revision: recorded.revision, position: recorded.position, events: recorded.events };
}
