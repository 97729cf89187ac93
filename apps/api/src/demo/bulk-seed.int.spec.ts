import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus } from '@nestjs/cqrs';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@cje/event-store';
import { loadConfig } from '@cje/runtime';
import { driveAuthority, generateAuthority, type AuthorityOptions, type GeneratedCommand, type SubmitResult } from '@cje/testing';
import { workingDayCalendar } from '@cje/timescales';
import { ChildRecordCache } from '../children/child-record-cache.js';
import { ChildRecords } from '../children/child-records.js';
import { Clock } from '../children/clock.js';
import { JourneyCommandExecutor } from '../children/command/journey-command-executor.js';
import { RecordJourneyCommand, RecordJourneyCommandHandler } from '../children/command/record-journey-command.js';
import { RecordNewChildContact, RecordNewChildContactHandler } from '../children/command/record-new-child-contact.js';
import { PersonMatching } from '../children/person-match/person-matching.js';
import { SqlitePersonMatchStore, personMatchFileFor } from '../children/person-match/sqlite-person-match-store.js';
import { ApiError } from '../http/api-error.js';
import { bulkSeed } from './bulk-seed.js';
import { demoTeams, principalFor } from './demo-authority.js';
import { DEMO_SEED_REQUEST_ID, seedDemoAuthority, type DemoSeedSettings } from './demo-seed.js';

const NOW = new Date('2026-03-31T18:30:00Z');
const RECORDED = new Date('2026-04-01T09:00:00Z');
const calendar = workingDayCalendar('england-and-wales');
const config = loadConfig({ PERSON_MATCH_SALT: 'a-test-salt-of-at-least-thirty-two-characters' });
const SETTINGS: DemoSeedSettings = { seed: 'bulk-spec', endDate: '2026-03-31', years: 1, scale: 0.02 };

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

interface Opened {
  readonly store: SqliteEventStore;
  readonly matching: PersonMatching;
  readonly file: string;
}

describe('bulk seeding of a synthetic authority', () => {
  const dirs: string[] = [];
  const opened: Opened[] = [];

  /** A fresh store whose recordedAt is fixed, and the person-match keys beside it. */
  async function open(): Promise<Opened> {
    const dir = mkdtempSync(join(tmpdir(), 'cje-bulk-seed-'));
    dirs.push(dir);
    const file = join(dir, 'journey.db');
    const store = new SqliteEventStore({ filename: file, clock: () => RECORDED, durable: false });
    await store.init();
    const matching = new PersonMatching(new SqlitePersonMatchStore(personMatchFileFor(file)), config);
    await matching.onModuleInit();
    const handle = { store, matching, file };
    opened.push(handle);
    return handle;
  }

  afterEach(async () => {
    for (const { store, matching } of opened.splice(0)) {
      await matching.onApplicationShutdown();
      await store.close();
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function matchKeys(file: string): { match_key: string; child_id: string }[] {
    const db = new Database(personMatchFileFor(file), { readonly: true });
    try {
      return db.prepare<[], { match_key: string; child_id: string }>('SELECT match_key, child_id FROM person_match_keys ORDER BY match_key, child_id').all();
    } finally {
      db.close();
    }
  }

  /** The per-command path: every generated command through the API's own handlers, one at a time, in order. */
  async function seedCommandByCommand({ store, matching }: Opened, authority: AuthorityOptions) {
    const records = new ChildRecords(store, new ChildRecordCache());
    const executor = new JourneyCommandExecutor(records, store, new FixedClock(), calendar, { publish: () => undefined } as unknown as EventBus);
    const newChild = new RecordNewChildContactHandler(executor, records, matching);
    const journey = new RecordJourneyCommandHandler(executor);
    const submit = async ({ command, newChild: person }: GeneratedCommand): Promise<SubmitResult> => {
      const user = principalFor(command.actor);
      const requestId = DEMO_SEED_REQUEST_ID;
      try {
        if (person && command.type === 'RecordContact') {
          const identity = { firstName: person.firstName ?? undefined, lastName: person.lastName };
          const { childId, commandId, occurredAt, data } = command;
          await newChild.execute(new RecordNewChildContact({ childId, commandId, occurredAt, data, identity, confirmNewChild: true, user, requestId }));
        } else {
          const { type, childId, commandId, occurredAt, data } = command;
          await journey.execute(new RecordJourneyCommand({ type, childId, commandId, occurredAt, data, user, requestId }));
        }
        return { ok: true };
      } catch (error) {
        if (error instanceof ApiError) return { ok: false, code: error.code, reason: error.detail };
        throw error;
      }
    };
    return driveAuthority(generateAuthority(authority), submit);
  }

  it('writes exactly the events and match keys the per-command path writes, given the same clock', async () => {
    const one = await open();
    const perCommand = await seedCommandByCommand(one, { ...SETTINGS, scale: 0.02, teams: demoTeams(0.02) });
    const other = await open();
    const bulk = await seedDemoAuthority(SETTINGS, { store: other.store, matching: other.matching, now: () => NOW, calendar, run: 'thread', batchEvents: 700 });

    expect(perCommand.rejected).toBe(0);
    expect(bulk).toMatchObject({ rejected: 0, accepted: perCommand.accepted, submitted: perCommand.submitted, stoppedEarly: false, ranIn: 'thread' });
    expect(bulk.batches).toBeGreaterThan(2);
    const expected = await one.store.readAll();
    expect(expected.length).toBeGreaterThan(1000);
    expect(bulk.events).toBe(expected.length);
    // Ids, data, metadata (actor, correlation, causation, versions, recordedAt), revisions, positions and hashes.
    expect(await other.store.readAll()).toEqual(expected);
    expect(await other.store.verifyAll()).toMatchObject({ ok: true, eventsChecked: expected.length });
    // One key per new child the contact says enough about (a surname and a date), as the new-child path files them.
    const keys = matchKeys(other.file);
    expect(keys.length).toBeGreaterThan(bulk.children * 0.9);
    expect(keys.length).toBeLessThanOrEqual(bulk.children);
    expect(keys).toEqual(matchKeys(one.file));
  });

  it('counts a refused command like driveAuthority, writes none of it, and the generation goes on without it', async () => {
    const { store, matching } = await open();
    // Teams without managers: the head of service acts for them, and here that is the auditor, who may do nothing.
    const stats = await bulkSeed({
      store,
      matching,
      authority: {
        seed: 'refusals',
        endDate: '2026-03-31',
        years: 0.25,
        scale: 0.02,
        openCasesAtStart: false,
        teams: [
          { id: 'mash', workers: ['sw.mash'] },
          { id: 'north', workers: ['sw.north'] },
        ],
        headOfService: { userId: 'auditor', team: 'quality-assurance' },
      },
      requestId: DEMO_SEED_REQUEST_ID,
      now: () => NOW,
      calendar,
      run: 'thread',
    });
    expect(stats.rejected).toBeGreaterThan(0);
    expect(stats.rejectedByCode).toEqual({ FORBIDDEN: stats.rejected });
    expect(stats.submitted).toBe(stats.accepted + stats.rejected);
    expect(stats.rejections.length).toBe(Math.min(20, stats.rejected));
    expect(stats.rejections[0]).toMatchObject({ code: 'FORBIDDEN', reason: 'Auditors read records and change nothing.' });
    expect(Object.keys(stats.rejections[0] ?? {}).sort()).toEqual(['childId', 'code', 'commandId', 'reason', 'type']);
    const events = await store.readAll();
    const causes = new Set(events.map((e) => e.metadata.causationId));
    expect(causes.size).toBe(stats.accepted);
    for (const refused of stats.rejections) expect(causes.has(refused.commandId)).toBe(false);
    expect(events.some((e) => e.metadata.actor.userId === 'auditor')).toBe(false);
    expect((await store.verifyAll()).ok).toBe(true);
  });

  it('writes nothing new when run again, and the command path answers a seeded command id with its original result', async () => {
    const { store, matching } = await open();
    const seed = () => seedDemoAuthority({ ...SETTINGS, years: 0.25 }, { store, matching, now: () => NOW, calendar, run: 'thread' });
    const first = await seed();
    const head = await store.headPosition();
    const again = await seed();
    expect(again.accepted).toBe(first.accepted);
    expect(await store.headPosition()).toBe(head);

    const [event] = await store.readAll({ after: head - 1 });
    const records = new ChildRecords(store, new ChildRecordCache());
    const executor = new JourneyCommandExecutor(records, store, new FixedClock(), calendar, { publish: () => undefined } as unknown as EventBus);
    const childId = event!.metadata.streamId.slice('child-'.length);
    const outcome = await executor.execute({
      type: 'RecordCinVisit',
      childId,
      commandId: event!.metadata.causationId,
      occurredAt: '2026-03-31',
      data: { childSeen: true, seenAlone: false },
      user: principalFor({ userId: 'hos', role: 'HEAD_OF_SERVICE', team: 'service' }),
      requestId: 'retry',
    });
    expect(outcome).toMatchObject({ replayed: true, position: head });
    expect(outcome.events.at(-1)).toMatchObject({ id: event!.id, type: event!.type });
    expect(await store.headPosition()).toBe(head);
  });

  it('stops after the batch being written when asked, leaving whole commands and intact chains', async () => {
    const { store, matching } = await open();
    let batches = 0;
    const stop = new AbortController();
    const stats = await seedDemoAuthority(SETTINGS, {
      store,
      matching,
      now: () => NOW,
      calendar,
      run: 'thread',
      batchEvents: 500,
      progressEvery: 1,
      onProgress: () => {
        batches += 1;
        if (batches === 2) stop.abort();
      },
      signal: stop.signal,
    });
    expect(stats.stoppedEarly).toBe(true);
    const events = await store.readAll();
    expect(events.length).toBe(stats.events);
    expect(events.length).toBeGreaterThanOrEqual(1000);
    expect(events.length).toBeLessThan(2000);
    expect(new Set(events.map((e) => e.metadata.causationId)).size).toBe(stats.accepted);
    expect((await store.verifyAll()).ok).toBe(true);
  });
});
