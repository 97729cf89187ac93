import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EventStore, PostgresEventStore, SqliteEventStore } from '@cje/event-store';
import {
  CASE_FACTS_TABLES,
  CaseFactsProjection,
  PostgresReadModelStore,
  ProjectionRunner,
  READ_MODEL_REBUILD_BATCH_SIZE,
  type ReadModelStore,
  type SqlQueries,
  SqliteReadModelStore,
  childIndexProjection,
} from '@cje/projections';
import { PG_TEST_URL, REQUIRE_POSTGRES, postgresReachable } from '../../../../../libs/testing/src/postgres-test-server.contract.js';
import { countyLog } from './county-generator.js';

// Projections keep a batch's changes in memory and write each row once, when the batch ends. These tests check that
// where the batches end makes no difference: the same log, applied one event per batch (every row written as soon as
// it changes, as before batching), in the API's large batches, in small odd-sized ones with most children evicted
// from memory, and live as it is appended, gives exactly the same tables. The log is the benchmark's synthetic county:
// corrections, voids, events recorded late, dates of birth learned late, reallocations.

const PG_URL = PG_TEST_URL;

interface Engine {
  readonly name: string;
  readonly events: number;
  /** A fresh event store holding the log, and a way to make fresh read-model stores next to it. */
  open(): Promise<{ events: EventStore; readModels(): Promise<ReadModelStore>; dispose(): Promise<void> }>;
}

const sqlite: Engine = {
  name: 'SQLite',
  events: 6_000,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'cje-batched-build-'));
    const events = new SqliteEventStore({ filename: join(dir, 'events.db'), durable: false, pollIntervalMs: 20 });
    await events.init();
    const stores: ReadModelStore[] = [];
    return {
      events,
      async readModels() {
        const store = new SqliteReadModelStore({ filename: join(dir, `read-models-${stores.length}.db`) });
        await store.init();
        stores.push(store);
        return store;
      },
      async dispose() {
        for (const store of stores) await store.close();
        await events.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Engine = {
  name: 'PostgreSQL',
  events: 3_000,
  async open() {
    const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const schemas = [`batched_events_${tag}`];
    const events = new PostgresEventStore({ connectionString: PG_URL, schema: schemas[0], pollIntervalMs: 50 });
    await events.init();
    const stores: ReadModelStore[] = [];
    return {
      events,
      async readModels() {
        const schema = `batched_rm_${stores.length}_${tag}`;
        schemas.push(schema);
        const store = new PostgresReadModelStore({ connectionString: PG_URL, schema });
        await store.init();
        stores.push(store);
        return store;
      },
      async dispose() {
        for (const store of stores) await store.close();
        await events.close();
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

const pgMissing = (await postgresReachable()) ? undefined : `PostgreSQL at ${PG_URL} is not reachable`;

/** Every row of every table both projections write, in key order. */
async function dump(store: SqlQueries): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of CASE_FACTS_TABLES) {
    tables[table.name] = await store.all(`SELECT ${table.columnNames.join(', ')} FROM {{t:${table.name}}} ORDER BY ${table.key.join(', ')}`);
  }
  tables.child_index = await store.all('SELECT * FROM {{t:child_index}} ORDER BY child_id');
  return tables;
}

/** The tables without when events were recorded (a second store holding the same log recorded it later). */
function withoutRecordedAt(tables: Record<string, unknown[]>): Record<string, unknown[]> {
  const deadline = (tables.deadline ?? []).map((row) => ({ ...(row as Record<string, unknown>), met_recorded_at: null }));
  return { ...tables, deadline };
}

async function append(events: EventStore, count: number, each?: (position: number) => Promise<void>): Promise<number> {
  let position = 0;
  for (const { streamId, events: recorded } of countyLog({ events: count, from: '2019-04-01', years: 2, seed: 11 })) {
    ({ position } = await events.append(streamId, recorded, { expectedRevision: 'any' }));
    await each?.(position);
  }
  return position;
}

/** Builds both projections from the whole log into a fresh store and answers its tables and the case-facts counters. */
async function build(
  events: EventStore,
  readModels: ReadModelStore,
  head: number,
  options: { batch: number; cacheSize?: number; byStream?: boolean },
): Promise<{ tables: Record<string, unknown[]>; stats: CaseFactsProjection['stats'] }> {
  const facts = new CaseFactsProjection({ events, ...(options.cacheSize ? { cacheSize: options.cacheSize } : {}) });
  const runner = new ProjectionRunner({
    events,
    readModels,
    projections: [childIndexProjection, facts],
    batchSize: options.batch,
    rebuildBatchSize: options.batch,
    buildByStream: options.byStream ?? false,
  });
  await runner.start();
  try {
    await runner.waitFor(head, 120_000);
  } finally {
    await runner.stop();
  }
  return { tables: await dump(readModels), stats: facts.stats };
}

describe.each([sqlite, postgres])('a batched build gives the same tables as event-by-event application ($name)', (engine) => {
  const skip = engine === postgres && pgMissing !== undefined && !REQUIRE_POSTGRES;

  (skip ? it.skip : it)(
    'one event per batch, the API batch size, small batches with a small cache, stream by stream, and live appends agree row for row',
    async () => {
      if (engine === postgres && pgMissing !== undefined) throw new Error(pgMissing);
      const stores = await engine.open();
      try {
        // Live: the runner is already running while the log is appended, so the shared loop's small batches apply it.
        const liveModels = await stores.readModels();
        const liveFacts = new CaseFactsProjection({ events: stores.events });
        const live = new ProjectionRunner({ events: stores.events, readModels: liveModels, projections: [childIndexProjection, liveFacts], batchSize: 40 });
        await live.start();
        let appended = 0;
        const head = await append(stores.events, engine.events, async (position) => {
          appended += 1;
          if (appended % 200 === 0) await live.waitFor(position, 60_000);
        });
        await live.waitFor(head, 120_000);
        await live.stop();
        const appliedLive = await dump(liveModels);

        const oneByOne = await build(stores.events, await stores.readModels(), head, { batch: 1 });
        const large = await build(stores.events, await stores.readModels(), head, { batch: READ_MODEL_REBUILD_BATCH_SIZE });
        const small = await build(stores.events, await stores.readModels(), head, { batch: 97, cacheSize: 25 });
        // Stream by stream where the event store reads so (SQLite, PostgreSQL): every child built whole, in batches of
        // whole children (staged on SQLite, a transaction each on PostgreSQL).
        const streamModels = await stores.readModels();
        const byStream = await build(stores.events, streamModels, head, { batch: 500, byStream: true });
        const streamed = stores.events.readLogByStream !== undefined;
        expect(byStream.stats.built).toBe(streamed ? Number(byStream.tables.child_index?.length) : 0);

        // The log exercises the paths that read back from the tables and the log.
        expect(oneByOne.stats.replays).toBeGreaterThan(0);
        expect(small.stats.restores).toBeGreaterThan(100);
        expect(oneByOne.tables.deadline?.length).toBeGreaterThan(500);
        expect(oneByOne.tables.caseload?.length).toBeGreaterThan(100);

        expect(large.tables).toEqual(oneByOne.tables);
        expect(small.tables).toEqual(oneByOne.tables);
        expect(byStream.tables).toEqual(oneByOne.tables);
        expect(appliedLive).toEqual(oneByOne.tables);

        if (streamed) {
          // Stopped part way through a build stream by stream: the generation holds some children's rows at checkpoint
          // 0; the next start empties it and builds it again, to the same tables.
          const resumedModels = await stores.readModels();
          const stoppedFacts = new CaseFactsProjection({ events: stores.events });
          const stopped = new ProjectionRunner({ events: stores.events, readModels: resumedModels, projections: [childIndexProjection, stoppedFacts], rebuildBatchSize: 300 });
          // Asked to stop while building the 61st child: the batch under way is the last one written.
          const buildStream = stoppedFacts.buildStream.bind(stoppedFacts);
          let stopping: Promise<void> | undefined;
          stoppedFacts.buildStream = (events, tx) => {
            if (stoppedFacts.stats.built === 60) stopping = stopped.stop();
            return buildStream(events, tx);
          };
          await stopped.start();
          await stopped.waitFor(head, 60_000).catch(() => undefined);
          await stopping;
          expect(stoppedFacts.stats.built).toBeLessThan(200);
          const building = await resumedModels.all<{ position: number; tables: string }>(
            "SELECT position, tables FROM rm_checkpoints WHERE projection = 'child-index' AND role = 'building'",
          );
          expect(building.map((row) => row.position)).toEqual([0]);
          const partial = await resumedModels.get<{ n: number }>(`SELECT count(*) AS n FROM ${building[0]?.tables ?? 'missing'}`);
          expect(Number(partial?.n)).toBeGreaterThan(0);
          expect(Number(partial?.n)).toBeLessThan(Number(oneByOne.tables.child_index?.length));

          const resumed = await build(stores.events, resumedModels, head, { batch: 300, byStream: true });
          expect(resumed.tables).toEqual(oneByOne.tables);

          // Built stream by stream up to where the log stood when the runner started, then caught up in position order
          // while the rest is appended: children with later events are read back from their streams and tables.
          const later = await engine.open();
          try {
            const log = [...countyLog({ events: engine.events, from: '2019-04-01', years: 2, seed: 11 })];
            const half = Math.floor(log.length / 2);
            for (const { streamId, events: recorded } of log.slice(0, half)) await later.events.append(streamId, recorded, { expectedRevision: 'any' });
            const laterFacts = new CaseFactsProjection({ events: later.events });
            const laterModels = await later.readModels();
            const runner = new ProjectionRunner({ events: later.events, readModels: laterModels, projections: [childIndexProjection, laterFacts], rebuildBatchSize: 300 });
            await runner.start();
            let position = 0;
            for (const { streamId, events: recorded } of log.slice(half)) ({ position } = await later.events.append(streamId, recorded, { expectedRevision: 'any' }));
            expect(position).toBe(head);
            await runner.waitFor(head, 120_000);
            await runner.stop();
            expect(laterFacts.stats.built).toBeGreaterThan(0);
            expect(laterFacts.stats.restores).toBeGreaterThan(0);
            // A log of its own, recorded now: the same but for when each event was recorded.
            expect(withoutRecordedAt(await dump(laterModels))).toEqual(withoutRecordedAt(oneByOne.tables));
          } finally {
            await later.dispose();
          }
        }
      } finally {
        await stores.dispose();
      }
    },
    300_000,
  );
});
