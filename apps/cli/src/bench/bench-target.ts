import type { NewEvent } from '@cje/event-store';

/**
 * What a bench case can do to a store. Implemented once over the port (any adapter) and once per engine with the
 * bare driver (the raw baseline), so a case is written once and measures both sides the same way.
 */
export interface BenchTarget {
  /** Appends atomically; `expectedRevision` is the stream's last revision, -1 for a new stream. */
  append(streamId: string, events: readonly NewEvent[], expectedRevision: number): Promise<void>;
  /** Reads a whole stream; answers how many events it read. */
  readStream(streamId: string): Promise<number>;
  /** Reads the log in position order after `after`, at most `maxCount`; answers the positions read. */
  readAll(after: number, maxCount: number): Promise<{ readonly count: number; readonly lastPosition: number }>;
  /** Follows the log from the start as a new projection would, until `count` events were delivered. */
  catchUp(count: number, batchSize: number): Promise<number>;
  /** Closes its connections; the engine removes its folder or schemas afterwards in any case. */
  dispose(): Promise<void>;
}
