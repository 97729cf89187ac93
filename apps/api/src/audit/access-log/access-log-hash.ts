import { createHash } from 'node:crypto';
import { canonicalJson } from '@cje/event-store';
import type { AccessLogEntry, PendingAccessLogEntry } from './access-log-entry.js';

/**
 * SHA-256 over the previous entry's hash and the canonical entry, sequence number included: an entry changed,
 * removed or moved after it was written no longer links to its neighbours.
 */
export function accessLogHash(entry: PendingAccessLogEntry & { readonly seq: number }, prevHash: string): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    id: entry.id,
    at: entry.at,
    userId: entry.userId,
    role: entry.role,
    team: entry.team,
    childId: entry.childId,
    view: entry.view,
    requestId: entry.requestId,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Chains a batch onto the log's head: the entries as they will be stored. */
export function chainEntries(batch: readonly PendingAccessLogEntry[], head: { readonly seq: number; readonly hash: string }): AccessLogEntry[] {
  let { seq, hash } = head;
  return batch.map((entry) => {
    seq += 1;
    const next = { ...entry, seq, prevHash: hash, hash: accessLogHash({ ...entry, seq }, hash) };
    hash = next.hash;
    return next;
  });
}
