import type { JourneyEvent, JourneyEventDataMap, MachineEventType } from '@cje/journey';
import { addDays, addMonths, addYears, ageInYears, daysBetween, weekdayOf } from '@cje/timescales';

/**
 * A synthetic local authority's journey events, written straight as the events the journey records (not decided
 * command by command, which would take minutes for a county): every history follows the journey's rules, which the
 * unit test proves by folding a sample through the machine. Volumes follow journey.md's average authority per year
 * (20,000 contacts, 4,200 referrals, 1,500 s47 enquiries, 470 ICPCs, ~550 looked after), times `scale`.
 */
export interface SyntheticCountyOptions {
  /** 1 = an average authority; 4 = a large county. */
  readonly scale: number;
  /** First day simulated; history runs to `end`. Children already in care at the start arrive with earlier histories. */
  readonly start: string;
  readonly end: string;
  readonly seed?: number;
}

export interface SyntheticCounty {
  readonly histories: Map<string, JourneyEvent[]>;
  readonly events: number;
}

const PER_YEAR = { contactsOnly: 15_800, referrals: 4_200, inCareAtStart: 420 };

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BANK_HOLIDAYS = new Set([
  '2019-12-25', '2019-12-26', '2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28',
  '2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28',
  '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27',
  '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26',
  '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26',
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
]);
export const isWorkingDay = (date: string): boolean => weekdayOf(date) <= 5 && !BANK_HOLIDAYS.has(date);
const later = (a: string, b: string): string => (a > b ? a : b);
const nextWorkingDay = (date: string): string => {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
};
const addWorkingDays = (date: string, n: number): string => {
  let d = date;
  for (let counted = 0; counted < n; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) counted++;
  }
  return d;
};

type Source = JourneyEventDataMap['ContactReceived']['source'];
const SOURCES: readonly Source[] = ['1A', '1B', '2A', '2A', '2B', '3A', '3B', '3E', '3F', '4', '5A', '5D', '6', '6', '6', '7', '8', '9', '10'];
const NEEDS = ['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
const FACTORS = ['1B', '2B', '3A', '3B', '4A', '4B', '5B', '6B', '14A', '16A', '17A', '18C', '24A'] as const;
const CATEGORIES = ['NEG', 'NEG', 'NEG', 'EMO', 'EMO', 'PHY', 'SAB', 'MUL'] as const;
const FOSTER = [
  { place: 'U6', provider: 'PR1' }, { place: 'U6', provider: 'PR4' }, { place: 'U4', provider: 'PR1' }, { place: 'U3', provider: 'PR1' },
  { place: 'K2', provider: 'PR4' }, { place: 'R1', provider: 'PR4' }, { place: 'P1', provider: 'PR0' }, { place: 'U1', provider: 'PR1' },
] as const;
const CEASE = ['E4A', 'E4A', 'E4B', 'E13', 'E45', 'E47', 'E8', 'E5', 'E41'] as const;
const NOT_CARE_LEAVER = new Set(['E11', 'E12', 'E2', 'E3', 'E15', 'E41', 'E45', 'E46', 'E47', 'E48']);

type Draft = { [T in MachineEventType]: { type: T; data: JourneyEventDataMap[T] } }[MachineEventType];

/** One child's history, built forwards in time; each `command` records its events under one command id. */
class History {
  readonly events: JourneyEvent[] = [];
  private commands = 0;
  constructor(readonly childId: string) {}
  command(on: string, ...drafts: Draft[]): void {
    const id = `${this.childId}-c${++this.commands}`;
    drafts.forEach((d, i) => this.events.push({ id: `${id}:${i}`, type: d.type, data: d.data, occurredAt: on, machineVersion: 1 } as JourneyEvent));
  }
}

export function generateSyntheticCounty(options: SyntheticCountyOptions): SyntheticCounty {
  const rnd = random(options.seed ?? 20250401);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const between = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
  const { start, end } = options;
  const years = daysBetween(start, end) / 365.25;
  const histories = new Map<string, JourneyEvent[]>();
  let childNumber = 0;
  const newChild = (): History => new History(`C${String(++childNumber).padStart(7, '0')}`);
  const workers = Array.from({ length: Math.max(4, Math.round(120 * options.scale)) }, (_, i) => ({ workerId: `SW${String(i + 1).padStart(4, '0')}`, teamId: `T${(i % 12) + 1}` }));
  const dayIn = (from: string, to: string): string => addDays(from, Math.floor(rnd() * Math.max(1, daysBetween(from, to) + 1)));

  const contact = (h: History, on: string, dob: string, decision: 'NFA' | 'INFORMATION_AND_ADVICE' | 'STEP_DOWN_EARLY_HELP' | 'REFER_TO_CSC'): Source => {
    const source = pick(SOURCES);
    h.command(on, { type: 'ContactReceived', data: { contactId: 'k1', childId: h.childId, source, child: { status: 'BORN', dateOfBirth: dob }, concerns: '' } });
    h.command(on, { type: 'MashDecisionMade', data: { contactId: 'k1', decision, checks: ['POLICE'], emergency: false, linkedToOpenEpisode: false } });
    return source;
  };

  // Contacts that go no further.
  const contactsOnly = Math.round(PER_YEAR.contactsOnly * options.scale * years);
  for (let i = 0; i < contactsOnly; i++) {
    const h = newChild();
    const on = dayIn(start, end);
    contact(h, on, addDays(on, -between(30, 6400)), pick(['NFA', 'INFORMATION_AND_ADVICE', 'STEP_DOWN_EARLY_HELP'] as const));
    histories.set(h.childId, h.events);
  }

  // Referrals, and the work that follows them.
  const referrals = Math.round(PER_YEAR.referrals * options.scale * years);
  for (let i = 0; i < referrals; i++) {
    const h = newChild();
    referral(h, dayIn(start, end), null);
    histories.set(h.childId, h.events);
  }
  // Children already looked after when the simulation starts.
  const inCare = Math.round(PER_YEAR.inCareAtStart * options.scale);
  for (let i = 0; i < inCare; i++) {
    const h = newChild();
    referral(h, addDays(start, -between(30, 5 * 365)), 'care');
    histories.set(h.childId, h.events);
  }
  return { histories, events: [...histories.values()].reduce((n, e) => n + e.length, 0) };

  function referral(h: History, on: string, route: 'care' | null): void {
    const dob = addDays(on, -between(60, route === 'care' ? 5800 : 6200));
    const source = contact(h, on, dob, 'REFER_TO_CSC');
    const referredOn = route === 'care' ? on : addDays(on, between(0, 1));
    if (referredOn > end) return;
    h.command(referredOn, {
      type: 'ReferralOpened',
      data: { episodeNumber: 1, contactIds: ['k1'], source, primaryNeed: pick(NEEDS), reReferral: false, previousReferralDate: null, emergency: false },
    });
    const worker = pick(workers);
    h.command(referredOn, { type: 'CaseAllocated', data: { workerId: worker.workerId, teamId: worker.teamId } });
    if (route === null && chance(0.08)) {
      h.command(referredOn, { type: 'ReferralClosedNoFurtherAction', data: { episodeNumber: 1 } });
      const closed = addDays(referredOn, 1);
      if (closed <= end) h.command(closed, { type: 'CaseClosed', data: { episodeNumber: 1, reason: 'RC7' } });
      return;
    }
    // Single assessment.
    const started = addDays(referredOn, between(0, 3));
    if (started > end) return;
    h.command(started, { type: 'AssessmentStarted', data: { assessmentId: 'a1' } });
    const seen = addDays(started, between(1, 5));
    const completed = addDays(seen, between(10, 45));
    const authorised = addDays(completed, between(0, 5));
    if (seen <= end) h.command(seen, { type: 'ChildSeenForAssessment', data: { assessmentId: 'a1', seenAlone: chance(0.5) } });
    const s47 = route === null && chance(0.36);
    const care = route === 'care' || (!s47 && chance(0.09));
    const cinPlan = !s47 && !care && chance(0.45);
    const nfa = !s47 && !care && !cinPlan;
    if (authorised > end) return;
    {
      h.command(completed, { type: 'AssessmentCompleted', data: { assessmentId: 'a1' } });
      const factors = [...new Set([pick(FACTORS), pick(FACTORS)])];
      h.command(authorised, {
        type: 'AssessmentAuthorised',
        data: { assessmentId: 'a1', authorisedBy: 'TM1', factors, outcome: nfa ? 'NO_FURTHER_ACTION' : s47 ? 'STRATEGY_DISCUSSION' : cinPlan ? 'CIN_PLAN' : 'CONTINUE_CURRENT_PLAN' },
      });
    }
    let last = authorised;
    let open = false;
    let closure: 'RC1' | undefined;
    if (s47) ({ last, open } = protection(h, addDays(started, between(0, 4)), last));
    if (cinPlan) ({ last, open } = cinPlanFrom(h, addDays(authorised, 1), last, false));
    if (care) ({ last, open, closure } = lookedAfter(h, route === 'care' ? addDays(referredOn, between(1, 20)) : addDays(authorised, between(1, 30)), dob, last));
    if (open) return;
    const closed = addDays(last, between(1, 14));
    if (closed <= end) h.command(closed, { type: 'CaseClosed', data: { episodeNumber: 1, reason: closure ?? (nfa ? 'RC8' : 'RC7') } });
  }

  function protection(h: History, discussed: string, last: string): { last: string; open: boolean } {
    if (discussed > end) return { last, open: true };
    const target = addWorkingDays(discussed, 15);
    h.command(discussed, { type: 'StrategyDiscussionHeld', data: { outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE'], emergency: false } });
    h.command(discussed, { type: 'S47EnquiryStarted', data: { strategyDiscussionDate: discussed, icpcTargetDate: target } });
    const concluded = addDays(discussed, between(3, 12));
    if (concluded > end) return { last, open: true };
    const conference = chance(0.31);
    h.command(concluded, { type: 'S47EnquiryConcluded', data: { outcome: conference ? 'ICPC_REQUIRED' : 'ICPC_NOT_REQUIRED', nextStep: conference ? null : 'NO_FURTHER_ACTION' } });
    last = concluded > last ? concluded : last;
    if (!conference) return { last, open: false };
    const date = nextWorkingDay(addDays(concluded, between(1, 10)));
    h.command(concluded, { type: 'IcpcScheduled', data: { conferenceDate: date, targetDate: target } });
    if (date > end) return { last, open: true };
    const plan = chance(0.85);
    const category = pick(CATEGORIES);
    if (!plan) {
      h.command(date, { type: 'IcpcHeld', data: { outcome: 'NO_PLAN', category: null, targetDate: target } });
      return { last: later(last, date), open: false };
    }
    h.command(date, { type: 'IcpcHeld', data: { outcome: 'PLAN', category, targetDate: target } }, { type: 'ChildProtectionPlanStarted', data: { category, icpcDate: date, planNumber: 1 } });
    last = later(last, date);
    const ends = addDays(date, between(120, 600));
    const coreGroup = addDays(date, between(5, 10));
    if (coreGroup <= end) h.command(coreGroup, { type: 'CoreGroupHeld', data: {} });
    for (let visit = addDays(date, 14); visit < ends && visit <= end; visit = addDays(visit, between(10, 20)))
      h.command(visit, { type: 'ChildProtectionVisitMade', data: { childSeen: true, seenAlone: chance(0.6) } });
    for (let review = addMonths(date, 3); review < ends && review <= end; review = addMonths(review, 6))
      h.command(nextWorkingDay(review) < ends ? nextWorkingDay(review) : review, { type: 'ReviewConferenceHeld', data: { planContinues: true } });
    if (ends > end) return { last: end, open: true };
    const stepDown = chance(0.5);
    if (stepDown) {
      h.command(ends, { type: 'ChildProtectionPlanEnded', data: { reason: 'STEP_DOWN_TO_CIN' } }, { type: 'CinPlanStarted', data: { fromChildProtectionPlan: true } });
      return cinPlanFrom(h, ends, later(last, ends), true);
    }
    h.command(ends, { type: 'ChildProtectionPlanEnded', data: { reason: 'CLOSURE' } });
    return { last: later(last, ends), open: false };
  }

  function cinPlanFrom(h: History, startOn: string, last: string, alreadyStarted: boolean): { last: string; open: boolean } {
    if (startOn > end) return { last, open: !alreadyStarted ? false : true };
    if (!alreadyStarted) h.command(startOn, { type: 'CinPlanStarted', data: { fromChildProtectionPlan: false } });
    const ends = addDays(startOn, between(60, 300));
    for (let visit = addDays(startOn, 20); visit < ends && visit <= end; visit = addDays(visit, between(25, 40)))
      h.command(visit, { type: 'CinVisitMade', data: { childSeen: true, seenAlone: chance(0.4) } });
    for (let review = addMonths(startOn, 3); review < ends && review <= end; review = addMonths(review, 3)) h.command(review, { type: 'CinPlanReviewed', data: {} });
    if (ends > end) return { last: end, open: true };
    h.command(ends, { type: 'CinPlanEnded', data: { reason: 'OBJECTIVES_MET' } });
    return { last: later(last, ends), open: false };
  }

  function lookedAfter(h: History, startOn: string, dob: string, last: string): { last: string; open: boolean; closure?: 'RC1' } {
    if (startOn > end) return { last, open: false };
    let placement = pick(FOSTER);
    let legal: 'V2' | 'C1' | 'C2' = chance(0.6) ? 'V2' : 'C1';
    const details = (p: (typeof FOSTER)[number]) => ({ place: p.place, provider: p.provider, distanceFromHomeMiles: between(0, 60), insideLocalAuthority: chance(0.6) });
    h.command(startOn, { type: 'BecameLookedAfter', data: { legalStatus: legal, placement: details(placement), categoryOfNeed: pick(NEEDS), reasonNewEpisode: 'S' } });
    const ageAtStart = ageInYears(dob, startOn);
    const adoption = ageAtStart < 4 && chance(0.35);
    // Children already in care when the simulation starts stay into it (they are the authority's current cohort).
    let ends = addDays(startOn, between(60, 1400));
    if (startOn < start && ends < start) ends = addDays(start, between(30, 900));
    if (!adoption && ageInYears(dob, ends) >= 18) ends = addDays(addYears(dob, 18), -between(1, 60));
    if (ends <= startOn) ends = addDays(startOn, 30);
    // An adoption sets the end of the period; moves and absences happen before the adoption decision.
    const decidedOn = addDays(startOn, between(60, 200));
    const orderOn = addDays(decidedOn, between(30, 120));
    const matchedOn = addDays(orderOn, between(30, 150));
    const placedOn = addDays(matchedOn, between(7, 40));
    const adoptedOn = addDays(placedOn, between(70, 200));
    if (adoption) ends = adoptedOn;
    const movesBefore = adoption ? decidedOn : ends;
    let current = startOn;
    const walk = (from: string, days: number): string => addDays(from, days);
    // Health, reviews and visits through the period.
    if (addDays(startOn, 15) <= end) h.command(addDays(startOn, 15), { type: 'HealthAssessmentRecorded', data: { kind: 'INITIAL' } });
    for (let hr = addYears(startOn, 1); hr < ends && hr <= end; hr = addYears(hr, 1)) h.command(hr, { type: 'HealthAssessmentRecorded', data: { kind: 'REVIEW' } });
    const reviewDates = [addDays(startOn, 20), addMonths(startOn, 3)];
    for (let r = addMonths(startOn, 9); r < ends; r = addMonths(r, 6)) reviewDates.push(r);
    for (const r of reviewDates) if (r < ends && r <= end) h.command(r, { type: 'LacReviewHeld', data: { participation: ageInYears(dob, r) < 4 ? 'PN0' : 'PN1' } });
    for (let v = addDays(startOn, 7); v < ends && v <= end; v = addDays(v, between(30, 50))) h.command(v, { type: 'LacVisitMade', data: { childSeen: true, seenAlone: chance(0.5) } });
    if (ageInYears(dob, startOn) >= 16 || (ageInYears(dob, ends) >= 16 && chance(0.8))) {
      const plan = ageInYears(dob, startOn) >= 16 ? addDays(startOn, 10) : addDays(addYears(dob, 16), 5);
      if (plan < ends && plan <= end) h.command(plan, { type: 'PathwayPlanRecorded', data: {} });
    }
    // Moves and legal changes, in date order.
    const changes = between(0, 2);
    for (let c = 0; c < changes; c++) {
      const on = walk(current, between(20, 200));
      if (on >= movesBefore || on > end) break;
      if (legal === 'V2' && chance(0.3)) {
        h.command(on, { type: 'LegalStatusChanged', data: { from: legal, to: 'C1', reasonNewEpisode: 'L' } });
        legal = 'C1';
      } else {
        const next = pick(FOSTER.filter((p) => p.place !== placement.place));
        const sameCarer = chance(0.2);
        h.command(on, {
          type: 'PlacementChanged',
          data: { placement: details(next), sameCarer, reasonPlaceChange: pick(['CARPL', 'CREQB', 'CREQO', 'CHILD', 'OTHER'] as const), newLegalStatus: null, reasonNewEpisode: sameCarer ? 'T' : 'P' },
        });
        placement = next;
      }
      current = on;
    }
    if (chance(0.2)) {
      const gone = walk(current, between(5, 90));
      const back = addDays(gone, between(0, 3));
      if (back < movesBefore && back <= end) {
        h.command(gone, { type: 'MissingEpisodeStarted', data: { kind: chance(0.7) ? 'M' : 'A' } });
        h.command(back, { type: 'MissingEpisodeEnded', data: { returnInterviewOffered: true, returnInterviewAccepted: chance(0.6) } });
        current = back;
      }
    }
    if (adoption) {
      const [decided, order, matched, placed, adopted] = [decidedOn, orderOn, matchedOn, placedOn, adoptedOn];
      if (decided > end) return { last: end, open: true };
      h.command(decided, { type: 'AdoptionDecisionMade', data: {} });
      if (order > end) return { last: end, open: true };
      h.command(order, { type: 'PlacementOrderGranted', data: {} }, { type: 'LegalStatusChanged', data: { from: legal, to: 'E1', reasonNewEpisode: 'L' } });
      if (matched > end) return { last: end, open: true };
      h.command(matched, { type: 'MatchedWithAdopters', data: {} });
      if (placed > end) return { last: end, open: true };
      const place = chance(0.5) ? 'A5' : 'A6';
      const sameCarer = place === 'A5';
      h.command(
        placed,
        { type: 'PlacedForAdoption', data: { place } },
        { type: 'PlacementChanged', data: { placement: { place, provider: 'PR1', distanceFromHomeMiles: between(0, 40), insideLocalAuthority: chance(0.5) }, sameCarer, reasonPlaceChange: 'CARPL', newLegalStatus: null, reasonNewEpisode: sameCarer ? 'T' : 'P' } },
      );
      if (adopted > end) return { last: end, open: true };
      h.command(adopted, { type: 'AdoptionOrderGranted', data: { reasonEpisodeCeased: 'E11' } }, { type: 'CeasedLookedAfter', data: { reasonEpisodeCeased: 'E11', careLeaver: false } });
      return { last: later(last, adopted), open: false, closure: 'RC1' };
    }
    if (ends <= current) ends = addDays(current, 1);
    if (ends > end) return { last: end, open: true };
    let reason = pick(CEASE);
    if ((reason === 'E45' || reason === 'E47') && ageInYears(dob, ends) >= 18) reason = 'E8';
    const sinceFourteen = addYears(dob, 14) > startOn ? addYears(dob, 14) : startOn;
    const careLeaver = !NOT_CARE_LEAVER.has(reason) && ageInYears(dob, ends) >= 16 && ends > sinceFourteen && daysBetween(sinceFourteen, ends) >= 91;
    h.command(ends, { type: 'CeasedLookedAfter', data: { reasonEpisodeCeased: reason, careLeaver } });
    if (careLeaver)
      for (let c = addDays(ends, between(20, 60)); c <= end; c = addDays(c, between(50, 90)))
        h.command(c, { type: 'CareLeaverContactRecorded', data: { inTouch: 'YES', activity: pick(['F2', 'F4', 'P4', 'G5'] as const), accommodation: pick(['B', 'D', 'E', 'U', 'Z'] as const), accommodationSuitable: chance(0.9) } });
    return { last: later(last, ends), open: false };
  }
}
