// Test-only helpers shared by this library's integration tests: engines to run against, fresh stores, events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EventStore, type NewEvent, PostgresEventStore, type RecordedEvent, SqliteEventStore } from '@cje/event-store';
import { PostgresReadModelStore } from '../postgres/postgres-read-model-store.js';
import type { ProjectionRunner } from '../projection-runner.js';
import type { ReadModelStore, SqlQueries } from '../read-model-store.js';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store.js';

export const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${PG_URL} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export const postgresUnavailable = await probePostgres();

const directories: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cje-projections-'));
  directories.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let schemaCounter = 0;
export function freshSchema(prefix: string): string {
  schemaCounter += 1;
  return `${prefix}_${process.pid}_${schemaCounter}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** An event store and a read-model store on the same engine, fresh and empty. */
export interface Engine {
  readonly name: 'SQLite' | 'PostgreSQL';
  create(): Promise<Stores>;
}

export interface Stores {
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  /** Another read-model store on the same storage, as a second process would open it. */
  reopenReadModels(): Promise<ReadModelStore>;
  dispose(): Promise<void>;
}

/** Fresh stores for each test of a suite, and the runners a test starts: stopped after it, before its stores go. */
export interface PerTest {
  readonly stores: Stores;
  readonly runners: ProjectionRunner[];
}

export function storesForEachTest(engine: Engine): PerTest {
  const fixture: { stores: Stores | undefined; runners: ProjectionRunner[] } = { stores: undefined, runners: [] };
  beforeEach(async () => {
    fixture.stores = await engine.create();
  });
  afterEach(async () => {
    for (const runner of fixture.runners.splice(0)) await runner.stop();
    await fixture.stores?.dispose();
    fixture.stores = undefined;
  });
  return {
    get stores(): Stores {
      if (!fixture.stores) throw new Error('stores exist only while a test runs');
      return fixture.stores;
    },
    runners: fixture.runners,
  };
}

export const sqliteEngine: Engine = {
  name: 'SQLite',
  async create() {
    const dir = tempDir();
    const events = new SqliteEventStore({ filename: join(dir, 'events.db'), durable: false, pollIntervalMs: 20 });
    await events.init();
    const filename = join(dir, 'read-models.db');
    const readModels = new SqliteReadModelStore({ filename });
    await readModels.init();
    const opened: ReadModelStore[] = [readModels];
    return {
      events,
      readModels,
      async reopenReadModels() {
        const store = new SqliteReadModelStore({ filename });
        await store.init();
        opened.push(store);
        return store;
      },
      async dispose() {
        for (const store of opened) await store.close();
        await events.close();
      },
    };
  },
};

export const postgresEngine: Engine = {
  name: 'PostgreSQL',
  async create() {
    const eventSchema = freshSchema('events');
    const readSchema = freshSchema('rm');
    const events = new PostgresEventStore({ connectionString: PG_URL, schema: eventSchema, pollIntervalMs: 50 });
    await events.init();
    const readModels = new PostgresReadModelStore({ connectionString: PG_URL, schema: readSchema });
    await readModels.init();
    const opened: ReadModelStore[] = [readModels];
    return {
      events,
      readModels,
      async reopenReadModels() {
        const store = new PostgresReadModelStore({ connectionString: PG_URL, schema: readSchema });
        await store.init();
        opened.push(store);
        return store;
      },
      async dispose() {
        for (const store of opened) await store.close();
        await events.close();
        await dropSchema(eventSchema);
        await dropSchema(readSchema);
      },
    };
  },
};

/**
 * Declares `suite` once per engine. PostgreSQL that cannot be reached is reported as skipped, or as a failing test
 * when REQUIRE_POSTGRES=1 (CI), so a missing server never passes quietly there.
 */
export function describeEachEngine(title: string, suite: (engine: Engine) => void): void {
  describe(`${title} (SQLite)`, () => suite(sqliteEngine));
  describe(`${title} (PostgreSQL)`, () => {
    if (postgresUnavailable === undefined) {
      suite(postgresEngine);
    } else if (REQUIRE_POSTGRES) {
      it('needs PostgreSQL (REQUIRE_POSTGRES=1)', () => {
        throw new Error(postgresUnavailable);
      });
    } else {
      it.skip(`skipped: ${postgresUnavailable}`, () => undefined);
    }
  });
}

export const ACTOR = { userId: 'user-0007', role: 'social-worker', team: 'front-door' } as const;

export function newEvent(
  id: string,
  type: string,
  data: Record<string, unknown> = {},
  actor: { userId: string; role: string; team: string } = ACTOR,
  occurredAt = '2025-02-03T10:00:00.000Z',
): NewEvent {
  return {
    id,
    type,
    data,
    metadata: { occurredAt, actor, correlationId: `corr-${id}`, causationId: `cmd-${id}`, schemaVersion: 1, machineVersion: 1 },
  };
}

const EVENT_TYPES = ['ContactReceived', 'MashDecisionMade', 'ReferralOpened', 'CaseAllocated', 'AssessmentStarted', 'CinVisitMade', 'SomethingNewAndUnknown'];

/**
 * `count` events spread over `children` child streams and a few streams of other kinds, deterministic for a seed.
 * Appended a few events at a time. Answers the last position.
 */
export async function appendMixedEvents(store: EventStore, count: number, options: { children?: number; seed?: number; prefix?: string } = {}): Promise<number> {
  const children = options.children ?? 50;
  const prefix = options.prefix ?? 'e';
  let seed = options.seed ?? 1;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let position = 0;
  let written = 0;
  while (written < count) {
    const child = Math.floor(random() * children);
    const stream = random() < 0.1 ? `team-${child % 3}` : `child-${child}`;
    const size = Math.min(count - written, 1 + Math.floor(random() * 4));
    const batch = Array.from({ length: size }, (_, k) => {
      const type = EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)] ?? 'ContactReceived';
      const data = type === 'CaseAllocated' ? { workerId: `worker-${child % 7}`, teamId: `team-${child % 4}` } : { n: written + k };
      return newEvent(`${prefix}-${written + k}`, type, data, { ...ACTOR, team: `team-${child % 5}` });
    });
    const result = await store.append(stream, batch, { expectedRevision: 'any' });
    position = result.position;
    written += size;
  }
  return position;
}

export interface ChildIndexRow {
  child_id: string;
  team: string;
  worker_id: string | null;
  last_event_type: string;
  last_occurred_at: string;
  event_count: number;
  last_position: number;
}

/** The child index as the rules say it should be, folded straight from the log: what the projection must match. */
export function expectedChildIndex(events: readonly RecordedEvent[]): ChildIndexRow[] {
  const rows = new Map<string, ChildIndexRow>();
  for (const event of events) {
    const { streamId, actor, occurredAt, position } = event.metadata;
    if (!streamId.startsWith('child-')) continue;
    const childId = streamId.slice('child-'.length);
    const row = rows.get(childId) ?? {
      child_id: childId,
      team: actor.team,
      worker_id: null,
      last_event_type: '',
      last_occurred_at: '',
      event_count: 0,
      last_position: 0,
    };
    const { data } = event;
    if (event.type === 'CaseAllocated') {
      const team = data.team ?? data.teamId;
      if (typeof team === 'string' && team !== '') row.team = team;
      row.worker_id = typeof data.workerId === 'string' && data.workerId !== '' ? data.workerId : null;
    }
    if (event.type === 'CaseDeallocated') row.worker_id = null;
    row.last_event_type = event.type;
    row.last_occurred_at = occurredAt;
    row.event_count += 1;
    row.last_position = position;
    rows.set(childId, row);
  }
  return [...rows.values()].sort((a, b) => (a.child_id < b.child_id ? -1 : a.child_id > b.child_id ? 1 : 0));
}

export async function childIndexRows(store: SqlQueries): Promise<ChildIndexRow[]> {
  return store.all<ChildIndexRow>(
    `SELECT child_id, team, worker_id, last_event_type, last_occurred_at, event_count, last_position
     FROM {{t:child_index}} ORDER BY child_id`,
  );
}

export async function tallyRows(store: SqlQueries, table = 'event_tally'): Promise<Array<{ stream_id: string; events: number; position_sum: number }>> {
  return store.all(`SELECT stream_id, events, position_sum FROM {{t:${table}}} ORDER BY stream_id`);
}

/** Physical tables present in the store right now (bookkeeping aside). */
export async function physicalTables(store: SqlQueries): Promise<string[]> {
  const rows = await store.all<{ name: string }>(
    store.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'rm\\_%' ORDER BY table_name",
  );
  return rows.map((r) => r.name);
}
