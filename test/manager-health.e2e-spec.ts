import type { EventStore, NewEvent } from '@cje/event-store';
import { CASE_FACTS, ProjectionFailedError, type ProjectionRunner } from '@cje/projections';
import { PROJECTION_RUNNER } from '../apps/api/src/manager/read-models.tokens.js';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const actor = { userId: 'sw.north', role: 'social_worker', team: 'north' };
const event = (id: string, type: string, occurredAt: string, data: Record<string, unknown>): NewEvent => ({
  id,
  type,
  data,
  metadata: { occurredAt, actor, correlationId: id, causationId: id, schemaVersion: 1, machineVersion: 1 },
});

interface Health {
  status: number;
  body: { status: string | number; code?: string; info?: Record<string, { status: string; degraded?: boolean; lag?: number; projections?: Array<{ name: string; state: string; lag: number }> }>; error?: Record<string, { status: string; projections?: Array<{ name: string; state: string; lastError?: { code: string } }> }> };
}

describe('/health reports the read models', () => {
  let t: TestApp;
  let store: EventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    runner = t.app.get<ProjectionRunner>(PROJECTION_RUNNER);
  });
  afterAll(() => t.close());

  async function health(): Promise<Health> {
    const res = await fetch(`${t.url}/health`);
    return { status: res.status, body: (await res.json()) as Health['body'] };
  }

  it('is up, not degraded, with no lag once the read models have every event', async () => {
    const { position } = await store.append('child-h1', [event('h1-1', 'ContactReceived', '2025-03-03', { contactId: 'k', childId: 'h1', source: '9', child: { status: 'BORN', dateOfBirth: null }, concerns: '-' })], { expectedRevision: 'no_stream' });
    await runner.waitFor(position, 10_000);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.info?.readModels).toMatchObject({ status: 'up', degraded: false, lag: 0 });
    expect(body.info?.readModels?.projections?.map((p) => [p.name, p.state, p.lag])).toEqual([
      ['child-index', 'live', 0],
      [CASE_FACTS, 'live', 0],
    ]);
  });

  it('shows the lag, degraded, while the read models are behind the log, and catches up', async () => {
    await runner.stop();
    await store.append('child-h1', [event('h1-2', 'MashDecisionMade', '2025-03-03', { contactId: 'k', decision: 'NFA', checks: [], emergency: false, linkedToOpenEpisode: false })], { expectedRevision: 0 });
    const { position } = await store.append('child-h2', [event('h2-1', 'ContactReceived', '2025-03-04', { contactId: 'k', childId: 'h2', source: '9', child: { status: 'BORN', dateOfBirth: null }, concerns: '-' })], { expectedRevision: 'no_stream' });
    const behind = await health();
    expect(behind.status).toBe(200);
    expect(behind.body.info?.readModels).toMatchObject({ status: 'up', degraded: true, lag: 2 });
    expect(behind.body.info?.readModels?.projections?.every((p) => p.lag === 2)).toBe(true);

    await runner.start();
    await runner.waitFor(position, 10_000);
    expect((await health()).body.info?.readModels).toMatchObject({ degraded: false, lag: 0 });
  });

  it('is down (503) when a read model has stopped on an event it cannot apply, and says which', async () => {
    // A plan dated where no working-day calendar reaches: the deadline projection cannot date its clocks.
    const { position } = await store.append('child-h3', [event('h3-1', 'ChildProtectionPlanStarted', '2300-01-06', { category: 'NEG', icpcDate: '2300-01-06', planNumber: 1 })], { expectedRevision: 'no_stream' });
    await expect(runner.waitFor(position, 10_000, [CASE_FACTS])).rejects.toBeInstanceOf(ProjectionFailedError);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'UNHEALTHY', status: 503 });
    const readModels = body.error?.readModels;
    expect(readModels?.status).toBe('down');
    expect(readModels?.projections?.find((p) => p.name === CASE_FACTS)).toMatchObject({ state: 'failed', lastError: { code: 'HANDLER_FAILED' } });
    // The child index goes on: one projection failing stops only itself.
    expect(readModels?.projections?.find((p) => p.name === 'child-index')).toMatchObject({ state: 'live' });
  });
});
