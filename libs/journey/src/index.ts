export * from './codes.js';
export type * from './journey-command.js';
export { JOURNEY_COMMAND_TYPES } from './journey-command.js';
export type * from './journey-event.js';
export { JOURNEY_EVENT_TYPES, isCorrectionEvent, isJourneyEventType } from './journey-event.js';
export type * from './journey-context.js';
export { MACHINE_VERSION } from './machine-version.js';
export { REJECTION_CODES, type Rejection, type RejectionCode } from './rejection.js';
export { decide, type DecideContext, type DecideResult } from './decide.js';
export { fold, evolve, emptyJourney, effectiveEvents, type JourneyState, type ReplayIssue } from './journey-state.js';
export { allowedCommands } from './allowed-commands.js';
export {
  describeState,
  JOURNEY_STAGES,
  type JourneyDescription,
  type JourneyKeyDates,
  type JourneyStage,
  type JourneyTrack,
} from './describe-state.js';
export { upcastEvent, UPCASTERS, JourneyReadError, type StoredJourneyEvent, type Upcaster } from './upcasters.js';
export { journeyMachine } from './journey-machine.js';
export { ICPC_WORKING_DAYS } from './translate-command.js';
export { validateEventData } from './event-data-schema.js';
