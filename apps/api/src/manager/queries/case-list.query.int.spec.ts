import { CaseFactsProjection, ProjectionRunner } from '@cje/projections';
import { resolveRules, workingDayCalendar } from '@cje/timescales';
import { type Stores, describeEachEngine, newEvent } from '../../../../../libs/projections/src/testing/projection-test-kit.contract.js';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError } from '../../auth/auth.errors.js';
import { ManagerSettings } from '../manager-settings.js';
import { CaseListHandler, CaseListQuery, type CaseListRequest } from './case-list.query.js';
import type { ManagerQueryContext } from './manager-query-context.js';

const rules = resolveRules();
const calendar = workingDayCalendar();
const AS_OF = '2025-03-03';

const user = (userId: string, role: Principal['role'], team: string): Principal => ({ userId, role, team, displayName: userId });
const SW = user('sw-1', 'social_worker', 'north');
const TM = user('tm-1', 'team_manager', 'north');
const HOS = user('hos', 'head_of_service', 'service');

const actor = (team: string) => ({ userId: `someone-${team}`, role: 'social_worker', team });

/** A child referred on a day by a team, allocated to a worker when given. */
function referral(child: string, team: string, on: string, workerId?: string) {
  const events = [
    newEvent(`${child}-k`, 'ContactReceived', { contactId: `${child}-k`, childId: child, source: '6', child: { status: 'BORN', dateOfBirth: '2016-03-02' }, concerns: '-' }, actor(team), on),
    newEvent(`${child}-m`, 'MashDecisionMade', { contactId: `${child}-k`, decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }, actor(team), on),
    newEvent(`${child}-r`, 'ReferralOpened', { episodeNumber: 1, contactIds: [`${child}-k`], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }, actor(team), on),
  ];
  if (workerId) events.push(newEvent(`${child}-a`, 'CaseAllocated', { workerId, teamId: team }, actor(team), on));
  return events;
}

describeEachEngine('the case list (caseloads one case at a time)', (engine) => {
  let stores: Stores;
  let runner: ProjectionRunner;
  let handler: CaseListHandler;

  beforeAll(async () => {
    stores = await engine.create();
    runner = new ProjectionRunner({ events: stores.events, readModels: stores.readModels, projections: [new CaseFactsProjection({ events: stores.events, rules, calendar })] });
    await runner.start();
    for (const [child, team, on, worker] of [
      ['c-north-mine', 'north', '2025-02-03', 'sw-1'],
      ['c-north-open', 'north', '2025-01-06', undefined],
      ['c-north-other', 'north', '2025-01-20', 'sw-2'],
      ['c-south', 'south', '2025-01-13', 'sw-9'],
    ] as const) {
      await stores.events.append(`child-${child}`, referral(child, team, on, worker), { expectedRevision: 'no_stream' });
    }
    // A contact that went no further is no open case.
    const { position } = await stores.events.append('child-c-contact', [newEvent('c-contact-k', 'ContactReceived', { contactId: 'c-contact-k', childId: 'c-contact', source: '6', child: { status: 'BORN', dateOfBirth: '2016-03-02' }, concerns: '-' }, actor('north'), '2025-02-10')], { expectedRevision: 'no_stream' });
    await runner.waitFor(position, 20_000);
    const context: ManagerQueryContext = { store: stores.readModels, settings: new ManagerSettings(rules, calendar, 110_000) };
    handler = new CaseListHandler(context);
  }, 60_000);

  afterAll(async () => {
    await runner?.stop();
    await stores?.dispose();
  });

  const ask = (who: Principal, request: Partial<CaseListRequest> = {}) =>
    handler.execute(new CaseListQuery(who, { sort: 'due', asOf: AS_OF, limit: 20, offset: 0, ...request }));

  /** The open clocks' earliest due date, read straight from the table. */
  async function firstDue(child: string): Promise<string | undefined> {
    const row = await stores.readModels.get<{ due: string | null }>('SELECT min(due_on) AS due FROM {{t:deadline}} WHERE child_id = ? AND closed_on IS NULL AND started_on <= ?', [child, AS_OF]);
    return row?.due ?? undefined;
  }

  it('gives a social worker the cases allocated to them', async () => {
    const list = await ask(SW, { workerId: 'sw-1' });
    expect(list.items.map((i) => i.childId)).toEqual(['c-north-mine']);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ team: 'north', workerId: 'sw-1', caseType: 'CIN', openSince: '2025-02-03' });
  });

  it('gives a team manager the team’s open cases, allocated or not, the next deadline first', async () => {
    const list = await ask(TM);
    expect(list.total).toBe(3);
    const dues = await Promise.all(list.items.map((i) => firstDue(i.childId)));
    expect(dues.every((d) => d !== undefined)).toBe(true);
    expect([...dues].sort()).toEqual(dues);
    for (const [index, item] of list.items.entries()) {
      expect(item.nextDeadline?.dueOn).toBe(dues[index]);
      expect(item.nextDeadline?.overdue).toBe((dues[index] ?? '') < AS_OF);
      expect(item.nextDeadline?.name).not.toBe(item.nextDeadline?.ruleId);
      expect(item.nextDeadline?.source).not.toBe('');
    }
    expect(list.items.map((i) => i.childId).sort()).toEqual(['c-north-mine', 'c-north-open', 'c-north-other']);
    expect(list.items.find((i) => i.childId === 'c-north-open')?.workerId).toBeNull();
  });

  it('narrows to unallocated cases, to a case type, and pages and sorts', async () => {
    expect((await ask(TM, { unallocated: true })).items.map((i) => i.childId)).toEqual(['c-north-open']);
    expect((await ask(TM, { caseType: 'CP' })).total).toBe(0);
    expect((await ask(TM, { caseType: 'CIN' })).total).toBe(3);
    const page2 = await ask(TM, { sort: 'child', limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, items: [expect.objectContaining({ childId: 'c-north-other' })] });
    expect((await ask(TM, { sort: 'open' })).items.map((i) => i.openSince)).toEqual(['2025-01-06', '2025-01-20', '2025-02-03']);
  });

  it('gives the head of service every team’s cases, and refuses a team worker another team', async () => {
    expect((await ask(HOS)).items.map((i) => i.childId).sort()).toEqual(['c-north-mine', 'c-north-open', 'c-north-other', 'c-south']);
    await expect(ask(SW, { team: 'south' })).rejects.toBeInstanceOf(ForbiddenError);
    // A worker of another team named by a north manager: nothing of the south team shows.
    expect((await ask(TM, { workerId: 'sw-9' })).items).toEqual([]);
  });
});
