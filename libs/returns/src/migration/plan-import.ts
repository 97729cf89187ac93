import { createHash } from 'node:crypto';
import {
  decide,
  emptyJourney,
  evolve,
  type AssessmentOutcome,
  type CppEndReason,
  type DecideContext,
  type JourneyActor,
  type JourneyCommand,
  type JourneyCommandDataMap,
  type JourneyCommandType,
  type JourneyState,
  type PlacementDetails,
} from '@cje/journey';
import { birthdayOn } from '@cje/timescales';
import type { ChildCharacteristics, Ethnicity, Sex } from '../child-characteristics.js';
import { addDays, collectionYear, fromDfeDate, within } from '../collection-year.js';
import type { CinChildProtectionPlan, CinDetails, CinSection47 } from '../cin/cin-census.js';
import { NO_PROVIDER_PLACEMENTS } from '../ssda903/ssda903.js';
import { mergeSources, type ImportSource, type SourceChild } from './migration-source.js';

export type { ImportSource } from './migration-source.js';

/** A record in the source files, named well enough for a person to find it (never personal details beyond the child id). */
export interface SourceRecord {
  readonly file: string;
  readonly childId: string;
  readonly item: string;
}

export interface NotImported {
  readonly record: SourceRecord;
  readonly reason: string;
}

/** A value the journey needs that the source does not hold, and what the import chose. */
export interface Inference {
  readonly record: SourceRecord;
  readonly what: string;
}

/**
 * Journey commands have no envelope field for provenance, so the plan carries it beside them: the lead submits each
 * command with `correlationId` as its correlation (the executor's request id) until the command envelope gets a
 * `migrated` / `source` field.
 */
export interface MigrationMarker {
  readonly migrated: true;
  readonly system: string;
  /** The source record behind each command, by command id. */
  readonly sources: Readonly<Record<string, SourceRecord>>;
}

export interface PlannedChild {
  readonly childId: string;
  /** `migration:<system>:<digest of the source files>`: the same files always give the same correlation. */
  readonly correlationId: string;
  readonly commands: JourneyCommand[];
  readonly migration: MigrationMarker;
  /** Sex, ethnicity, UPN … from the source: the journey does not hold them; store them with the person record. */
  readonly characteristics: ChildCharacteristics;
  readonly inferred: readonly Inference[];
}

export interface ImportPlan {
  readonly correlationId: string;
  readonly children: PlannedChild[];
  readonly notImported: NotImported[];
}

export interface ImportOptions {
  /** The time of the import (effective dates may not be after it). */
  readonly now: string;
  /** The working-day calendar the app uses (ICPC dates, the ICPC target). */
  readonly isWorkingDay: (date: string) => boolean;
  /** Who the commands are recorded as; a manager, because the import authorises assessments. */
  readonly actor?: JourneyActor;
}

export const MIGRATION_ACTOR: JourneyActor = { userId: 'legacy-migration', role: 'HEAD_OF_SERVICE', team: 'MIGRATION' };
const MIGRATED_TEAM = 'MIGRATED';
const CIN = 'CIN census';

type Data<T extends JourneyCommandType> = JourneyCommandDataMap[T];

interface Episode {
  readonly referralDate: string;
  readonly closureDate: string | null;
  /** Set once sorted: breaks ties between commands of different episodes on one day (a closure before the next referral). */
  index: number;
  readonly group: string;
}

interface Planned {
  readonly on: string;
  readonly episode: Episode | null;
  readonly rank: number;
  readonly seq: number;
  readonly group: string;
  readonly dependsOn: readonly string[];
  readonly record: SourceRecord;
  readonly key: string;
  readonly type: JourneyCommandType;
  readonly data: unknown;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Turns another system's CIN census and SSDA903 files into journey commands, child by child, each proved against the
 * journey as it is planned: a command the journey refuses is left out and its source record reported with the
 * journey's reason, and so is everything that depends on it (a record is imported whole or reported). Command ids are
 * digests of the system, the child and the source record, so importing the same files again yields the same ids and
 * the command handler records nothing twice.
 */
export function planImport(source: ImportSource, options: ImportOptions): ImportPlan {
  const batch = digest([source.system, ...(source.cinCensus ?? []), ...(source.ssda903 ?? []).map((s) => `${s.collectionYear}${JSON.stringify(s.files)}`)].join('\u0000')).slice(0, 16);
  const correlationId = `migration:${source.system}:${batch}`;
  const ctx: DecideContext = { now: options.now, isWorkingDay: options.isWorkingDay };
  const actor = options.actor ?? MIGRATION_ACTOR;
  const children: PlannedChild[] = [];
  const notImported: NotImported[] = [];
  for (const child of mergeSources(source)) {
    const planned = planChild(child, source.system, ctx);
    notImported.push(...planned.notImported);
    const proved = prove(child.childId, planned.commands, source.system, ctx, actor);
    notImported.push(...proved.notImported);
    if (proved.commands.length === 0) continue;
    children.push({
      childId: child.childId,
      correlationId,
      commands: proved.commands,
      migration: { migrated: true, system: source.system, sources: proved.sources },
      characteristics: planned.characteristics,
      inferred: planned.inferred,
    });
  }
  return { correlationId, children, notImported };
}

function prove(childId: string, planned: Planned[], system: string, ctx: DecideContext, actor: JourneyActor) {
  // Commands outside any episode go first that day (the birth) or last (a care leaver's contact, after leaving care).
  const episodeOrder = (p: Planned): number => p.episode?.index ?? (p.rank < 50 ? -1 : Number.MAX_SAFE_INTEGER);
  const sorted = [...planned].sort(
    (a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || episodeOrder(a) - episodeOrder(b) || a.rank - b.rank || a.seq - b.seq,
  );
  let state: JourneyState = emptyJourney();
  const failed = new Map<string, SourceRecord>();
  const notImported: NotImported[] = [];
  const commands: JourneyCommand[] = [];
  const sources: Record<string, SourceRecord> = {};
  for (const p of sorted) {
    if (failed.has(p.group)) continue;
    const blocker = p.dependsOn.find((g) => failed.has(g));
    if (blocker !== undefined) {
      failed.set(p.group, p.record);
      const cause = failed.get(blocker)!;
      notImported.push({ record: p.record, reason: `Not imported because ${cause.item} (${cause.file}) was not imported` });
      continue;
    }
    const commandId = `mig-${digest(`${system}|${childId}|${p.key}`).slice(0, 32)}`;
    const command = { type: p.type, commandId, childId, occurredAt: p.on, actor, data: p.data } as JourneyCommand;
    const result = decide(state, command, ctx);
    if (!result.ok) {
      failed.set(p.group, p.record);
      notImported.push({ record: p.record, reason: result.rejection.reason });
      continue;
    }
    state = evolve(state, result.events.map((d, i) => ({ ...d, id: `${commandId}:${i}` })));
    commands.push(command);
    sources[commandId] = p.record;
  }
  return { commands, notImported, sources };
}

/** 15 working days before an ICPC target: the day of the strategy discussion the target was counted from. */
function discussionBefore(target: string, isWorkingDay: (d: string) => boolean): string {
  let day = target;
  for (let counted = 0, guard = 0; counted < 15 && guard < 400; guard++) {
    if (isWorkingDay(day)) counted++;
    day = addDays(day, -1);
  }
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

const ADOPTION_PLACES = new Set(['A3', 'A4', 'A5', 'A6']);
const REC_TO_CLOSURE: Readonly<Record<string, string>> = {
  E11: 'RC1', E12: 'RC1', E2: 'RC2', E41: 'RC3', E45: 'RC4', E46: 'RC4', E47: 'RC4', E48: 'RC4', E3: 'RC5', E7: 'RC6',
};

function planChild(child: SourceChild, system: string, ctx: DecideContext) {
  const childId = child.childId;
  const planned: Planned[] = [];
  const notImported: NotImported[] = [];
  const inferred: Inference[] = [];
  let seq = 0;
  const rec = (file: string, item: string): SourceRecord => ({ file, childId, item });
  const add = <T extends JourneyCommandType>(
    on: string, episode: Episode | null, rank: number, group: string, record: SourceRecord, key: string, type: T, data: Data<T>, dependsOn: readonly string[] = [],
  ): void => void planned.push({ on, episode, rank, seq: seq++, group, dependsOn, record, key, type, data });
  const infer = (record: SourceRecord, what: string): void => void inferred.push({ record, what });
  const skip = (record: SourceRecord, reason: string): void => void notImported.push({ record, reason });

  const cin = child.cin;
  const header = child.ssda903.header.at(-1);
  const dob = cin?.personBirthDate ?? (header ? fromDfeDateSafe(header.DOB) : null);
  const expected = cin?.expectedPersonBirthDate ?? null;
  const characteristics = characteristicsOf(child);
  let birthPlanned = false;

  const episodes: Episode[] = [];
  const contactChild = (on: string, record: SourceRecord): Data<'RecordContact'>['child'] => {
    if (dob !== null && on < dob) {
      if (expected === null) infer(record, 'expected date of birth taken as the recorded date of birth (the contact came before the birth)');
      if (!birthPlanned) {
        birthPlanned = true;
        add(dob, null, 0, 'birth', rec(CIN, 'date of birth'), 'birth', 'RecordDateOfBirth', { dateOfBirth: dob });
      }
      return { status: 'UNBORN', expectedDateOfBirth: expected ?? dob };
    }
    if (dob === null && expected !== null) return { status: 'UNBORN', expectedDateOfBirth: expected };
    return { status: 'BORN', dateOfBirth: dob };
  };
  const openEpisode = (referralDate: string, closureDate: string | null, source: string, primaryNeed: string, record: SourceRecord, synthetic: boolean): Episode => {
    const episode: Episode = { referralDate, closureDate, index: 0, group: `episode:${referralDate}` };
    episodes.push(episode);
    const key = `episode:${referralDate}`;
    add(referralDate, episode, 10, episode.group, record, `${key}:contact`, 'RecordContact', {
      contactId: `m${referralDate.replace(/-/g, '')}`,
      source: source as Data<'RecordContact'>['source'],
      child: contactChild(referralDate, record),
      concerns: synthetic ? 'Migrated: period of care with no CIN episode in the source' : 'Migrated from the CIN census',
    });
    add(referralDate, episode, 11, episode.group, record, `${key}:mash`, 'RecordMashDecision', {
      contactId: `m${referralDate.replace(/-/g, '')}`,
      decision: 'REFER_TO_CSC',
      checks: [],
    });
    add(referralDate, episode, 12, episode.group, record, `${key}:referral`, 'OpenReferral', {
      primaryNeed: primaryNeed as Data<'OpenReferral'>['primaryNeed'],
      source: source as Data<'OpenReferral'>['source'],
    });
    infer(record, 'a contact and a MASH referral decision on the referral date (the census holds only the referral)');
    return episode;
  };

  // --- CIN census ---------------------------------------------------------------------------------------------------
  const carePeriodStarts = new Set(periodsOf(child).filter((p) => p.start !== null).map((p) => p.start!));
  for (const d of cin?.cinDetails ?? []) {
    const where = `CINdetails referred ${d.referralDate}`;
    const record = rec(CIN, where);
    if (d.primaryNeedCode === null) infer(record, 'primary need N0 (not stated): the census gives none');
    const episode = openEpisode(d.referralDate, d.closureDate, d.referralSource, d.primaryNeedCode ?? 'N0', record, false);
    const g = episode.group;
    if (d.referralNfa) add(d.referralDate, episode, 13, `${g}:nfa`, record, `${g}:nfa`, 'RecordReferralNoFurtherAction', {}, [g]);
    planAssessments(d, episode);
    const cppStarts = new Set(d.childProtectionPlans.map((p) => p.startDate));
    const cinPlanStarts = new Set(d.cinPlanDates.map((p) => p.start));
    for (const plan of d.cinPlanDates) {
      const r = rec(CIN, `${where}: CIN plan started ${plan.start}`);
      const group = `${g}:cinplan:${plan.start}`;
      const steppedDown = d.childProtectionPlans.some((p) => p.endDate === plan.start);
      if (steppedDown) infer(r, 'started by the child protection plan stepping down to a CIN plan');
      else add(plan.start, episode, 40, group, r, `${group}:start`, 'StartCinPlan', {}, [g]);
      if (plan.end === null) continue;
      if (cppStarts.has(plan.end)) {
        infer(r, 'ended by the ICPC that started the child protection plan');
        continue;
      }
      const reason = carePeriodStarts.has(plan.end) ? 'BECAME_LOOKED_AFTER' : 'OTHER';
      infer(r, `CIN plan end reason ${reason} (the census gives no reason)`);
      add(plan.end, episode, plan.end === plan.start || cinPlanStarts.has(plan.end) ? 41 : 34, group, r, `${group}:end`, 'EndCinPlan', { reason }, steppedDown ? [`${g}:cpp:${plan.start}`] : [g]);
    }
    const usedS47 = new Set<CinSection47>();
    for (const plan of d.childProtectionPlans) {
      const s47 = d.section47.find((s) => s.dateOfInitialCpc === plan.startDate && !usedS47.has(s));
      if (s47) usedS47.add(s47);
      planCpp(d, episode, plan, s47 ?? null);
    }
    for (const s of d.section47) if (!usedS47.has(s)) planS47(d, episode, s, null);
    if (d.closureDate !== null) {
      if (d.reasonForClosure === null) skip(record, 'The closure has no reason: the journey records a closure with its reason (RC1–RC9)');
      else add(d.closureDate, episode, 80, `${g}:closure`, rec(CIN, `${where}: closure`), `${g}:closure`, 'CloseCase', { reason: d.reasonForClosure as Data<'CloseCase'>['reason'] }, [g]);
    }
    if (d.assessments.some((a) => a.internalReviewDate !== null)) skip(record, 'Assessment internal review dates are not journey events');
  }

  function planAssessments(d: CinDetails, episode: Episode): void {
    const g = episode.group;
    for (const [i, a] of d.assessments.entries()) {
      const r = rec(CIN, `CINdetails referred ${d.referralDate}: assessment started ${a.actualStartDate}`);
      const group = `${g}:assessment:${a.actualStartDate}`;
      const assessmentId = `a${i + 1}`;
      if (a.authorisationDate !== null && a.factors.length === 0) {
        skip(r, 'The assessment is authorised but lists no factors: the journey records at least one (21 when none were identified); add them in the source and import again');
        continue;
      }
      add(a.actualStartDate, episode, 20, group, r, `${group}:start`, 'StartAssessment', { assessmentId }, [g]);
      const on = a.authorisationDate;
      if (on === null) continue;
      const born = dob !== null && dob <= on;
      if (born) {
        add(on, episode, 21, group, r, `${group}:seen`, 'RecordChildSeenForAssessment', { assessmentId, seenAlone: false });
        infer(r, 'child seen (not alone) on the authorisation date; completed on the authorisation date');
      }
      add(on, episode, 22, group, r, `${group}:complete`, 'CompleteAssessment', { assessmentId });
      const outcome: AssessmentOutcome =
        d.reasonForClosure === 'RC8' && d.closureDate !== null && d.closureDate >= on
          ? 'NO_FURTHER_ACTION'
          : d.reasonForClosure === 'RC9'
            ? 'STEP_DOWN_EARLY_HELP'
            : d.cinPlanDates.some((p) => p.start >= on)
              ? 'CIN_PLAN'
              : d.section47.some((s) => s.actualStartDate >= on)
                ? 'STRATEGY_DISCUSSION'
                : 'CONTINUE_CURRENT_PLAN';
      infer(r, `assessment outcome ${outcome} (inferred from what followed)`);
      add(on, episode, 23, group, r, `${group}:authorise`, 'AuthoriseAssessment', {
        assessmentId,
        factors: a.factors as Data<'AuthoriseAssessment'>['factors'],
        outcome,
      });
    }
  }

  function planS47(d: CinDetails, episode: Episode, s: CinSection47, plan: CinChildProtectionPlan | null): string {
    const g = episode.group;
    const r = rec(CIN, `CINdetails referred ${d.referralDate}: section 47 started ${s.actualStartDate}`);
    const group = `${g}:s47:${s.actualStartDate}`;
    let discussion = s.actualStartDate;
    if (s.initialCpcTarget !== null) {
      const counted = discussionBefore(s.initialCpcTarget, ctx.isWorkingDay);
      if (counted <= s.actualStartDate && counted >= d.referralDate) discussion = counted;
      else infer(r, `strategy discussion on the enquiry's start date; the journey counts the ICPC target from it, not ${s.initialCpcTarget}`);
    }
    infer(r, `strategy discussion ${discussion} (the census holds the enquiry, not the discussion)`);
    add(discussion, episode, 30, group, r, `${group}:discussion`, 'HoldStrategyDiscussion', { outcome: 'S47_ENQUIRY', agencies: ['CSC'] }, [g]);
    add(s.actualStartDate, episode, 31, group, r, `${group}:start`, 'StartS47Enquiry', {});
    if (s.icpcNotRequired) {
      infer(r, 'concluded (conference not required) on its start date');
      add(s.actualStartDate, episode, 32, group, r, `${group}:conclude`, 'ConcludeS47Enquiry', { outcome: 'ICPC_NOT_REQUIRED' });
    } else if (s.dateOfInitialCpc !== null) {
      const on = s.dateOfInitialCpc;
      infer(r, 'concluded (conference required) and conference scheduled on the conference date');
      add(on, episode, 32, group, r, `${group}:conclude`, 'ConcludeS47Enquiry', { outcome: 'ICPC_REQUIRED' });
      add(on, episode, 33, group, r, `${group}:schedule`, 'ScheduleIcpc', { conferenceDate: on });
      add(on, episode, 35, group, r, `${group}:icpc`, 'HoldIcpc', plan ? { outcome: 'PLAN', category: plan.initialCategoryOfAbuse as Data<'HoldIcpc'>['category'] } : { outcome: 'NO_PLAN' });
    }
    return group;
  }

  function planCpp(d: CinDetails, episode: Episode, plan: CinChildProtectionPlan, s47: CinSection47 | null): void {
    const g = episode.group;
    const where = `CINdetails referred ${d.referralDate}: child protection plan started ${plan.startDate}`;
    const r = rec(CIN, where);
    const group = `${g}:cpp:${plan.startDate}`;
    let icpcGroup: string;
    if (s47) icpcGroup = planS47(d, episode, s47, plan);
    else {
      infer(r, 'strategy discussion, section 47 enquiry and ICPC on the plan start date (the census has no enquiry for this plan)');
      icpcGroup = planS47(d, episode, { actualStartDate: plan.startDate, initialCpcTarget: null, dateOfInitialCpc: plan.startDate, icpcNotRequired: false }, plan);
    }
    if (plan.numberOfPreviousCpp > 0) infer(r, `the journey numbers plans from its own history; the source counted ${plan.numberOfPreviousCpp} earlier plan(s)`);
    const reviews = plan.reviewDates.filter((x) => x > plan.startDate && (plan.endDate === null || x <= plan.endDate));
    const end = plan.endDate;
    const endReason: CppEndReason | null =
      end === null
        ? null
        : d.cinPlanDates.some((p) => p.start === end)
          ? 'STEP_DOWN_TO_CIN'
          : carePeriodCovering(end)
            ? 'BECAME_LOOKED_AFTER'
            : d.closureDate === end && d.reasonForClosure === 'RC5'
              ? 'TRANSFERRED_TO_ANOTHER_LA'
              : 'CLOSURE';
    if (plan.latestCategoryOfAbuse !== plan.initialCategoryOfAbuse) {
      const on = reviews.filter((x) => end === null || x <= end).at(-1) ?? plan.startDate;
      infer(r, `category changed to ${plan.latestCategoryOfAbuse} on ${on === plan.startDate ? 'the plan start date' : 'the last review'} (the census gives no date)`);
      add(on, episode, 36, group, r, `${group}:category`, 'ChangeCategoryOfAbuse', { category: plan.latestCategoryOfAbuse as Data<'ChangeCategoryOfAbuse'>['category'] }, [icpcGroup]);
    }
    const rankEnd = endReason === 'BECAME_LOOKED_AFTER' ? 51 : 38;
    for (const review of reviews) {
      if (review === end && endReason !== null) {
        add(review, episode, rankEnd, group, r, `${group}:review:${review}`, 'HoldReviewConference', { planContinues: false, endReason }, [icpcGroup]);
      } else add(review, episode, 37, group, r, `${group}:review:${review}`, 'HoldReviewConference', { planContinues: true }, [icpcGroup]);
    }
    if (end !== null && endReason !== null && !reviews.includes(end)) {
      infer(r, `plan end reason ${endReason} (inferred from what followed)`);
      add(end, episode, rankEnd, group, r, `${group}:end`, 'EndChildProtectionPlan', { reason: endReason }, [icpcGroup]);
    }
  }

  function carePeriodCovering(on: string): boolean {
    return periodsOf(child).some((p) => p.start !== null && p.start <= on && (p.end === null || p.end > on));
  }

  // --- SSDA903 -----------------------------------------------------------------------------------------------------
  const episodeFor = (from: string, to: string | null): Episode | undefined =>
    episodes.find((e) => e.referralDate <= from && (e.closureDate === null || (to !== null && e.closureDate >= to) || e.closureDate >= from));
  const periods = periodsOf(child);
  const careGroups: { start: string; end: string | null; group: string; episode: Episode }[] = [];
  for (const period of periods) {
    const first = period.rows[0]!;
    if (period.start === null) {
      skip(rec('903 episodes', `episodes from DECOM ${first.DECOM}`), 'The period of care began before these files (its first episode is not RNE S): load the earlier years’ 903 files too');
      continue;
    }
    const start = period.start;
    const r = rec('903 episodes', `period of care from DECOM ${first.DECOM}`);
    let episode = episodeFor(start, period.end);
    if (!episode) {
      infer(r, 'a referral (source unknown, primary need = 903 category of need) opened for the period of care: the CIN census has no episode covering it');
      const closure = period.end !== null && period.rec !== null && period.rec !== 'X1' ? (REC_TO_CLOSURE[period.rec] ?? 'RC7') : null;
      episode = openEpisode(start, closure ? period.end : null, '10', first.CIN, r, true);
      if (closure && period.end) add(period.end, episode, 80, `${episode.group}:closure`, r, `${episode.group}:closure`, 'CloseCase', { reason: closure as Data<'CloseCase'>['reason'] }, [episode.group]);
    }
    const group = `care:${start}`;
    careGroups.push({ start, end: period.end, group, episode });
    let previousGroup = group;
    for (const [i, row] of period.rows.entries()) {
      const on = fromDfeDateSafe(row.DECOM)!;
      const rowRecord = rec('903 episodes', `episodes row DECOM ${row.DECOM}`);
      if (row.HOME_POST !== '' || row.PL_POST !== '' || row.URN !== '') skip(rowRecord, 'Postcodes and Ofsted URNs are not journey records (the journey keeps distance and in/out of area only)');
      const placement = placementOf(row, rowRecord);
      if (row.PLACE_PROVIDER === '')
        infer(rowRecord, NO_PROVIDER_PLACEMENTS.has(row.PLACE) ? 'provider PR1 (the journey needs one; the 903 leaves it blank for this placement type)' : 'provider PR1: the source gives none (rule 526)');
      const prev = period.rows[i - 1];
      if (i === 0) {
        if (row.LS === 'E1' || ADOPTION_PLACES.has(row.PLACE)) {
          skip(rowRecord, 'A period of care cannot start under a placement order or placed for adoption: the journey records those through the adoption steps');
          break;
        }
        add(on, episode, 50, group, r, `${group}:start`, 'BecomeLookedAfter', {
          legalStatus: row.LS as Data<'BecomeLookedAfter'>['legalStatus'],
          placement,
          categoryOfNeed: row.CIN as Data<'BecomeLookedAfter'>['categoryOfNeed'],
        }, [episode.group]);
        continue;
      }
      const g = `${group}:episode:${row.DECOM}`;
      const deps = [previousGroup];
      previousGroup = g;
      const reasonPlaceChange = (prev?.REASON_PLACE_CHANGE || 'OTHER') as Data<'ChangePlacement'>['reasonPlaceChange'];
      if (prev && prev.REASON_PLACE_CHANGE === '' && row.RNE !== 'L' && !NO_PROVIDER_PLACEMENTS.has(prev.PLACE)) infer(rowRecord, 'reason for placement change OTHER: the ending episode gives none');
      const legalChange = ['L', 'B', 'U'].includes(row.RNE) && row.LS !== prev?.LS;
      if (legalChange && row.LS === 'E1') add(on, episode, 52, g, rowRecord, `${g}:placement-order`, 'GrantPlacementOrder', {}, deps);
      else if (row.RNE === 'L') add(on, episode, 53, g, rowRecord, `${g}:legal`, 'ChangeLegalStatus', { legalStatus: row.LS as Data<'ChangeLegalStatus'>['legalStatus'] }, deps);
      if (row.RNE === 'L') continue;
      const sameCarer = row.RNE === 'T' || row.RNE === 'U';
      if (ADOPTION_PLACES.has(row.PLACE)) {
        if (legalChange && row.LS !== 'E1') add(on, episode, 53, g, rowRecord, `${g}:legal`, 'ChangeLegalStatus', { legalStatus: row.LS as Data<'ChangeLegalStatus'>['legalStatus'] }, deps);
        const match = child.ssda903.ad1.find((a) => a.DATE_MATCH !== '' && (fromDfeDateSafe(a.DATE_MATCH) ?? '') <= on);
        if (!match) {
          infer(rowRecord, 'matched with adopters on the day of placement (no AD1 match date)');
          add(on, episode, 54, g, rowRecord, `${g}:match`, 'MatchWithAdopters', {}, deps);
        }
        add(on, episode, 55, g, rowRecord, `${g}:place`, 'PlaceForAdoption', {
          place: row.PLACE as Data<'PlaceForAdoption'>['place'],
          provider: placement.provider,
          distanceFromHomeMiles: null,
          insideLocalAuthority: null,
          sameCarer,
        }, deps);
        continue;
      }
      add(on, episode, 55, g, rowRecord, `${g}:placement`, 'ChangePlacement', {
        placement,
        sameCarer,
        reasonPlaceChange,
        ...(legalChange && row.LS !== 'E1' ? { legalStatus: row.LS as Data<'ChangeLegalStatus'>['legalStatus'] } : {}),
      }, deps);
    }
    const last = period.rows.at(-1)!;
    if (last.REC !== '' && last.REC !== 'X1' && last.DEC !== '') {
      const on = fromDfeDateSafe(last.DEC)!;
      const endRecord = rec('903 episodes', `episodes row DECOM ${last.DECOM}: ceased ${last.REC}`);
      if (last.REC === 'E11' || last.REC === 'E12')
        add(on, episode, 61, `${group}:end`, endRecord, `${group}:end`, 'GrantAdoptionOrder', { reasonEpisodeCeased: last.REC }, [previousGroup]);
      else add(on, episode, 62, `${group}:end`, endRecord, `${group}:end`, 'CeaseLookedAfter', { reasonEpisodeCeased: last.REC as Data<'CeaseLookedAfter'>['reasonEpisodeCeased'] }, [previousGroup]);
    } else if (last.REC === 'X1') skip(rec('903 episodes', `episodes row DECOM ${last.DECOM}`), 'The episode ends X1 but no episode follows it');
  }
  const careAt = (on: string) => careGroups.find((c) => c.start <= on && (c.end === null || c.end >= on));

  for (const row of child.ssda903.reviews) {
    const r = rec('903 reviews', `reviews row REVIEW ${row.REVIEW}`);
    const on = fromDfeDateSafe(row.REVIEW);
    const care = on ? careAt(on) : undefined;
    if (!on || !care) {
      skip(r, 'No period of care in the source covers the review date');
      continue;
    }
    add(on, care.episode, 56, `review:${on}`, r, `review:${on}`, 'HoldLacReview', row.REVIEW_CODE ? { participation: row.REVIEW_CODE as Data<'HoldLacReview'>['participation'] & string } : {}, [care.group]);
  }
  for (const row of child.ssda903.missing) {
    const r = rec('903 missing', `missing row MIS_START ${row.MIS_START}`);
    const on = fromDfeDateSafe(row.MIS_START);
    const care = on ? careAt(on) : undefined;
    if (!on || !care) {
      skip(r, 'No period of care in the source covers the start of the missing episode');
      continue;
    }
    const group = `missing:${on}`;
    add(on, care.episode, 57, group, r, `${group}:start`, 'StartMissingEpisode', { kind: row.MISSING as Data<'StartMissingEpisode'>['kind'] }, [care.group]);
    const end = fromDfeDateSafe(row.MIS_END);
    if (end) {
      infer(r, 'return interview recorded as neither offered nor accepted (the 903 does not hold it)');
      add(end, care.episode, 58, group, r, `${group}:end`, 'EndMissingEpisode', { returnInterviewOffered: false, returnInterviewAccepted: false });
    }
  }
  const decisionDates = new Set<string>();
  for (const row of child.ssda903.placed_for_adoption) {
    const r = rec('903 placed_for_adoption', `placed_for_adoption row DATE_PLACED ${row.DATE_PLACED}`);
    const on = fromDfeDateSafe(row.DATE_PLACED);
    const care = on ? careAt(on) : undefined;
    if (!on || !care) {
      skip(r, 'No period of care in the source covers the decision that the child should be placed for adoption');
      continue;
    }
    decisionDates.add(on);
    const group = `adoption:${on}`;
    add(on, care.episode, 51, group, r, `${group}:decision`, 'RecordAdoptionDecision', {}, [care.group]);
    const reversed = fromDfeDateSafe(row.DATE_PLACED_CEASED);
    if (reversed) add(reversed, care.episode, 60, group, r, `${group}:reversal`, 'ReverseAdoptionDecision', { reason: row.REASON_PLACED_CEASED as Data<'ReverseAdoptionDecision'>['reason'] });
  }
  for (const row of child.ssda903.ad1) {
    const r = rec('903 ad1', `ad1 row DATE_INT ${row.DATE_INT}`);
    const decided = fromDfeDateSafe(row.DATE_INT);
    const care = decided ? careAt(decided) : undefined;
    if (decided && care && !decisionDates.has(decided)) {
      decisionDates.add(decided);
      add(decided, care.episode, 51, `adoption:${decided}`, r, `adoption:${decided}:decision`, 'RecordAdoptionDecision', {}, [care.group]);
    }
    const matched = fromDfeDateSafe(row.DATE_MATCH);
    const matchCare = matched ? careAt(matched) : undefined;
    if (matched && matchCare) add(matched, matchCare.episode, 54, `match:${matched}`, r, `match:${matched}`, 'MatchWithAdopters', {}, decided ? [`adoption:${decided}`] : []);
    if (row.NB_ADOPTR !== '' || row.SEX_ADOPTR !== '' || row.LS_ADOPTR !== '') skip(r, 'Adopter details (number, sex, legal status) are not journey records');
  }
  for (const row of child.ssda903.oc3) {
    const r = rec('903 oc3', `oc3 row for ${collectionYear(row.collectionYear).label}`);
    const year = collectionYear(row.collectionYear);
    const birthday = dob === null ? undefined : [17, 18, 19, 20, 21].map((a) => birthdayOn(dob, a)).find((b) => within(b, year.start, year.end));
    if (!birthday) {
      skip(r, 'The care leaver’s 17th–21st birthday does not fall in the file’s year (or the date of birth is unknown)');
      continue;
    }
    infer(r, 'care leaver contact dated on the birthday the OC3 row reports on');
    const accommodation = /^[A-Z][12]$/.test(row.ACCOM) ? row.ACCOM : null;
    add(birthday, null, 90, `oc3:${row.collectionYear}`, r, `oc3:${row.collectionYear}`, 'RecordCareLeaverContact', {
      inTouch: row.IN_TOUCH as Data<'RecordCareLeaverContact'>['inTouch'],
      ...(row.ACTIV !== '' && row.ACTIV !== '0' ? { activity: row.ACTIV as NonNullable<Data<'RecordCareLeaverContact'>['activity']> } : {}),
      ...(accommodation ? { accommodation: accommodation[0] as NonNullable<Data<'RecordCareLeaverContact'>['accommodation']>, accommodationSuitable: accommodation[1] === '1' } : {}),
    });
  }
  const workers = [...child.ssda903.social_worker].sort((a, b) => ((fromDfeDateSafe(a.SW_DECOM) ?? '') < (fromDfeDateSafe(b.SW_DECOM) ?? '') ? -1 : 1));
  for (const [i, row] of workers.entries()) {
    const r = rec('903 social_worker', `social_worker row SW_DECOM ${row.SW_DECOM}`);
    const from = fromDfeDateSafe(row.SW_DECOM);
    const episode = from ? episodeFor(from, null) : undefined;
    if (!from || !episode) {
      skip(r, 'No CIN episode in the source is open when the social worker episode starts');
      continue;
    }
    infer(r, `team ${MIGRATED_TEAM} (the 903 names the worker, not the team)`);
    if (row.SW_REASON !== '') skip(r, 'The social worker change reason code is not a journey record');
    const group = `sw:${from}`;
    add(from, episode, 14, group, r, `${group}:allocate`, 'AllocateCase', { workerId: row.SW_ID, teamId: MIGRATED_TEAM }, [episode.group]);
    const to = fromDfeDateSafe(row.SW_DEC);
    const next = workers[i + 1];
    if (to && (!next || fromDfeDateSafe(next.SW_DECOM) !== to) && to !== episode.closureDate)
      add(to, episode, 70, group, r, `${group}:deallocate`, 'DeallocateCase', { reason: 'Social worker episode ended (migrated)' });
  }
  for (const row of child.ssda903.oc2) {
    const filled = Object.entries(row).filter(([k, v]) => !['CHILD', 'DOB', 'collectionYear'].includes(k) && v !== '');
    if (filled.length > 0)
      skip(rec('903 oc2', `oc2 row for ${collectionYear(row.collectionYear).label}`), `${filled.map(([k]) => k).join(', ')}: OC2 outcomes carry no dates and are not journey events`);
  }
  for (const row of child.ssda903.previous_permanence)
    if (row.PREV_PERM !== 'Z1' || row.LA_PERM !== '' || row.DATE_PERM !== '')
      skip(rec('903 previous_permanence', `previous_permanence row for ${collectionYear(row.collectionYear).label}`), 'Orders made before the child’s record began are not journey events');

  episodes.sort((a, b) => (a.referralDate < b.referralDate ? -1 : 1)).forEach((e, i) => (e.index = i));
  return { commands: planned, notImported, inferred, characteristics };
}

function fromDfeDateSafe(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return fromDfeDate(value, '903');
  } catch {
    return null;
  }
}

function placementOf(row: { PLACE: string; PLACE_PROVIDER: string }, _record: SourceRecord): PlacementDetails {
  // Temporary and "other" placements have no provider in the 903; the journey needs one, and the export leaves it out.
  const provider = (row.PLACE_PROVIDER || 'PR1') as PlacementDetails['provider'];
  return { place: row.PLACE as PlacementDetails['place'], provider, distanceFromHomeMiles: null, insideLocalAuthority: null };
}

interface SourcePeriod {
  /** null when the first episode in the files is a continuation (the period began before them). */
  readonly start: string | null;
  readonly end: string | null;
  readonly rec: string | null;
  readonly rows: readonly SourceChild['ssda903']['episodes'][number][];
}

function periodsOf(child: SourceChild): SourcePeriod[] {
  const rows = [...child.ssda903.episodes].sort((a, b) => ((fromDfeDateSafe(a.DECOM) ?? '') < (fromDfeDateSafe(b.DECOM) ?? '') ? -1 : 1));
  const periods: SourcePeriod[] = [];
  let current: SourceChild['ssda903']['episodes'][number][] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const first = current[0]!;
    const last = current.at(-1)!;
    periods.push({
      start: first.RNE === 'S' ? fromDfeDateSafe(first.DECOM) : null,
      end: last.REC !== '' && last.REC !== 'X1' ? fromDfeDateSafe(last.DEC) : null,
      rec: last.REC === '' ? null : last.REC,
      rows: current,
    });
    current = [];
  };
  for (const row of rows) {
    if (row.RNE === 'S') close();
    current.push(row);
  }
  close();
  return periods;
}

function characteristicsOf(child: SourceChild): ChildCharacteristics {
  const cin = child.cin;
  const header = child.ssda903.header.at(-1);
  const uasc = child.ssda903.uasc.at(-1);
  const sexFrom903 = header?.SEX === '1' ? 'M' : header?.SEX === '2' ? 'F' : header?.SEX;
  const sex = (cin && cin.sex !== 'U' ? cin.sex : (sexFrom903 ?? cin?.sex)) as Sex | undefined;
  const upn903 = header?.UPN ?? '';
  const ethnicity = (cin?.ethnicity ?? header?.ETHNIC) as Ethnicity | undefined;
  return {
    ...(sex && ['M', 'F', 'U'].includes(sex) ? { sex } : {}),
    ...(ethnicity ? { ethnicity } : {}),
    ...((cin?.upn ?? (/^UN\d$/.test(upn903) ? null : upn903)) ? { upn: cin?.upn ?? upn903 } : {}),
    ...(cin?.formerUpn ? { formerUpn: cin.formerUpn } : {}),
    ...((cin?.upnUnknown ?? (/^UN\d$/.test(upn903) ? upn903 : null)) ? { upnUnknown: cin?.upnUnknown ?? upn903 } : {}),
    ...(cin && cin.disabilities.length > 0 ? { disabilities: cin.disabilities } : {}),
    ...(cin?.personDeathDate ? { dateOfDeath: cin.personDeathDate } : {}),
    ...(uasc ? { uasc: { ceasedOn: fromDfeDateSafe(uasc.DUC) } } : {}),
    ...(header && (header.MOTHER === '0' || header.MOTHER === '1')
      ? { mother: { isMother: header.MOTHER === '1', firstChildBornOn: fromDfeDateSafe(header.MC_DOB) } }
      : {}),
  };
}
