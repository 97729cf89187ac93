import type { ChildRecord } from './child-record.js';

/** How many children's folded journeys stay in memory: enough for a busy authority's working set. */
export const CHILD_RECORD_CACHE_SIZE = 5000;

/**
 * Least-recently-used cache of folded child records by stream. A command reads only the events after the cached
 * revision, so it never folds a child's history from the start while the child stays in the cache. The log stays
 * the truth: an entry is only ever a fold of a prefix of the stream, and other writers' events are read on top.
 */
export class ChildRecordCache {
  private readonly entries = new Map<string, ChildRecord>();

  constructor(private readonly capacity: number = CHILD_RECORD_CACHE_SIZE) {}

  get(streamId: string): ChildRecord | undefined {
    const record = this.entries.get(streamId);
    if (record) {
      this.entries.delete(streamId);
      this.entries.set(streamId, record);
    }
    return record;
  }

  /** Keeps the record unless a newer fold of the same stream is already held (concurrent loads finish in any order). */
  offer(record: ChildRecord): void {
    const held = this.entries.get(record.streamId);
    if (held && held.revision > record.revision) return;
    this.entries.delete(record.streamId);
    this.entries.set(record.streamId, record);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
