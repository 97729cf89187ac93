import { V1_STREAM } from '../fixtures/v1-stream.js';
import { describeState } from '../describe-state.js';
import { fold } from '../journey-state.js';
import type { JourneyEvent } from '../journey-event.js';
import { MACHINE_VERSION } from '../machine-version.js';
import { JourneyReadError, UPCASTERS, upcastEvent, type StoredJourneyEvent, type Upcaster } from '../upcasters.js';

const read = (stream: readonly StoredJourneyEvent[]): JourneyEvent[] => stream.map((e) => upcastEvent(e));

describe('a stream recorded under machine version 1', () => {
  it('replays without a single refused event', () => {
    expect(fold(read(V1_STREAM)).issues).toEqual([]);
  });

  it('replays to the journey it recorded: one episode, closed RC4 after a special guardianship order', () => {
    const state = fold(read(V1_STREAM));
    expect(state.value).toEqual({ frontDoor: 'quiet', episode: 'none', careLeaver: 'notEligible' });
    expect(state.context).toMatchObject({
      childId: 'child-1',
      child: { status: 'BORN', dateOfBirth: '2025-03-18', expectedDateOfBirth: '2025-03-20' },
      lastReferralDate: '2025-01-07',
      closedEpisodes: [{ number: 1, referralDate: '2025-01-07', closedOn: '2025-09-10', reason: 'RC4', referralNfa: false }],
      episode: null,
      cppCount: 1,
      lookedAfterPeriods: [{ from: '2025-03-26', to: '2025-09-08' }],
    });
    expect(describeState(state)).toMatchObject({ stage: 'CLOSED', closedEpisodes: 1, incomplete: false });
  });

  it('applies its correction and its void on replay', () => {
    const beforeLeavingCare = V1_STREAM.filter((e) => !['cmd-029:0', 'cmd-032:0'].includes(e.id));
    const state = fold(read(beforeLeavingCare));
    const care = state.context.episode?.lookedAfter;
    expect(care?.placement.place).toBe('U1');
    expect(care?.episodes.map((e) => [e.startedOn, e.legalStatus, e.placement.place, e.reasonNewEpisode])).toEqual([
      ['2025-03-26', 'C1', 'R3', 'S'],
      ['2025-05-12', 'C1', 'U1', 'P'],
    ]);
    expect(care?.lastVisitOn).toBe('2025-04-01');
    expect(describeState(state)).toMatchObject({ stage: 'LOOKED_AFTER', keyDates: { icpcTarget: '2025-02-03', proceedingsIssued: null } });
  });

  it('keeps each event\'s recorded machine version and its recorded time', () => {
    const events = read(V1_STREAM);
    expect(new Set(events.map((e) => e.machineVersion))).toEqual(new Set([1]));
    expect(events[0]).toMatchObject({ id: 'cmd-001:0', recordedAt: '2025-01-06T18:30:00.000Z' });
  });
});

describe('upcasting old event shapes on read', () => {
  it('is the identity for version 1 shapes today', () => {
    expect(MACHINE_VERSION).toBe(1);
    expect(UPCASTERS.get(1)?.({ type: 'CoreGroupHeld', data: {} })).toEqual({ type: 'CoreGroupHeld', data: {} });
    for (const stored of V1_STREAM) expect(upcastEvent(stored)).toEqual(stored);
  });

  // A synthetic older shape: suppose version 1 had recorded contacts with a flat `unborn` flag and `referralSource`,
  // and version 2 introduced today's `child` and `source`. The upcaster brings the old shape forward on read.
  const oldContact: StoredJourneyEvent = {
    id: 'old-1:0',
    type: 'ContactReceived',
    occurredAt: '2025-01-06',
    machineVersion: 1,
    data: { contactId: 'c1', childId: 'child-9', referralSource: '6', unborn: false, birthDate: '2012-04-04', concerns: 'x' },
  };
  const contactShapeV1toV2: Upcaster = (event) => {
    if (event.type !== 'ContactReceived') return event;
    const { referralSource, unborn, birthDate, ...rest } = event.data as Record<string, unknown>;
    return { type: event.type, data: { ...rest, source: referralSource, child: unborn ? { status: 'UNBORN', expectedDateOfBirth: birthDate } : { status: 'BORN', dateOfBirth: birthDate ?? null } } };
  };
  const future = { upcasters: new Map([[1, contactShapeV1toV2]]), currentVersion: 2 };

  it('brings an older shape to the current one, keeping the machine version that accepted it', () => {
    const event = upcastEvent(oldContact, future);
    expect(event).toEqual({
      id: 'old-1:0',
      type: 'ContactReceived',
      occurredAt: '2025-01-06',
      machineVersion: 1,
      data: { contactId: 'c1', childId: 'child-9', source: '6', child: { status: 'BORN', dateOfBirth: '2012-04-04' }, concerns: 'x' },
    });
    const state = fold([event]);
    expect(state.issues).toEqual([]);
    expect(state.context.child).toMatchObject({ status: 'BORN', dateOfBirth: '2012-04-04' });
  });

  it('without the upcaster the old shape is reported, never silently replayed', () => {
    const state = fold([upcastEvent(oldContact)]);
    expect(state.issues).toEqual([expect.objectContaining({ eventId: 'old-1:0', code: 'INVALID_DATA' })]);
  });

  it('refuses to read what it cannot understand', () => {
    expect(() => upcastEvent({ ...oldContact, machineVersion: 2 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_MACHINE_VERSION' }));
    expect(() => upcastEvent(oldContact, { upcasters: new Map(), currentVersion: 2 })).toThrow(expect.objectContaining({ code: 'MISSING_UPCASTER' }));
    expect(() => upcastEvent({ ...oldContact, type: 'SomethingElse' })).toThrow(JourneyReadError);
  });

  it('replays an event from a newer machine as an issue, not as a guess', () => {
    const [contact] = read(V1_STREAM);
    const state = fold([{ ...contact!, machineVersion: 2 }]);
    expect(state.issues).toEqual([expect.objectContaining({ eventId: 'cmd-001:0', code: 'ILLEGAL_TRANSITION' })]);
  });
});
