import fc from 'fast-check';
import { type Deadline, type TimelineEvent, addDays, evaluateDeadlines, resolveRules, workingDayCalendar } from '@cje/timescales';
import { type ClockChange, type DeadlineState, DeadlineTracker, newDeadlineState } from './deadline-tracker.js';

const rules = resolveRules();
const calendar = workingDayCalendar();
const tracker = new DeadlineTracker(rules, calendar);
/** The read model keeps every clock "as of the end of time"; a query narrows it to its own day. */
const END_OF_TIME = '2150-01-01';

interface Comparable {
  key: string;
  ruleId: string;
  edition: string;
  clockVariant: string | null;
  startedOn: string;
  startedBy: string | null;
  dueOn: string;
  metOn: string | null;
  metBy: string | null;
  stoppedOn: string | null;
  stoppedBy: string | null;
}

function fromEvaluator(deadlines: readonly Deadline[]): Comparable[] {
  return deadlines
    .map((d) => ({
      key: d.key,
      ruleId: d.ruleId,
      edition: d.edition,
      clockVariant: d.clockVariant ?? null,
      startedOn: d.startedOn,
      startedBy: d.startedBy.eventId ?? null,
      dueOn: d.dueOn,
      metOn: d.metOn ?? null,
      metBy: d.metBy?.eventId ?? null,
      stoppedOn: d.stoppedOn ?? null,
      stoppedBy: d.stoppedBy?.eventId ?? null,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function fold(changes: readonly ClockChange[]): Comparable[] {
  const rows = new Map<string, Comparable>();
  for (const change of changes) {
    const { clock } = change;
    const row: Comparable = rows.get(clock.key) ?? {
      key: clock.key,
      ruleId: clock.rule.id,
      edition: clock.rule.edition,
      clockVariant: clock.clockVariant ?? null,
      startedOn: clock.startedOn,
      startedBy: clock.startedById ?? null,
      dueOn: clock.dueOn,
      metOn: null,
      metBy: null,
      stoppedOn: null,
      stoppedBy: null,
    };
    if (change.kind === 'met') Object.assign(row, { metOn: change.on, metBy: change.eventId ?? null });
    if (change.kind === 'stopped') Object.assign(row, { stoppedOn: change.on, stoppedBy: change.eventId ?? null });
    rows.set(clock.key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The tracker's way: effective-date order (stable), one step per event, then the birthdays still to come. */
function track(timeline: readonly TimelineEvent[]): Comparable[];
function track(timeline: readonly TimelineEvent[], options: { keepState: true }): { state: DeadlineState; changes: ClockChange[] };
function track(timeline: readonly TimelineEvent[], options?: { keepState: true }): Comparable[] | { state: DeadlineState; changes: ClockChange[] } {
  let dateOfBirth: string | undefined;
  for (const event of timeline) dateOfBirth = tracker.dateOfBirthIn(event.data ?? {}, dateOfBirth);
  const state = newDeadlineState(dateOfBirth);
  const changes: ClockChange[] = [];
  const ordered = timeline.map((event, index) => ({ event, index })).sort((a, b) =>
    a.event.occurredAt < b.event.occurredAt ? -1 : a.event.occurredAt > b.event.occurredAt ? 1 : a.index - b.index,
  );
  for (const { event } of ordered) {
    tracker.step(state, { id: event.id ?? '', type: event.type, on: event.occurredAt, data: event.data ?? {} }, changes);
  }
  if (options?.keepState) return { state, changes };
  for (const clock of tracker.pendingBirthdayClocks(state)) changes.push({ kind: 'opened', clock });
  return fold(changes);
}

/**
 * The projection's way: events in the order recorded, stepped one by one; one dated before the latest stepped, or a
 * date of birth that cannot be learned late, replays the child so far from scratch.
 */
function trackIncrementally(timeline: readonly TimelineEvent[]): Comparable[] {
  let state = newDeadlineState();
  let changes: ClockChange[] = [];
  timeline.forEach((event, i) => {
    const dateOfBirth = tracker.dateOfBirthIn(event.data ?? {}, state.dateOfBirth);
    const late = state.lastOn !== undefined && event.occurredAt < state.lastOn;
    const learned = dateOfBirth === state.dateOfBirth || late || state.order === 0 || (dateOfBirth !== undefined && tracker.learnDateOfBirth(state, dateOfBirth, changes));
    if (late || !learned) {
      const rows = track(timeline.slice(0, i + 1), { keepState: true });
      state = rows.state;
      changes = rows.changes;
      return;
    }
    if (state.order === 0) state.dateOfBirth = dateOfBirth;
    tracker.step(state, { id: event.id ?? '', type: event.type, on: event.occurredAt, data: event.data ?? {} }, changes);
  });
  const all = [...changes, ...tracker.pendingBirthdayClocks(state).map((clock) => ({ kind: 'opened' as const, clock }))];
  return fold(all);
}

const placement = (place: string) => ({ placement: { place, provider: 'PR1', distanceFromHomeMiles: 3, insideLocalAuthority: true } });

/** Event shapes the rules react to, with the data variants their conditions read. */
const EVENT_KINDS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['ContactReceived', { contactId: 'k1', child: { status: 'BORN', dateOfBirth: '2012-03-10' } }],
  ['ContactReceived', { contactId: 'k2', child: { status: 'BORN', dateOfBirth: null } }],
  ['MashDecisionMade', { contactId: 'k1', decision: 'REFER_TO_CSC' }],
  ['MashDecisionMade', { contactId: 'k2', decision: 'NFA' }],
  ['MashDecisionMade', { decision: 'NFA' }],
  ['DateOfBirthRecorded', { dateOfBirth: '2009-07-31', wasUnborn: false }],
  ['ReferralOpened', { episodeNumber: 1 }],
  ['ReferralClosedNoFurtherAction', { episodeNumber: 1 }],
  ['CaseAllocated', { workerId: 'w1', teamId: 'north' }],
  ['SupervisionRecorded', { supervisorId: 'm1' }],
  ['AssessmentAuthorised', { assessmentId: 'a1', outcome: 'CIN_PLAN' }],
  ['CinPlanStarted', { fromChildProtectionPlan: false }],
  ['CinVisitMade', { childSeen: true }],
  ['CinVisitMade', { childSeen: false }],
  ['CinPlanReviewed', {}],
  ['CinPlanEnded', { reason: 'OTHER' }],
  ['StrategyDiscussionHeld', { outcome: 'S47_ENQUIRY' }],
  ['S47EnquiryStarted', { strategyDiscussionDate: '2015-06-01' }],
  ['S47EnquiryStarted', {}],
  ['S47EnquiryConcluded', { outcome: 'ICPC_NOT_REQUIRED' }],
  ['S47EnquiryConcluded', { outcome: 'ICPC_REQUIRED' }],
  ['IcpcHeld', { outcome: 'PLAN' }],
  ['ChildProtectionPlanStarted', { category: 'NEG', planNumber: 1 }],
  ['CoreGroupHeld', {}],
  ['ChildProtectionVisitMade', { childSeen: true }],
  ['ReviewConferenceHeld', { planContinues: true }],
  ['ChildProtectionPlanEnded', { reason: 'CLOSURE' }],
  ['BecameLookedAfter', placement('U4')],
  ['BecameLookedAfter', placement('R1')],
  ['PlacementChanged', placement('U1')],
  ['PlacementChanged', { ...placement('U3'), intendedToLastUntil18: true }],
  ['PlacementChanged', { ...placement('U4'), childAgreesToLessFrequentVisits: true }],
  ['CarePlanRecorded', {}],
  ['PlacementPlanRecorded', {}],
  ['LacReviewHeld', {}],
  ['LacVisitMade', { childSeen: true }],
  ['HealthAssessmentRecorded', { kind: 'INITIAL' }],
  ['PersonalEducationPlanRecorded', {}],
  ['CareProceedingsIssued', {}],
  ['FinalOrderMade', {}],
  ['CareProceedingsWithdrawn', {}],
  ['AdoptionDecisionMade', {}],
  ['PlacementOrderGranted', {}],
  ['MatchedWithAdopters', {}],
  ['PlacedForAdoption', { place: 'A5' }],
  ['AdoptionDecisionReversed', {}],
  ['CeasedLookedAfter', { reasonEpisodeCeased: 'E13', careLeaver: true }],
  ['PathwayPlanRecorded', {}],
  ['PathwayPlanReviewed', {}],
  ['CareLeaverServicesEnded', {}],
  ['CaseClosed', { episodeNumber: 1 }],
  ['SomethingAddedNextYear', { whatever: true }],
];

/** A timeline as recorded: mostly in date order with gaps of days to months, sometimes recorded out of order. */
const timelines = fc
  .tuple(
    fc.date({ min: new Date('2009-01-01T00:00:00Z'), max: new Date('2024-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.array(
      fc.record({
        kind: fc.integer({ min: 0, max: EVENT_KINDS.length - 1 }),
        gap: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 4, max: 40 }), fc.integer({ min: 41, max: 400 })),
        backdated: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
      }),
      { minLength: 1, maxLength: 60 },
    ),
  )
  .map(([start, steps]) => {
    let day = start.toISOString().slice(0, 10);
    return steps.map(({ kind, gap, backdated }, i): TimelineEvent => {
      day = addDays(day, gap);
      const [type, data] = EVENT_KINDS[kind]!;
      return { id: `e${i}`, type, occurredAt: addDays(day, -backdated), data };
    });
  });

describe('DeadlineTracker', () => {
  it('keeps the same deadlines as evaluateDeadlines over the whole timeline, on random timelines', () => {
    fc.assert(
      fc.property(timelines, (timeline) => {
        expect(track(timeline)).toEqual(fromEvaluator(evaluateDeadlines({ timeline, asOf: END_OF_TIME, rules, calendar })));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same deadlines stepping events in the order recorded, replaying only when it must', () => {
    fc.assert(
      fc.property(timelines, (timeline) => {
        expect(trackIncrementally(timeline)).toEqual(fromEvaluator(evaluateDeadlines({ timeline, asOf: END_OF_TIME, rules, calendar })));
      }),
      { numRuns: 400 },
    );
  });

  it('replays when a date of birth arrives after something that depended on the age (a PEP clock for a toddler)', () => {
    const timeline: TimelineEvent[] = [
      { id: 'l', type: 'BecameLookedAfter', occurredAt: '2019-05-01', data: placement('U6') },
      { id: 'c', type: 'ContactReceived', occurredAt: '2019-05-02', data: { contactId: 'c', child: { status: 'BORN', dateOfBirth: '2017-03-10' } } },
    ];
    const expected = fromEvaluator(evaluateDeadlines({ timeline, asOf: END_OF_TIME, rules, calendar }));
    expect(expected.filter((d) => d.ruleId === 'pep').map((d) => d.key)).toEqual(['pep:birthday-5']);
    expect(trackIncrementally(timeline)).toEqual(expected);
  });

  it('counts a birthday still to come: a child in care at 16 gets a pathway plan clock with no event since', () => {
    const timeline: TimelineEvent[] = [
      { id: 'c', type: 'ContactReceived', occurredAt: '2020-01-06', data: { contactId: 'c', child: { status: 'BORN', dateOfBirth: '2008-05-01' } } },
      { id: 'l', type: 'BecameLookedAfter', occurredAt: '2020-02-03', data: placement('U4') },
    ];
    const clocks = track(timeline).filter((d) => d.ruleId === 'pathway-plan');
    expect(clocks).toEqual([expect.objectContaining({ key: 'pathway-plan:birthday-16', startedOn: '2024-05-01', dueOn: '2024-08-01', metOn: null })]);
  });

  it('steps a met deadline at once: a CP visit in time meets its clock and starts the next', () => {
    const state = newDeadlineState();
    const changes: ClockChange[] = [];
    tracker.step(state, { id: 'p', type: 'ChildProtectionPlanStarted', on: '2025-01-06', data: { category: 'NEG' } }, changes);
    const opened = changes.filter((c) => c.kind === 'opened').map((c) => c.clock.key);
    expect(opened).toEqual(expect.arrayContaining(['cp-visit:p', 'first-core-group:p', 'first-cp-review:p']));
    changes.length = 0;
    tracker.step(state, { id: 'v', type: 'ChildProtectionVisitMade', on: '2025-01-17', data: { childSeen: true } }, changes);
    expect(changes.map((c) => [c.kind, c.clock.key, c.clock.dueOn])).toEqual([
      ['met', 'cp-visit:p', '2025-01-20'],
      ['opened', 'cp-visit:v', '2025-01-31'],
    ]);
  });
});
