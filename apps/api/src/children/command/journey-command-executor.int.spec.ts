import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { EventBus } from '@nestjs/cqrs';
import { ConcurrencyError, SqliteEventStore, type AppendOptions, type NewEvent } from '@cje/event-store';
import type { JourneyCommandDataMap, JourneyCommandType } from '@cje/journey';
import { workingDayCalendar } from '@cje/timescales';
import type { Principal } from '../../auth/principal.js';
import { ChildRecordCache } from '../child-record-cache.js';
import { ChildRecords } from '../child-records.js';
import { Clock } from '../clock.js';
import { JourneyCommandExecutor, MAX_ATTEMPTS } from './journey-command-executor.js';
import type { JourneyCommandRequest } from './journey-command-request.js';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-01-05T12:00:00Z');
  }
}

/** The store as this process sees it: before each append, `rival` may write first, as another API process would. */
class ContestedStore extends SqliteEventStore {
  rival: (() => Promise<void>) | undefined;
  appends = 0;

  override async append(streamId: string, events: readonly NewEvent[], options: AppendOptions) {
    this.appends += 1;
    await this.rival?.();
    return super.append(streamId, events, options);
  }
}

const SW: Principal = { userId: 'sw.north', role: 'social_worker', team: 'north', displayName: 'Social worker' };

describe('the command executor against a store other processes write to', () => {
  let dir: string;
  let store: ContestedStore;
  let otherProcess: JourneyCommandExecutor;
  let executor: JourneyCommandExecutor;
  let publish: jest.Mock<(event: unknown) => void>;
  let childId: string;

  const executorOver = (s: SqliteEventStore, bus: EventBus) => new JourneyCommandExecutor(new ChildRecords(s, new ChildRecordCache()), s, new FixedClock(), workingDayCalendar(), bus);
  const command = <T extends JourneyCommandType>(type: T, occurredAt: string, data: JourneyCommandDataMap[T], extra: Partial<JourneyCommandRequest> = {}): JourneyCommandRequest => ({
    type,
    childId,
    commandId: randomUUID(),
    occurredAt,
    data,
    user: SW,
    requestId: randomUUID(),
    ...extra,
  });
  const visit = (day: number, extra: Partial<JourneyCommandRequest> = {}) =>
    command('RecordCinVisit', `2025-02-${String(day).padStart(2, '0')}`, { childSeen: true, seenAlone: false }, extra);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cje-executor-'));
    store = new ContestedStore({ filename: join(dir, 'journey.db') });
    await store.init();
    const other = new SqliteEventStore({ filename: join(dir, 'journey.db') });
    await other.init();
    otherProcess = executorOver(other, { publish: () => undefined } as unknown as EventBus);
    publish = jest.fn();
    executor = executorOver(store, { publish } as unknown as EventBus);
    childId = randomUUID();
    await executor.execute(
      command('RecordContact', '2025-01-06', { contactId: 'c1', source: '2A', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: 'School' }, { newChild: true }),
    );
    await executor.execute(command('RecordMashDecision', '2025-01-06', { contactId: 'c1', decision: 'REFER_TO_CSC', checks: [] }));
    await executor.execute(command('OpenReferral', '2025-01-07', { primaryNeed: 'N1' }));
    await executor.execute(command('StartCinPlan', '2025-01-08', {}));
    publish.mockClear();
    store.appends = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides again on the newer history when another process recorded first, keeping both', async () => {
    let rivalDone = false;
    store.rival = async () => {
      if (rivalDone) return;
      rivalDone = true;
      await otherProcess.execute(visit(1));
    };
    const outcome = await executor.execute(visit(2));
    expect(store.appends).toBe(2);
    expect(outcome).toMatchObject({ revision: 5, replayed: false });
    const types = (await store.readStream(`child-${childId}`)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['CinVisitMade', 'CinVisitMade']);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('does not decide again when the client named the revision it acted on', async () => {
    store.rival = () => otherProcess.execute(visit(1)).then(() => undefined);
    await expect(executor.execute(visit(2, { expectedRevision: 3 }))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.appends).toBe(1);
    expect(publish).not.toHaveBeenCalled();
  });

  it('gives up with the conflict after a bounded number of attempts', async () => {
    let day = 0;
    store.rival = () => otherProcess.execute(visit((day += 1))).then(() => undefined);
    await expect(executor.execute(visit(28))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.appends).toBe(MAX_ATTEMPTS);
  });

  it('answers a command recorded by another process with its original result, deciding nothing', async () => {
    const request = visit(3);
    const original = await otherProcess.execute(request);
    const again = await executor.execute(request);
    expect(again).toEqual({ ...original, replayed: true });
    expect(store.appends).toBe(0);
  });
});
