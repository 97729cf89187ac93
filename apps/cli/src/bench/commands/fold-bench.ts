import { performance } from 'node:perf_hooks';
import {
  decide,
  emptyJourney,
  evolve,
  fold,
  upcastEvent,
  type JourneyActor,
  type JourneyCommand,
  type JourneyCommandDataMap,
  type JourneyCommandType,
  type JourneyState,
  type StoredJourneyEvent,
} from '@cje/journey';
import { workingDayCalendar } from '@cje/timescales';
import { median } from '../stats.js';

export interface FoldResult {
  readonly events: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
}

const WORKER: JourneyActor = { userId: 'sw.north', role: 'SOCIAL_WORKER', team: 'north' };
const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true } as const;

/**
 * A long looked-after history as the store would hand it back: a referral, care, then statutory visits until the
 * stream holds `size` events. Built through the decider, so every event is one the journey accepted.
 */
export function longStream(size: number): StoredJourneyEvent[] {
  const calendar = workingDayCalendar('england-and-wales');
  const ctx = { now: '2026-01-01T12:00:00Z', isWorkingDay: (date: string) => calendar.isWorkingDay(date) };
  let state: JourneyState = emptyJourney();
  const stored: StoredJourneyEvent[] = [];
  let sequence = 0;
  const give = <T extends JourneyCommandType>(type: T, occurredAt: string, data: JourneyCommandDataMap[T]) => {
    sequence += 1;
    const command = { type, commandId: `cmd-${sequence}`, childId: 'bench-child', occurredAt, actor: WORKER, data } as JourneyCommand;
    const result = decide(state, command, ctx);
    if (!result.ok) throw new Error(`${type} refused: ${result.rejection.reason}`);
    const events = result.events.map((draft, i) => ({ ...draft, id: `${command.commandId}:${i}` }));
    state = evolve(state, events);
    stored.push(...events.map((e) => ({ id: e.id, type: e.type, data: e.data, occurredAt: e.occurredAt, recordedAt: `${e.occurredAt}T17:00:00.000Z`, machineVersion: e.machineVersion })));
  };
  give('RecordContact', '2015-01-05', { contactId: 'c1', source: '2A', child: { status: 'BORN', dateOfBirth: '2012-03-01' }, concerns: 'School' });
  give('RecordMashDecision', '2015-01-05', { contactId: 'c1', decision: 'REFER_TO_CSC', checks: [] });
  give('OpenReferral', '2015-01-06', { primaryNeed: 'N1' });
  give('BecomeLookedAfter', '2015-02-02', { legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1' });
  for (let day = Date.parse('2015-02-03'); stored.length < size; day += 7 * 86_400_000) {
    give('RecordLacVisit', new Date(day).toISOString().slice(0, 10), { childSeen: true, seenAlone: stored.length % 2 === 0 });
  }
  return stored.slice(0, size);
}

/** Reading a child's whole stream as a command does on a cache miss: upcast every event, then fold. */
export function measureFold(size: number, runs: number): FoldResult {
  const stream = longStream(size);
  const once = () => fold(stream.map((event) => upcastEvent(event)));
  for (let i = 0; i < Math.min(5, runs); i++) once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const state = once();
    times.push(performance.now() - started);
    if (state.issues.length > 0) throw new Error('the benchmark stream did not replay cleanly');
  }
  return { events: stream.length, runs, medianMs: median(times), minMs: Math.min(...times) };
}
