import type { JourneyCommand, JourneyCommandType, JourneyEventDraft } from '@cje/journey';
import type { SyntheticPerson } from './synthetic-names.js';

/** One command of the synthetic authority, to be submitted through the real command path. */
export interface GeneratedCommand {
  /** The journey command: ids, effective date (`occurredAt`, an ISO date), actor and data. */
  readonly command: JourneyCommand;
  /**
   * The system time it is submitted at (ISO date-time in UTC, `YYYY-MM-DDThh:mm:ssZ`, between 08:00 and about 19:00
   * so the date is the same in England): the same day as `occurredAt` or a few days later, never before it and
   * never after the generation's end date. Commands come in `recordedAt` order.
   */
  readonly recordedAt: string;
  /**
   * Set on a child's first command (always a `RecordContact`): the child has no record yet, so the API's new-child
   * path applies; the names are for person matching only and are never recorded in the journey.
   */
  readonly newChild: SyntheticPerson | null;
  /**
   * The events the command was accepted with when the generation decided it (see `CommandDecider`): what the
   * command path records for it, given the same history. Ids, actor and times are the command path's to add.
   */
  readonly events: readonly JourneyEventDraft[];
}

/** What one generation did: volumes by command type and anything it had to leave out. */
export interface GenerationReport {
  readonly seed: string;
  /** First day anything happened (before the window when open cases at the start have history). */
  firstDay: string;
  readonly windowStart: string;
  readonly endDate: string;
  /** Commands yielded. */
  commands: number;
  readonly byType: Partial<Record<JourneyCommandType, number>>;
  /** Children with at least one yielded command. */
  children: number;
  /** Children given a history because they were open when the window started. */
  openCasesAtStart: number;
  /** Commands that happened by the end date but would be recorded after it: left out, as work not yet typed up. */
  notYetRecorded: number;
  /**
   * Commands the generator built but `decide` (or the decider it was given) refused, so it never yielded them (the
   * story adapts), by code. Expected to be empty or tiny; a growing count means the generator and the journey's rules
   * (or the access policy of the decider) have drifted apart.
   */
  readonly refusedByDecide: Partial<Record<string, number>>;
  readonly refusalSamples: { readonly type: JourneyCommandType; readonly code: string; readonly reason: string }[];
}
