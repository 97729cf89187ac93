import type { LogEvent } from '@cje/event-store';
import { childIndexProjection } from './child-index/child-index.projection.js';
import { BatchEventError, type Projection, type ProjectionTx } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import type { ProjectionFailure } from './projection-status.js';
import type { ReadModelStore, ReadModelTx, RunResult, SqlValue, StagedBatch, TransactionOptions } from './read-model-store.js';
import { batchedTallyProjection } from './testing/event-tally.projection.js';
import {
  appendMixedEvents,
  childIndexRows,
  describeEachEngine,
  expectedChildIndex,
  newEvent,
  sqliteEngine,
  storesForEachTest,
  tallyRows,
} from './testing/projection-test-kit.contract.js';

const PATIENCE_MS = 20_000;

/** The store as it is, except that the staged batches numbered in `failing` (from 1) cannot commit. */
class FailingCommits implements ReadModelStore {
  readonly dialect;
  staged = 0;

  constructor(
    private readonly store: ReadModelStore,
    private readonly failing: ReadonlySet<number>,
  ) {
    this.dialect = store.dialect;
  }

  init(): Promise<void> {
    return this.store.init();
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.store.run(sql, params);
  }
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.store.all<T>(sql, params);
  }
  get<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.store.get<T>(sql, params);
  }
  transaction<T>(work: (tx: ReadModelTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.store.transaction(work, options);
  }
  stage(work: (tx: ReadModelTx) => Promise<void>): Promise<StagedBatch> {
    const stage = this.store.stage?.bind(this.store);
    if (!stage) throw new Error('not a staging store');
    this.staged += 1;
    const fails = this.failing.has(this.staged);
    return stage(async (tx) => {
      await work(tx);
      // Checked when the writer commits: no row matches, so the whole batch is refused there.
      if (fails) await tx.runExpecting('UPDATE rm_checkpoints SET position = position WHERE 0 = 1', [], 1, () => new Error('disk I/O error'));
    });
  }
  liveTables(): Promise<ReadonlyMap<string, string>> {
    return this.store.liveTables();
  }
  ping(): Promise<void> {
    return this.store.ping();
  }
  close(): Promise<void> {
    return this.store.close();
  }
}

describe('projection runner staging catch-up batches (SQLite: committed on the writer thread)', () => {
  const perTest = storesForEachTest(sqliteEngine);

  it('stages a build batch by batch and ends with exactly what a fold of the log gives', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 2500, { children: 120 });
    const readModels = new FailingCommits(perTest.stores.readModels, new Set());
    const tally = batchedTallyProjection({ staged: true });
    const runner = new ProjectionRunner({ events: perTest.stores.events, readModels, projections: [childIndexProjection, tally], rebuildBatchSize: 100, retryDelayMs: 20 });
    perTest.runners.push(runner);
    await runner.start();
    await runner.waitFor(head, PATIENCE_MS);
    // Every batch of the build went through the writer thread, and so did the child index's indexes, built while
    // the last batch was applied.
    expect(readModels.staged).toBe(Math.ceil(head / 100) + 1);
    expect(
      await perTest.stores.readModels.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'child_index__g%' AND sql IS NOT NULL ORDER BY name"),
    ).toEqual([{ name: 'child_index__g1_team' }, { name: 'child_index__g1_worker' }]);
    const log = await perTest.stores.events.readAll();
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(log));
    const rows = await tallyRows(perTest.stores.readModels);
    expect(rows.reduce((sum, row) => sum + row.events, 0)).toBe(head);
    expect(rows.reduce((sum, row) => sum + row.position_sum, 0)).toBe((head * (head + 1)) / 2);
    expect(tally.discarded.count).toBe(0);
  });

  it('forgets a batch that could not commit and the one staged on top of it, then carries on from the last commit', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 2500, { children: 120 });
    // The fourth batch fails when written, by which time the fifth has been applied on top of it.
    const readModels = new FailingCommits(perTest.stores.readModels, new Set([4]));
    const tally = batchedTallyProjection({ staged: true });
    const failures: ProjectionFailure[] = [];
    const runner = new ProjectionRunner({
      events: perTest.stores.events,
      readModels,
      projections: [childIndexProjection, tally],
      rebuildBatchSize: 100,
      retryDelayMs: 20,
      onError: (failure) => failures.push(failure),
    });
    perTest.runners.push(runner);
    await runner.start();
    await runner.waitFor(head, PATIENCE_MS);

    expect(failures.map((f) => [f.code, f.cause])).toEqual([
      ['READ_MODEL_STORE_FAILED', 'Error'],
      ['READ_MODEL_STORE_FAILED', 'Error'],
    ]);
    // Batches 4 and 5 were forgotten (the failed one, and the one applied on it), then applied again.
    expect(tally.discarded.count).toBe(2);
    expect(readModels.staged).toBe(Math.ceil(head / 100) + 2 + 1);
    const log = await perTest.stores.events.readAll();
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(log));
    const rows = await tallyRows(perTest.stores.readModels);
    expect(rows.reduce((sum, row) => sum + row.events, 0)).toBe(head);
    expect(rows.reduce((sum, row) => sum + row.position_sum, 0)).toBe((head * (head + 1)) / 2);
    expect((await runner.status()).map((s) => [s.state, s.checkpoint])).toEqual([
      ['live', head],
      ['live', head],
    ]);
  });
});

/**
 * A projection that keeps a batch's events and applies them in `flush`, as one that puts events off to the end of
 * the batch does; an event of type `Boom` fails there.
 */
function deferringProjection(staged: boolean): Projection {
  const tally = batchedTallyProjection({ name: 'deferring', table: 'deferring_tally', staged });
  const held = new WeakMap<ProjectionTx, LogEvent[]>();
  return {
    ...tally,
    apply(event, tx) {
      const events = held.get(tx) ?? [];
      events.push(event);
      held.set(tx, events);
      return undefined;
    },
    async flush(tx) {
      for (const event of held.get(tx) ?? []) {
        if (event.type === 'Boom') throw new BatchEventError(event, new Error('cannot place Jane Doe'));
        void tally.apply(event, tx);
      }
      held.delete(tx);
      await tally.flush?.(tx);
    },
    discard(tx) {
      held.delete(tx);
      tally.discard?.(tx);
    },
  };
}

describeEachEngine('projection runner and events a projection applies at the end of the batch', (engine) => {
  const perTest = storesForEachTest(engine);

  it.each([false, true])('reports the event that failed in flush, not the first of its batch (staged: %s)', async (staged) => {
    await appendMixedEvents(perTest.stores.events, 40);
    const { position: boomAt } = await perTest.stores.events.append('child-c-7', [newEvent('boom', 'Boom')], { expectedRevision: 'any' });
    const head = await appendMixedEvents(perTest.stores.events, 40, { seed: 5, prefix: 'after' });
    const errors: unknown[] = [];
    const runner = new ProjectionRunner({
      events: perTest.stores.events,
      readModels: perTest.stores.readModels,
      projections: [childIndexProjection, deferringProjection(staged)],
      rebuildBatchSize: 25,
      retryDelayMs: 20,
      onError: (_failure, error) => errors.push(error),
    });
    perTest.runners.push(runner);
    await runner.start();
    await runner.waitFor(head, PATIENCE_MS, ['child-index']);
    const status = await runner.status();
    const failed = status.find((s) => s.name === 'deferring');
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'HANDLER_FAILED', position: boomAt, eventId: 'boom', eventType: 'Boom', cause: 'Error' } });
    // Its build stopped after the last batch before the one holding it.
    const building = await perTest.stores.readModels.get<{ position: number }>("SELECT position FROM rm_checkpoints WHERE projection = 'deferring'");
    expect(building?.position).toBe(Math.floor((boomAt - 1) / 25) * 25);
    expect(JSON.stringify(status)).not.toContain('Jane');
    // The host is told the projection's own error, not the wrapper.
    expect(errors.map((e) => (e as Error).message)).toEqual(['cannot place Jane Doe']);
  });
});
