import { isCorrectionEvent } from './journey-event.js';
import { JOURNEY_COMMAND_TYPES, type JourneyCommandType } from './journey-command.js';
import { preconditionFailure } from './journey-rules.js';
import { stageKnows, type JourneyState } from './journey-state.js';
import { MACHINE_VERSION } from './machine-version.js';
import { stageView } from './stage-view.js';
import { PRIMARY_EVENT } from './translate-command.js';

/**
 * The commands a screen may offer now: those whose event the journey's current stage takes and whose context-only
 * rules hold. A command offered here can still be refused for its particular data (a date, a code, an id).
 */
export function allowedCommands(state: JourneyState): JourneyCommandType[] {
  return JOURNEY_COMMAND_TYPES.filter((type) => isOffered(state, type));
}

function isOffered(state: JourneyState, type: JourneyCommandType): boolean {
  const ctx = state.context;
  switch (type) {
    case 'CorrectEvent':
    case 'VoidEvent': {
      const voided = new Set(state.events.flatMap((e) => (e.type === 'EventVoided' ? [e.data.eventId] : [])));
      return state.events.some((e) => !isCorrectionEvent(e) && !voided.has(e.id));
    }
    case 'OpenReferral':
      return ctx.episode === null && ctx.contacts.some((c) => c.status === 'REFERRED');
    case 'HoldStrategyDiscussion':
      if (ctx.episode === null) return ctx.contacts.some((c) => c.status === 'AWAITING_DECISION' || c.status === 'REFERRED');
      break;
    case 'RecordPathwayPlan': {
      const view = stageView(state.value);
      if (view.careLeaver === 'servicesEnded') return false;
      const activeCareLeaver = ctx.careLeaver.since !== null && ctx.careLeaver.endedOn === null;
      return activeCareLeaver || (view.lookedAfter && ctx.child.dateOfBirth !== null);
    }
    default:
      break;
  }
  const primary = PRIMARY_EVENT[type];
  return stageKnows(state.snapshot, primary) && preconditionFailure(ctx, primary, MACHINE_VERSION) === null;
}
