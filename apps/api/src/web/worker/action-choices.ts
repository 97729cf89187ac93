import { isCorrectionEvent, REFERRAL_SOURCES, type JourneyCommandType, type JourneyState } from '@cje/journey';
import type { Principal } from '../../auth/principal.js';
import { dateState, type FormState } from './form-body.js';
import type { Choice } from './form-view.js';
import { govukDate } from '../web-renderer.js';
import { eventLabel } from './worker-labels.js';

/**
 * What the record itself says about a command's form: the ids to choose from (the contacts awaiting a decision, the
 * assessment in hand, the events that can be corrected), what to fill in first, and the fields the service fills in.
 * Only what is on record already; whether the command may happen is the journey's decision, not this one's.
 */
export interface ActionChoices {
  readonly choices: ReadonlyMap<string, readonly Choice[]>;
  readonly defaults: FormState;
  readonly omit: ReadonlySet<string>;
}

export interface ChoiceContext {
  readonly journey: JourneyState;
  readonly user: Principal;
  /** The team responsible for the child now. */
  readonly owningTeam: string;
  /** From the page's query string: the event a "correct" or "void" link came from. */
  readonly eventId?: string;
}

const sourceLabel = (code: string) => REFERRAL_SOURCES.find((s) => s.code === code)?.label ?? code;

/** Events a correction or void may name: recorded, not themselves corrections, not voided already. */
function correctableEvents(journey: JourneyState) {
  const voided = new Set(journey.events.flatMap((e) => (e.type === 'EventVoided' ? [e.data.eventId] : [])));
  return journey.events.filter((e) => !isCorrectionEvent(e) && !voided.has(e.id));
}

function eventChoice(event: { id: string; type: string; occurredAt: string }): Choice {
  return { code: event.id, label: `${eventLabel(event.type)}, ${govukDate(event.occurredAt)}`, hint: `Event ${event.id}` };
}

const single = (list: readonly Choice[], path: string): FormState => (list.length === 1 && list[0] ? { [path]: list[0].code } : {});

export function actionChoices(type: JourneyCommandType, { journey, user, owningTeam, eventId }: ChoiceContext): ActionChoices {
  const ctx = journey.context;
  const episode = ctx.episode;
  const inHand = (episode?.assessments ?? []).filter((a) => a.authorisedOn === null);
  const assessmentChoices: Choice[] = inHand.map((a) => ({ code: a.assessmentId, label: `Assessment ${a.assessmentId}, started ${govukDate(a.startedOn)}` }));
  const contactChoices = (statuses: readonly string[]): Choice[] =>
    ctx.contacts
      .filter((c) => statuses.includes(c.status))
      .map((c) => ({ code: c.contactId, label: `Contact received ${govukDate(c.receivedOn)}`, hint: `From: ${sourceLabel(c.source)}` }));
  const none: ActionChoices = { choices: new Map(), defaults: {}, omit: new Set() };

  switch (type) {
    case 'RecordContact': {
      const child = ctx.child;
      return {
        choices: new Map(),
        omit: new Set(['contactId']),
        defaults: child.status === 'UNBORN'
          ? { 'child.status': 'UNBORN', ...dateState('child.expectedDateOfBirth', child.expectedDateOfBirth) }
          : child.status === 'BORN'
            ? { 'child.status': 'BORN', ...dateState('child.dateOfBirth', child.dateOfBirth) }
            : {},
      };
    }
    case 'RecordMashDecision': {
      const contacts = contactChoices(['AWAITING_DECISION']);
      return { choices: new Map([['contactId', contacts]]), defaults: single(contacts, 'contactId'), omit: new Set() };
    }
    case 'HoldStrategyDiscussion': {
      // With a case open the discussion belongs to it; the emergency fields are for a child with none.
      if (episode) return { ...none, omit: new Set(['emergencyContactId', 'primaryNeed']) };
      return { choices: new Map([['emergencyContactId', contactChoices(['AWAITING_DECISION', 'REFERRED'])]]), defaults: {}, omit: new Set() };
    }
    case 'StartAssessment':
      return { ...none, defaults: { assessmentId: `assessment-${episode?.number ?? 1}-${(episode?.assessments.length ?? 0) + 1}` } };
    case 'RecordChildSeenForAssessment':
    case 'CompleteAssessment':
    case 'AuthoriseAssessment':
      return { choices: new Map([['assessmentId', assessmentChoices]]), defaults: single(assessmentChoices, 'assessmentId'), omit: new Set() };
    case 'AllocateCase':
      return { ...none, defaults: { teamId: owningTeam } };
    case 'RecordSupervision':
      return { ...none, defaults: { supervisorId: user.userId } };
    case 'CorrectEvent': {
      const events = correctableEvents(journey);
      const chosen = events.find((e) => e.id === eventId);
      return {
        choices: new Map([['eventId', events.map(eventChoice).reverse()]]),
        defaults: chosen ? { eventId: chosen.id, data: JSON.stringify(chosen.data, null, 2) } : {},
        omit: new Set(),
      };
    }
    case 'VoidEvent': {
      const events = correctableEvents(journey);
      const chosen = events.find((e) => e.id === eventId);
      // The events of one command usually go together: a void offered from one of them ticks them all.
      const command = chosen ? chosen.id.slice(0, chosen.id.lastIndexOf(':')) : undefined;
      const ticked = command === undefined ? [] : events.filter((e) => e.id.startsWith(`${command}:`)).map((e) => e.id);
      return { choices: new Map([['eventIds', events.map(eventChoice).reverse()]]), defaults: ticked.length > 0 ? { eventIds: ticked } : {}, omit: new Set() };
    }
    default:
      return none;
  }
}
