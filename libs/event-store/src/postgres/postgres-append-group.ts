import pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** An append ready to write: its events already carry revisions and the hash chain computed from `head`. */
export interface PendingAppend {
  readonly streamId: string;
  /** The head the events were chained to; the append is written only if it is still the stream's head. */
  readonly head: StreamHead;
  readonly recordedAt: string;
  readonly events: readonly RecordedEvent[];
  /** Canonical JSON of each event's data, as stored. */
  readonly dataJson: readonly string[];
}

export type AppendOutcome =
  | { readonly appended: true; readonly firstPosition: number }
  | { readonly appended: false; readonly head: StreamHead };

export interface GroupLimits {
  /** Groups written at once; more than one lets a group's WAL flush overlap the next group's writing. */
  readonly maxInFlight: number;
  readonly maxAppends: number;
  readonly maxEvents: number;
  /** Characters of event data per group; one larger append still goes, alone. */
  readonly maxDataChars: number;
}

interface Entry {
  readonly append: PendingAppend;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit by the application. Positions come from one writer slot that every transaction takes in turn, and
 * handing that slot from one backend to the next costs a wake-up, which dominates on a busy machine. So while
 * groups are being written, appends that arrive wait and then go together in the next call: the slot is taken once
 * per group, and one WAL flush makes the whole group durable. A lone append goes at once, so nothing waits when the
 * store is quiet. Each append keeps its own compare-and-set: one losing its race does not hold back the others.
 */
export class AppendGroupWriter {
  private readonly queue: Entry[] = [];
  private inFlight = 0;
  private readonly drained = new Set<() => void>();

  constructor(
    /** Writes the group in one statement and answers one outcome per append, in the order given. */
    private readonly write: (group: readonly PendingAppend[]) => Promise<AppendOutcome[]>,
    private readonly limits: GroupLimits,
  ) {}

  submit(append: PendingAppend): Promise<AppendOutcome> {
    return new Promise<AppendOutcome>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once every submitted append has been answered (for a tidy close). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const group = this.take();
      this.inFlight += 1;
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) {
          for (const resolve of this.drained) resolve();
          this.drained.clear();
        }
      });
    }
  }

  private take(): Entry[] {
    const group: Entry[] = [];
    let events = 0;
    let chars = 0;
    for (const entry of this.queue) {
      const size = entry.append.dataJson.reduce((sum, json) => sum + json.length, 0);
      const fits =
        group.length < this.limits.maxAppends && events + entry.append.events.length <= this.limits.maxEvents && chars + size <= this.limits.maxDataChars;
      if (group.length > 0 && !fits) break;
      group.push(entry);
      events += entry.append.events.length;
      chars += size;
    }
    this.queue.splice(0, group.length);
    return group;
  }

  private async run(group: readonly Entry[]): Promise<void> {
    // Stream rows are locked in this order; every writer sorting the same way cannot deadlock another.
    const sorted = [...group].sort((a, b) => (a.append.streamId < b.append.streamId ? -1 : a.append.streamId > b.append.streamId ? 1 : 0));
    try {
      const outcomes = await this.write(sorted.map((e) => e.append));
      sorted.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome) entry.resolve(outcome);
        else entry.reject(new Error('the append group answered fewer rows than it was given'));
      });
    } catch (error) {
      if (sorted.length === 1 || !(error instanceof pg.DatabaseError)) {
        for (const entry of sorted) entry.reject(error);
        return;
      }
      // The statement failed as a whole (say one append reused an event id): run each alone so only its author hears of it.
      for (const entry of sorted) await this.run([entry]);
    }
  }
}
