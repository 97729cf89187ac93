import { decide, emptyJourney, evolve, type JourneyCommand, type JourneyState } from '@cje/journey';
import { workingDayCalendar } from '@cje/timescales';
import { journeyFor, journeyKind, type JourneyKind } from './journeys.js';

const calendar = workingDayCalendar('england-and-wales');
const ctx = { now: '2026-01-01T12:00:00Z', isWorkingDay: (date: string) => calendar.isWorkingDay(date) };
const pascal = (path: string) => path.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());

/** Plays a benchmark journey through the decider as the API would; answers the rejections. */
function play(index: number): string[] {
  let state: JourneyState = emptyJourney();
  const refused: string[] = [];
  journeyFor(index, 'test').forEach((step, i) => {
    const { occurredAt, firstName: _f, lastName: _l, ...data } = step.body as Record<string, unknown>;
    const command = {
      type: step.path === '' ? 'RecordContact' : pascal(step.path),
      commandId: `cmd-${i}`,
      childId: 'bench-child',
      occurredAt,
      actor: step.as === 'manager' ? { userId: 'tm.north', role: 'TEAM_MANAGER', team: 'north' } : { userId: 'sw.north', role: 'SOCIAL_WORKER', team: 'north' },
      data,
    } as JourneyCommand;
    const result = decide(state, command, ctx);
    if (!result.ok) refused.push(`${command.type}: ${result.rejection.reason}`);
    else state = evolve(state, result.events.map((e, n) => ({ ...e, id: `cmd-${i}:${n}` })));
  });
  return refused;
}

describe('the benchmark’s journeys', () => {
  it('mixes the four kinds of journey', () => {
    const kinds = new Map<JourneyKind, number>();
    for (let i = 0; i < 1000; i++) kinds.set(journeyKind(i), (kinds.get(journeyKind(i)) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(['adoption', 'child-in-need', 'front-door', 'protection']);
    expect(kinds.get('front-door')).toBeGreaterThan(250);
  });

  it.each<JourneyKind>(['front-door', 'child-in-need', 'protection', 'adoption'])('a %s journey is accepted by the journey at every step', (kind) => {
    const index = Array.from({ length: 100 }, (_, i) => i).find((i) => journeyKind(i) === kind) ?? -1;
    expect(index).toBeGreaterThanOrEqual(0);
    expect(play(index)).toEqual([]);
  });
});
