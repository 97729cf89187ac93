import type { NewEvent } from '@cje/event-store';
import { periodBounds, resolveRules, workingDayCalendar } from '@cje/timescales';
import { ProjectionRunner } from '../projection-runner.js';
import type { SqlQueries } from '../read-model-store.js';
import { type Stores, describeEachEngine, newEvent } from '../testing/projection-test-kit.contract.js';
import { caseloadSummary, unallocatedCases } from '../caseloads/caseload.queries.js';
import { longRunningPlans, repeatPlans } from '../indicators/plan.queries.js';
import { indicatorReport } from '../indicators/indicators.queries.js';
import { CASE_FACTS, CASE_FACTS_TABLES, CaseFactsProjection } from './case-facts.projection.js';
import { type DeadlineView, deadlinesDueSoon, overdueDeadlines, timescaleRates } from './deadline.queries.js';

const rules = resolveRules();
const calendar = workingDayCalendar();
const context = { rules, calendar };
const north = { userId: 'sw-1', role: 'social_worker', team: 'north' };
const south = { userId: 'sw-2', role: 'social_worker', team: 'south' };

type Step = [child: string, id: string, type: string, occurredAt: string, data?: Record<string, unknown>, actor?: typeof north];

/** Every row of every case-facts table, in key order: two read models are the same when these are equal. */
async function dump(store: SqlQueries): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of CASE_FACTS_TABLES) {
    result[table.name] = await store.all(`SELECT ${table.columnNames.join(', ')} FROM {{t:${table.name}}} ORDER BY ${table.key.join(', ')}`);
  }
  return result;
}

/** Another store records the same events at other instants; a clock keeps when its meeting event was recorded. */
function withoutRecordedAt(tables: Record<string, unknown[]>): Record<string, unknown[]> {
  return { ...tables, deadline: (tables.deadline ?? []).map((row) => ({ ...(row as object), met_recorded_at: null })) };
}

const placement = { place: 'U4', provider: 'PR1', distanceFromHomeMiles: 25, insideLocalAuthority: false };

describeEachEngine('case facts', (engine) => {
  let stores: Stores;
  let runner: ProjectionRunner;
  let projection: CaseFactsProjection;

  beforeEach(async () => {
    stores = await engine.create();
    projection = new CaseFactsProjection({ events: stores.events, rules, calendar });
    runner = new ProjectionRunner({ events: stores.events, readModels: stores.readModels, projections: [projection] });
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await stores.dispose();
  });

  /** Given these events appended one at a time (as commands record them), when the read models have caught up. */
  async function given(...steps: Step[]): Promise<number> {
    let position = 0;
    for (const [child, id, type, occurredAt, data = {}, actor = north] of steps) {
      const event: NewEvent = newEvent(id, type, data, actor, occurredAt);
      ({ position } = await stores.events.append(`child-${child}`, [event], { expectedRevision: 'any' }));
    }
    await runner.waitFor(position, 20_000);
    return position;
  }

  async function clocks(child: string, ruleId: string): Promise<Array<Record<string, unknown>>> {
    return stores.readModels.all(
      `SELECT clock_key, started_on, due_on, met_on, stopped_on, team FROM {{t:deadline}} WHERE child_id = ? AND rule_id = ? ORDER BY started_on, clock_key`,
      [child, ruleId],
    );
  }

  const protection: Step[] = [
    ['c1', 'k1', 'ContactReceived', '2024-12-18', { contactId: 'k1', childId: 'c1', source: '6', child: { status: 'BORN', dateOfBirth: '2016-03-02' }, concerns: '-' }],
    ['c1', 'm1', 'MashDecisionMade', '2024-12-18', { contactId: 'k1', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }],
    ['c1', 'r1', 'ReferralOpened', '2024-12-18', { episodeNumber: 1, contactIds: ['k1'], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }],
    ['c1', 'sd1', 'StrategyDiscussionHeld', '2024-12-19', { outcome: 'S47_ENQUIRY', agencies: ['POLICE'], emergency: false }],
    ['c1', 's1', 'S47EnquiryStarted', '2024-12-20', { strategyDiscussionDate: '2024-12-19', icpcTargetDate: '2025-01-14' }],
  ];

  it('dates an ICPC 15 working days after the strategy discussion, across Christmas and New Year', async () => {
    await given(...protection);
    // Thu 19 Dec 2024 + 15 WD, skipping 25, 26 Dec and 1 Jan: Tue 14 Jan 2025.
    expect(await clocks('c1', 'icpc')).toEqual([{ clock_key: 'icpc:s1', started_on: '2024-12-19', due_on: '2025-01-14', met_on: null, stopped_on: null, team: 'north' }]);
    const overdue = await overdueDeadlines(stores.readModels, context, { asOf: '2025-01-15', scope: {}, limit: 10 });
    expect(overdue.items.map((d) => [d.ruleId, d.dueOn, d.status, d.daysOverdue, d.workingDaysOverdue])).toContainEqual(['icpc', '2025-01-14', 'overdue', 1, 1]);
    const onTheDay = await overdueDeadlines(stores.readModels, context, { asOf: '2025-01-14', scope: {}, limit: 10 });
    expect(onTheDay.items.map((d) => d.ruleId)).not.toContain('icpc');
  });

  it('steps a plan across Easter: visits every 10 working days, met by the effective date even when recorded late', async () => {
    await given(
      ...protection,
      ['c1', 'ic1', 'IcpcHeld', '2025-04-16', { outcome: 'PLAN', category: 'NEG', targetDate: '2025-01-14' }],
      ['c1', 'p1', 'ChildProtectionPlanStarted', '2025-04-16', { category: 'NEG', icpcDate: '2025-04-16', planNumber: 1 }],
      // Recorded today, long after the due date, but done on Thu 1 May: in time.
      ['c1', 'v1', 'ChildProtectionVisitMade', '2025-05-01', { childSeen: true, seenAlone: true }],
    );
    // Wed 16 Apr 2025 + 10 WD, skipping Good Friday 18 Apr and Easter Monday 21 Apr: Fri 2 May.
    expect(await clocks('c1', 'cp-visit')).toEqual([
      { clock_key: 'cp-visit:p1', started_on: '2025-04-16', due_on: '2025-05-02', met_on: '2025-05-01', stopped_on: null, team: null },
      // Thu 1 May + 10 WD, skipping the early May bank holiday (Mon 5 May): Fri 16 May.
      { clock_key: 'cp-visit:v1', started_on: '2025-05-01', due_on: '2025-05-16', met_on: null, stopped_on: null, team: 'north' },
    ]);
    expect(await clocks('c1', 'icpc')).toEqual([expect.objectContaining({ met_on: '2025-04-16', due_on: '2025-01-14' })]);
    const [icpc] = await timescaleRates(stores.readModels, context, { period: periodBounds('quarter', '2025-04-16'), scope: {}, ruleId: 'icpc' });
    expect(icpc).toMatchObject({ completed: 1, inTimescale: 0, metLate: 1, rate: 0 });
    const first = await clocks('c1', 'first-cp-review');
    expect(first).toEqual([expect.objectContaining({ due_on: '2025-07-16' })]);
  });

  it('treats an event recorded after a later one exactly as if recorded in date order', async () => {
    const plan: Step[] = [
      ...protection,
      ['c1', 'ic1', 'IcpcHeld', '2025-01-13', { outcome: 'PLAN', category: 'PHY', targetDate: '2025-01-14' }],
      ['c1', 'p1', 'ChildProtectionPlanStarted', '2025-01-13', { category: 'PHY', icpcDate: '2025-01-13', planNumber: 1 }],
    ];
    await given(
      ...plan,
      ['c1', 'cg1', 'CoreGroupHeld', '2025-01-22'],
      // Done on Mon 20 Jan, recorded after the core group of the 22nd.
      ['c1', 'v1', 'ChildProtectionVisitMade', '2025-01-20', { childSeen: true, seenAlone: false }],
    );
    const late = await dump(stores.readModels);
    expect(projection.stats.replays).toBeGreaterThan(0);

    const other = await engine.create();
    try {
      const inOrder = new ProjectionRunner({ events: other.events, readModels: other.readModels, projections: [new CaseFactsProjection({ events: other.events })] });
      await inOrder.start();
      let position = 0;
      for (const [child, id, type, occurredAt, data = {}] of [...plan, ['c1', 'v1', 'ChildProtectionVisitMade', '2025-01-20', { childSeen: true, seenAlone: false }], ['c1', 'cg1', 'CoreGroupHeld', '2025-01-22']] as Step[]) {
        ({ position } = await other.events.append(`child-${child}`, [newEvent(id, type, data, north, occurredAt)], { expectedRevision: 'any' }));
      }
      await inOrder.waitFor(position, 20_000);
      expect(withoutRecordedAt(await dump(other.readModels))).toEqual(withoutRecordedAt(late));
      await inOrder.stop();
    } finally {
      await other.dispose();
    }
  });

  it('applies corrections and voids: a corrected date moves the deadlines, a voided visit reopens its clock', async () => {
    await given(
      ...protection,
      ['c1', 'ic1', 'IcpcHeld', '2025-01-13', { outcome: 'PLAN', category: 'PHY', targetDate: '2025-01-14' }],
      ['c1', 'p1', 'ChildProtectionPlanStarted', '2025-01-13', { category: 'PHY', icpcDate: '2025-01-13', planNumber: 1 }],
      ['c1', 'v1', 'ChildProtectionVisitMade', '2025-01-20', { childSeen: true, seenAlone: false }],
    );
    // Mon 13 Jan + 10 WD = Mon 27 Jan; the visit of Mon 20 Jan meets it and starts one due Mon 3 Feb.
    expect((await clocks('c1', 'cp-visit')).map((c) => [c.clock_key, c.due_on, c.met_on])).toEqual([
      ['cp-visit:p1', '2025-01-27', '2025-01-20'],
      ['cp-visit:v1', '2025-02-03', null],
    ]);

    await given(['c1', 'fix1', 'EventCorrected', '2025-02-05', { eventId: 'v1', eventType: 'ChildProtectionVisitMade', data: { childSeen: true, seenAlone: false }, occurredAt: '2025-01-29', reason: 'wrong date' }]);
    // The visit was on Wed 29 Jan: the first clock met late; the next is due Wed 12 Feb.
    expect((await clocks('c1', 'cp-visit')).map((c) => [c.clock_key, c.due_on, c.met_on])).toEqual([
      ['cp-visit:p1', '2025-01-27', '2025-01-29'],
      ['cp-visit:v1', '2025-02-12', null],
    ]);

    await given(['c1', 'void1', 'EventVoided', '2025-02-06', { eventId: 'v1', eventType: 'ChildProtectionVisitMade', reason: 'recorded on the wrong child' }]);
    expect((await clocks('c1', 'cp-visit')).map((c) => [c.clock_key, c.due_on, c.met_on])).toEqual([['cp-visit:p1', '2025-01-27', null]]);
    const overdue = await overdueDeadlines(stores.readModels, context, { asOf: '2025-02-06', scope: { team: 'north' }, limit: 50 });
    expect(overdue.items.find((d: DeadlineView) => d.ruleId === 'cp-visit')).toMatchObject({ clockKey: 'cp-visit:p1', daysOverdue: 10, workingDaysOverdue: 8 });
  });

  it('moves open clocks with the child to its new team and worker, and keeps each team to its own children', async () => {
    await given(
      ['c1', 'k1', 'ContactReceived', '2025-05-23', { contactId: 'k1', childId: 'c1', source: '2A', child: { status: 'BORN', dateOfBirth: '2012-01-01' }, concerns: '-' }],
      ['c2', 'k2', 'ContactReceived', '2025-05-23', { contactId: 'k2', childId: 'c2', source: '2A', child: { status: 'BORN', dateOfBirth: null }, concerns: '-' }, south],
    );
    // Fri 23 May 2025 + 1 WD, over the spring bank holiday (Mon 26 May): Tue 27 May.
    expect(await clocks('c1', 'mash-decision')).toEqual([expect.objectContaining({ due_on: '2025-05-27', team: 'north' })]);
    const northOnly = await overdueDeadlines(stores.readModels, context, { asOf: '2025-06-01', scope: { team: 'north' }, limit: 10 });
    expect(northOnly.items.map((d) => d.childId)).toEqual(['c1']);
    expect(northOnly.total).toBe(1);

    await given(
      ['c1', 'm1', 'MashDecisionMade', '2025-05-27', { contactId: 'k1', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }],
      ['c1', 'r1', 'ReferralOpened', '2025-05-28', { episodeNumber: 1, contactIds: ['k1'], source: '2A', primaryNeed: 'N4', reReferral: false, previousReferralDate: null, emergency: false }],
      ['c1', 'a1', 'CaseAllocated', '2025-05-29', { workerId: 'sw-9', teamId: 'south' }],
    );
    const southNow = await deadlinesDueSoon(stores.readModels, context, { asOf: '2025-06-02', workingDays: 60, scope: { team: 'south' }, limit: 10 });
    expect(southNow.items.map((d) => [d.childId, d.ruleId, d.team, d.workerId])).toEqual(
      expect.arrayContaining([
        ['c1', 'case-supervision', 'south', 'sw-9'],
        ['c1', 'assessment', 'south', 'sw-9'],
      ]),
    );
    const northNow = await deadlinesDueSoon(stores.readModels, context, { asOf: '2025-06-02', workingDays: 60, scope: { team: 'north' }, limit: 10 });
    expect(northNow.items).toEqual([]);
    expect((await overdueDeadlines(stores.readModels, context, { asOf: '2025-06-02', scope: { workerId: 'sw-9' }, limit: 10 })).items).toEqual([]);

    const summary = await caseloadSummary(stores.readModels, { scope: {}, limit: 10 });
    expect(summary.cases).toMatchObject({ total: 1, CIN: 1 });
    expect(summary.workers.items).toEqual([{ workerId: 'sw-9', team: 'south', cases: expect.objectContaining({ total: 1, CIN: 1 }) }]);
    expect((await unallocatedCases(stores.readModels, { scope: {}, limit: 10 })).total).toBe(0);
    // Unallocated, the case is back with the team that recorded the child first (the access policy's rule).
    await given(['c1', 'd1', 'CaseDeallocated', '2025-06-03', { reason: 'worker left' }]);
    expect((await unallocatedCases(stores.readModels, { scope: { team: 'south' }, limit: 10 })).items).toEqual([]);
    expect((await unallocatedCases(stores.readModels, { scope: { team: 'north' }, limit: 10 })).items).toEqual([
      { childId: 'c1', team: 'north', caseType: 'CIN', openSince: '2025-05-28' },
    ]);
    expect((await clocks('c1', 'case-supervision')).map((c) => c.team)).toEqual(['north']);
  });

  it('pages through overdue clocks worst first, with a cursor', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 7; i++) {
      steps.push([`p${i}`, `k${i}`, 'ContactReceived', `2025-03-0${i + 1}`, { contactId: `k${i}`, childId: `p${i}`, source: '9', child: { status: 'BORN', dateOfBirth: null }, concerns: '-' }]);
    }
    await given(...steps);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await overdueDeadlines(stores.readModels, context, { asOf: '2025-04-01', scope: {}, limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(7);
      seen.push(...page.items.map((d) => d.childId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });

  it('ignores events it does not know and streams that are not a child', async () => {
    await given(
      ['c1', 'k1', 'ContactReceived', '2025-03-03', { contactId: 'k1', childId: 'c1', source: '9', child: { status: 'BORN', dateOfBirth: null }, concerns: '-' }],
      ['c1', 'x1', 'SomethingAddedNextYear', '2025-03-04', { whatever: [1] }],
      ['c1', 'x2', 'CaseAllocated', '2025-03-05', { workerId: 42 }],
    );
    await stores.events.append('team-north', [newEvent('t1', 'CaseAllocated', { workerId: 'w' }, north)], { expectedRevision: 'any' });
    // Recorded by a newer build of the journey than this one: skipped, not fatal.
    const newer = newEvent('x3', 'CinPlanStarted', { fromChildProtectionPlan: false }, north, '2025-03-06');
    await stores.events.append('child-c1', [{ ...newer, metadata: { ...newer.metadata, machineVersion: 99 } }], { expectedRevision: 'any' });
    const position = await given(['c1', 'x4', 'CinVisitMade', '2025-03-07', { childSeen: true }]);
    expect((await runner.status())[0]).toMatchObject({ state: 'live', checkpoint: position });
    expect(await stores.readModels.get('SELECT count(*) AS n FROM {{t:caseload}}')).toEqual({ n: 1 });
  });

  it('counts the facts indicators are made of, and lists long and repeat plans', async () => {
    await given(
      ...protection,
      ['c1', 'ic1', 'IcpcHeld', '2025-01-13', { outcome: 'PLAN', category: 'PHY', targetDate: '2025-01-14' }],
      ['c1', 'p1', 'ChildProtectionPlanStarted', '2025-01-13', { category: 'PHY', icpcDate: '2025-01-13', planNumber: 2 }],
      ['c3', 'l1', 'ContactReceived', '2023-01-02', { contactId: 'l1', childId: 'c3', source: '6', child: { status: 'BORN', dateOfBirth: '2015-06-01' }, concerns: '-' }],
      ['c3', 'lr', 'ReferralOpened', '2023-01-03', { episodeNumber: 1, contactIds: ['l1'], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }],
      ['c3', 'la', 'BecameLookedAfter', '2023-01-04', { legalStatus: 'C2', placement, categoryOfNeed: 'N1', reasonNewEpisode: 'S' }],
      ['c3', 'lp', 'ChildProtectionPlanStarted', '2023-01-10', { category: 'NEG', icpcDate: '2023-01-10', planNumber: 1 }],
    );
    const report = await indicatorReport(stores.readModels, { period: periodBounds('financial_year', '2025-01-20'), asOf: '2025-01-31', scope: {}, population: 10_000 });
    const value = (id: string): unknown => report.indicators.find((i) => i.id === id)?.value;
    expect(value('contacts')).toBe(1);
    expect(value('referrals')).toBe(1);
    expect(value('contacts_to_referral')).toBe(100);
    expect(value('s47_enquiries')).toBe(1);
    expect(value('children_on_cpp')).toBe(2);
    expect(value('children_on_cpp_rate')).toBe(2);
    expect(value('cpp_open_2_years_plus')).toBe(1);
    expect(value('cpp_second_or_subsequent')).toBe(100);
    expect(value('looked_after')).toBe(1);
    expect(value('lac_placed_outside_over_20_miles')).toBe(100);
    expect(report.months.map((m) => m.period.label)).toEqual(['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01']);
    const teamReport = await indicatorReport(stores.readModels, { period: periodBounds('month', '2025-01-20'), asOf: '2025-01-31', scope: { team: 'south' }, population: 10_000 });
    expect(teamReport.population).toBeNull();
    expect(teamReport.indicators.find((i) => i.id === 'children_on_cpp')?.value).toBe(0);

    const long = await longRunningPlans(stores.readModels, { asOf: '2025-01-31', months: 18, scope: {}, limit: 10 });
    expect(long.items.map((p) => [p.childId, p.kind, p.monthsOnPlan])).toEqual([['c3', 'CPP', 24]]);
    const repeat = await repeatPlans(stores.readModels, { asOf: '2025-01-31', scope: { team: 'north' }, limit: 10 });
    expect(repeat.items.map((p) => [p.childId, p.planNumber])).toEqual([['c1', 2]]);
  });

  it('builds the same read model again from the log, with or without the children in memory', async () => {
    const steps: Step[] = [...protection];
    for (let i = 0; i < 12; i++) {
      const day = `2025-02-${String(3 + i).padStart(2, '0')}`;
      steps.push(['c1', `v${i}`, i % 3 === 2 ? 'CoreGroupHeld' : 'ChildProtectionVisitMade', day, { childSeen: i % 2 === 0, seenAlone: false }]);
      steps.push([`n${i}`, `n${i}`, 'ContactReceived', day, { contactId: `n${i}`, childId: `n${i}`, source: '9', child: { status: 'BORN', dateOfBirth: '2010-02-28' }, concerns: '-' }, i % 2 ? south : north]);
    }
    steps.splice(8, 0, ['c1', 'ic1', 'IcpcHeld', '2025-01-13', { outcome: 'PLAN', category: 'PHY', targetDate: '2025-01-14' }], ['c1', 'p1', 'ChildProtectionPlanStarted', '2025-01-13', { category: 'PHY', icpcDate: '2025-01-13', planNumber: 1 }]);
    const position = await given(...steps);
    const first = await dump(stores.readModels);
    expect(first.deadline?.length).toBeGreaterThan(10);

    await runner.rebuild(CASE_FACTS);
    expect(await dump(stores.readModels)).toEqual(first);

    // A cache of one child (trimmed after each batch of three events) forces most events through a restore from the
    // child's stream.
    const other = await engine.create();
    try {
      const small = new CaseFactsProjection({ events: other.events, cacheSize: 1 });
      const fresh = new ProjectionRunner({ events: other.events, readModels: other.readModels, projections: [small], rebuildBatchSize: 3, buildByStream: false });
      let last = 0;
      for (const [child, id, type, occurredAt, data = {}, actor = north] of steps) {
        ({ position: last } = await other.events.append(`child-${child}`, [newEvent(id, type, data, actor, occurredAt)], { expectedRevision: 'any' }));
      }
      expect(last).toBe(position);
      await fresh.start();
      await fresh.waitFor(position, 20_000);
      expect(small.stats.restores).toBeGreaterThan(0);
      expect(withoutRecordedAt(await dump(other.readModels))).toEqual(withoutRecordedAt(first));
      await fresh.stop();
    } finally {
      await other.dispose();
    }
  });
});
