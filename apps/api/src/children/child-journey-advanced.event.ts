import type { IEvent } from '@nestjs/cqrs';
import type { CommandOutcome } from './command/command-outcome.js';

/**
 * Published on the in-process EventBus after a command's events are committed. A notification only: projections
 * read the log, never this, so a lost notification loses nothing.
 */
export class ChildJourneyAdvanced implements IEvent {
  constructor(readonly outcome: CommandOutcome) {}
}
