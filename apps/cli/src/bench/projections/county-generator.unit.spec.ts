import { type JourneyEvent, fold, validateEventData } from '@cje/journey';
import { type CountyAppend, countyLog } from './county-generator.js';

function histories(appends: Iterable<CountyAppend>): Map<string, JourneyEvent[]> {
  const streams = new Map<string, JourneyEvent[]>();
  for (const append of appends) {
    const events = streams.get(append.streamId) ?? [];
    for (const event of append.events) {
      events.push({ id: event.id, type: event.type, data: event.data, occurredAt: event.metadata.occurredAt, machineVersion: 1 } as JourneyEvent);
    }
    streams.set(append.streamId, events);
  }
  return streams;
}

describe('county generator', () => {
  const options = { events: 12_000, from: '2016-04-01', years: 4, seed: 7, contactsPerDay: 6 };

  it('records histories the journey machine accepts, event by event, in the order they are recorded', () => {
    const streams = histories(countyLog(options));
    const problems: string[] = [];
    for (const [stream, events] of streams) {
      for (const event of events) {
        const invalid = validateEventData(event.type, event.data);
        if (invalid) problems.push(`${stream} ${event.type}: ${invalid.reason}`);
      }
      for (const issue of fold(events).issues) problems.push(`${stream} ${issue.type}: ${issue.reason}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(streams.size).toBeGreaterThan(500);
  });

  it('covers the whole journey, with corrections, voids and visits recorded after later events', () => {
    const types = new Map<string, number>();
    let late = 0;
    const lastDate = new Map<string, string>();
    for (const append of countyLog({ ...options, events: 60_000, years: 8, contactsPerDay: 4 })) {
      for (const event of append.events) {
        types.set(event.type, (types.get(event.type) ?? 0) + 1);
        const previous = lastDate.get(append.streamId);
        if (previous !== undefined && event.metadata.occurredAt < previous) late += 1;
        if (previous === undefined || event.metadata.occurredAt > previous) lastDate.set(append.streamId, event.metadata.occurredAt);
      }
    }
    for (const type of ['ContactReceived', 'ReferralOpened', 'IcpcHeld', 'ChildProtectionPlanStarted', 'BecameLookedAfter', 'PlacementChanged', 'AdoptionOrderGranted', 'CeasedLookedAfter', 'CareLeaverContactRecorded', 'CareProceedingsIssued', 'FinalOrderMade', 'EventCorrected', 'EventVoided', 'CaseDeallocated', 'DateOfBirthRecorded', 'PathwayPlanRecorded']) {
      expect([type, types.get(type) ?? 0]).toEqual([type, expect.any(Number)]);
      expect(types.get(type) ?? 0).toBeGreaterThan(0);
    }
    expect(late).toBeGreaterThan(0);
  });

  it('is the same county for the same seed', () => {
    const a = [...countyLog({ ...options, events: 2_000 })].map((x) => x.events.map((e) => `${e.id}:${e.type}:${e.metadata.occurredAt}`).join());
    const b = [...countyLog({ ...options, events: 2_000 })].map((x) => x.events.map((e) => `${e.id}:${e.type}:${e.metadata.occurredAt}`).join());
    expect(a).toEqual(b);
  });
});
