import {
  decide,
  emptyJourney,
  evolve,
  type JourneyActor,
  type JourneyCommand,
  type JourneyCommandDataMap,
  type JourneyCommandOf,
  type JourneyCommandType,
  type JourneyState,
} from '@cje/journey';
import { addMonths, birthdayOn, fromDayNumber, toDayNumber, workingDayCalendar } from '@cje/timescales';
import type { AuthoritySettings, ResolvedTeam, TeamKind } from './authority-options.js';
import { AGE_AT_CONTACT, AVERAGE_AUTHORITY, RECORDING_LAG, type RecordingHabit } from './authority-profile.js';
import type { CommandDecision } from './command-decider.js';
import type { GeneratedCommand, GenerationReport } from './generated-command.js';
import { MinHeap, type Keyed } from './min-heap.js';
import { SeededRandom } from './seeded-random.js';
import type { LegacyPlan, SimulatedChild } from './simulated-child.js';
import { personMatchKey, syntheticPerson } from './synthetic-names.js';
import { reactToEvents } from './journey-reactions.js';
import { receiveContacts } from './front-door.js';
import { planOpenCasesAtStart } from './open-cases-at-start.js';

interface Task extends Keyed {
  readonly run: () => void;
}
interface Pending extends Keyed {
  readonly item: GeneratedCommand;
}

/** Commands the API lets only a manager give (they authorise or allocate work). */
const MANAGER_COMMANDS: ReadonlySet<JourneyCommandType> = new Set(['AuthoriseAssessment', 'AllocateCase', 'DeallocateCase', 'RecordSupervision']);

const HABITS: Partial<Record<JourneyCommandType, RecordingHabit>> = {
  RecordContact: 'prompt',
  RecordMashDecision: 'prompt',
  OpenReferral: 'prompt',
  HoldStrategyDiscussion: 'prompt',
  StartS47Enquiry: 'prompt',
  AllocateCase: 'prompt',
  DeallocateCase: 'prompt',
  BecomeLookedAfter: 'prompt',
  IssueCareProceedings: 'prompt',
  MakeInterimCareOrder: 'prompt',
  MakeFinalOrder: 'prompt',
  GrantPlacementOrder: 'prompt',
  GrantAdoptionOrder: 'prompt',
  CeaseLookedAfter: 'prompt',
  StartMissingEpisode: 'prompt',
  EndMissingEpisode: 'prompt',
  RecordDateOfBirth: 'prompt',
  HoldIcpc: 'meeting',
  ScheduleIcpc: 'meeting',
  ConcludeS47Enquiry: 'meeting',
  HoldReviewConference: 'meeting',
  HoldCoreGroup: 'meeting',
  HoldLacReview: 'meeting',
  ReviewCinPlan: 'meeting',
  RecordSupervision: 'meeting',
  ReviewPathwayPlan: 'meeting',
  RecordAdoptionDecision: 'meeting',
  MatchWithAdopters: 'meeting',
  RecordCinVisit: 'visit',
  RecordChildProtectionVisit: 'visit',
  RecordLacVisit: 'visit',
  RecordChildSeenForAssessment: 'visit',
  RecordCareLeaverContact: 'visit',
};

const DAY = 86_400;
/** Nothing is recorded after 19:00 UTC on the end date (still the same day in England). */
const LAST_RECORDING_SECOND = 19 * 3600;
const REFUSAL_SAMPLES = 20;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export interface IssueOptions {
  readonly commandId?: string;
  readonly actor?: JourneyActor;
}

/**
 * The engine of the synthetic authority: a day-by-day discrete-event simulation. Each child's story is a set of
 * scheduled tasks (visit, review, decide …) that read the child's folded journey and issue commands. Every command
 * is checked with the journey's own `decide` against the child's state at the moment it would be recorded, and the
 * child's state is advanced with the events `decide` returns, so what is yielded is exactly what the real command
 * path will accept when commands are submitted in the order given.
 *
 * Order: a child's commands are recorded in the order their effective dates happen (a late-typed visit delays the
 * child's later records too); across children the output is sorted by `recordedAt`.
 */
export class AuthoritySimulation {
  readonly rng: SeededRandom;
  private readonly ids: SeededRandom;
  private readonly calendar = workingDayCalendar();
  readonly settings: AuthoritySettings;
  readonly endDay: number;
  readonly windowStartDay: number;
  /** The day being simulated. */
  today: number;
  readonly report: GenerationReport;

  private readonly agenda = new MinHeap<Task>();
  private readonly output = new MinHeap<Pending>();
  private seq = 0;
  private readonly recordLimit: number;
  private readonly dayBase: number;
  private readonly isoCache: string[] = [];
  private readonly working: Int8Array;
  private readonly isWorkingIso = (date: string): boolean => this.calendar.isWorkingDay(date);
  private readonly teamsByKind = new Map<TeamKind, ResolvedTeam[]>();
  private readonly teamById = new Map<string, ResolvedTeam>();
  private readonly frontDoorTeams: ResolvedTeam[];
  private readonly headOfService: JourneyActor;
  private readonly caseloads = new Map<string, number>();

  private readonly open: SimulatedChild[] = [];
  private readonly closed: { readonly child: SimulatedChild; readonly day: number }[] = [];
  private readonly screened: SimulatedChild[] = [];
  private readonly matchKeys = new Set<string>();
  private childCount = 0;

  constructor(settings: AuthoritySettings) {
    this.settings = settings;
    const root = new SeededRandom(settings.seed);
    this.rng = root.fork('simulation');
    this.ids = root.fork('ids');
    this.endDay = toDayNumber(settings.endDate);
    this.windowStartDay = toDayNumber(settings.windowStart);
    this.today = this.windowStartDay;
    this.recordLimit = this.endDay * DAY + LAST_RECORDING_SECOND;
    this.dayBase = this.windowStartDay - 13 * 366;
    this.working = new Int8Array(this.endDay + 3 * 366 - this.dayBase).fill(-1);
    for (const team of settings.teams) {
      this.teamById.set(team.id, team);
      if (team.workers.length === 0) continue;
      const list = this.teamsByKind.get(team.kind) ?? [];
      list.push(team);
      this.teamsByKind.set(team.kind, list);
    }
    this.frontDoorTeams = this.teamsByKind.get('front-door') ?? settings.teams.filter((t) => t.workers.length > 0);
    this.headOfService = { userId: settings.headOfService.userId, role: 'HEAD_OF_SERVICE', team: settings.headOfService.team };
    this.report = {
      seed: String(settings.seed),
      firstDay: settings.windowStart,
      windowStart: settings.windowStart,
      endDate: settings.endDate,
      commands: 0,
      byType: {},
      children: 0,
      openCasesAtStart: 0,
      notYetRecorded: 0,
      refusedByDecide: {},
      refusalSamples: [],
    };
  }

  /** Average contacts a day for this authority. */
  get contactsPerDay(): number {
    return (AVERAGE_AUTHORITY.contactsPerYear * this.settings.scale) / 365.25;
  }

  *run(): Generator<GeneratedCommand, void, undefined> {
    // Children open at the start have histories that begin years earlier: nothing is "in the past" yet.
    this.today = Number.MIN_SAFE_INTEGER;
    if (this.settings.openCasesAtStart) planOpenCasesAtStart(this);
    const first = Math.min(this.windowStartDay, this.agenda.peek()?.key ?? this.windowStartDay);
    this.report.firstDay = this.iso(first);
    for (let day = first; day <= this.endDay; day++) {
      this.today = day;
      if (day >= this.windowStartDay) receiveContacts(this, day);
      for (let task = this.agenda.peek(); task !== undefined && task.key <= day; task = this.agenda.peek()) {
        this.agenda.pop();
        task.run();
      }
      const recordedBefore = (day + 1) * DAY;
      for (let p = this.output.peek(); p !== undefined && p.key < recordedBefore; p = this.output.peek()) {
        this.output.pop();
        yield this.emit(p.item);
      }
    }
    for (let p = this.output.pop(); p !== undefined; p = this.output.pop()) yield this.emit(p.item);
  }

  private emit(item: GeneratedCommand): GeneratedCommand {
    const report = this.report;
    report.commands++;
    const byType = report.byType as Record<string, number>;
    byType[item.command.type] = (byType[item.command.type] ?? 0) + 1;
    if (item.newChild !== null) report.children++;
    return item;
  }

  // --- time ---------------------------------------------------------------------------------------------------

  /** Runs `task` on `day` (today at the earliest); work due after the end date never happens. */
  at(day: number, task: () => void): void {
    if (day > this.endDay) return;
    this.agenda.push({ key: Math.max(day, this.today), seq: this.seq++, run: task });
  }

  iso(day: number): string {
    const i = day - this.dayBase;
    if (i < 0 || i >= this.working.length) return fromDayNumber(day);
    return (this.isoCache[i] ??= fromDayNumber(day));
  }

  isWorkingDay(day: number): boolean {
    const i = day - this.dayBase;
    if (i < 0 || i >= this.working.length) return this.calendar.isWorkingDay(fromDayNumber(day));
    let w = this.working[i] as number;
    if (w < 0) {
      w = this.calendar.isWorkingDay(this.iso(day)) ? 1 : 0;
      this.working[i] = w;
    }
    return w === 1;
  }

  workingOnOrAfter(day: number): number {
    let d = day;
    while (!this.isWorkingDay(d)) d++;
    return d;
  }

  workingOnOrBefore(day: number): number {
    let d = day;
    while (!this.isWorkingDay(d)) d--;
    return d;
  }

  /** `n` working days after `day` (n = 0: the day itself if working, else the next working day). */
  wdAfter(day: number, n: number): number {
    let d = this.workingOnOrAfter(day);
    for (let k = 0; k < n; k++) d = this.workingOnOrAfter(d + 1);
    return d;
  }

  wdBefore(day: number, n: number): number {
    let d = this.workingOnOrBefore(day);
    for (let k = 0; k < n; k++) d = this.workingOnOrBefore(d - 1);
    return d;
  }

  /** Working days after `a` up to and including `b`. */
  workingDaysBetween(a: number, b: number): number {
    let n = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** The day someone born on `birthDay` reaches `age` (29 February birthdays fall on 1 March). */
  birthday(birthDay: number, age: number): number {
    return toDayNumber(birthdayOn(this.iso(birthDay), age));
  }

  toDay(date: string): number {
    return toDayNumber(date);
  }

  /** Calendar months later, clamped to the month's end (how "within 3 months" is read). */
  addMonths(day: number, months: number): number {
    return toDayNumber(addMonths(this.iso(day), months));
  }

  /** Age in whole years (near enough for choosing a story; exact birthdays use `birthday`). */
  ageOn(child: SimulatedChild, day: number): number {
    return Math.floor((day - child.birthDay) / 365.25);
  }

  // --- people -------------------------------------------------------------------------------------------------

  createChild(day: number, options: { readonly unborn: boolean; readonly birthDay?: number; readonly legacy?: LegacyPlan }): SimulatedChild {
    const rng = this.rng;
    let birthDay: number;
    let expectedBirthDay: number | null = null;
    if (options.birthDay !== undefined) birthDay = options.birthDay;
    else if (options.unborn) {
      expectedBirthDay = day + rng.int(30, 160);
      birthDay = Math.max(day + 3, expectedBirthDay + Math.round(rng.normal(0, 7)));
    } else {
      const [low, high] = AGE_AT_CONTACT.pick(rng);
      birthDay = day - rng.int(low * 365, high * 365 + 364);
      if (birthDay > day) birthDay = day;
    }
    let person = syntheticPerson(rng, options.unborn);
    const dateKey = this.iso(expectedBirthDay ?? birthDay);
    for (let tries = 0; this.matchKeys.has(personMatchKey(person, dateKey)) && tries < 50; tries++) person = syntheticPerson(rng, options.unborn);
    this.matchKeys.add(personMatchKey(person, dateKey));
    const child: SimulatedChild = {
      childId: this.ids.uuid(),
      index: this.childCount++,
      person,
      homeTeam: rng.pick(this.frontDoorTeams),
      birthDay,
      expectedBirthDay,
      state: emptyJourney(),
      lastRecordedAt: 0,
      ep: null,
      care: null,
      legacy: options.legacy ?? null,
      removeAtBirth: false,
      referralPending: false,
      pathwayKept: false,
      allocatedWorker: null,
      openIndex: -1,
      lastClosedDay: null,
    };
    if (options.legacy) this.report.openCasesAtStart++;
    return child;
  }

  newId(): string {
    return this.ids.uuid();
  }

  markScreened(child: SimulatedChild): void {
    if (this.screened.length < 50_000) this.screened.push(child);
    else this.screened[this.rng.int(0, this.screened.length - 1)] = child;
  }

  markOpen(child: SimulatedChild): void {
    if (child.openIndex >= 0) return;
    child.openIndex = this.open.length;
    this.open.push(child);
  }

  markClosed(child: SimulatedChild, day: number): void {
    const i = child.openIndex;
    if (i >= 0) {
      const last = this.open.pop() as SimulatedChild;
      if (last !== child) {
        this.open[i] = last;
        last.openIndex = i;
      }
      child.openIndex = -1;
    }
    child.lastClosedDay = day;
    this.closed.push({ child, day });
  }

  /** A child under 18 whose case is open (a new contact about them goes to the open episode). */
  randomOpenChild(day: number): SimulatedChild | null {
    for (let tries = 0; tries < 4 && this.open.length > 0; tries++) {
      const child = this.open[this.rng.int(0, this.open.length - 1)] as SimulatedChild;
      if (day - child.birthDay < 17.8 * 365.25) return child;
    }
    return null;
  }

  /** A child whose case closed in the last ~10 months: a referral now is most likely a re-referral. */
  recentlyClosedChild(day: number): SimulatedChild | null {
    const from = lowerBound(this.closed, day - 300);
    for (let tries = 0; tries < 4 && from < this.closed.length; tries++) {
      const entry = this.closed[this.rng.int(from, this.closed.length - 1)];
      if (entry && this.canBeContactedAgain(entry.child, day, entry.day)) return entry.child;
    }
    return null;
  }

  /** A child the authority has met before (closed case, or a contact that was not referred). */
  knownChild(day: number): SimulatedChild | null {
    for (let tries = 0; tries < 4; tries++) {
      if (this.rng.chance(0.5) && this.closed.length > 0) {
        const entry = this.closed[this.rng.int(0, this.closed.length - 1)];
        if (entry && this.canBeContactedAgain(entry.child, day, entry.day)) return entry.child;
      } else if (this.screened.length > 0) {
        const child = this.screened[this.rng.int(0, this.screened.length - 1)] as SimulatedChild;
        if (this.canBeContactedAgain(child, day, child.lastClosedDay)) return child;
      }
    }
    return null;
  }

  private canBeContactedAgain(child: SimulatedChild, day: number, closedDay: number | null): boolean {
    const ctx = child.state.context;
    if (ctx.episode !== null || child.lastClosedDay !== closedDay || child.referralPending) return false;
    if (ctx.careLeaver.since !== null) return false;
    return day - child.birthDay < 17.5 * 365.25;
  }

  // --- teams --------------------------------------------------------------------------------------------------

  hasTeamOfKind(kind: TeamKind): boolean {
    return (this.teamsByKind.get(kind)?.length ?? 0) > 0;
  }

  teamKindOf(teamId: string): TeamKind | null {
    return this.teamById.get(teamId)?.kind ?? null;
  }

  /** A team of the kind asked for, else the nearest kind there is (casework covers for a missing specialist team). */
  pickTeam(kind: TeamKind): ResolvedTeam {
    const order: readonly TeamKind[] = [kind, 'casework', 'children-in-care', 'leaving-care', 'front-door'];
    for (const k of order) {
      const teams = this.teamsByKind.get(k);
      if (!teams || teams.length === 0) continue;
      let total = 0;
      for (const t of teams) total += t.workers.length;
      let x = this.rng.int(0, total - 1);
      for (const t of teams) {
        if (x < t.workers.length) return t;
        x -= t.workers.length;
      }
    }
    return this.frontDoorTeams[0] as ResolvedTeam;
  }

  /** The less loaded of two workers picked at random: caseloads stay roughly even, as a manager would keep them. */
  pickWorker(team: ResolvedTeam): string {
    const a = this.rng.pick(team.workers);
    const b = this.rng.pick(team.workers);
    return (this.caseloads.get(a) ?? 0) <= (this.caseloads.get(b) ?? 0) ? a : b;
  }

  adjustCaseload(workerId: string, change: number): void {
    this.caseloads.set(workerId, (this.caseloads.get(workerId) ?? 0) + change);
  }

  /**
   * Who records a command about the child: the allocated worker (or a worker of the team that owns the record
   * while the case is unallocated), or the manager of that team for the commands only managers may give. This is
   * also who the API's access policy lets act on the child.
   */
  actorFor(child: SimulatedChild, kind: 'worker' | 'manager'): JourneyActor {
    const allocation = child.state.context.episode?.allocation ?? null;
    const team = allocation ? (this.teamById.get(allocation.teamId) ?? null) : child.homeTeam;
    if (kind === 'worker') {
      if (allocation) return { userId: allocation.workerId, role: 'SOCIAL_WORKER', team: allocation.teamId };
      if (team && team.workers.length > 0) return { userId: this.rng.pick(team.workers), role: 'SOCIAL_WORKER', team: team.id };
      return this.headOfService;
    }
    const managers = team?.managers ?? [];
    if (team && managers.length > 0) return { userId: managers[child.index % managers.length] as string, role: 'TEAM_MANAGER', team: team.id };
    return this.headOfService;
  }

  // --- recording ----------------------------------------------------------------------------------------------

  /**
   * Builds the command, checks it with `decide` as of the moment it will be recorded, and on acceptance advances
   * the child and queues the command for output. Refused commands are counted and dropped: the caller's story
   * then simply does not happen.
   */
  issue<T extends JourneyCommandType>(
    child: SimulatedChild,
    type: T,
    day: number,
    data: JourneyCommandDataMap[T],
    options: IssueOptions = {},
  ): boolean {
    const commandId = options.commandId ?? this.ids.uuid();
    const actor = options.actor ?? this.actorFor(child, MANAGER_COMMANDS.has(type) ? 'manager' : 'worker');
    const command = { type, commandId, childId: child.childId, occurredAt: this.iso(day), actor, data } as JourneyCommandOf<T> as JourneyCommand;
    const recordedAt = this.recordingTime(child, type, day);
    const recordedAtIso = this.isoSeconds(recordedAt);
    const first = child.state.context.childId === null;
    const result = this.decide(child.state, command, recordedAtIso, first);
    if (!result.ok) {
      const refused = this.report.refusedByDecide as Record<string, number>;
      refused[result.code] = (refused[result.code] ?? 0) + 1;
      if (this.report.refusalSamples.length < REFUSAL_SAMPLES) this.report.refusalSamples.push({ type, code: result.code, reason: result.reason });
      return false;
    }
    // The decision's own journey after the events when it has one (the journey's `decide` steps them to check them).
    const next =
      result.next ??
      evolve(
        child.state,
        result.events.map((draft, i) => ({ ...draft, id: `${commandId}:${i}` })),
      );
    // Only the folded journey is kept, not the event list: `decide` reads the list only to correct or void events,
    // which the generator never does, and keeping every child's history cost four times the memory (the unit tests
    // check every command against full histories, so a change in `decide` that needed the list would show there).
    child.state = { ...next, events: [] };
    child.lastRecordedAt = recordedAt;
    if (recordedAt <= this.recordLimit)
      this.output.push({ key: recordedAt, seq: this.seq++, item: { command, recordedAt: recordedAtIso, newChild: first ? child.person : null, events: result.events } });
    else this.report.notYetRecorded++;
    reactToEvents(this, child, result.events, day);
    return true;
  }

  /** The decider given in the settings, or the journey's own `decide` as of the recording time. */
  private decide(state: JourneyState, command: JourneyCommand, recordedAt: string, newChild: boolean): CommandDecision {
    const decider = this.settings.decide;
    if (decider) return decider(state, command, { recordedAt, newChild });
    const result = decide(state, command, { now: recordedAt, isWorkingDay: this.isWorkingIso });
    return result.ok ? result : { ok: false, code: result.rejection.code, reason: result.rejection.reason };
  }

  /** When the worker types it in: a lag by kind of work, within working hours, never before the child's last record. */
  private recordingTime(child: SimulatedChild, type: JourneyCommandType, day: number): number {
    const rng = this.rng;
    const lag = RECORDING_LAG[HABITS[type] ?? 'paperwork'].pick(rng);
    const recordDay = lag === 0 ? day : this.workingOnOrAfter(day + lag);
    const candidate = recordDay * DAY + 8 * 3600 + rng.int(0, 10 * 3600 + 3599);
    return Math.max(candidate, child.lastRecordedAt + rng.int(20, 900));
  }

  private isoSeconds(seconds: number): string {
    const day = Math.floor(seconds / DAY);
    const rest = seconds - day * DAY;
    const h = Math.floor(rest / 3600);
    const m = Math.floor((rest - h * 3600) / 60);
    const s = rest - h * 3600 - m * 60;
    return `${this.iso(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}Z`;
  }
}

function lowerBound(entries: readonly { readonly day: number }[], day: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as { day: number }).day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
