/**
 * The optimistic concurrency check for an append:
 * - `no_stream`: the stream must not exist yet;
 * - `any`: no check;
 * - `exists`: the stream must have at least one event;
 * - n: the stream's last revision must be exactly n (0-based).
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

/** Revision of a stream that has no events. */
export const NO_STREAM_REVISION = -1;

/** True when a stream whose last revision is `current` (-1 when absent) satisfies `expected`. */
export function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === NO_STREAM_REVISION;
    case 'exists':
      return current > NO_STREAM_REVISION;
    default:
      return current === expected;
  }
}
