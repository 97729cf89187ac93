import type { NewEvent } from '@cje/event-store';
import { ProjectionRunner } from '../projection-runner.js';
import { type Stores, describeEachEngine, newEvent } from '../testing/projection-test-kit.contract.js';
import { childIndexProjection } from './child-index.projection.js';
import { type ChildIndexEntry, childrenOfTeam, childrenOfWorker, findChild } from './child-index.queries.js';

const frontDoor = { userId: 'user-1', role: 'social-worker', team: 'front-door' };
const manager = { userId: 'user-2', role: 'team-manager', team: 'assessment-north' };

describeEachEngine('child index', (engine) => {
  let stores: Stores;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    stores = await engine.create();
    runner = new ProjectionRunner({ events: stores.events, readModels: stores.readModels, projections: [childIndexProjection] });
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await stores.dispose();
  });

  /** Given these events in these streams (in order), when the projection has applied them. */
  async function given(...appends: Array<[stream: string, event: NewEvent]>): Promise<number> {
    let position = 0;
    for (const [stream, event] of appends) {
      ({ position } = await stores.events.append(stream, [event], { expectedRevision: 'any' }));
    }
    await runner.waitFor(position, 10_000);
    return position;
  }

  it('a child first recorded belongs to the team of whoever recorded it, with no worker yet', async () => {
    const position = await given(['child-c1', newEvent('e1', 'ContactReceived', { source: 'police' }, frontDoor, '2025-01-06T09:00:00.000Z')]);
    expect(await findChild(stores.readModels, 'c1')).toEqual<ChildIndexEntry>({
      childId: 'c1',
      team: 'front-door',
      workerId: null,
      lastEventType: 'ContactReceived',
      lastOccurredAt: '2025-01-06T09:00:00.000Z',
      eventCount: 1,
      lastPosition: position,
    });
  });

  it('an allocation gives the case its team and worker, which later events by others do not change', async () => {
    const position = await given(
      ['child-c1', newEvent('e1', 'ContactReceived', {}, frontDoor)],
      ['child-c1', newEvent('e2', 'CaseAllocated', { workerId: 'worker-5', teamId: 'assessment-north' }, manager)],
      ['child-c1', newEvent('e3', 'AssessmentStarted', { assessmentId: 'a1' }, frontDoor, '2025-01-09T12:00:00.000Z')],
    );
    expect(await findChild(stores.readModels, 'c1')).toMatchObject({
      team: 'assessment-north',
      workerId: 'worker-5',
      lastEventType: 'AssessmentStarted',
      lastOccurredAt: '2025-01-09T12:00:00.000Z',
      eventCount: 3,
      lastPosition: position,
    });
  });

  it('the latest allocation wins; one naming no team keeps the team; a deallocation clears only the worker', async () => {
    await given(
      ['child-c1', newEvent('e1', 'CaseAllocated', { workerId: 'worker-5', team: 'assessment-north' }, manager)],
      ['child-c1', newEvent('e2', 'CaseAllocated', { workerId: 'worker-6', team: 'cin-east' }, manager)],
      ['child-c1', newEvent('e3', 'CaseAllocated', { workerId: 'worker-7' }, manager)],
    );
    expect(await findChild(stores.readModels, 'c1')).toMatchObject({ team: 'cin-east', workerId: 'worker-7', eventCount: 3 });

    await given(['child-c1', newEvent('e4', 'CaseDeallocated', { reason: 'worker left' }, manager)]);
    expect(await findChild(stores.readModels, 'c1')).toMatchObject({ team: 'cin-east', workerId: null, lastEventType: 'CaseDeallocated' });
  });

  it('counts event types it does not know and ignores streams that are not a child', async () => {
    await given(
      ['child-c1', newEvent('e1', 'ContactReceived', {}, frontDoor)],
      ['team-north', newEvent('e2', 'CaseAllocated', { workerId: 'w' }, manager)],
      ['child-', newEvent('e3', 'ContactReceived', {}, frontDoor)],
      ['child-c1', newEvent('e4', 'SomethingAddedNextYear', { whatever: [1, 2] }, frontDoor)],
      ['child-c1', newEvent('e5', 'CaseAllocated', { workerId: 42, team: null }, manager)],
    );
    expect(await findChild(stores.readModels, 'c1')).toMatchObject({ team: 'front-door', workerId: null, eventCount: 3, lastEventType: 'CaseAllocated' });
    expect(await findChild(stores.readModels, '')).toBeUndefined();
    expect(await stores.readModels.get<{ n: number }>('SELECT count(*) AS n FROM {{t:child_index}}')).toEqual({ n: 1 });
  });

  it('lists a team’s and a worker’s children', async () => {
    await given(
      ['child-c1', newEvent('e1', 'CaseAllocated', { workerId: 'worker-5', teamId: 'north' }, manager)],
      ['child-c2', newEvent('e2', 'CaseAllocated', { workerId: 'worker-6', teamId: 'north' }, manager)],
      ['child-c3', newEvent('e3', 'CaseAllocated', { workerId: 'worker-5', teamId: 'south' }, manager)],
      ['child-c4', newEvent('e4', 'ContactReceived', {}, frontDoor)],
    );
    expect((await childrenOfTeam(stores.readModels, 'north')).map((c) => c.childId)).toEqual(['c1', 'c2']);
    expect((await childrenOfWorker(stores.readModels, 'worker-5')).map((c) => c.childId)).toEqual(['c1', 'c3']);
    expect((await childrenOfTeam(stores.readModels, 'front-door')).map((c) => c.childId)).toEqual(['c4']);
  });
});
