import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@cje/event-store';
import { EVENT_STORE } from '../store/event-store.token.js';
import { childStreamId } from './child-id.js';
import { ChildRecordCache } from './child-record-cache.js';
import { emptyChildRecord, withRecordedEvents, type ChildRecord } from './child-record.js';

/** Loads children's records from the log through the cache of folded journeys. */
@Injectable()
export class ChildRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cache: ChildRecordCache,
  ) {}

  /** The child's record as the log holds it now (a record with revision -1 when the child has no events). */
  async load(childId: string): Promise<ChildRecord> {
    const streamId = childStreamId(childId);
    const cached = this.cache.get(streamId);
    // Usually nobody else has written since: asking the head revision is much cheaper than an empty read.
    if (cached && (await this.store.streamRevision(streamId)) === cached.revision) return cached;
    const base = cached ?? emptyChildRecord(childId);
    const newer = await this.store.readStream(streamId, { fromRevision: base.revision + 1 });
    if (newer.length === 0) return base;
    const record = withRecordedEvents(base, newer);
    this.cache.offer(record);
    return record;
  }

  /** A record just extended by this process's own append: saves the next command from reading those events back. */
  remember(record: ChildRecord): void {
    this.cache.offer(record);
  }
}
