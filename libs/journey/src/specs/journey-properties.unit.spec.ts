import fc from 'fast-check';
import { allowedCommands } from '../allowed-commands.js';
import { describeState } from '../describe-state.js';
import {
  ASSESSMENT_OUTCOMES,
  CATEGORIES_OF_ABUSE,
  CLOSURE_REASONS,
  CPP_END_REASONS,
  FINAL_ORDERS,
  MASH_DECISIONS,
  PRIMARY_NEEDS,
} from '../codes.js';
import { addDays, dateOf } from '../dates.js';
import { decide } from '../decide.js';
import { JOURNEY_COMMAND_TYPES, type JourneyCommand, type JourneyCommandType } from '../journey-command.js';
import { s47Unresolved } from '../journey-context.js';
import { isCorrectionEvent, type JourneyEvent, type JourneyEventDraft } from '../journey-event.js';
import { emptyJourney, evolve, fold, type JourneyState } from '../journey-state.js';
import { CTX, FOSTER, MANAGER, WORKER, command, isWorkingDay } from '../testing/journey-fixtures.contract.js';

/**
 * Random journeys: sequences of commands, mostly ones the journey offers at that moment (so runs go deep), some of
 * any type (so refusals are exercised), with dates that mostly move forward and sometimes slip back. Whatever is
 * accepted, the journey never reaches a state its rules forbid, and the fold of the accepted events is the state
 * reached step by step.
 */

const intents = fc.array(
  fc.record({ offered: fc.nat(9).map((n) => n < 8), pick: fc.nat(1000), variant: fc.nat(1000), days: fc.integer({ min: -3, max: 30 }) }),
  { minLength: 1, maxLength: 60, size: 'max' },
);

const at = <T,>(list: readonly T[], i: number): T => list[i % list.length]!;
const workingDayFrom = (date: string): string => (isWorkingDay(date) ? date : workingDayFrom(addDays(date, 1)));
/** Always on offer, so picked only now and then: otherwise they crowd out the steps that move a journey on. */
const BACKGROUND: readonly JourneyCommandType[] = ['RecordContact', 'RecordDateOfBirth', 'CorrectEvent', 'VoidEvent'];
const PLACES = ['U6', 'U4', 'K2', 'R1', 'K3', 'H5'] as const;

function build(type: JourneyCommandType, state: JourneyState, v: number, on: string, commandId: string): JourneyCommand {
  const c = state.context;
  const e = c.episode;
  const awaiting = c.contacts.find((x) => x.status === 'AWAITING_DECISION' || x.status === 'REFERRED')?.contactId ?? 'c1';
  const inHand = e?.assessments.find((a) => a.authorisedOn === null)?.assessmentId ?? 'a1';
  const opts = { commandId };
  switch (type) {
    case 'RecordContact':
      return command(type, on, {
        contactId: v % 11 === 0 ? 'c1' : `c${c.contacts.length + 1}`,
        source: '6',
        child: v % 5 === 0 ? { status: 'UNBORN', expectedDateOfBirth: '2025-09-01' } : { status: 'BORN', dateOfBirth: v % 2 ? '2009-05-05' : null },
        concerns: 'x',
      }, opts);
    case 'RecordDateOfBirth':
      return command(type, on, { dateOfBirth: v % 2 ? '2009-05-05' : on }, opts);
    case 'RecordMashDecision':
      return command(type, on, { contactId: awaiting, decision: at(MASH_DECISIONS, v).code, checks: ['POLICE'] }, opts);
    case 'OpenReferral':
      return command(type, on, { primaryNeed: at(PRIMARY_NEEDS, v).code }, opts);
    case 'RecordReferralNoFurtherAction':
    case 'StartCinPlan':
    case 'ReviewCinPlan':
    case 'StartS47Enquiry':
    case 'HoldCoreGroup':
    case 'RecordCarePlan':
    case 'RecordPlacementPlan':
    case 'RecordPersonalEducationPlan':
    case 'WithdrawCareProceedings':
    case 'RecordAdoptionDecision':
    case 'GrantPlacementOrder':
    case 'MatchWithAdopters':
    case 'RecordPathwayPlan':
    case 'ReviewPathwayPlan':
      return command(type, on, {}, opts);
    case 'AllocateCase':
      return command(type, on, { workerId: `w${v % 3}`, teamId: 't1' }, opts);
    case 'DeallocateCase':
      return command(type, on, { reason: 'x' }, opts);
    case 'RecordSupervision':
      return command(type, on, { supervisorId: 'm1' }, opts);
    case 'StartAssessment':
      return command(type, on, { assessmentId: `a${(e?.assessments.length ?? 0) + 1}` }, opts);
    case 'RecordChildSeenForAssessment':
      return command(type, on, { assessmentId: inHand, seenAlone: v % 2 === 0 }, opts);
    case 'CompleteAssessment':
      return command(type, on, { assessmentId: inHand }, opts);
    case 'AuthoriseAssessment':
      return command(type, on, { assessmentId: inHand, factors: v % 4 === 0 ? ['21'] : ['1B', '3B'], outcome: at(ASSESSMENT_OUTCOMES, v).code }, { ...opts, actor: v % 13 === 0 ? WORKER : MANAGER });
    case 'RecordCinVisit':
    case 'RecordChildProtectionVisit':
    case 'RecordLacVisit':
      return command(type, on, { childSeen: v % 2 === 0, seenAlone: v % 4 === 0 }, opts);
    case 'EndCinPlan':
      return command(type, on, { reason: 'OBJECTIVES_MET' }, opts);
    case 'HoldStrategyDiscussion':
      return command(type, on, {
        outcome: v % 3 === 0 ? 'NO_S47' : 'S47_ENQUIRY',
        agencies: ['CSC', 'POLICE'],
        ...(e === null ? { emergencyContactId: awaiting, primaryNeed: 'N1' as const } : {}),
      }, opts);
    case 'ConcludeS47Enquiry':
      return command(type, on, { outcome: v % 3 === 0 ? 'ICPC_NOT_REQUIRED' : 'ICPC_REQUIRED' }, opts);
    case 'ScheduleIcpc':
      return command(type, on, { conferenceDate: v % 5 === 0 ? addDays(on, v % 7) : workingDayFrom(addDays(on, v % 7)) }, opts);
    case 'HoldIcpc':
      return command(type, on, v % 3 === 0 ? { outcome: 'NO_PLAN' } : { outcome: 'PLAN', category: at(CATEGORIES_OF_ABUSE, v).code }, opts);
    case 'HoldReviewConference':
      return command(type, on, v % 3 === 0 ? { planContinues: false, endReason: at(CPP_END_REASONS, v).code } : { planContinues: true }, opts);
    case 'ChangeCategoryOfAbuse':
      return command(type, on, { category: at(CATEGORIES_OF_ABUSE, v).code }, opts);
    case 'EndChildProtectionPlan':
      return command(type, on, { reason: at(CPP_END_REASONS, v).code }, opts);
    case 'BecomeLookedAfter':
      return command(type, on, { legalStatus: at(['V2', 'C1', 'L1', 'C2'] as const, v), placement: { ...FOSTER, place: at(PLACES, v) }, categoryOfNeed: 'N1' }, opts);
    case 'ChangeLegalStatus':
      return command(type, on, { legalStatus: at(['C1', 'C2', 'V2', 'E1'] as const, v) }, opts);
    case 'ChangePlacement':
      return command(type, on, { placement: { ...FOSTER, place: at(PLACES, v >> 1) }, sameCarer: v % 2 === 0, reasonPlaceChange: 'CARPL', ...(v % 3 === 0 ? { legalStatus: 'C2' as const } : {}) }, opts);
    case 'HoldLacReview':
      return command(type, on, { participation: 'PN1' }, opts);
    case 'RecordHealthAssessment':
      return command(type, on, { kind: v % 2 ? 'REVIEW' : 'INITIAL' }, opts);
    case 'StartMissingEpisode':
      return command(type, on, { kind: v % 2 ? 'M' : 'A' }, opts);
    case 'EndMissingEpisode':
      return command(type, on, { returnInterviewOffered: true, returnInterviewAccepted: v % 2 === 0 }, opts);
    case 'IssueCareProceedings':
      return command(type, on, { orderSought: 'CARE_ORDER' }, opts);
    case 'MakeInterimCareOrder':
      return command(type, on, { order: 'INTERIM_CARE_ORDER' }, opts);
    case 'MakeFinalOrder':
      return command(type, on, { order: at(FINAL_ORDERS, v).code }, opts);
    case 'PlaceForAdoption':
      return command(type, on, { place: at(['A3', 'A4', 'A5', 'A6'] as const, v), provider: 'PR1', distanceFromHomeMiles: 25, insideLocalAuthority: false, sameCarer: v % 2 === 0 }, opts);
    case 'GrantAdoptionOrder':
      return command(type, on, { reasonEpisodeCeased: v % 2 ? 'E11' : 'E12' }, opts);
    case 'ReverseAdoptionDecision':
      return command(type, on, { reason: 'RD4' }, opts);
    case 'CeaseLookedAfter':
      return command(type, on, { reasonEpisodeCeased: at(['E4A', 'E5', 'E13', 'E45', 'E17', 'E11', 'E8'] as const, v) }, opts);
    case 'RecordCareLeaverContact':
      return command(type, on, { inTouch: 'YES', activity: 'F2', accommodation: 'E', accommodationSuitable: true }, opts);
    case 'EndCareLeaverServices':
      return command(type, on, { reason: 'x' }, opts);
    case 'CloseCase':
      return command(type, on, { reason: at(CLOSURE_REASONS, v).code }, opts);
    case 'CorrectEvent':
    case 'VoidEvent': {
      const voided = new Set(state.events.flatMap((x) => (x.type === 'EventVoided' ? [x.data.eventId] : [])));
      const targets = state.events.filter((x) => !isCorrectionEvent(x) && !voided.has(x.id));
      const target = targets.length > 0 ? at(targets, v) : undefined;
      if (type === 'CorrectEvent')
        return command(type, on, { eventId: target?.id ?? 'none', data: (target?.data ?? {}), occurredAt: addDays(dateOf(target?.occurredAt ?? on), (v % 3) - 1), reason: 'fix' }, opts);
      const group = target ? targets.filter((x) => x.id.split(':')[0] === target.id.split(':')[0]).map((x) => x.id) : ['none'];
      return command(type, on, { eventIds: v % 2 === 0 && target ? [target.id] : group, reason: 'wrong child' }, opts);
    }
  }
}

/** Rules that must hold in every state the journey reaches. */
function forbidden(state: JourneyState): string[] {
  const problems: string[] = [];
  const c = state.context;
  const e = c.episode;
  if (state.issues.length > 0) problems.push(`history does not replay: ${state.issues[0]!.reason}`);
  if (state.snapshot.hasTag('transient')) problems.push('stopped half-way through a step');
  if (e?.cinPlan && e.cpp) problems.push('CIN plan and child protection plan open together');
  if (e?.referralNfaOn && (e.assessments.length > 0 || e.s47Count > 0 || e.cinPlanCount > 0 || e.cpp || e.lookedAfter))
    problems.push('work after a referral NFA');
  for (let i = 1; i < c.closedEpisodes.length; i++)
    if (c.closedEpisodes[i]!.referralDate < c.closedEpisodes[i - 1]!.closedOn) problems.push('episodes overlap');
  if (e && c.closedEpisodes.length > 0 && e.referralDate < c.closedEpisodes.at(-1)!.closedOn) problems.push('open episode overlaps the last one');
  if (e && e.number !== c.closedEpisodes.length + 1) problems.push('more than one episode open');
  return problems;
}

/** Rules about what a command may record, judged against the state it was decided on. */
function forbiddenDrafts(before: JourneyState, drafts: readonly JourneyEventDraft[]): string[] {
  const problems: string[] = [];
  const c = before.context;
  for (const d of drafts) {
    const on = dateOf(d.occurredAt);
    if (on > dateOf(CTX.now)) problems.push(`${d.type} dated in the future`);
    if (c.child.status === 'BORN' && c.child.dateOfBirth && on < c.child.dateOfBirth && d.type !== 'DateOfBirthRecorded' && !isCorrectionEvent(d as JourneyEvent))
      problems.push(`${d.type} before birth`);
    if (d.type === 'IcpcHeld' && !isWorkingDay(on)) problems.push('ICPC on a non-working day');
    if (d.type === 'ChildProtectionPlanStarted') {
      const icpc = drafts.find((x) => x.type === 'IcpcHeld');
      if (!icpc || icpc.type !== 'IcpcHeld' || icpc.data.outcome !== 'PLAN' || icpc.occurredAt !== d.occurredAt) problems.push('plan started without an ICPC that day');
    }
    if (d.type === 'CaseClosed') {
      const e = c.episode;
      if (!e) problems.push('closed with no episode');
      else {
        if (s47Unresolved(e.s47)) problems.push('closed with an unresolved s47');
        if (e.assessments.some((a) => a.authorisedOn === null)) problems.push('closed with an unauthorised assessment');
        if ((d.data.reason === 'RC8' || d.data.reason === 'RC9') && !e.assessments.some((a) => a.completedOn)) problems.push('RC8/RC9 without an assessment');
        if (e.cinPlan || e.cpp || e.lookedAfter || e.proceedings) problems.push('closed with a plan, care or proceedings open');
      }
    }
  }
  return problems;
}

const comparable = (s: JourneyState) => ({ value: s.value, context: s.context, issues: s.issues });

describe('random journeys', () => {
  it('never reach a forbidden state, and the fold of what was accepted is the state reached step by step', () => {
    let accepted = 0;
    let deepest = 0;
    const stagesSeen = new Set<string>();
    fc.assert(
      fc.property(intents, (plan) => {
        let state = emptyJourney();
        let date = '2025-01-06';
        let previouslyOffered = new Set<JourneyCommandType>();
        plan.forEach((step, i) => {
          const offered = allowedCommands(state);
          const progress = offered.filter((t) => !BACKGROUND.includes(t));
          // Closing is offered rarely (everything must be resolved first), so take it more often when it is.
          // Steps that have just become possible are favoured, so chains (s47 → ICPC → plan) get followed through.
          const fresh = progress.filter((t) => !previouslyOffered.has(t));
          previouslyOffered = new Set(offered);
          const closing = progress.includes('CloseCase') && step.pick % 3 === 0 ? ['CloseCase' as const] : progress;
          const leaning = fresh.length > 0 && step.pick % 2 === 0 ? fresh : closing;
          const choices = step.pick % 8 !== 0 && progress.length > 0 ? leaning : offered;
          const type = step.offered ? at(choices, step.pick) : at(JOURNEY_COMMAND_TYPES, step.pick);
          // Conferences are held on working days, bar the odd one that tests the refusal.
          const on = type === 'HoldIcpc' && step.variant % 5 !== 0 ? workingDayFrom(addDays(date, step.days)) : addDays(date, step.days);
          const cmd = build(type, state, step.variant, on, `k${i}`);
          const result = decide(state, cmd, CTX);
          if (!result.ok) {
            expect(result.rejection.reason.length).toBeGreaterThan(0);
            return;
          }
          accepted += 1;
          if (cmd.type !== 'CorrectEvent' && cmd.type !== 'VoidEvent') expect(offered).toContain(cmd.type);
          expect(forbiddenDrafts(state, result.events)).toEqual([]);
          state = evolve(state, result.events.map((d, n) => ({ ...d, id: `${cmd.commandId}:${n}` })));
          // What the decision says the journey becomes is what evolving its events gives (corrections included).
          expect(comparable(result.next)).toEqual(comparable(state));
          expect(forbidden(state)).toEqual([]);
          stagesSeen.add(describeState(state).stage);
          if (step.days > 0) date = on;
        });
        deepest = Math.max(deepest, state.events.length);
        expect(comparable(fold(state.events))).toEqual(comparable(state));
      }),
      { numRuns: 120 },
    );
    // The generator must actually drive journeys forward, or the property proves little.
    expect(accepted).toBeGreaterThan(1500);
    expect(deepest).toBeGreaterThan(30);
    expect(stagesSeen.size).toBeGreaterThan(12);
  });
});
