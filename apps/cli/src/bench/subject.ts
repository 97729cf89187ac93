import type { BenchTarget } from './bench-target.js';

/**
 * One side of a comparison. Every engine has the adapter and the raw baseline; variants add another configuration
 * of either side (the adapter without group commit, a baseline without gapless positions) on the cases they name.
 */
export interface Subject {
  readonly key: string;
  readonly role: 'adapter' | 'raw';
  /** Shown after the case name for a variant's rows; empty for the main adapter and baseline. */
  readonly variant: string;
  readonly target: BenchTarget;
  /** Case ids this subject takes part in; all cases when absent. */
  readonly onlyCases?: readonly string[];
}

export function takesPart(subject: Subject, caseId: string): boolean {
  return subject.onlyCases === undefined || subject.onlyCases.includes(caseId);
}
