import type { JourneyCommand, JourneyEventDraft, JourneyState } from '@cje/journey';

/** What deciding a command answered: the events that record it, or a refusal with a stable code and a readable reason. */
export type CommandDecision =
  | {
      readonly ok: true;
      readonly events: readonly JourneyEventDraft[];
      /** The journey after the events (the journey's `decide` gives it): saves stepping the machine again. */
      readonly next?: JourneyState;
    }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export interface DecisionMoment {
  /** When the command will be recorded (ISO date-time, UTC): the generation's "now" for this command. */
  readonly recordedAt: string;
  /** The command opens the child's record (its first, always a `RecordContact`). */
  readonly newChild: boolean;
}

/**
 * Decides one generated command on the child's journey so far, in place of the generation's own check (the
 * journey's `decide` with the recording time as now). A seeder that writes what it decides passes its command
 * path's decision here (access policy included): each command is then decided once, on the state the generation
 * holds, and the generation goes on from exactly the events the seeder writes (`GeneratedCommand.events`).
 *
 * The state's event list is empty: the generation keeps only the fold, and `decide` reads the list only to correct
 * or void events, which the generation never does. Commands come in the order they happen to each child, which is
 * also the order they are yielded in for that child; a refusal is counted in the report and the story adapts.
 */
export type CommandDecider = (state: JourneyState, command: JourneyCommand, moment: DecisionMoment) => CommandDecision;
