import { eventHash } from './event-hash.js';
import type { RecordedEvent } from './event-envelope.js';

export type IntegrityProblemKind =
  | 'hash_mismatch' // content changed after it was written
  | 'broken_link' // prevHash does not match the previous event's hash (deleted or reordered)
  | 'revision_gap' // a revision is missing or out of order in the stream
  | 'position_gap' // a global position is missing (an event was deleted)
  | 'head_mismatch'; // the stream's recorded head does not match its last event (tail deleted)

export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  readonly streamId: string;
  readonly revision: number | null;
  readonly position: number | null;
  readonly detail: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly problems: readonly IntegrityProblem[];
}

/**
 * Checks one stream's events (read forwards, as stored) link into an unbroken chain.
 * `expectedHead`, when the store keeps one, is the revision and hash it says the stream ends with.
 */
export function verifyChain(
  streamId: string,
  events: readonly RecordedEvent[],
  expectedHead?: { revision: number; hash: string },
): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  let prevHash = '';
  events.forEach((e, i) => {
    const m = e.metadata;
    if (m.revision !== i) {
      problems.push({ kind: 'revision_gap', streamId, revision: m.revision, position: m.position, detail: `expected revision ${i}, found ${m.revision}` });
    }
    if (m.prevHash !== prevHash) {
      problems.push({ kind: 'broken_link', streamId, revision: m.revision, position: m.position, detail: 'prevHash does not match the previous event' });
    }
    const recomputed = eventHash({ id: e.id, type: e.type, data: e.data, streamId, revision: m.revision, recordedAt: m.recordedAt, metadata: m }, m.prevHash);
    if (recomputed !== m.hash) {
      problems.push({ kind: 'hash_mismatch', streamId, revision: m.revision, position: m.position, detail: 'stored content does not match its hash' });
    }
    prevHash = m.hash;
  });
  if (expectedHead) {
    const last = events[events.length - 1];
    if (!last || last.metadata.revision !== expectedHead.revision || last.metadata.hash !== expectedHead.hash) {
      problems.push({
        kind: 'head_mismatch',
        streamId,
        revision: last?.metadata.revision ?? null,
        position: last?.metadata.position ?? null,
        detail: `stream head says revision ${expectedHead.revision}, last event found is ${last ? last.metadata.revision : 'none'}`,
      });
    }
  }
  return problems;
}

export function integrityReport(streamsChecked: number, eventsChecked: number, problems: IntegrityProblem[]): IntegrityReport {
  return { ok: problems.length === 0, streamsChecked, eventsChecked, problems };
}

/** A stream with events but no recorded head: its tail may have been cut off. */
export function missingHeadProblem(streamId: string, events: readonly RecordedEvent[]): IntegrityProblem {
  const last = events[events.length - 1]?.metadata;
  return {
    kind: 'head_mismatch',
    streamId,
    revision: last?.revision ?? null,
    position: last?.position ?? null,
    detail: 'the stream has events but no recorded head',
  };
}
