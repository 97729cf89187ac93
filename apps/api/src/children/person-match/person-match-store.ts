/** A child filed under a match key. */
export interface PersonMatchEntry {
  readonly key: string;
  readonly childId: string;
}

/**
 * The command side's index of match keys: which child records share a key. Keys only (see match-key.ts); it
 * cannot be rebuilt from the log, which holds no names, so it lives in its own table beside the store.
 */
export abstract class PersonMatchStore {
  /** Creates the table and the installation's salt when missing; answers the salt. */
  abstract init(): Promise<string>;
  /** Children filed under the key, oldest first. */
  abstract childrenWithKey(key: string): Promise<string[]>;
  abstract add(key: string, childId: string): Promise<void>;
  /** Files many children at once, each under its key (a bulk load: one transaction, not one write per child). */
  abstract addMany(entries: readonly PersonMatchEntry[]): Promise<void>;
  abstract close(): Promise<void>;
}
