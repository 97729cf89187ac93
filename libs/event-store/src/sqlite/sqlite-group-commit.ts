/** What became of one submitted item once its group was committed (or not). */
export type CommitOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** False: every item is committed on its own, at once, in the call that submits it. */
  readonly grouped: boolean;
  /** Most items in one commit; the rest wait for the next turn of the event loop. */
  readonly maxGroupSize: number;
}

/**
 * Group commit. With `synchronous=FULL` every commit costs an fsync, and a write transaction per append caps a
 * process at the disk's fsync rate. Items submitted in the same turn of the event loop (concurrent requests, a burst
 * of commands) are therefore handed to `commit` together, which runs them in one transaction: one fsync for all.
 *
 * The commit runs in the next check phase (`setImmediate`), never on a timer: a lone writer waits for nothing but
 * the rest of the current turn, while everything submitted meanwhile (including continuations several awaits deep)
 * joins its group. Promises settle only after `commit` returns, i.e. after the shared COMMIT is durable.
 */
export class GroupCommitter<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private scheduled = false;

  constructor(
    /** Runs the group in one transaction and answers one outcome per item, in order; throwing fails them all. */
    private readonly commit: (items: readonly I[]) => readonly CommitOutcome<R>[],
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiting = { item, resolve, reject };
      if (!this.options.grouped) {
        this.settle([waiting]);
        return;
      }
      this.waiting.push(waiting);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.commitNextGroup());
      }
    });
  }

  /** Commits everything submitted so far, now. Closing the store calls it so no accepted item is dropped. */
  flush(): void {
    while (this.waiting.length > 0) this.settle(this.waiting.splice(0, this.options.maxGroupSize));
  }

  private commitNextGroup(): void {
    this.scheduled = false;
    this.settle(this.waiting.splice(0, this.options.maxGroupSize));
    // A backlog larger than one group: give reads and other callbacks a turn before the next commit.
    if (this.waiting.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.commitNextGroup());
    }
  }

  private settle(group: readonly Waiting<I, R>[]): void {
    if (group.length === 0) return;
    let outcomes: readonly CommitOutcome<R>[];
    try {
      outcomes = this.commit(group.map((w) => w.item));
    } catch (error) {
      outcomes = group.map(() => ({ ok: false, error }));
    }
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('group commit answered fewer outcomes than it was given items'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
