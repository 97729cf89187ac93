import type { EventStore, ReadAllOptions, RecordedEvent } from '@cje/event-store';
import { readAuthorityHistory } from './child-histories.js';
import { toNewEvent } from './fixtures/seed-store.js';
import { smallAuthority } from './fixtures/small-authority.js';
import { childFacts } from './child-facts.js';

/** Only `readAll` is used: a log held in memory, in position order. */
function logOf(streams: [string, ReturnType<typeof toNewEvent>[]][], extra: RecordedEvent[] = []): { store: EventStore; reads: number[] } {
  const log: RecordedEvent[] = [];
  for (const [streamId, events] of streams)
    events.forEach((e, revision) =>
      log.push({ ...e, metadata: { ...e.metadata, streamId, revision, position: 0, recordedAt: '2026-04-20T00:00:00Z', prevHash: '', hash: '' } }),
    );
  log.push(...extra);
  log.forEach((e, i) => ((e.metadata as { position: number }).position = i + 1));
  const reads: number[] = [];
  const store = {
    async readAll(options: ReadAllOptions = {}) {
      reads.push(options.after ?? 0);
      return log.filter((e) => e.metadata.position > (options.after ?? 0)).slice(0, options.maxCount ?? log.length);
    },
  } as unknown as EventStore;
  return { store, reads };
}

describe('reading the authority’s history from the log', () => {
  const { events } = smallAuthority();

  it('reads every child stream in batches and folds each into the same facts as reading the child directly', async () => {
    const { store, reads } = logOf([...events].map(([id, list]) => [`child-${id}`, list.map(toNewEvent)]));
    const history = await readAuthorityHistory(store, { batchSize: 20 });
    const total = [...events.values()].reduce((n, e) => n + e.length, 0);
    expect(history.children.map((c) => c.childId)).toEqual([...events.keys()].sort());
    expect(history.children.find((c) => c.childId === 'A1004')).toEqual(childFacts('A1004', events.get('A1004')!));
    expect(reads.length).toBe(Math.ceil(total / 20) + (total % 20 === 0 ? 1 : 0));
    expect(history.eventsRead).toBe(total);
  });

  it('skips streams that are not children and sets aside events it cannot read, naming them', async () => {
    const alien: RecordedEvent = {
      id: 'x1',
      type: 'CaseNoteWritten',
      data: {},
      metadata: { occurredAt: '2025-05-01', actor: { userId: 'u', role: 'r', team: 't' }, correlationId: 'c', causationId: 'c', schemaVersion: 1, machineVersion: 1, streamId: 'child-A1001', revision: 99, position: 0, recordedAt: '', prevHash: '', hash: '' },
    };
    const { store } = logOf([['child-A1001', events.get('A1001')!.map(toNewEvent)], ['audit-log', events.get('A1003')!.map(toNewEvent)]], [alien]);
    const history = await readAuthorityHistory(store);
    expect(history.children.map((c) => c.childId)).toEqual(['A1001']);
    expect(history.unreadable).toEqual([{ childId: 'A1001', eventId: 'x1', code: 'UNKNOWN_EVENT_TYPE', reason: 'Event x1 has an unknown type' }]);
  });
});
