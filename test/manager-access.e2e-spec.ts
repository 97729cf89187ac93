import { randomBytes } from 'node:crypto';
import type { EventStore, NewEvent } from '@cje/event-store';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { childApi, newChildContact, type Answer } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const surname = () => `Access${Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** Every list of children the manager API offers, asked so that each of them has rows from both teams. */
const LISTS = [
  '/manager/deadlines/overdue?asOf=2025-06-30&limit=500',
  '/manager/deadlines/due-soon?asOf=2025-01-07&workingDays=60&limit=500',
  '/manager/caseloads/unallocated?limit=500',
  '/manager/plans/long-running?asOf=2025-06-30&limit=500',
  '/manager/plans/repeat?asOf=2025-06-30&limit=500',
] as const;
const REPORTS = ['/manager/caseloads', '/manager/deadlines/rates?period=financial_year&date=2025-01-31', '/manager/indicators?period=financial_year&date=2025-01-31&asOf=2025-06-30'] as const;

describe('manager queries over HTTP: who sees which rows', () => {
  let t: TestApp;
  let api: ReturnType<typeof childApi>;
  let position = 0;
  const children: Record<'north' | 'south', string[]> = { north: [], south: [] };

  beforeAll(async () => {
    t = await startTestApp();
    api = childApi(t);
    for (const team of ['north', 'south'] as const) {
      // An allocated case with a child protection plan since 2023: overdue visits, a long plan.
      const opened = await api.openChild(`sw.${team}`, newChildContact({ contactId: 'k1', occurredAt: '2023-02-27', lastName: surname() }));
      expect(opened.status).toBe(201);
      const cp = opened.body.childId as string;
      const steps: Array<[string, string, Record<string, unknown>]> = [
        [`sw.${team}`, 'record-mash-decision', { occurredAt: '2023-02-27', contactId: 'k1', decision: 'REFER_TO_CSC' }],
        [`sw.${team}`, 'open-referral', { occurredAt: '2023-02-27', primaryNeed: 'N1' }],
        [`tm.${team}`, 'allocate-case', { occurredAt: '2023-02-28', workerId: `sw.${team}`, teamId: team }],
        [`sw.${team}`, 'hold-strategy-discussion', { occurredAt: '2023-03-01', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'] }],
        [`sw.${team}`, 'start-s47-enquiry', { occurredAt: '2023-03-01' }],
        [`sw.${team}`, 'conclude-s47-enquiry', { occurredAt: '2023-03-08', outcome: 'ICPC_REQUIRED' }],
        [`sw.${team}`, 'schedule-icpc', { occurredAt: '2023-03-09', conferenceDate: '2023-03-15' }],
        [`sw.${team}`, 'hold-icpc', { occurredAt: '2023-03-15', outcome: 'PLAN', category: 'NEG' }],
      ];
      for (const [as, path, body] of steps) {
        const res = await api.give(as, cp, path, body);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        position = Math.max(position, res.body.position as number);
      }
      // A referral nobody has been allocated yet, with a deadline due in early 2025.
      const waiting = await api.openChild(`sw.${team}`, newChildContact({ contactId: 'k1', occurredAt: '2025-01-06', lastName: surname() }));
      const unallocated = waiting.body.childId as string;
      await api.give(`sw.${team}`, unallocated, 'record-mash-decision', { occurredAt: '2025-01-06', contactId: 'k1', decision: 'REFER_TO_CSC' });
      const referral = await api.give(`sw.${team}`, unallocated, 'open-referral', { occurredAt: '2025-01-06', primaryNeed: 'N4' });
      position = Math.max(position, referral.body.position as number);
      children[team].push(cp, unallocated);
    }
    // A child on a second plan in each team, straight into the store (the read models take any valid log).
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (const team of ['north', 'south'] as const) {
      const actor = { userId: `sw.${team}`, role: 'social_worker', team };
      const event = (id: string, type: string, occurredAt: string, data: Record<string, unknown>): NewEvent => ({
        id: `${team}-repeat-${id}`,
        type,
        data,
        metadata: { occurredAt, actor, correlationId: id, causationId: id, schemaVersion: 1, machineVersion: 1 },
      });
      const result = await store.append(
        `child-${team}-repeat`,
        [
          event('r', 'ReferralOpened', '2024-05-01', { episodeNumber: 1, contactIds: ['x'], source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }),
          event('a', 'CaseAllocated', '2024-05-01', { workerId: `sw.${team}`, teamId: team }),
          event('p', 'ChildProtectionPlanStarted', '2024-06-03', { category: 'EMO', icpcDate: '2024-06-03', planNumber: 2 }),
        ],
        { expectedRevision: 'no_stream' },
      );
      position = Math.max(position, result.position);
      children[team].push(`${team}-repeat`);
    }
  });
  afterAll(() => t.close());

  async function get(path: string, as: string): Promise<Answer> {
    const res = await t.request(`${path}${path.includes('?') ? '&' : '?'}waitForPosition=${position}`, { as });
    return { status: res.status, body: JSON.parse(await res.text()), headers: res.headers };
  }
  const childIdsOf = (answer: Answer): string[] => [...new Set((answer.body.items as Array<{ childId: string }>).map((row) => row.childId))];
  const teamsOf = (answer: Answer): string[] => [...new Set((answer.body.items as Array<{ team: string }>).map((row) => row.team))];

  describe.each(LISTS)('%s', (path) => {
    it('shows the head of service and auditors both teams’ children', async () => {
      for (const as of ['hos', 'auditor']) {
        const answer = await get(path, as);
        expect(answer.status).toBe(200);
        expect(teamsOf(answer).sort()).toEqual(['north', 'south']);
      }
    });

    it('shows a social worker and a team manager their own team’s children only, never another team’s', async () => {
      for (const [as, team, other] of [
        ['sw.north', 'north', 'south'],
        ['tm.north', 'north', 'south'],
        ['sw.south', 'south', 'north'],
        ['tm.south', 'south', 'north'],
      ] as const) {
        const answer = await get(path, as);
        expect(answer.status).toBe(200);
        expect(answer.body.items.length).toBeGreaterThan(0);
        expect(teamsOf(answer)).toEqual([team]);
        for (const childId of children[other]) expect(childIdsOf(answer)).not.toContain(childId);
        expect(answer.body.total).toBe(answer.body.items.length);
      }
    });

    it('refuses another team’s list outright (403), and a worker of another team yields nothing', async () => {
      const refused = await get(`${path}&team=south`, 'sw.north');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
      const otherWorker = await get(`${path}&workerId=sw.south`, 'tm.north');
      expect(otherWorker.status).toBe(200);
      expect(otherWorker.body.items).toEqual([]);
    });

    it('shows administrators nothing', async () => {
      const answer = await get(path, 'admin');
      expect(answer.status).toBe(403);
    });
  });

  it('pages never leak across teams either: every page of the whole list of a team holds that team only', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await get(`/manager/deadlines/overdue?asOf=2025-06-30&limit=2${cursor ? `&cursor=${cursor}` : ''}`, 'sw.south');
      expect(teamsOf(page).filter((team) => team !== 'south')).toEqual([]);
      seen.push(...childIdsOf(page));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(children.south));
  });

  describe.each(REPORTS)('%s (figures across children)', (path) => {
    it('is for managers, the head of service and auditors: social workers and administrators are refused', async () => {
      expect((await get(path, 'sw.north')).status).toBe(403);
      expect((await get(path, 'admin')).status).toBe(403);
      expect((await get(path, 'hos')).status).toBe(200);
      expect((await get(path, 'auditor')).status).toBe(200);
    });

    it('gives a team manager their own team’s figures and refuses another team’s', async () => {
      expect((await get(path, 'tm.north')).status).toBe(200);
      expect((await get(`${path}${path.includes('?') ? '&' : '?'}team=south`, 'tm.north')).status).toBe(403);
    });
  });

  it('counts a team manager’s caseloads within their team, and the whole service for the head of service', async () => {
    const own = await get('/manager/caseloads', 'tm.north');
    expect(own.body.teams.map((team: { team: string }) => team.team)).toEqual(['north']);
    expect(own.body.cases).toMatchObject({ total: 3, CP: 2, CIN: 1 });
    expect(own.body.unallocated).toMatchObject({ total: 1, CIN: 1 });
    const all = await get('/manager/caseloads', 'hos');
    expect(all.body.teams.map((team: { team: string }) => team.team)).toEqual(['north', 'south']);
    expect(all.body.cases).toMatchObject({ total: 6, CP: 4, CIN: 2 });
  });

  it('gives rates per 10,000 children for the whole service only, not for one team', async () => {
    const all = await get('/manager/indicators?period=financial_year&date=2025-01-31&asOf=2025-06-30', 'hos');
    const team = await get('/manager/indicators?period=financial_year&date=2025-01-31&asOf=2025-06-30', 'tm.north');
    const value = (answer: Answer, id: string): unknown => answer.body.indicators.find((i: { id: string }) => i.id === id)?.value;
    expect(all.body.population).toBe(110_000);
    expect(value(all, 'referrals')).toBe(4);
    expect(value(all, 'children_on_cpp')).toBe(4);
    expect(value(all, 'children_on_cpp_rate')).toBe(0.4);
    expect(team.body.population).toBeNull();
    expect(value(team, 'referrals')).toBe(2);
    expect(value(team, 'children_on_cpp_rate')).toBeNull();
    expect(all.body.months).toHaveLength(12);
  });
});
