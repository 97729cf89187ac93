import { CATEGORIES_OF_ABUSE, CLOSURE_REASONS, PRIMARY_NEEDS, REFERRAL_SOURCES } from '@cje/journey';
import { ageOn, isWeekend, within, type CollectionYear } from '../collection-year.js';
import type { CharacteristicsSource } from '../child-characteristics.js';
import type { CinCensus, CinChild, CinDetails } from '../cin/cin-census.js';
import { finding, type CheckFinding } from './check-rules.js';
import { workingDaysBefore } from './working-days.js';

const codes = (list: readonly { code: string }[]): ReadonlySet<string> => new Set(list.map((c) => c.code));
const SOURCES = codes(REFERRAL_SOURCES);
const NEEDS = codes(PRIMARY_NEEDS);
const CLOSURES = codes(CLOSURE_REASONS);
const CATEGORIES = codes(CATEGORIES_OF_ABUSE);

/** [start, end) intervals overlap (a plan ending the day another starts does not overlap it). */
const intervalsOverlap = (aStart: string, aEnd: string | null, bStart: string, bEnd: string | null): boolean =>
  aStart < (bEnd ?? '9999-12-31') && bStart < (aEnd ?? '9999-12-31');

export interface CinCheckContext {
  readonly year: CollectionYear;
  readonly isWorkingDay: (date: string) => boolean;
  readonly characteristics: CharacteristicsSource;
}

/** The Department's CIN census rules this engine checks, over the census as it will be submitted. */
export function checkCinCensus(census: CinCensus, ctx: CinCheckContext): CheckFinding[] {
  const findings: CheckFinding[] = [];
  if (census.children.length === 0) findings.push(finding('CJE-05', null, 'Children'));
  const assessmentCutoff = workingDaysBefore(ctx.year.end, 45, ctx.isWorkingDay);
  const s47Cutoff = workingDaysBefore(ctx.year.end, 15, ctx.isWorkingDay);
  for (const child of census.children) findings.push(...checkChild(child, ctx, assessmentCutoff, s47Cutoff));
  return findings;
}

function checkChild(child: CinChild, ctx: CinCheckContext, assessmentCutoff: string, s47Cutoff: string): CheckFinding[] {
  const { year } = ctx;
  const out: CheckFinding[] = [];
  const id = child.laChildId;
  const add = (rule: Parameters<typeof finding>[0], where: string): void => void out.push(finding(rule, id, where));
  const known = ctx.characteristics.get(id);

  if (id.length > 20) add('1570', 'ChildIdentifiers');
  if (!/^[A-Za-z0-9]+$/.test(id)) add('1580', 'ChildIdentifiers');
  if (!['M', 'F', 'U'].includes(child.sex)) add('4180', 'ChildIdentifiers');
  if (child.expectedPersonBirthDate !== null && child.personBirthDate === null && child.sex !== 'U') add('8750', 'ChildIdentifiers');
  if (child.personBirthDate !== null && !known?.sex) add('CJE-01', 'ChildIdentifiers');
  if (!known?.ethnicity) add('CJE-02', 'ChildCharacteristics');
  if ((child.personBirthDate === null) === (child.expectedPersonBirthDate === null)) add('8525Q', 'ChildIdentifiers');
  if (child.personBirthDate !== null && child.personBirthDate > year.end) add('8520', 'ChildIdentifiers');
  const age = ageOn(child.personBirthDate, year.end);
  const nfaOnly = child.cinDetails.every((d) => d.referralNfa);
  if (age !== null && age >= 6 && age <= 16 && !nfaOnly && (child.upn === null && (child.upnUnknown === null || child.upnUnknown === 'UN1'))) add('8770Q', 'ChildIdentifiers');
  if (child.disabilities.includes('NONE') && child.disabilities.length > 1) add('8790', 'ChildCharacteristics');
  if (new Set(child.disabilities).size !== child.disabilities.length) add('8794', 'ChildCharacteristics');
  if (child.personDeathDate !== null) {
    if (child.personBirthDate !== null && child.personDeathDate < child.personBirthDate) add('8535Q', 'ChildIdentifiers');
    if (!within(child.personDeathDate, year.start, year.end)) add('8545Q', 'ChildIdentifiers');
  }

  const details = [...child.cinDetails].sort((a, b) => (a.referralDate < b.referralDate ? -1 : 1));
  const open = details.filter((d) => d.closureDate === null && !d.referralNfa);
  if (open.length > 1) add('8815', `CINdetails referred ${open[0]!.referralDate}`);
  for (let i = 1; i < details.length; i++) {
    const previous = details[i - 1]!;
    if (previous.closureDate === null || previous.closureDate > details[i]!.referralDate) add('8820', `CINdetails referred ${details[i]!.referralDate}`);
  }
  const allCpps = details.flatMap((d) => d.childProtectionPlans);
  if (allCpps.filter((p) => p.endDate === null).length > 1) add('8935', 'ChildProtectionPlans');
  const sortedCpps = [...allCpps].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  for (let i = 1; i < sortedCpps.length; i++)
    if (intervalsOverlap(sortedCpps[i - 1]!.startDate, sortedCpps[i - 1]!.endDate, sortedCpps[i]!.startDate, sortedCpps[i]!.endDate)) add('8940', `ChildProtectionPlans started ${sortedCpps[i]!.startDate}`);
  const allPlans = details.flatMap((d) => d.cinPlanDates);
  if (allPlans.filter((p) => p.end === null).length > 1) add('4004', 'CINPlanDates');

  for (const d of details) out.push(...checkDetails(id, d, ctx, assessmentCutoff, s47Cutoff));
  return out;
}

function checkDetails(id: string, d: CinDetails, ctx: CinCheckContext, assessmentCutoff: string, s47Cutoff: string): CheckFinding[] {
  const { year } = ctx;
  const out: CheckFinding[] = [];
  const where = `CINdetails referred ${d.referralDate}`;
  const add = (rule: Parameters<typeof finding>[0], detail = ''): void => void out.push(finding(rule, id, detail ? `${where}: ${detail}` : where));

  if (d.referralDate > year.end) add('8600');
  if (!SOURCES.has(d.referralSource)) add('8866');
  if (d.primaryNeedCode !== null && !NEEDS.has(d.primaryNeedCode)) add('8650');
  if (d.primaryNeedCode === null && !d.referralNfa) add('8610');
  if (d.closureDate !== null && !within(d.closureDate, year.start, year.end)) add('8620');
  if (d.closureDate !== null && d.closureDate < d.referralDate) add('8630');
  if (d.reasonForClosure !== null && !CLOSURES.has(d.reasonForClosure)) add('8640');
  if (d.closureDate !== null && d.reasonForClosure === null) add('8805');
  if (d.closureDate === null && d.reasonForClosure !== null) add('8810');
  const active = d.assessments.length > 0 || d.section47.length > 0 || d.childProtectionPlans.length > 0 || d.cinPlanDates.length > 0;
  if (d.referralNfa) {
    if (d.assessments.length > 0 || d.section47.length > 0) add('8831');
    if (d.cinPlanDates.length > 0) add('4000');
    if (d.childProtectionPlans.length > 0 || d.section47.length > 0) add('8832');
    if (active) out.push(finding('J-01', id, where));
  }
  const rc89 = d.reasonForClosure === 'RC8' || d.reasonForClosure === 'RC9';
  if (rc89 && (d.cinPlanDates.length > 0 || d.section47.length > 0 || d.childProtectionPlans.length > 0)) add('2990');
  if (rc89 && d.assessments.length === 0) add('8825Q');
  if (rc89 && !d.assessments.some((a) => a.authorisationDate !== null)) out.push(finding('J-02', id, where));
  if (d.closureDate !== null && d.assessments.some((a) => a.authorisationDate === null)) {
    add('8867');
    out.push(finding('J-07', id, where));
  }
  if (d.closureDate !== null && d.section47.some((s) => s.dateOfInitialCpc === null && !s.icpcNotRequired)) {
    add('8868');
    out.push(finding('J-07', id, where));
  }

  const openAssessments = d.assessments.filter((a) => a.authorisationDate === null);
  if (openAssessments.length > 1) add('8896');
  for (const a of d.assessments) {
    const at = `assessment started ${a.actualStartDate}`;
    if (a.actualStartDate < d.referralDate) add('1103', at);
    if (a.authorisationDate !== null && a.authorisationDate < a.actualStartDate) add('8608', at);
    if (a.authorisationDate === null && a.factors.length > 0) add('8614', at);
    if (a.authorisationDate !== null && a.factors.length === 0) add('8897Q', at);
    if (a.factors.includes('21') && a.factors.length > 1) add('8869', at);
    if (new Set(a.factors).size !== a.factors.length) add('8898', at);
    if (a.authorisationDate !== null && !within(a.authorisationDate, year.start, year.end)) add('8696', at);
    if (a.authorisationDate === null && !within(a.actualStartDate, year.start, year.end)) add('8736', at);
    if (a.authorisationDate === null && a.actualStartDate < assessmentCutoff) add('8670Q', at);
  }

  const plans = [...d.cinPlanDates].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (const [i, p] of plans.entries()) {
    const at = `CIN plan started ${p.start}`;
    if (p.start < d.referralDate) add('4015', at);
    if (p.end !== null && p.end < p.start) add('4011', at);
    if (p.end !== null && p.end === p.start) add('4012Q', at);
    if (p.end !== null && !within(p.end, year.start, year.end)) add('4013', at);
    const next = plans[i + 1];
    if (next && intervalsOverlap(p.start, p.end, next.start, next.end)) add('4014', at);
    for (const cpp of d.childProtectionPlans)
      if (intervalsOverlap(p.start, p.end, cpp.startDate, cpp.endDate)) {
        add('4001', at);
        out.push(finding('J-04', id, `${where}: ${at}`));
      }
  }

  const openS47 = d.section47.filter((s) => s.dateOfInitialCpc === null && !s.icpcNotRequired);
  if (openS47.length > 1) add('8839');
  for (const s of d.section47) {
    const at = `section 47 started ${s.actualStartDate}`;
    if (s.actualStartDate < d.referralDate) add('2889', at);
    if (s.dateOfInitialCpc !== null) {
      if (s.dateOfInitialCpc < d.referralDate) add('1104', at);
      if (s.actualStartDate > s.dateOfInitialCpc) add('8615', at);
      if (!within(s.dateOfInitialCpc, year.start, year.end)) add('8715', at);
      if (isWeekend(s.dateOfInitialCpc)) add('8875', at);
    } else if (!s.icpcNotRequired) {
      if (!within(s.actualStartDate, year.start, year.end)) add('8740', at);
      if (s.actualStartDate < s47Cutoff) add('8675Q', at);
    }
    if (s.initialCpcTarget !== null && isWeekend(s.initialCpcTarget)) add('8870Q', at);
  }
  if (d.dateOfInitialCpc !== null && !within(d.dateOfInitialCpc, year.start, year.end)) add('8715');

  const conferences = new Set([...d.section47.map((s) => s.dateOfInitialCpc), d.dateOfInitialCpc].filter((x): x is string => x !== null));
  for (const p of d.childProtectionPlans) {
    const at = `child protection plan started ${p.startDate}`;
    if (p.startDate < d.referralDate) add('1105', at);
    if (within(p.startDate, year.start, year.end) && !conferences.has(p.startDate)) {
      add('2885', at);
      out.push(finding('J-03', id, `${where}: ${at}`));
    }
    if (p.endDate !== null && p.endDate === p.startDate) add('8840', at);
    if (p.endDate !== null && p.endDate < p.startDate) add('8925', at);
    if (p.endDate !== null && !within(p.endDate, year.start, year.end)) add('8930', at);
    if (p.reviewDates.some((r) => r <= p.startDate)) add('8841', at);
    if (!CATEGORIES.has(p.initialCategoryOfAbuse)) add('8905', at);
    if (!CATEGORIES.has(p.latestCategoryOfAbuse)) add('8910', at);
  }
  return out;
}
