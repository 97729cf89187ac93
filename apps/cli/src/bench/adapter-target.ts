import type { EventStore, NewEvent } from '@cje/event-store';
import type { BenchTarget } from './bench-target.js';

/** Any adapter, driven only through the port: what the application itself would do. */
export function adapterTarget(store: EventStore): BenchTarget {
  return {
    async append(streamId: string, events: readonly NewEvent[], expectedRevision: number) {
      await store.append(streamId, events, { expectedRevision: expectedRevision < 0 ? 'no_stream' : expectedRevision });
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).length;
    },
    async readAll(after, maxCount) {
      const events = await store.readAll({ after, maxCount });
      return { count: events.length, lastPosition: events[events.length - 1]?.metadata.position ?? after };
    },
    async catchUp(count, batchSize) {
      const subscription = store.subscribeToAll({ after: 0, batchSize });
      let seen = 0;
      try {
        for await (const _ of subscription) {
          seen += 1;
          if (seen >= count) break;
        }
      } finally {
        await subscription.close();
      }
      return seen;
    },
    async dispose() {
      await store.close();
    },
  };
}
