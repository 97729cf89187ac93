import { type IsoDate, type WorkingDayCalendar, addDays, addMonths, addYears, ageInYears, birthdayOn, daysBetween } from '@cje/timescales';
import type { SeededRandom } from './seeded-random.js';

/**
 * Journeys of one child through the statutory process, as a social care service records them: a contact, the MASH
 * decision, and for some a referral with its assessment, plans, care and leaving care, with the visits, reviews and
 * supervision between. Shapes and order follow libs/journey (the generator's test folds samples through the journey
 * machine and expects no issue), timings follow the statutory timescales with a realistic share met late, and some
 * visits are recorded a few days after they happened (after later events), corrected or voided.
 */

export interface Actor {
  readonly userId: string;
  readonly role: string;
  readonly team: string;
}

export interface PlannedEvent {
  readonly id: string;
  readonly type: string;
  /** Effective date. */
  readonly on: IsoDate;
  /** The day it is recorded (on or after `on`); the county's log is in this order. */
  recordOn: IsoDate;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  /** Events of one command share it and are appended together. */
  readonly command: string;
}

export interface CountyTeams {
  readonly localities: readonly string[];
  readonly workersPerTeam: number;
}

export const DEFAULT_TEAMS: CountyTeams = {
  localities: ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'central'],
  workersPerTeam: 18,
};
export const FRONT_DOOR_TEAM = 'mash';
export const CHILDREN_IN_CARE_TEAM = 'children-in-care';

/** What the county remembers about a child between contacts. */
export class ChildRecord {
  contacts = 0;
  episodes = 0;
  cpps = 0;
  events = 0;
  commands = 0;
  lastReferralOn: IsoDate | null = null;
  /** The last day anything was recorded as happening to the child; a new contact comes after it. */
  lastOn: IsoDate;
  dobRecorded: boolean;
  readonly lookedAfter: Array<{ from: IsoDate; to: IsoDate | null }> = [];
  /** The team that last held the child's case (ownership stays with it after closure). */
  team: string = FRONT_DOOR_TEAM;

  constructor(
    readonly id: string,
    readonly dateOfBirth: IsoDate,
    firstContactOn: IsoDate,
    dobRecorded: boolean,
  ) {
    this.lastOn = firstContactOn;
    this.dobRecorded = dobRecorded;
  }
}

export interface JourneyContext {
  readonly random: SeededRandom;
  readonly calendar: WorkingDayCalendar;
  readonly teams: CountyTeams;
}

const CONCERNS = 'Concerns raised by the referrer about the child’s care; details held in the referral record.';
const VISITS = new Set(['CinVisitMade', 'ChildProtectionVisitMade', 'LacVisitMade']);
/** Events that change no track's state: a visit recorded late may be recorded after them. */
const BENIGN = new Set([...VISITS, 'SupervisionRecorded', 'CoreGroupHeld', 'CinPlanReviewed', 'LacReviewHeld', 'PersonalEducationPlanRecorded', 'CareLeaverContactRecorded', 'PathwayPlanReviewed']);
const FOSTER_PLACES = ['U1', 'U3', 'U4', 'U6', 'U6', 'U6', 'U4', 'R1', 'K2'];
const PROVIDERS = ['PR1', 'PR1', 'PR4', 'PR5', 'PR2'];

/** One child's events of one contact cycle: built up front in effective order, then put in recording order. */
class Plan {
  readonly events: PlannedEvent[] = [];
  private command = '';

  constructor(
    private readonly child: ChildRecord,
    private readonly ctx: JourneyContext,
  ) {}

  /** Starts a new command: the events added until the next `next()` are recorded together. */
  next(): this {
    this.child.commands += 1;
    this.command = `${this.child.id}:c${this.child.commands}`;
    return this;
  }

  add(type: string, on: IsoDate, data: Record<string, unknown>, actor: Actor): PlannedEvent {
    if (this.command === '') this.next();
    this.child.events += 1;
    const event: PlannedEvent = { id: `${this.child.id}:${this.child.events}`, type, on, recordOn: on, data, actor, command: this.command };
    this.events.push(event);
    if (on > this.child.lastOn) this.child.lastOn = on;
    return event;
  }

  /** A one-event command. */
  one(type: string, on: IsoDate, data: Record<string, unknown>, actor: Actor): PlannedEvent {
    return this.next().add(type, on, data, actor);
  }

  get random(): SeededRandom {
    return this.ctx.random;
  }

  wd(from: IsoDate, n: number): IsoDate {
    return this.ctx.calendar.addWorkingDays(from, n);
  }

  /** Recording order: effective order, except some visits recorded one to three days late (after benign events). */
  recorded(): PlannedEvent[] {
    const ordered = this.events.map((event, index) => ({ event, index })).sort((a, b) => (a.event.on < b.event.on ? -1 : a.event.on > b.event.on ? 1 : a.index - b.index));
    const events = ordered.map((o) => o.event);
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as PlannedEvent;
      if (!VISITS.has(event.type) || !this.random.chance(0.12)) continue;
      const late = addDays(event.on, this.random.int(1, 3));
      let ok = true;
      for (let j = i + 1; j < events.length; j++) {
        const later = events[j] as PlannedEvent;
        if (later.on > late) break;
        if (!BENIGN.has(later.type) || later.command === event.command) ok = false;
      }
      if (ok) event.recordOn = late;
    }
    return ordered
      .sort((a, b) => (a.event.recordOn < b.event.recordOn ? -1 : a.event.recordOn > b.event.recordOn ? 1 : a.index - b.index))
      .map((o) => o.event);
  }
}

interface Owner {
  team: string;
  workerId: string;
}

const worker = (owner: Owner): Actor => ({ userId: owner.workerId, role: 'social_worker', team: owner.team });
const manager = (team: string): Actor => ({ userId: `${team}-tm`, role: 'team_manager', team });
const mash = (random: SeededRandom): Actor => ({ userId: `mash-w${random.int(1, 6)}`, role: 'social_worker', team: FRONT_DOOR_TEAM });

/**
 * One contact cycle of a child, in recording order: the contact and its decision, and for a referral everything up to
 * the case's closure (and leaving-care services after it). The child record is updated as the cycle is planned.
 */
export function contactCycle(child: ChildRecord, contactOn: IsoDate, ctx: JourneyContext): PlannedEvent[] {
  const plan = new Plan(child, ctx);
  const { random } = ctx;
  child.contacts += 1;
  const contactId = `${child.id}-k${child.contacts}`;
  const source = random.pick(['1A', '2A', '2A', '3A', '3E', '5D', '6', '6', '6', '8', '9']);
  plan.one('ContactReceived', contactOn, {
    contactId,
    childId: child.id,
    source,
    child: { status: 'BORN', dateOfBirth: child.dobRecorded ? child.dateOfBirth : null },
    concerns: CONCERNS,
  }, mash(random));
  const decidedOn = plan.wd(contactOn, random.weighted([[0, 0.55], [1, 0.37], [random.int(2, 4), 0.08]]));
  const decision = random.weighted([['REFER_TO_CSC', 0.24], ['NFA', 0.33], ['INFORMATION_AND_ADVICE', 0.25], ['STEP_DOWN_EARLY_HELP', 0.18]] as const);
  plan.one('MashDecisionMade', decidedOn, { contactId, decision, checks: ['POLICE', 'HEALTH'], emergency: false, linkedToOpenEpisode: false }, manager(FRONT_DOOR_TEAM));
  if (!child.dobRecorded) {
    child.dobRecorded = true;
    plan.one('DateOfBirthRecorded', addDays(decidedOn, random.int(1, 10)), { dateOfBirth: child.dateOfBirth, wasUnborn: false }, mash(random));
  }
  if (decision === 'REFER_TO_CSC') episode(plan, child, random.chance(0.7) ? decidedOn : plan.wd(decidedOn, 1), source, contactId, ctx);
  return plan.recorded();
}

function episode(plan: Plan, child: ChildRecord, referralOn: IsoDate, source: string, contactId: string, ctx: JourneyContext): void {
  const { random, teams } = ctx;
  const previous = child.lastReferralOn;
  child.episodes += 1;
  const episodeNumber = child.episodes;
  plan.one('ReferralOpened', referralOn, {
    episodeNumber,
    contactIds: [contactId],
    source,
    primaryNeed: random.pick(['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N4', 'N5', 'N6', 'N8']),
    reReferral: previous !== null && referralOn <= addMonths(previous, 12),
    previousReferralDate: previous,
    emergency: false,
  }, mash(random));
  child.lastReferralOn = referralOn;

  const team = random.pick(teams.localities);
  let owner: Owner = { team, workerId: `${team}-w${random.int(1, teams.workersPerTeam)}` };
  const allocatedOn = addDays(referralOn, random.weighted([[random.int(0, 3), 0.9], [random.int(5, 25), 0.1]]));
  plan.one('CaseAllocated', allocatedOn, { workerId: owner.workerId, teamId: owner.team }, manager(team));
  child.team = team;
  /** Periods with nobody allocated (no supervision then), and when the case changed hands. */
  const gaps: Array<[IsoDate, IsoDate]> = [];

  let end: IsoDate;
  let reason = 'RC7';
  if (random.chance(0.06)) {
    end = plan.one('ReferralClosedNoFurtherAction', addDays(referralOn, random.int(1, 4)), { episodeNumber }, worker(owner)).on;
  } else {
    const assessmentId = `${child.id}-a${episodeNumber}`;
    const started = addDays(referralOn, random.int(0, 3));
    plan.one('AssessmentStarted', started, { assessmentId }, worker(owner));
    const seen = addDays(started, random.int(1, 10));
    plan.one('ChildSeenForAssessment', seen, { assessmentId, seenAlone: random.chance(0.5) }, worker(owner));
    let completed = plan.wd(referralOn, random.weighted([[random.int(8, 42), 0.84], [random.int(46, 75), 0.16]]));
    if (completed < seen) completed = seen;
    plan.one('AssessmentCompleted', completed, { assessmentId }, worker(owner));
    const outcome = random.weighted([['NO_FURTHER_ACTION', 0.42], ['STEP_DOWN_EARLY_HELP', 0.1], ['CIN_PLAN', 0.28], ['STRATEGY_DISCUSSION', 0.16], ['LAC', 0.04]] as const);
    const authorised = plan.wd(completed, random.weighted([[0, 0.5], [1, 0.3], [random.int(2, 4), 0.2]]));
    plan.one('AssessmentAuthorised', authorised, {
      assessmentId,
      authorisedBy: `${owner.team}-tm`,
      factors: random.chance(0.3) ? ['21'] : [random.pick(['3A', '4A', '1A', '2A']), random.pick(['16A', '17A', '18B'])],
      outcome: outcome === 'LAC' ? 'CIN_PLAN' : outcome,
    }, manager(owner.team));
    if (random.chance(0.03)) {
      // The worker leaves; the case waits for a new one.
      const left = addDays(authorised, random.int(1, 20));
      plan.one('CaseDeallocated', left, { reason: 'worker left the service' }, manager(owner.team));
      const back = addDays(left, random.int(5, 40));
      const next = `${owner.team}-w${(Number(owner.workerId.split('-w')[1]) % teams.workersPerTeam) + 1}`;
      owner = { team: owner.team, workerId: next };
      gaps.push([left, back]);
    }
    const resume = gaps.length > 0 ? (gaps[0] as [IsoDate, IsoDate])[1] : authorised;
    const reallocate = (on: IsoDate): void => {
      if (gaps.length > 0) plan.one('CaseAllocated', on, { workerId: owner.workerId, teamId: owner.team }, manager(owner.team));
    };
    reallocate(resume);
    const from = resume > authorised ? resume : authorised;
    switch (outcome) {
      case 'NO_FURTHER_ACTION':
      case 'STEP_DOWN_EARLY_HELP':
        end = from;
        reason = outcome === 'NO_FURTHER_ACTION' ? 'RC8' : 'RC9';
        break;
      case 'CIN_PLAN':
        end = cinPlan(plan, child, addDays(from, random.int(0, 10)), owner, ctx, false);
        break;
      case 'STRATEGY_DISCUSSION': {
        const result = protection(plan, child, addDays(from, random.int(0, 3)), owner, ctx, 'assessment');
        if (result.kind === 'plan') end = cpPlan(plan, child, result.on, owner, ctx);
        else if (result.next === 'CIN_PLAN') end = cinPlan(plan, child, addDays(result.on, random.int(0, 10)), owner, ctx, false);
        else end = result.on;
        break;
      }
      case 'LAC': {
        const lac = lookedAfter(plan, child, addDays(from, random.int(0, 10)), owner, ctx);
        owner = lac.owner;
        end = lac.end;
        reason = lac.closure;
        break;
      }
      default: {
        const unknown: never = outcome;
        throw new Error(`unknown outcome ${String(unknown)}`);
      }
    }
  }
  const lastInEpisode = plan.events.filter((e) => e.type !== 'CareLeaverContactRecorded' && e.type !== 'PathwayPlanReviewed' && e.type !== 'CareLeaverServicesEnded' && e.type !== 'PathwayPlanRecorded').reduce((max, e) => (e.on > max ? e.on : max), end);
  const closedOn = addDays(lastInEpisode, random.int(0, 10));
  supervision(plan, allocatedOn, closedOn, gaps, ctx);
  plan.one('CaseClosed', closedOn, { episodeNumber, reason }, manager(child.team));
}

/** Supervision roughly every four weeks from allocation to closure, none while nobody holds the case. */
function supervision(plan: Plan, from: IsoDate, until: IsoDate, gaps: ReadonlyArray<[IsoDate, IsoDate]>, ctx: JourneyContext): void {
  const { random } = ctx;
  let on = from;
  for (;;) {
    on = addDays(on, random.weighted([[random.int(18, 28), 0.8], [random.int(29, 40), 0.15], [random.int(41, 60), 0.05]]));
    if (on >= until) return;
    if (gaps.some(([a, b]) => on >= a && on <= b)) continue;
    const team = plan.events.filter((e) => e.type === 'CaseAllocated' && e.on <= on).reduce<string | undefined>((_t, e) => String(e.data.teamId), undefined);
    if (team === undefined) continue;
    plan.one('SupervisionRecorded', on, { supervisorId: `${team}-tm` }, manager(team));
  }
}

function seenData(random: SeededRandom): Record<string, unknown> {
  const childSeen = random.chance(0.95);
  return { childSeen, seenAlone: childSeen && random.chance(0.4) };
}

/** A CIN plan from `start`; answers the day the case can close. May escalate to child protection. */
function cinPlan(plan: Plan, child: ChildRecord, start: IsoDate, owner: Owner, ctx: JourneyContext, fromCpp: boolean): IsoDate {
  const { random } = ctx;
  plan.one('CinPlanStarted', start, { fromChildProtectionPlan: fromCpp }, worker(owner));
  const end = addDays(start, random.weighted([[random.int(60, 180), 0.45], [random.int(181, 365), 0.4], [random.int(366, 640), 0.15]]));
  const escalateOn = !fromCpp && random.chance(0.07) ? addDays(start, random.int(30, Math.max(31, Math.floor(daysBetween(start, end) / 2)))) : null;
  const stop = escalateOn ?? end;
  cinWork(plan, start, stop, owner, ctx);
  if (escalateOn !== null) {
    const result = protection(plan, child, escalateOn, owner, ctx, 'cin');
    if (result.kind === 'plan') return cpPlan(plan, child, result.on, owner, ctx);
    cinWork(plan, result.on, end, owner, ctx);
  }
  plan.one('CinPlanEnded', end, { reason: 'OBJECTIVES_MET' }, worker(owner));
  return end;
}

function cinWork(plan: Plan, from: IsoDate, until: IsoDate, owner: Owner, ctx: JourneyContext): void {
  const { random } = ctx;
  for (let on = from; ; ) {
    on = addDays(on, random.weighted([[random.int(14, 27), 0.72], [28, 0.12], [random.int(29, 45), 0.16]]));
    if (on >= until) break;
    plan.one('CinVisitMade', on, seenData(random), worker(owner));
  }
  for (let on = from; ; ) {
    on = random.chance(0.88) ? addDays(addMonths(on, 6), -random.int(0, 20)) : addDays(addMonths(on, 6), random.int(1, 30));
    if (on >= until) break;
    plan.one('CinPlanReviewed', on, {}, worker(owner));
  }
}

type ProtectionResult = { kind: 'plan' | 'no-plan' | 'no-icpc'; on: IsoDate; next: 'CIN_PLAN' | 'NO_FURTHER_ACTION' | 'CONTINUE_CURRENT_PLAN' };

/** A strategy discussion, the s47 enquiry, and the ICPC when one is needed. */
function protection(plan: Plan, child: ChildRecord, discussedOn: IsoDate, owner: Owner, ctx: JourneyContext, from: 'assessment' | 'cin'): ProtectionResult {
  const { random, calendar } = ctx;
  plan.one('StrategyDiscussionHeld', discussedOn, { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergency: false }, worker(owner));
  const startedOn = random.chance(0.7) ? discussedOn : plan.wd(discussedOn, 1);
  const target = calendar.addWorkingDays(discussedOn, 15);
  plan.one('S47EnquiryStarted', startedOn, { strategyDiscussionDate: discussedOn, icpcTargetDate: target }, worker(owner));
  const concludedOn = plan.wd(startedOn, random.int(3, 11));
  const next = from === 'cin' ? 'CONTINUE_CURRENT_PLAN' : random.chance(0.5) ? 'CIN_PLAN' : 'NO_FURTHER_ACTION';
  if (random.chance(0.55)) {
    plan.one('S47EnquiryConcluded', concludedOn, { outcome: 'ICPC_NOT_REQUIRED', nextStep: next }, worker(owner));
    return { kind: 'no-icpc', on: concludedOn, next };
  }
  plan.one('S47EnquiryConcluded', concludedOn, { outcome: 'ICPC_REQUIRED', nextStep: null }, worker(owner));
  const earliest = calendar.workingDayOnOrAfter(concludedOn);
  let conference: IsoDate;
  if (earliest <= target && random.chance(0.8)) {
    const room = calendar.workingDaysBetween(earliest, target);
    conference = calendar.addWorkingDays(earliest, random.int(0, Math.max(0, room)));
  } else {
    conference = calendar.addWorkingDays(earliest > target ? earliest : target, random.int(1, 10));
  }
  plan.one('IcpcScheduled', concludedOn, { conferenceDate: conference, targetDate: target }, worker(owner));
  if (random.chance(0.85)) {
    const category = random.weighted([['NEG', 0.45], ['EMO', 0.35], ['PHY', 0.08], ['SAB', 0.05], ['MUL', 0.07]] as const);
    plan.next().add('IcpcHeld', conference, { outcome: 'PLAN', category, targetDate: target }, worker(owner));
    if (from === 'cin') plan.add('CinPlanEnded', conference, { reason: 'CHILD_PROTECTION_PLAN' }, worker(owner));
    child.cpps += 1;
    plan.add('ChildProtectionPlanStarted', conference, { category, icpcDate: conference, planNumber: child.cpps }, worker(owner));
    return { kind: 'plan', on: conference, next };
  }
  plan.one('IcpcHeld', conference, { outcome: 'NO_PLAN', category: null, targetDate: target }, worker(owner));
  return { kind: 'no-plan', on: conference, next: from === 'cin' ? 'CONTINUE_CURRENT_PLAN' : next };
}

/** A child protection plan from the ICPC on `start`; answers the day the case can close. */
function cpPlan(plan: Plan, child: ChildRecord, start: IsoDate, owner: Owner, ctx: JourneyContext): IsoDate {
  const { random } = ctx;
  const end = addDays(start, random.weighted([[random.int(90, 270), 0.6], [random.int(271, 540), 0.3], [random.int(541, 900), 0.08], [random.int(901, 1200), 0.02]]));
  for (let on = start; ; ) {
    on = plan.wd(on, random.weighted([[random.int(5, 10), 0.8], [random.int(11, 14), 0.15], [random.int(15, 25), 0.05]]));
    if (on >= end) break;
    plan.one('ChildProtectionVisitMade', on, seenData(random), worker(owner));
  }
  for (let on = plan.wd(start, random.weighted([[random.int(3, 10), 0.85], [random.int(11, 20), 0.15]])); on < end; on = addDays(on, random.int(20, 45))) {
    plan.one('CoreGroupHeld', on, {}, worker(owner));
  }
  for (let on = random.chance(0.9) ? addDays(addMonths(start, 3), -random.int(0, 15)) : addDays(addMonths(start, 3), random.int(1, 20)); on < end; ) {
    plan.one('ReviewConferenceHeld', on, { planContinues: true }, worker(owner));
    on = random.chance(0.9) ? addDays(addMonths(on, 6), -random.int(0, 20)) : addDays(addMonths(on, 6), random.int(1, 25));
  }
  if (random.chance(0.04)) {
    const changedOn = addDays(start, Math.floor(daysBetween(start, end) / 2));
    const from = plan.events.filter((e) => e.type === 'ChildProtectionPlanStarted').at(-1)?.data.category;
    plan.one('CategoryOfAbuseChanged', changedOn, { from, to: from === 'NEG' ? 'EMO' : 'NEG' }, worker(owner));
  }
  const ending = random.weighted([['STEP_DOWN_TO_CIN', 0.45], ['CLOSURE', 0.45], ['BECAME_LOOKED_AFTER', 0.1]] as const);
  if (ending === 'BECAME_LOOKED_AFTER') {
    const lacStart = addDays(end, -random.int(5, 20));
    const lac = lookedAfter(plan, child, lacStart > start ? lacStart : addDays(start, 1), owner, ctx, end);
    return lac.end;
  }
  plan.next().add('ReviewConferenceHeld', end, { planContinues: false }, worker(owner));
  plan.add('ChildProtectionPlanEnded', end, { reason: ending }, worker(owner));
  if (ending === 'STEP_DOWN_TO_CIN') {
    plan.add('CinPlanStarted', end, { fromChildProtectionPlan: true }, worker(owner));
    const cinEnd = addDays(end, random.int(60, 300));
    cinWork(plan, end, cinEnd, owner, ctx);
    plan.one('CinPlanEnded', cinEnd, { reason: 'OBJECTIVES_MET' }, worker(owner));
    return cinEnd;
  }
  return end;
}

function placement(random: SeededRandom, place: string = random.pick(FOSTER_PLACES)): Record<string, unknown> {
  const far = random.chance(0.18);
  return {
    place,
    provider: random.pick(PROVIDERS),
    distanceFromHomeMiles: far ? random.int(21, 120) : random.int(0, 20),
    insideLocalAuthority: far ? random.chance(0.2) : random.chance(0.85),
  };
}

/** Looked after from `start`; answers when care ended (and the closure reason), with the new owner. */
function lookedAfter(
  plan: Plan,
  child: ChildRecord,
  start: IsoDate,
  previousOwner: Owner,
  ctx: JourneyContext,
  /** The day a child protection plan open alongside ends because the child is looked after. */
  cppEndsOn?: IsoDate,
): { end: IsoDate; owner: Owner; closure: string } {
  const { random } = ctx;
  const dob = child.dateOfBirth;
  const age = ageInYears(dob, start);
  plan.one('BecameLookedAfter', start, { legalStatus: random.weighted([['V2', 0.5], ['C1', 0.3], ['C2', 0.1], ['L2', 0.1]] as const), placement: placement(random), categoryOfNeed: 'N1', reasonNewEpisode: 'S' }, worker(previousOwner));
  const period = { from: start, to: null as IsoDate | null };
  child.lookedAfter.push(period);
  const owner: Owner = { team: CHILDREN_IN_CARE_TEAM, workerId: `${CHILDREN_IN_CARE_TEAM}-w${random.int(1, ctx.teams.workersPerTeam)}` };
  const handedOver = addDays(start, random.int(0, 5));
  plan.one('CaseAllocated', handedOver, { workerId: owner.workerId, teamId: owner.team }, manager(owner.team));
  child.team = owner.team;
  if (cppEndsOn !== undefined) plan.one('ChildProtectionPlanEnded', cppEndsOn, { reason: 'BECAME_LOOKED_AFTER' }, worker(previousOwner));

  const eighteenth = birthdayOn(dob, 18);
  let exit = random.weighted([['E4A', 0.42], ['SGO', 0.14], ['ADOPTION', age < 8 ? 0.16 : 0], ['E13', 0.1], ['E8', 0.08], ['E41', 0.1]] as const);
  let end: IsoDate;
  if (age >= 13 && random.chance(0.55)) {
    end = addDays(eighteenth, random.int(0, 30));
    exit = 'E13';
  } else {
    end = addDays(start, random.weighted([[random.int(100, 365), 0.4], [random.int(366, 900), 0.42], [random.int(901, 2000), 0.18]]));
    if (end >= eighteenth) end = addDays(eighteenth, -random.int(1, 60));
    if (end <= addDays(start, 60)) end = addDays(start, 61);
  }
  if (cppEndsOn !== undefined && end <= cppEndsOn) end = addDays(cppEndsOn, random.int(30, 200));
  // The adoption path fixes when care ends; placement moves stop once the child is placed with adopters.
  let adoption: { decided: IsoDate; order: IsoDate; matched: IsoDate; placed: IsoDate } | null = null;
  if (exit === 'ADOPTION') {
    const decided = addDays(start, random.int(60, 200));
    const order = addDays(decided, random.int(40, 200));
    const matched = addDays(order, random.weighted([[random.int(20, 121), 0.6], [random.int(122, 300), 0.4]]));
    const placed = addDays(matched, random.int(10, 60));
    const adopted = addDays(placed, random.int(70, 220));
    if (adopted < eighteenth && (cppEndsOn === undefined || decided > cppEndsOn)) {
      adoption = { decided, order, matched, placed };
      end = adopted;
    } else {
      exit = 'E4A';
    }
  }
  const agedOut = end >= eighteenth;
  if (agedOut && (exit === 'SGO' || exit === 'E41')) exit = 'E13';

  // Plans and reviews.
  plan.one('CarePlanRecorded', plan.wd(start, random.weighted([[random.int(1, 10), 0.86], [random.int(11, 25), 0.14]])), {}, worker(owner));
  plan.one('PlacementPlanRecorded', plan.wd(start, random.weighted([[random.int(0, 5), 0.85], [random.int(6, 15), 0.15]])), {}, worker(owner));
  let review = plan.wd(start, random.weighted([[random.int(10, 20), 0.86], [random.int(21, 35), 0.14]]));
  for (let n = 0; review < end; n++) {
    plan.one('LacReviewHeld', review, { participation: null }, worker(owner));
    const months = n === 0 ? 3 : 6;
    review = random.chance(0.9) ? addDays(addMonths(review, months), -random.int(0, 20)) : addDays(addMonths(review, months), random.int(1, 30));
  }
  let health = plan.wd(start, random.weighted([[random.int(5, 20), 0.8], [random.int(21, 40), 0.2]]));
  for (let kind = 'INITIAL'; health < end; kind = 'REVIEW') {
    plan.one('HealthAssessmentRecorded', health, { kind }, worker(owner));
    health = addDays(addMonths(health, ageInYears(dob, health) < 5 ? 6 : 12), random.weighted([[-random.int(0, 20), 0.85], [random.int(1, 40), 0.15]]));
  }
  if (age >= 5 && age < 16) {
    for (let pep = plan.wd(start, random.weighted([[random.int(2, 10), 0.8], [random.int(11, 25), 0.2]])); pep < end; ) {
      plan.one('PersonalEducationPlanRecorded', pep, {}, worker(owner));
      pep = addDays(addMonths(pep, 3), random.weighted([[-random.int(0, 15), 0.85], [random.int(1, 30), 0.15]]));
    }
  }

  let adoptionPlacedOn: IsoDate | null = null;
  if (adoption !== null) {
    plan.one('AdoptionDecisionMade', adoption.decided, {}, worker(owner));
    plan.one('PlacementOrderGranted', adoption.order, {}, worker(owner));
    plan.one('MatchedWithAdopters', adoption.matched, {}, worker(owner));
    adoptionPlacedOn = adoption.placed;
    plan.next().add('PlacedForAdoption', adoption.placed, { place: 'A5' }, worker(owner));
    plan.add('PlacementChanged', adoption.placed, { placement: placement(random, 'A5'), sameCarer: false, reasonPlaceChange: 'CARPL', newLegalStatus: null, reasonNewEpisode: 'P' }, worker(owner));
    plan.one('PlacementPlanRecorded', plan.wd(adoption.placed, random.int(0, 6)), {}, worker(owner));
  }

  // Statutory visits: within a week of each placement, then every six weeks (three months in a settled long-term one).
  const moves: IsoDate[] = [];
  const lastMove = adoptionPlacedOn ?? end;
  for (let on = addDays(start, random.int(30, 400)); on < addDays(lastMove, -10); on = addDays(on, random.int(120, 700))) moves.push(on);
  for (const on of moves) {
    plan.one('PlacementChanged', on, { placement: placement(random), sameCarer: false, reasonPlaceChange: random.pick(['CARPL', 'CHILD', 'LAREQ', 'PLACE']), newLegalStatus: null, reasonNewEpisode: 'P' }, worker(owner));
    plan.one('PlacementPlanRecorded', plan.wd(on, random.weighted([[random.int(0, 5), 0.85], [random.int(6, 15), 0.15]])), {}, worker(owner));
  }
  const starts = [start, ...moves, ...(adoptionPlacedOn ? [adoptionPlacedOn] : [])];
  starts.forEach((from, i) => {
    const until = starts[i + 1] ?? end;
    let on = addDays(from, random.weighted([[random.int(1, 7), 0.86], [random.int(8, 14), 0.14]]));
    while (on < until) {
      plan.one('LacVisitMade', on, seenData(random), worker(owner));
      const settled = daysBetween(from, on) > 365 && random.chance(0.5);
      on = addDays(on, settled ? random.int(60, 91) : random.weighted([[random.int(25, 42), 0.82], [random.int(43, 60), 0.18]]));
    }
  });

  // Care proceedings for some children in care.
  if (random.chance(0.3) && daysBetween(start, end) > 200) {
    const issued = addDays(start, random.int(0, 20));
    plan.one('CareProceedingsIssued', issued, { orderSought: 'CARE_ORDER' }, worker(owner));
    plan.one('InterimCareOrderMade', addDays(issued, random.int(0, 5)), { order: 'INTERIM_CARE_ORDER' }, worker(owner));
    let final = addDays(issued, 7 * random.weighted([[random.int(16, 26), 0.55], [random.int(27, 45), 0.45]]));
    if (final >= end) final = addDays(end, -1);
    plan.one('FinalOrderMade', final, { order: 'CARE_ORDER', weeksSinceIssue: Math.floor(daysBetween(issued, final) / 7) }, worker(owner));
  }

  // Pathway plan for a young person in care at 16.
  const sixteenth = birthdayOn(dob, 16);
  let pathwayPlanOn: IsoDate | null = null;
  if (sixteenth >= start && sixteenth < end) {
    const on = addDays(sixteenth, random.weighted([[random.int(10, 90), 0.8], [random.int(91, 150), 0.2]]));
    if (on < end) {
      plan.one('PathwayPlanRecorded', on, {}, worker(owner));
      pathwayPlanOn = on;
    }
  }

  // Leaving care.
  let reason: string;
  let closure = 'RC7';
  if (exit === 'ADOPTION') {
    plan.next().add('AdoptionOrderGranted', end, { reasonEpisodeCeased: 'E11' }, worker(owner));
    reason = 'E11';
    closure = 'RC1';
  } else if (exit === 'SGO') {
    reason = random.pick(['E45', 'E46', 'E47', 'E48']);
    closure = 'RC4';
    plan.next();
  } else if (exit === 'E41') {
    reason = 'E41';
    closure = 'RC3';
    plan.next();
  } else {
    reason = agedOut ? random.pick(['E13', 'E5', 'E6', 'E17']) : exit;
    plan.next();
  }
  period.to = end;
  const careLeaver = isCareLeaver(child, end, reason);
  plan.add('CeasedLookedAfter', end, { reasonEpisodeCeased: reason, careLeaver }, worker(owner));
  if (careLeaver) leavingCare(plan, child, end, pathwayPlanOn, owner, ctx);
  return { end, owner, closure };
}

/** As libs/journey decides it: 16 or over, 13 weeks looked after since 14, not leaving by adoption, an order or the like. */
function isCareLeaver(child: ChildRecord, on: IsoDate, reason: string): boolean {
  if (['E11', 'E12', 'E2', 'E3', 'E15', 'E41', 'E45', 'E46', 'E47', 'E48'].includes(reason) || ageInYears(child.dateOfBirth, on) < 16) return false;
  const fourteenth = addMonths(child.dateOfBirth, 14 * 12);
  let days = 0;
  for (const period of child.lookedAfter) {
    const from = period.from > fourteenth ? period.from : fourteenth;
    const to = period.to === null || period.to > on ? on : period.to;
    if (to > from) days += daysBetween(from, to);
  }
  return days >= 91;
}

/** Leaving-care services to 21: contacts every two months or so, pathway plan reviews, then services end. */
function leavingCare(plan: Plan, child: ChildRecord, leftOn: IsoDate, pathwayPlanOn: IsoDate | null, owner: Owner, ctx: JourneyContext): void {
  const { random } = ctx;
  const until = addYears(child.dateOfBirth, 21);
  let planOn = pathwayPlanOn;
  if (planOn === null) {
    planOn = addDays(leftOn, random.int(5, 60));
    plan.one('PathwayPlanRecorded', planOn, {}, worker(owner));
  }
  for (let on = addMonths(planOn, 6); on < until; on = addDays(addMonths(on, 6), random.weighted([[-random.int(0, 20), 0.85], [random.int(1, 40), 0.15]]))) {
    if (on > leftOn) plan.one('PathwayPlanReviewed', on, {}, worker(owner));
  }
  for (let on = addDays(leftOn, random.int(20, 60)); on < until; on = addDays(on, random.int(40, 80))) {
    const inTouch = random.chance(0.9);
    plan.one('CareLeaverContactRecorded', on, {
      inTouch: inTouch ? 'YES' : 'NO',
      activity: inTouch ? random.pick(['F1', 'F2', 'F4', 'P4', 'F5', 'G5', 'G6', 'G4']) : null,
      accommodation: inTouch ? random.pick(['D', 'E', 'U', 'Z', 'B', 'T', 'S']) : null,
      accommodationSuitable: inTouch ? random.chance(0.86) : null,
    }, worker(owner));
  }
  plan.one('CareLeaverServicesEnded', until > leftOn ? until : addDays(leftOn, 1), { reason: 'reached 21' }, worker(owner));
}

/** A correction or void of a visit some days after it was recorded, kept inside the child's history. */
export function followUps(events: readonly PlannedEvent[], child: ChildRecord, random: SeededRandom): PlannedEvent[] {
  const extra: PlannedEvent[] = [];
  const byDate = [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  byDate.forEach((event, i) => {
    if (!VISITS.has(event.type)) return;
    const before = byDate[i - 1];
    const after = byDate[i + 1];
    const roomy = before !== undefined && after !== undefined && daysBetween(before.on, event.on) > 3 && daysBetween(event.on, after.on) > 3;
    const recordOn = addDays(event.recordOn, random.int(2, 8));
    if (!roomy || (after !== undefined && recordOn >= after.recordOn)) return;
    const roll = random.next();
    if (roll < 0.006) {
      child.events += 1;
      child.commands += 1;
      extra.push({
        id: `${child.id}:${child.events}`,
        type: 'EventCorrected',
        on: recordOn,
        recordOn,
        data: { eventId: event.id, eventType: event.type, data: event.data, occurredAt: addDays(event.on, random.chance(0.5) ? 1 : -1), reason: 'visit date entered wrongly' },
        actor: event.actor,
        command: `${child.id}:c${child.commands}`,
      });
    } else if (roll < 0.008) {
      child.events += 1;
      child.commands += 1;
      extra.push({
        id: `${child.id}:${child.events}`,
        type: 'EventVoided',
        on: recordOn,
        recordOn,
        data: { eventId: event.id, eventType: event.type, reason: 'recorded on the wrong child' },
        actor: event.actor,
        command: `${child.id}:c${child.commands}`,
      });
    }
  });
  return extra;
}
