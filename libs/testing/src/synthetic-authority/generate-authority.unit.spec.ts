import { decide, fold, type JourneyEvent, type JourneyEventType, type JourneyState } from '@cje/journey';
import { toDayNumber, workingDayCalendar } from '@cje/timescales';
import { authorityCensus } from './authority-census.js';
import type { AuthorityTeam } from './authority-options.js';
import { driveAuthority } from './drive-authority.js';
import { generateAuthority } from './generate-authority.js';
import type { GeneratedCommand } from './generated-command.js';
import { inMemoryJourneys } from './in-memory-journeys.js';

const calendar = workingDayCalendar();
const isWorkingDay = (date: string): boolean => calendar.isWorkingDay(date);
const END = '2026-03-31';

/** The demo authority's structure: a front door, two localities and a children in care team with no manager. */
const TEAMS: AuthorityTeam[] = [
  { id: 'mash', workers: ['sw.mash'], managers: ['tm.mash'] },
  { id: 'north', workers: ['sw.north', 'sw.north2'], managers: ['tm.north'] },
  { id: 'south', workers: ['sw.south'], managers: ['tm.south'] },
  { id: 'children-in-care', workers: ['sw.cic'] },
];

const all = (options: Parameters<typeof generateAuthority>[0]): GeneratedCommand[] => [...generateAuthority(options)];

describe('generateAuthority: repeatable', () => {
  const small = { endDate: END, years: 0.25, scale: 0.02, openCasesAtStart: false } as const;

  it('Given the same seed, When generated twice, Then every command is the same', () => {
    const first = all({ ...small, seed: 'reading' });
    const second = all({ ...small, seed: 'reading' });
    expect(first.length).toBeGreaterThan(100);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('Given one authority iterated twice, Then both iterations agree (each starts afresh from the seed)', () => {
    const authority = generateAuthority({ ...small, seed: 11 });
    expect(JSON.stringify([...authority])).toBe(JSON.stringify([...authority]));
  });

  it('Given a different seed, Then the children and their commands differ', () => {
    const a = all({ ...small, seed: 1 });
    const b = all({ ...small, seed: 2 });
    const ids = (list: GeneratedCommand[]) => new Set(list.map((g) => g.command.childId));
    expect([...ids(a)].some((id) => ids(b).has(id))).toBe(false);
    expect(a.map((g) => g.command.type)).not.toEqual(b.map((g) => g.command.type));
  });
});

describe('generateAuthority: every command is one the journey accepts', () => {
  it('Given a month of a small authority, When each command is decided against the fold of the child’s accepted events, Then none is refused', () => {
    const histories = new Map<string, JourneyEvent[]>();
    let decided = 0;
    for (const generated of generateAuthority({ seed: 'fold', endDate: END, years: 1 / 12, scale: 0.05, teams: TEAMS, openCasesAtStart: false })) {
      const { command, recordedAt } = generated;
      const history = histories.get(command.childId) ?? [];
      const result = decide(fold(history), command, { now: recordedAt, isWorkingDay });
      if (!result.ok) throw new Error(`${command.type} refused: ${result.rejection.code} ${result.rejection.reason}`);
      history.push(...result.events.map((e, i) => ({ ...e, id: `${command.commandId}:${i}` })));
      histories.set(command.childId, history);
      decided++;
    }
    expect(decided).toBeGreaterThan(200);
    for (const history of histories.values()) expect(fold(history).issues).toEqual([]);
  });
});

describe('generateAuthority: two years of a scaled-down authority (5% of average)', () => {
  const authority = generateAuthority({ seed: 2026, endDate: END, years: 2, scale: 0.05, teams: TEAMS, headOfService: { userId: 'hos', team: 'service' } });
  let commands: GeneratedCommand[] = [];
  let journeys: ReadonlyMap<string, JourneyState> = new Map();
  let statistics: Awaited<ReturnType<typeof driveAuthority>>;

  beforeAll(async () => {
    commands = [...authority];
    const memory = inMemoryJourneys({ isWorkingDay });
    statistics = await driveAuthority(commands, memory.submit);
    journeys = memory.journeys;
  });

  const since = (type: JourneyEventType, from: number): JourneyEvent[] =>
    [...journeys.values()].flatMap((s) => s.events.filter((e) => e.type === type && toDayNumber(e.occurredAt.slice(0, 10)) > from));
  /** Events of the last 12 months before the end date (the first year has fewer re-referrals to draw on). */
  const lastYear = (type: JourneyEventType): JourneyEvent[] => since(type, toDayNumber(END) - 365);
  /** Events of the whole window: rates of rarer events need the larger count. */
  const inWindow = (type: JourneyEventType): JourneyEvent[] => since(type, toDayNumber(authority.settings.windowStart) - 1);

  it('When driven through decide in recorded order, Then every command is accepted and none was dropped on the way', () => {
    expect(statistics.rejected).toBe(0);
    expect(statistics.accepted).toBe(commands.length);
    expect(authority.report?.refusedByDecide).toEqual({});
    expect(authority.report?.commands).toBe(commands.length);
  });

  it('Then commands come in recorded order, recorded on or after their effective date and never after the end date', () => {
    for (let i = 1; i < commands.length; i++) expect(commands[i]!.recordedAt >= commands[i - 1]!.recordedAt).toBe(true);
    for (const { command, recordedAt } of commands) {
      expect(command.occurredAt.slice(0, 10) <= recordedAt.slice(0, 10)).toBe(true);
      expect(recordedAt.slice(0, 10) <= END).toBe(true);
    }
    const late = commands.filter((g) => g.recordedAt.slice(0, 10) > g.command.occurredAt.slice(0, 10)).length;
    expect(late / commands.length).toBeGreaterThan(0.1);
    expect(late / commands.length).toBeLessThan(0.6);
  });

  it('Then a child’s first command is a new-child contact with fictional names, and only the first', () => {
    const seen = new Set<string>();
    for (const { command, newChild } of commands) {
      const first = !seen.has(command.childId);
      seen.add(command.childId);
      expect(newChild !== null).toBe(first);
      if (first) {
        expect(command.type).toBe('RecordContact');
        expect(newChild?.lastName).toMatch(/^[A-Z][a-z]+$/);
      }
    }
    expect(JSON.stringify(commands.map((g) => g.command))).not.toMatch(/firstName|lastName/);
  });

  it('Then the work is done by the teams given, managers allocating, supervising and authorising', () => {
    const users = new Set([...TEAMS.flatMap((t) => [...t.workers, ...(t.managers ?? [])]), 'hos']);
    for (const { command } of commands) {
      expect(users.has(command.actor.userId)).toBe(true);
      if (['AllocateCase', 'DeallocateCase', 'RecordSupervision', 'AuthoriseAssessment'].includes(command.type))
        expect(['TEAM_MANAGER', 'HEAD_OF_SERVICE']).toContain(command.actor.role);
      else expect(command.actor.role).toBe('SOCIAL_WORKER');
      if (command.type === 'AllocateCase') expect(TEAMS.find((t) => t.id === command.data.teamId)?.workers).toContain(command.data.workerId);
    }
  });

  it('Then each command is given by someone the service lets act on the child: the team that owns the record', () => {
    // The API's rule: the allocated team owns the record; unallocated, the team that recorded the first contact does.
    const firstTeam = new Map<string, string>();
    const allocatedTeam = new Map<string, string>();
    for (const { command } of commands) {
      const owner = allocatedTeam.get(command.childId) ?? firstTeam.get(command.childId) ?? command.actor.team;
      if (command.actor.role !== 'HEAD_OF_SERVICE') expect(command.actor.team).toBe(owner);
      if (!firstTeam.has(command.childId)) firstTeam.set(command.childId, command.actor.team);
      if (command.type === 'AllocateCase') allocatedTeam.set(command.childId, command.data.teamId);
      if (command.type === 'DeallocateCase' || command.type === 'CloseCase') allocatedTeam.delete(command.childId);
    }
  });

  it('Then the front door has about five contacts per referral and about a fifth of referrals are re-referrals', () => {
    const contacts = lastYear('ContactReceived').length;
    const referrals = lastYear('ReferralOpened');
    expect(contacts).toBeGreaterThan(20_000 * 0.05 * 0.8);
    expect(contacts).toBeLessThan(20_000 * 0.05 * 1.2);
    expect(contacts / referrals.length).toBeGreaterThanOrEqual(4);
    expect(contacts / referrals.length).toBeLessThanOrEqual(6);
    const reReferrals = referrals.filter((e) => e.type === 'ReferralOpened' && e.data.reReferral).length;
    expect(reReferrals / referrals.length).toBeGreaterThan(0.12);
    expect(reReferrals / referrals.length).toBeLessThan(0.32);
  });

  it('Then most referrals are assessed, most within 45 working days, and some late', () => {
    const referrals = lastYear('ReferralOpened').length;
    const authorised = lastYear('AssessmentAuthorised').length;
    expect(authorised / referrals).toBeGreaterThan(0.8);
    let within = 0;
    let total = 0;
    for (const state of journeys.values()) {
      let referral: string | null = null;
      for (const e of state.events) {
        if (e.type === 'ReferralOpened') referral = e.occurredAt.slice(0, 10);
        if (e.type === 'AssessmentAuthorised' && referral !== null) {
          total++;
          if (calendar.workingDaysBetween(referral, e.occurredAt.slice(0, 10)) <= 45) within++;
        }
      }
    }
    expect(within / total).toBeGreaterThan(0.75);
    expect(within / total).toBeLessThan(0.95);
  });

  it('Then about a third of referrals lead to an s47 enquiry and 25–40% of enquiries to an ICPC, most held in time', () => {
    const referrals = inWindow('ReferralOpened').length;
    const enquiries = inWindow('S47EnquiryStarted').length;
    const conferences = inWindow('IcpcHeld');
    expect(enquiries / referrals).toBeGreaterThan(0.25);
    expect(enquiries / referrals).toBeLessThan(0.45);
    expect(conferences.length / enquiries).toBeGreaterThanOrEqual(0.25);
    expect(conferences.length / enquiries).toBeLessThanOrEqual(0.4);
    const inTime = conferences.filter((e) => e.type === 'IcpcHeld' && e.occurredAt.slice(0, 10) <= e.data.targetDate).length;
    expect(inTime / conferences.length).toBeGreaterThan(0.6);
    expect(inTime / conferences.length).toBeLessThan(1);
  });

  it('Then on the end date there are children on plans (neglect most common), looked after, leaving care and unborn', () => {
    const census = authorityCensus(journeys.values());
    expect(census.childProtectionPlans).toBeGreaterThan(330 * 0.05 * 0.5);
    expect(census.childProtectionPlans).toBeLessThan(330 * 0.05 * 1.7);
    const categories = census.childProtectionPlansByCategory;
    expect(Math.max(...Object.values(categories))).toBe(categories.NEG);
    expect(census.lookedAfter).toBeGreaterThan(550 * 0.05 * 0.6);
    expect(census.lookedAfter).toBeLessThan(550 * 0.05 * 1.5);
    expect(census.careLeavers).toBeGreaterThan(0);
    expect(census.childInNeedPlans).toBeGreaterThan(0);
    expect(census.unallocatedCases).toBeGreaterThan(0);
  });

  it('Then children leave care in the ways they do: home, special guardianship, adulthood, adoption after ~14–18 months', () => {
    const reasons = new Set(lastYear('CeasedLookedAfter').map((e) => (e.type === 'CeasedLookedAfter' ? e.data.reasonEpisodeCeased : '')));
    expect([...reasons].some((r) => r === 'E4A' || r === 'E4B')).toBe(true);
    expect([...reasons].some((r) => ['E45', 'E46', 'E47', 'E48'].includes(r))).toBe(true);
    expect([...reasons].some((r) => ['E5', 'E6', 'E17', 'E8', 'E13'].includes(r))).toBe(true);
    const toPlaced: number[] = [];
    for (const state of journeys.values()) {
      const entered = state.events.find((e) => e.type === 'BecameLookedAfter');
      const placed = state.events.find((e) => e.type === 'PlacedForAdoption');
      if (entered && placed) toPlaced.push(toDayNumber(placed.occurredAt) - toDayNumber(entered.occurredAt));
    }
    expect(toPlaced.length).toBeGreaterThan(0);
    for (const days of toPlaced) {
      expect(days).toBeGreaterThan(250);
      expect(days).toBeLessThan(900);
    }
  });

  it('Then some work is overdue on the end date (the overdue views have content)', () => {
    let assessments = 0;
    let visits = 0;
    for (const state of journeys.values()) {
      const e = state.context.episode;
      if (e === null) continue;
      if (e.assessments.some((a) => a.authorisedOn === null) && calendar.workingDaysBetween(e.referralDate, END) > 45) assessments++;
      const lastSeen = e.cpp ? (e.cpp.lastSeenOn ?? e.cpp.startedOn) : null;
      if (lastSeen !== null && calendar.workingDaysBetween(lastSeen, END) > 10) visits++;
      const lastLacVisit = e.lookedAfter ? (e.lookedAfter.lastVisitOn ?? e.lookedAfter.startedOn) : null;
      if (lastLacVisit !== null && toDayNumber(END) - toDayNumber(lastLacVisit) > 42) visits++;
    }
    expect(assessments).toBeGreaterThan(0);
    expect(visits).toBeGreaterThan(0);
  });

  it('Then children already open when the window started have their history from before it', () => {
    const report = authority.report;
    expect(report?.openCasesAtStart).toBeGreaterThan(0);
    expect(report && report.firstDay < report.windowStart).toBe(true);
    expect(commands[0]!.command.occurredAt < (report?.windowStart ?? '')).toBe(true);
  });
});
