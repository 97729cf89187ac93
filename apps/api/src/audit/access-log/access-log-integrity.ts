import { accessLogHash } from './access-log-hash.js';
import type { AccessLogEntry } from './access-log-entry.js';

export type AccessLogProblemKind =
  | 'hash_mismatch' // an entry's content changed after it was written
  | 'broken_link' // prevHash does not match the previous entry (one was removed or moved)
  | 'sequence_gap' // a sequence number is missing or out of order
  | 'head_mismatch'; // the recorded head does not match the last entry (the tail was removed)

export interface AccessLogProblem {
  readonly kind: AccessLogProblemKind;
  readonly seq: number | null;
  readonly detail: string;
}

export interface AccessLogIntegrityReport {
  readonly ok: boolean;
  readonly entriesChecked: number;
  /** The last entry's sequence number and hash: an auditor who notes them can later prove nothing was cut off. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly problems: readonly AccessLogProblem[];
}

/**
 * Checks entries read in sequence order, a slice at a time (`check` is called per slice with the running state),
 * so the whole log never needs to sit in memory at once.
 */
export class AccessLogChainCheck {
  private expectedSeq = 1;
  private prevHash = '';
  private checked = 0;
  private last: AccessLogEntry | undefined;
  private readonly problems: AccessLogProblem[] = [];

  check(entries: readonly AccessLogEntry[]): void {
    for (const entry of entries) {
      if (entry.seq !== this.expectedSeq) {
        this.problems.push({ kind: 'sequence_gap', seq: entry.seq, detail: `expected entry ${this.expectedSeq}, found ${entry.seq}` });
      }
      if (entry.prevHash !== this.prevHash) {
        this.problems.push({ kind: 'broken_link', seq: entry.seq, detail: 'prevHash does not match the previous entry' });
      }
      if (accessLogHash(entry, entry.prevHash) !== entry.hash) {
        this.problems.push({ kind: 'hash_mismatch', seq: entry.seq, detail: 'stored content does not match its hash' });
      }
      this.expectedSeq = entry.seq + 1;
      this.prevHash = entry.hash;
      this.checked += 1;
      this.last = entry;
    }
  }

  /** The report, given the head the store recorded (null when it recorded none). */
  finish(recordedHead: { readonly seq: number; readonly hash: string } | null): AccessLogIntegrityReport {
    const problems = [...this.problems];
    const lastSeq = this.last?.seq ?? 0;
    const lastHash = this.last?.hash ?? '';
    const headSeq = recordedHead?.seq ?? 0;
    const headHash = recordedHead?.hash ?? '';
    if (headSeq !== lastSeq || headHash !== lastHash) {
      problems.push({ kind: 'head_mismatch', seq: this.last?.seq ?? null, detail: `the log's head says entry ${headSeq}, the last entry found is ${lastSeq}` });
    }
    return {
      ok: problems.length === 0,
      entriesChecked: this.checked,
      head: this.last ? { seq: this.last.seq, hash: this.last.hash } : null,
      problems,
    };
  }
}
