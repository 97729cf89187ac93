import { MANAGER_ROLES } from './codes.js';
import { isAfterNow, isEffectiveDate } from './dates.js';
import { validateEventData } from './event-data-schema.js';
import type { JourneyCommand, JourneyCommandOf } from './journey-command.js';
import {
  isCorrectionEvent,
  type JourneyEvent,
  type JourneyEventDraft,
  type MachineEvent,
} from './journey-event.js';
import { fold, journeyAfter, step, type JourneyState } from './journey-state.js';
import { MACHINE_VERSION } from './machine-version.js';
import type { Rejection } from './rejection.js';
import { translateCommand, type DecideContext } from './translate-command.js';

export type { DecideContext } from './translate-command.js';

export type DecideResult =
  | {
      readonly ok: true;
      readonly events: JourneyEventDraft[];
      /**
       * The journey after these events, named `${commandId}:${index}` as the app names them: what `evolve` would
       * give, worked out while deciding, so a caller that keeps journeys in memory need not step the machine again.
       */
      readonly next: JourneyState;
    }
  | { readonly ok: false; readonly rejection: Rejection };

/** Commands come from outside: a list is checked at run time without narrowing the typed value away. */
const isList = (value: unknown): boolean => Array.isArray(value);

const reject = (code: Rejection['code'], reason: string): DecideResult => ({ ok: false, rejection: { code, reason } });

/**
 * The decider: given the journey so far and a command, the events that record it or the reason it cannot happen.
 * Pure: time and the calendar come in `ctx`; ids come from the command (the app names the drafts).
 */
export function decide(state: JourneyState, command: JourneyCommand, ctx: DecideContext): DecideResult {
  if (state.context.childId !== null && command.childId !== state.context.childId)
    return reject('CHILD_MISMATCH', 'The command names a different child from this record');
  if (!isEffectiveDate(command.occurredAt)) return reject('INVALID_DATE', 'The effective date is not a valid ISO date or date-time');
  if (isAfterNow(command.occurredAt, ctx.now)) return reject('INVALID_DATE', 'The effective date is in the future');

  if (command.type === 'CorrectEvent') return decideCorrection(state, command, ctx);
  if (command.type === 'VoidEvent') return decideVoid(state, command);

  if (command.type === 'AuthoriseAssessment' && !MANAGER_ROLES.includes(command.actor.role))
    return reject('NOT_PERMITTED', 'Only a team manager, service manager or head of service can authorise an assessment');

  const translation = translateCommand(state, command, ctx);
  if (!translation.ok) return { ok: false, rejection: translation.rejection };

  let snapshot = state.snapshot;
  const named: MachineEvent[] = [];
  for (const [index, draft] of translation.drafts.entries()) {
    const invalid = validateEventData(draft.type, draft.data);
    if (invalid) return { ok: false, rejection: invalid };
    const event = { ...draft, id: `${command.commandId}:${index}` } as MachineEvent;
    const next = step(snapshot, event);
    if (next.rejection) return { ok: false, rejection: next.rejection };
    snapshot = next.snapshot;
    named.push(event);
  }
  if (snapshot.hasTag('transient')) return reject('RULE_BROKEN', 'The command leaves the journey part-way through a step');
  return { ok: true, events: translation.drafts, next: journeyAfter(state, named, snapshot) };
}

const correctable = (state: JourneyState, eventId: string): { event: JourneyEvent } | DecideResult => {
  const event = state.events.find((e) => e.id === eventId);
  if (!event) return reject('UNKNOWN_EVENT', "No event with this id is in the child's history");
  if (isCorrectionEvent(event)) return reject('RULE_BROKEN', 'A correction or void cannot itself be corrected or voided');
  if (state.events.some((e) => e.type === 'EventVoided' && e.data.eventId === eventId)) return reject('RULE_BROKEN', 'The event has already been voided');
  return { event };
};

/** Would the history still be possible with these corrections? Refold and compare. */
function checkRefold(state: JourneyState, drafts: JourneyEventDraft[], commandId: string, what: string): DecideResult {
  const events = [...state.events, ...drafts.map((d, i) => ({ ...d, id: `${commandId}:${i}` }))];
  const refolded = fold(events);
  const known = new Set(state.issues.map((i) => `${i.eventId}|${i.reason}`));
  const introduced = refolded.issues.find((i) => !known.has(`${i.eventId}|${i.reason}`));
  if (introduced) return reject('RULE_BROKEN', `The ${what} would make the history impossible: ${introduced.reason}`);
  if (refolded.snapshot.hasTag('transient'))
    return reject('RULE_BROKEN', `The ${what} would leave a step half-recorded: correct or void the events recorded with it too`);
  return { ok: true, events: drafts, next: refolded };
}

function decideCorrection(state: JourneyState, command: JourneyCommandOf<'CorrectEvent'>, ctx: DecideContext): DecideResult {
  const d = command.data;
  if (typeof d.reason !== 'string' || d.reason.trim() === '') return reject('INVALID_DATA', 'A correction needs a reason');
  const found = correctable(state, d.eventId);
  if (!('event' in found)) return found;
  const target = found.event as MachineEvent;
  if (d.occurredAt !== undefined) {
    if (!isEffectiveDate(d.occurredAt)) return reject('INVALID_DATE', 'The corrected effective date is not a valid ISO date or date-time');
    if (isAfterNow(d.occurredAt, ctx.now))
      return reject('INVALID_DATE', 'The corrected effective date is in the future');
  }
  const invalid = validateEventData(target.type, d.data);
  if (invalid) return { ok: false, rejection: invalid };
  const draft: JourneyEventDraft = {
    type: 'EventCorrected',
    data: { eventId: target.id, eventType: target.type, data: d.data, occurredAt: d.occurredAt ?? null, reason: d.reason },
    occurredAt: command.occurredAt,
    machineVersion: MACHINE_VERSION,
  };
  return checkRefold(state, [draft], command.commandId, 'correction');
}

function decideVoid(state: JourneyState, command: JourneyCommandOf<'VoidEvent'>): DecideResult {
  const d = command.data;
  if (typeof d.reason !== 'string' || d.reason.trim() === '') return reject('INVALID_DATA', 'A void needs a reason');
  const eventIds: readonly string[] = d.eventIds;
  if (!isList(eventIds) || eventIds.length === 0) return reject('INVALID_DATA', 'Name at least one event to void');
  if (new Set(eventIds).size !== eventIds.length) return reject('INVALID_DATA', 'An event is named twice');
  const drafts: JourneyEventDraft[] = [];
  for (const eventId of eventIds) {
    const found = correctable(state, eventId);
    if (!('event' in found)) return found;
    const target = found.event as MachineEvent;
    drafts.push({
      type: 'EventVoided',
      data: { eventId, eventType: target.type, reason: d.reason },
      occurredAt: command.occurredAt,
      machineVersion: MACHINE_VERSION,
    });
  }
  return checkRefold(state, drafts, command.commandId, 'void');
}
