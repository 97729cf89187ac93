import { jest } from '@jest/globals';
import { childIndexProjection } from './child-index/child-index.projection.js';
import { findChild } from './child-index/child-index.queries.js';
import type { Projection } from './projection.js';
import { ProjectionFailedError, ProjectionWaitTimeoutError, UnknownProjectionError } from './projection.errors.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.js';
import type { ProjectionFailure } from './projection-status.js';
import type { ReadModelStore } from './read-model-store.js';
import { batchedTallyProjection, eventTallyProjection } from './testing/event-tally.projection.js';
import {
  appendMixedEvents,
  childIndexRows,
  describeEachEngine,
  expectedChildIndex,
  newEvent,
  physicalTables,
  storesForEachTest,
  tallyRows,
} from './testing/projection-test-kit.contract.js';

const PATIENCE_MS = 20_000;

describeEachEngine('projection runner', (engine) => {
  const perTest = storesForEachTest(engine);

  function runner(projections: readonly Projection[], options: Partial<ProjectionRunnerOptions> = {}): ProjectionRunner {
    const created = new ProjectionRunner({
      events: perTest.stores.events,
      readModels: perTest.stores.readModels,
      projections,
      retryDelayMs: 20,
      ...options,
    });
    perTest.runners.push(created);
    return created;
  }

  /** What the tally must hold when exactly the events up to `checkpoint` were applied, once each. */
  async function expectTallyAgreesWithCheckpoint(store: ReadModelStore, name = 'event-tally', table = 'event_tally'): Promise<number> {
    // One statement, so the checkpoint and the rows come from the same snapshot.
    const row = await store.get<{ checkpoint: number; events: number | null; position_sum: number | string | null }>(
      `SELECT (SELECT position FROM rm_checkpoints WHERE projection = ? AND role = 'live') AS checkpoint,
              (SELECT sum(events) FROM {{t:${table}}}) AS events,
              (SELECT sum(position_sum) FROM {{t:${table}}}) AS position_sum`,
      [name],
    );
    const checkpoint = row?.checkpoint ?? 0;
    // Positions are gapless on both engines: the events up to the checkpoint are exactly 1..checkpoint.
    expect(Number(row?.events ?? 0)).toBe(checkpoint);
    expect(Number(row?.position_sum ?? 0)).toBe((checkpoint * (checkpoint + 1)) / 2);
    return checkpoint;
  }

  it('builds every read model from the log, then keeps it live', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 600, { children: 40 });
    const projections = runner([childIndexProjection, eventTallyProjection()], { batchSize: 50, rebuildBatchSize: 70 });
    await projections.start();
    await projections.waitFor(head, PATIENCE_MS);

    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);

    const more = await appendMixedEvents(perTest.stores.events, 120, { children: 60, seed: 7, prefix: 'later' });
    await projections.waitFor(more, PATIENCE_MS);
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));
    const status = await projections.status();
    expect(status.map((s) => [s.name, s.state, s.checkpoint, s.lag, s.generation])).toEqual([
      ['child-index', 'live', more, 0, 1],
      ['event-tally', 'live', more, 0, 1],
    ]);
  });

  it('keeps checkpoint and read model in step at every moment, and a replay from zero gives the same read model', async () => {
    const start = await appendMixedEvents(perTest.stores.events, 400, { children: 30 });
    const projections = runner([childIndexProjection, eventTallyProjection()], { batchSize: 7, rebuildBatchSize: 13 });
    await projections.start();
    await projections.waitFor(start, PATIENCE_MS);
    // Events keep arriving while the runner works; a reader samples the read model throughout.
    let appending = true;
    const appender = (async () => {
      for (let round = 0; round < 20; round++) await appendMixedEvents(perTest.stores.events, 10, { seed: round + 100, prefix: `live-${round}` });
      appending = false;
    })();
    let samples = 0;
    while (appending || samples < 5) {
      await expectTallyAgreesWithCheckpoint(perTest.stores.readModels);
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await appender;
    const head = await perTest.stores.events.headPosition();
    await projections.waitFor(head, PATIENCE_MS);
    const once = { children: await childIndexRows(perTest.stores.readModels), tally: await tallyRows(perTest.stores.readModels) };
    expect(once.children).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));

    await projections.rebuild('child-index');
    await projections.rebuild('event-tally');

    expect(await childIndexRows(perTest.stores.readModels)).toEqual(once.children);
    expect(await tallyRows(perTest.stores.readModels)).toEqual(once.tally);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
  });

  it('resumes from its checkpoint after a stop, without applying anything twice', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 500, { children: 25 });
    const first = runner([childIndexProjection, eventTallyProjection()], { batchSize: 20, rebuildBatchSize: 20 });
    await first.start();
    await first.waitFor(120, PATIENCE_MS);
    await first.stop();
    const stoppedAt = await expectTallyAgreesWithCheckpoint(perTest.stores.readModels);
    expect(stoppedAt).toBeGreaterThanOrEqual(120);

    const second = runner([childIndexProjection, eventTallyProjection()], { batchSize: 20, rebuildBatchSize: 20 });
    await second.start();
    await second.waitFor(head, PATIENCE_MS);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));
    // Not rebuilt: the same generation carried on.
    expect((await second.status()).map((s) => s.generation)).toEqual([1, 1]);
  });

  it('builds projections at the same checkpoint from one read of the log; one that throws stops alone at its batch', async () => {
    await appendMixedEvents(perTest.stores.events, 300);
    const { position: boomAt } = await perTest.stores.events.append('child-c-7', [newEvent('boom', 'Boom')], { expectedRevision: 'any' });
    const head = await appendMixedEvents(perTest.stores.events, 300, { seed: 5, prefix: 'after' });
    const tally = eventTallyProjection(1, 'fragile', 'fragile_tally');
    const fragile: Projection = {
      ...tally,
      async apply(event, tx) {
        if (event.type === 'Boom') throw new Error('cannot count this one');
        return tally.apply(event, tx);
      },
    };
    // Catching up reads the log through readLog where the store has it (both engines here do).
    const reads = jest.spyOn(perTest.stores.events as Required<typeof perTest.stores.events>, 'readLog');
    const projections = runner([childIndexProjection, fragile, eventTallyProjection()], { rebuildBatchSize: 100 });
    await projections.start();
    await projections.waitFor(head, PATIENCE_MS, ['child-index', 'event-tally']);

    // One read from the start of the log for all three.
    expect(reads.mock.calls.filter(([options]) => (options?.after ?? 0) === 0)).toHaveLength(1);
    const failed = (await projections.status()).find((s) => s.name === 'fragile');
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'HANDLER_FAILED', position: boomAt, eventId: 'boom' } });
    // Its half-built generation stopped at the start of the batch that held the failing event, none of it kept.
    const built = await perTest.stores.readModels.get<{ position: number }>("SELECT position FROM rm_checkpoints WHERE projection = 'fragile'");
    const sums = await perTest.stores.readModels.get<{ events: number | null; positions: number | string | null }>(
      'SELECT sum(events) AS events, sum(position_sum) AS positions FROM fragile_tally__g1',
    );
    const stoppedAt = built?.position ?? -1;
    expect(stoppedAt).toBeLessThan(boomAt);
    expect(stoppedAt).toBeGreaterThan(boomAt - 100);
    expect({ events: Number(sums?.events ?? 0), positions: Number(sums?.positions ?? 0) }).toEqual({
      events: stoppedAt,
      positions: (stoppedAt * (stoppedAt + 1)) / 2,
    });
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));
  });

  it('lets other work run between the chunks of a large catch-up batch, so an API in the same process keeps answering', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 3500, { children: 50 });
    // Turns of the event loop, counted by a task that queues itself again each turn (as a request's handler would run).
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen = new Set<number>();
    const tally = eventTallyProjection();
    const watching: Projection = {
      ...tally,
      apply(event, tx) {
        seen.add(turns);
        return tally.apply(event, tx);
      },
    };
    // One batch covers the whole log: without turns inside it, every event would see the same count.
    const projections = runner([watching], { rebuildBatchSize: 10_000 });
    try {
      await projections.start();
      await projections.waitFor(head, PATIENCE_MS);
    } finally {
      ticking = false;
    }
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    // The log is read 1,000 events at a time and the loop gets a turn after each: at least one per chunk.
    expect(seen.size).toBeGreaterThanOrEqual(Math.floor(head / 1000));
  });

  it('leaves the shared loop to catch up in large batches when it falls far behind the log, then joins it again', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tally = eventTallyProjection();
    // Holds the shared loop on one event while a burst is appended behind it (a bulk load, a busy morning).
    const gated: Projection = {
      ...tally,
      async apply(event, tx) {
        if (event.type === 'Gate') await gate;
        return tally.apply(event, tx);
      },
    };
    const projections = runner([childIndexProjection, gated], { batchSize: 20, rebuildBatchSize: 500, bulkCatchUpLag: 100 });
    await projections.start();
    await projections.waitFor(await appendMixedEvents(perTest.stores.events, 30), PATIENCE_MS);

    const transactions = jest.spyOn(perTest.stores.readModels, 'transaction');
    await perTest.stores.events.append('child-gate', [newEvent('gate', 'Gate')], { expectedRevision: 'any' });
    const head = await appendMixedEvents(perTest.stores.events, 2000, { seed: 3, prefix: 'burst' });
    release();
    await projections.waitFor(head, PATIENCE_MS);

    // In batches of 500, not of 20: a handful of transactions rather than a hundred.
    expect(transactions.mock.calls.filter(([, options]) => options?.bulk === true).length).toBeGreaterThan(0);
    expect(transactions.mock.calls.length).toBeLessThan(2000 / 20 / 2);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    expect(await childIndexRows(perTest.stores.readModels)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));

    // Back in the shared loop once they have joined it: what comes next is applied as it comes.
    for (let tries = 0; (await projections.status()).some((s) => s.state !== 'live'); tries++) {
      if (tries > 200) throw new Error('the projections did not join the shared loop again');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    transactions.mockClear();
    const later = await appendMixedEvents(perTest.stores.events, 5, { seed: 9, prefix: 'later' });
    await projections.waitFor(later, PATIENCE_MS);
    expect(transactions.mock.calls.every(([, options]) => options?.bulk !== true)).toBe(true);
    expect((await projections.status()).map((s) => [s.name, s.state, s.checkpoint])).toEqual([
      ['child-index', 'live', later],
      ['event-tally', 'live', later],
    ]);
  });

  it('commits what a projection writes at the end of each batch with its checkpoint, and nothing of a batch it cannot write', async () => {
    const first = await appendMixedEvents(perTest.stores.events, 250, { children: 20 });
    const batched = batchedTallyProjection();
    const projections = runner([batched], { batchSize: 9, rebuildBatchSize: 40 });
    await projections.start();
    await projections.waitFor(first, PATIENCE_MS);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(first);
    for (let round = 0; round < 10; round++) {
      await appendMixedEvents(perTest.stores.events, 7, { seed: round + 300, prefix: `live-${round}` });
      await expectTallyAgreesWithCheckpoint(perTest.stores.readModels);
    }
    const head = await perTest.stores.events.headPosition();
    await projections.waitFor(head, PATIENCE_MS);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    await projections.stop();

    // Its batch cannot be written: it stops where the batch began, keeps none of it, and is told to forget it.
    const { position: boomAt } = await perTest.stores.events.append('child-c-3', [newEvent('boom', 'Boom')], { expectedRevision: 'any' });
    const after = await appendMixedEvents(perTest.stores.events, 20, { seed: 7, prefix: 'after' });
    const failing = batchedTallyProjection({ failFlushOn: 'Boom' });
    const again = runner([failing], { batchSize: 50 });
    await again.start();
    await expect(again.waitFor(after, PATIENCE_MS)).rejects.toBeInstanceOf(ProjectionFailedError);
    const [status] = await again.status();
    expect(status).toMatchObject({ state: 'failed', checkpoint: head, lastError: { code: 'HANDLER_FAILED', position: head + 1 } });
    expect(status?.lastError?.message).toContain('writing the batch');
    expect(status?.lastError?.position).toBeLessThanOrEqual(boomAt);
    expect(failing.discarded.count).toBeGreaterThan(0);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
  });

  it('lets a worker read their own change: waitFor resolves once the position is applied', async () => {
    await appendMixedEvents(perTest.stores.events, 50);
    const projections = runner([childIndexProjection]);
    await projections.start();
    const { position } = await perTest.stores.events.append(
      'child-c-42',
      [newEvent('alloc-42', 'CaseAllocated', { workerId: 'worker-9', teamId: 'team-east' })],
      { expectedRevision: 'no_stream' },
    );
    await projections.waitFor(position, PATIENCE_MS);
    expect(await findChild(perTest.stores.readModels, 'c-42')).toMatchObject({ team: 'team-east', workerId: 'worker-9', lastPosition: position });
  });

  it('times out clearly when the read models have not reached the position', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 10);
    const projections = runner([childIndexProjection]);
    await projections.start();
    await projections.waitFor(head, PATIENCE_MS);

    const error = await projections.waitFor(head + 5, 50).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProjectionWaitTimeoutError);
    expect(error).toMatchObject({ code: 'PROJECTION_WAIT_TIMEOUT', position: head + 5, behind: [{ name: 'child-index', checkpoint: head }] });
    expect((error as Error).message).toContain(`position ${head + 5} after 50 ms`);
    await expect(projections.waitFor(1, 50, ['no-such-projection'])).rejects.toBeInstanceOf(UnknownProjectionError);
  });

  it('stops only the projection whose handler throws, at the failing position, without personal data', async () => {
    const tally = eventTallyProjection(1, 'fragile', 'fragile_tally');
    const fragile: Projection = {
      ...tally,
      async apply(event, tx) {
        // The kind of message a careless handler might produce: it must not reach the status.
        if (event.type === 'Boom') throw new Error('cannot place Jane Doe, born 2015-04-01');
        return tally.apply(event, tx);
      },
    };
    const errors: Array<{ failure: ProjectionFailure & { projection: string }; error: unknown }> = [];
    const before = await appendMixedEvents(perTest.stores.events, 30);
    const projections = runner([childIndexProjection, fragile, eventTallyProjection()], {
      batchSize: 8,
      onError: (failure, error) => errors.push({ failure, error }),
    });
    await projections.start();
    await projections.waitFor(before, PATIENCE_MS);
    const { position: boomAt } = await perTest.stores.events.append('child-c-7', [newEvent('boom', 'Boom')], { expectedRevision: 'any' });
    const after = await appendMixedEvents(perTest.stores.events, 30, { seed: 5, prefix: 'after' });

    await projections.waitFor(after, PATIENCE_MS, ['child-index', 'event-tally']);
    const status = await projections.status();
    const failed = status.find((s) => s.name === 'fragile');
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'HANDLER_FAILED', position: boomAt, eventId: 'boom', eventType: 'Boom' } });
    expect(failed?.checkpoint).toBeLessThan(boomAt);
    expect(failed?.checkpoint).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(status)).not.toMatch(/Jane|2015-04-01/);
    expect(status.filter((s) => s.name !== 'fragile').map((s) => [s.state, s.checkpoint])).toEqual([
      ['live', after],
      ['live', after],
    ]);
    // Its read model stays exactly at its checkpoint: the failing batch left nothing behind.
    await expectTallyAgreesWithCheckpoint(perTest.stores.readModels, 'fragile', 'fragile_tally');
    await expect(projections.waitFor(after, PATIENCE_MS)).rejects.toBeInstanceOf(ProjectionFailedError);
    // The host still gets the original error for its own logs.
    expect(errors.map((e) => [e.failure.projection, (e.error as Error).message])).toEqual([['fragile', 'cannot place Jane Doe, born 2015-04-01']]);

    // Fixed and restarted, it carries on from its checkpoint.
    await projections.stop();
    const fixed = runner([childIndexProjection, eventTallyProjection(1, 'fragile', 'fragile_tally'), eventTallyProjection()]);
    await fixed.start();
    await fixed.waitFor(after, PATIENCE_MS);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels, 'fragile', 'fragile_tally')).toBe(after);
  });

  it('rebuilds into new tables while readers keep reading the complete old ones, then swaps and drops them', async () => {
    await appendMixedEvents(perTest.stores.events, 1500, { children: 80 });
    const projections = runner([childIndexProjection], { rebuildBatchSize: 25, batchSize: 25 });
    await projections.start();
    await projections.waitFor(await perTest.stores.events.headPosition(), PATIENCE_MS);
    const complete = await childIndexRows(perTest.stores.readModels);
    const eventsSeen = (rows: readonly { event_count: number }[]): number => rows.reduce((sum, r) => sum + r.event_count, 0);
    const full = eventsSeen(complete);

    // A reader on its own connection, as an API replica would be, plus events still arriving.
    const reader = await perTest.stores.reopenReadModels();
    const seen: number[] = [];
    let rebuilding = true;
    const readLoop = (async () => {
      while (rebuilding) {
        seen.push(eventsSeen(await childIndexRows(reader)));
        seen.push(eventsSeen(await childIndexRows(perTest.stores.readModels)));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const appendLoop = (async () => {
      for (let round = 0; round < 5; round++) await appendMixedEvents(perTest.stores.events, 5, { seed: round + 50, prefix: `during-${round}` });
    })();
    await projections.rebuild('child-index');
    rebuilding = false;
    await Promise.all([readLoop, appendLoop]);

    expect(seen.length).toBeGreaterThan(2);
    // Never empty, never half built: every read showed at least everything there was before the rebuild.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(full);
    const head = await perTest.stores.events.headPosition();
    await projections.waitFor(head, PATIENCE_MS);
    expect(await childIndexRows(reader)).toEqual(expectedChildIndex(await perTest.stores.events.readAll()));
    expect(await perTest.stores.readModels.liveTables()).toEqual(new Map([['child_index', 'child_index__g2']]));
    expect(await physicalTables(perTest.stores.readModels)).toEqual(['child_index__g2']);
    expect((await projections.status())[0]).toMatchObject({ state: 'live', generation: 2, rebuild: null, checkpoint: head });
  });

  it('rebuilds by itself when a projection version changes, serving the old generation until the new one is ready', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 300);
    const v1 = runner([eventTallyProjection(1)]);
    await v1.start();
    await v1.waitFor(head, PATIENCE_MS);
    await v1.stop();

    const v2 = runner([eventTallyProjection(2)], { rebuildBatchSize: 10 });
    await v2.start();
    const early = await v2.status();
    // Readers still get the version 1 tables while version 2 is built.
    expect(early[0]).toMatchObject({ generation: 1 });
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    await v2.waitFor(head, PATIENCE_MS);
    expect((await v2.status())[0]).toMatchObject({ version: 2, generation: 2, state: 'live', checkpoint: head });
    expect(await physicalTables(perTest.stores.readModels)).toEqual(['event_tally__g2']);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
  });

  it('finishes the batch in progress on stop; an interrupted rebuild resumes at the next start, then swaps', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 800);
    const tally = eventTallyProjection();
    const hold: { gate?: Promise<void> } = {};
    let reachedGate!: () => void;
    const atGate = new Promise<void>((resolve) => {
      reachedGate = resolve;
    });
    const gated: Projection = {
      ...tally,
      async apply(event, tx) {
        if (hold.gate && event.metadata.position === 400) {
          reachedGate();
          await hold.gate;
        }
        return tally.apply(event, tx);
      },
    };
    const first = runner([gated], { rebuildBatchSize: 10 });
    await first.start();
    await first.waitFor(head, PATIENCE_MS);
    let openGate!: () => void;
    hold.gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const rebuilding = first.rebuild('event-tally');
    await atGate;
    // The rebuild is in the middle of the batch 391..400 when asked to stop.
    const stopping = first.stop();
    openGate();
    await stopping;
    await expect(rebuilding).rejects.toMatchObject({ code: 'PROJECTIONS_STOPPED' });
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
    const stored = await perTest.stores.readModels.all<{ generation: number; role: string; position: number }>(
      "SELECT generation, role, position FROM rm_checkpoints WHERE projection = 'event-tally' ORDER BY generation",
    );
    expect(stored).toEqual([
      { generation: 1, role: 'live', position: head },
      { generation: 2, role: 'building', position: 400 },
    ]);

    const second = runner([tally]);
    await second.start();
    await second.waitFor(head, PATIENCE_MS);
    while ((await second.status())[0]?.generation !== 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await physicalTables(perTest.stores.readModels)).toEqual(['event_tally__g2']);
    expect(await expectTallyAgreesWithCheckpoint(perTest.stores.readModels)).toBe(head);
  });

  it('makes a new projection readable only once its first build is complete', async () => {
    const head = await appendMixedEvents(perTest.stores.events, 200);
    const projections = runner([childIndexProjection], { rebuildBatchSize: 10 });
    const reads: Array<number | string> = [];
    const starting = projections.start();
    let done = false;
    const readLoop = (async () => {
      while (!done) {
        try {
          const rows = await childIndexRows(perTest.stores.readModels);
          reads.push(rows.reduce((sum, r) => sum + r.event_count, 0));
        } catch (error) {
          reads.push((error as { code: string }).code);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await starting;
    await projections.waitFor(head, PATIENCE_MS);
    done = true;
    await readLoop;
    reads.push((await childIndexRows(perTest.stores.readModels)).reduce((sum, r) => sum + r.event_count, 0));
    const full = expectedChildIndex(await perTest.stores.events.readAll()).reduce((sum, r) => sum + r.event_count, 0);
    expect(new Set(reads.map((r) => (typeof r === 'number' ? (r === full ? 'complete' : 'partial') : r)))).not.toContain('partial');
    expect(reads.at(-1)).toBe(full);
  });
});
