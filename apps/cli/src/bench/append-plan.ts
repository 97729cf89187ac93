import type { NewEvent } from '@cje/event-store';
import { benchEvents } from './bench-events.js';

/** Streams in the bench grow to this many events, about the length of a long child's record. */
export const STREAM_LENGTH = 100;

export interface PlannedAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /** Last revision of the stream before this append, -1 for a new stream. */
  readonly expectedRevision: number;
}

/**
 * `total` events cut into appends of `batchSize`, filling streams of STREAM_LENGTH one after another, with the
 * expected revision each append must carry. Made before the clock starts.
 */
export function planAppends(prefix: string, total: number, batchSize: number): PlannedAppend[] {
  const events = benchEvents(prefix, total);
  const perStream = Math.max(batchSize, Math.floor(STREAM_LENGTH / batchSize) * batchSize);
  const plan: PlannedAppend[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const stream = Math.floor(start / perStream);
    const offset = start - stream * perStream;
    plan.push({ streamId: `${prefix}-stream-${stream}`, events: events.slice(start, start + batchSize), expectedRevision: offset - 1 });
  }
  return plan;
}

/**
 * Runs the appends one after another until the plan or the time runs out (`stopAt`, a `performance.now()` instant);
 * answers how many events were written.
 */
export async function appendInOrder(
  append: (streamId: string, events: readonly NewEvent[], expectedRevision: number) => Promise<void>,
  plan: readonly PlannedAppend[],
  stopAt = Number.POSITIVE_INFINITY,
): Promise<number> {
  let written = 0;
  for (const step of plan) {
    if (performance.now() >= stopAt) break;
    await append(step.streamId, step.events, step.expectedRevision);
    written += step.events.length;
  }
  return written;
}
