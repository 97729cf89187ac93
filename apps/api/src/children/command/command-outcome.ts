import type { RecordedEventSummary } from '../child-record.js';

/** The answer to a command: what was recorded, and where, so a later query can wait for read models to catch up. */
export interface CommandOutcome {
  readonly childId: string;
  readonly commandId: string;
  /** Stream revision after the command (its last event's revision). */
  readonly revision: number;
  /** Global position of the command's last event. */
  readonly position: number;
  readonly events: readonly RecordedEventSummary[];
  /** True when the command id had been recorded before: nothing new was written, this is the original answer. */
  readonly replayed: boolean;
}
