import { randomUUID } from 'node:crypto';
import { PassThrough, type ReadableOptions } from 'node:stream';
import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type { KurrentRecord } from './kurrentdb-mapping.js';

/**
 * A stand-in for a KurrentDB server behind the client API, so the adapter's own logic (exact-head appends, retries,
 * reservations, paging, filtering, subscriptions) runs without a server. It models the documented behaviour the
 * adapter relies on, deliberately on the awkward side where the documentation leaves room:
 * - positions are sparse byte offsets with commit = prepare;
 * - reads from a position include the record at it (the adapter must drop it), a subscription does not;
 * - every event also gets a `$>` link in a `$ce-<category>` system stream, as KurrentDB's system projections write;
 * - every call yields to the event loop, so concurrent appends really interleave.
 * It is not KurrentDB: behaviour a real server shows and this does not is what the int suite is for.
 */
export class FakeKurrentDbClient {
  readonly #log: FakeRecord[] = [];
  readonly #streams = new Map<string, FakeRecord[]>();
  readonly #subscriptions = new Set<FakeSubscription>();
  #nextPosition = 1_000n;
  #disposed = false;

  /** As `throwOnAppendFailure=false` in a connection string: a refused append resolves with `success: false`. */
  constructor(private readonly throwOnAppendFailure = true) {}

  /** Disposed by its owner: a store given this client must leave it open. */
  get disposed(): boolean {
    return this.#disposed;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: { streamState?: AppendStreamState } = {}): Promise<AppendResult> {
    await this.#turn();
    const batch = Array.isArray(events) ? events : [events];
    const state = options.streamState ?? 'any';
    const stream = this.#streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : undefined;
    const matches =
      state === 'any' ||
      (state === 'no_stream' && current === undefined) ||
      (state === 'stream_exists' && current !== undefined) ||
      (typeof state === 'bigint' && current === state);
    if (!matches) {
      if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: current ?? -1n };
      throw new WrongExpectedVersionError(undefined, { streamName, expected: state, current: current ?? 'no_stream' });
    }
    let last: FakeRecord | undefined;
    for (const event of batch) {
      last = this.#write(streamName, event.type, roundTrip(event.data), event.metadata === undefined ? undefined : roundTrip(event.metadata), event.id);
      if (!streamName.startsWith('$')) {
        const category = streamName.split('-')[0] ?? streamName;
        this.#write(`$ce-${category}`, '$>', `${last.revision}@${streamName}`, { $v: '1' }, randomUUID());
      }
    }
    return { success: true, nextExpectedRevision: last?.revision ?? -1n, ...(last?.position ? { position: last.position } : {}) };
  }

  /** An event some other program wrote, outside the adapter. */
  appendForeign(streamName: string, type: string, data: Record<string, unknown>, metadata?: Record<string, unknown>): void {
    this.#write(streamName, type, data, metadata, randomUUID());
  }

  /** Edits a stored record in place: KurrentDB allows nothing of the kind, tests of the verifier need it. */
  tamper(streamName: string, revision: number, change: (record: FakeRecord) => FakeRecord | null): void {
    const stream = this.#streams.get(streamName) ?? [];
    const at = stream.findIndex((r) => r.revision === BigInt(revision));
    const record = stream[at];
    if (!record) throw new Error(`no record ${revision} in ${streamName}`);
    const changed = change(record);
    const logAt = this.#log.indexOf(record);
    if (changed) {
      stream[at] = changed;
      this.#log[logAt] = changed;
    } else {
      stream.splice(at, 1);
      this.#log.splice(logAt, 1);
    }
  }

  readStream(
    streamName: string,
    options: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint } = {},
  ): AsyncIterableIterator<{ event: FakeRecord; commitPosition?: bigint }> {
    return this.#yieldAll(async () => {
      const stream = this.#streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const from = options.fromRevision ?? (options.direction === 'backwards' ? 'end' : 'start');
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const selected =
        options.direction === 'backwards'
          ? [...stream].reverse().filter((r) => from === 'end' || (from !== 'start' && r.revision <= from))
          : stream.filter((r) => from === 'start' || (from !== 'end' && r.revision >= from));
      return selected.slice(0, max).map((event) => ({ event }));
    });
  }

  readAll(
    options: { direction?: 'forwards' | 'backwards'; fromPosition?: ReadPosition; maxCount?: number | bigint; filter?: Filter } = {},
  ): AsyncIterableIterator<AllStreamResolvedEvent> {
    return this.#yieldAll(async () => {
      const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const selected =
        options.direction === 'backwards'
          ? [...this.#log].reverse().filter((r) => from === 'end' || (from !== 'start' && compare(r.position, from) <= 0))
          : this.#log.filter((r) => from === 'start' || (from !== 'end' && compare(r.position, from) >= 0));
      return selected
        .filter((r) => passes(r, options.filter))
        .slice(0, max)
        .map((event) => ({ event: event as AllStreamResolvedEvent['event'], commitPosition: event.position.commit }));
    });
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}, readableOptions: ReadableOptions = {}): FakeSubscription {
    const subscription = new FakeSubscription(readableOptions, (s) => this.#subscriptions.delete(s));
    const from = options.fromPosition ?? 'start';
    setImmediate(() => {
      if (this.#disposed) {
        subscription.destroy(new UnavailableError());
        return;
      }
      // Catch-up and the switch to live happen in one turn, so nothing appended in between is missed or repeated.
      for (const record of this.#log) {
        if (from === 'end' || (from !== 'start' && compare(record.position, from) <= 0)) continue;
        if (passes(record, options.filter)) subscription.deliver(record);
      }
      subscription.eventFilter = options.filter;
      this.#subscriptions.add(subscription);
    });
    return subscription;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const s of this.#subscriptions) s.destroy(new UnavailableError());
    this.#subscriptions.clear();
  }

  #write(streamId: string, type: string, data: unknown, metadata: unknown, id: string): FakeRecord {
    const stream = this.#streams.get(streamId) ?? [];
    this.#streams.set(streamId, stream);
    const position = { commit: this.#nextPosition, prepare: this.#nextPosition };
    // Byte offsets: the next record starts after this one, so positions are sparse.
    this.#nextPosition += BigInt(64 + JSON.stringify(data ?? null).length + JSON.stringify(metadata ?? null).length);
    const record: FakeRecord = { streamId, id, revision: BigInt(stream.length), type, isJson: true, data, metadata, created: new Date(), position };
    stream.push(record);
    this.#log.push(record);
    for (const s of this.#subscriptions) if (passes(record, s.eventFilter)) s.deliver(record);
    return record;
  }

  async #turn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#disposed) throw new UnavailableError();
  }

  #yieldAll<T>(produce: () => Promise<T[]>): AsyncIterableIterator<T> {
    const turn = (): Promise<void> => this.#turn();
    return (async function* () {
      await turn();
      yield* await produce();
    })();
  }
}

export interface FakeRecord extends KurrentRecord {
  readonly created: Date;
  readonly position: Position;
}

export class FakeSubscription extends PassThrough {
  eventFilter: Filter | undefined;
  constructor(
    options: ReadableOptions,
    private readonly ended: (s: FakeSubscription) => void,
  ) {
    super({ ...options, objectMode: true });
  }

  deliver(record: FakeRecord): void {
    if (!this.destroyed) this.write({ event: record, commitPosition: record.position.commit });
  }

  /** Like the real client: cancels the call without ending the stream, so a pending read is left waiting. */
  async unsubscribe(): Promise<void> {
    this.ended(this);
  }
}

function roundTrip(value: unknown): unknown {
  // What the wire does to JSON events: the client stringifies, the server hands back parsed JSON.
  return value instanceof Uint8Array ? value : JSON.parse(JSON.stringify(value));
}

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function passes(record: FakeRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((p) => subject.startsWith(p));
}
