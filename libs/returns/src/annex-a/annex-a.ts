import { addMonths, ageOn, overlaps, within } from '../collection-year.js';
import { NO_CHARACTERISTICS, type CharacteristicsSource, type ChildCharacteristics } from '../child-characteristics.js';
import { allocationOn, categoryOn, type AllocationFact, type CarePeriodFact, type ChildFacts, type CinEpisodeFact } from '../child-facts.js';
import { ReturnsError } from '../returns.errors.js';

/** A cell: text, a whole number, a date (written dd/mm/yyyy in CSV and as a real date in the workbook), or blank. */
export type AnnexACell = string | number | { readonly date: string } | null;

export interface AnnexAList {
  readonly number: number;
  readonly title: string;
  /** Worksheet name (31 characters at most). */
  readonly sheet: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly AnnexACell[])[];
  /** Why the list is empty or partly blank: what the journey does not record. */
  readonly note: string | null;
}

export interface AnnexAOptions {
  /** The inspection's reference date (the day the lists are "as at"). */
  readonly asOf: string;
  /** Lists 1–9 cover this many months before the reference date (Ofsted asks for six). */
  readonly months?: number;
  /** List 10 (adoption) covers this many months (twelve). */
  readonly adoptionMonths?: number;
  readonly characteristics?: CharacteristicsSource;
}

const CHILD = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'] as const;
const ALLOCATED = ['Allocated Team', 'Allocated Worker'] as const;
const DISABILITY = 'Does the Child have a Disability';

/** Ofsted ILACS Annex A column headings, list by list. */
export const ANNEX_A_HEADERS: Readonly<Record<number, readonly string[]>> = {
  1: [...CHILD, 'Date of Contact', 'Contact Source'],
  2: [...CHILD, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'],
  3: [...CHILD, 'Date of referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', ...ALLOCATED],
  4: [
    ...CHILD, DISABILITY, 'Continuous Assessment Start Date', 'Child Seen During Continuous Assessment', 'Continuous Assessment Date of Authorisation',
    "Was the child assessed as requiring LA children's social care support?", ...ALLOCATED,
  ],
  5: [
    ...CHILD, DISABILITY, 'Strategy discussion initiating Section 47 Enquiry Start Date', 'Was an Initial Child Protection Conference deemed unnecessary?',
    'Date of Initial Child Protection Conference', 'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    'Number of Section 47 Enquiries in the last 12 months', 'Number of ICPCs in the last 12 months', ...ALLOCATED,
  ],
  6: [...CHILD, DISABILITY, 'CIN Start Date', 'Primary Need Code', 'Date Child Was Last Seen', 'CIN Closure Date', 'Reason for Closure', 'Case Status', ...ALLOCATED],
  7: [
    ...CHILD, DISABILITY, 'Child Protection Plan Start Date', 'Initial Category of Abuse', 'Latest Category of Abuse', 'Date of the Last Statutory Visit',
    'Was the Child Seen Alone?', 'Date of latest review conference', 'Child Protection Plan End Date',
    'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', 'Number of Previous Child Protection Plans', ...ALLOCATED,
  ],
  8: [
    ...CHILD, 'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', DISABILITY, 'Date Started to be Looked After',
    "Child's Category of Need", 'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
    'Start date of current legal status', "Child's Legal Status", 'Date of Latest Statutory Review', 'Date of Last Social Work Visit',
    'What is the permanence plan for this child?', 'Date of Last IRO Visit / Contact to the Child', 'Date of Last Health Assessment',
    'Date of Last Dental Check', 'Number of Placements in the Last 12 months', 'Date Ceased to be Looked After', 'Reason Ceased to be Looked After',
    'Start Date of Most Recent Placement', 'Placement Type', 'Placement Provider', 'Placement postcode', 'URN of Placement', 'Placement Location',
    'LA of Placement', "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
    'Was the child offered a Return Interview after their last missing episode (Y/N)?', 'Did the child accept a Return Interview after their last missing episode (Y/N)?',
    ...ALLOCATED,
  ],
  9: [
    ...CHILD, 'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)', DISABILITY, ...ALLOCATED, 'Allocated Personal Advisor',
    'Eligibility Category', 'Latest Pathway Plan Review Date', 'LA in Touch', 'Latest Date of Contact', 'Type of Accommodation', 'Suitability of Accommodation',
    'Activity Status',
  ],
  10: [
    'Child Unique ID', 'Family identifier', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', DISABILITY, 'Date the Child Entered Care',
    'Date of Decision that Child Should be Placed for Adoption', 'Date of Placement Order', 'Date of Matching Child and Prospective Adopters',
    'Date Placed for Adoption', 'Date of Adoption Order', 'Date of Decision that Child Should No Longer be Placed for Adoption',
    'Reason Why Child No Longer Placed for Adoption', 'Date the child was placed for fostering in FFA or concurrent planning placement',
  ],
  11: [
    'Individual adopter identifier', 'Family identifier', 'Gender', 'Ethnicity', 'Disability', 'Is the (prospective) adopter fostering for adoption?',
    'Date enquiry received', 'Date Stage 1 started', 'Date Stage 1 ended', 'Date Stage 2 started', 'Date Stage 2 ended', 'Date application submitted',
    'Date application approved', 'Date adopter matched with child(ren)', 'Date child/children placed with adopter(s)', 'No. of children placed',
    'Date of Adoption Order', 'Date of leaving adoption process', 'Reason for leaving adoption process',
  ],
};

const TITLES: Readonly<Record<number, readonly [string, string]>> = {
  1: ['Contacts', 'List 1 Contacts'],
  2: ['Early help assessments', 'List 2 Early help'],
  3: ['Referrals', 'List 3 Referrals'],
  4: ['Assessments', 'List 4 Assessments'],
  5: ['Section 47 enquiries and ICPCs', 'List 5 S47 and ICPC'],
  6: ['Children in need', 'List 6 Children in need'],
  7: ['Child protection plans', 'List 7 Child protection'],
  8: ['Children looked after', 'List 8 Children in care'],
  9: ['Care leavers', 'List 9 Care leavers'],
  10: ['Adoption', 'List 10 Adoption'],
  11: ['Adopters', 'List 11 Adopters'],
};

const NOTES: Readonly<Record<number, string>> = {
  2: 'Early help assessments are not recorded in the journey (only a step-down to early help): this list is empty.',
  8: 'Permanence plan, IRO contact, dental checks, placement postcode, URN and LA of placement are not journey events: left blank.',
  9: 'Personal advisers are not journey records: left blank.',
  10: 'Family (sibling group) identifiers are not journey records: left blank.',
  11: 'Adopters are not recorded in the journey: this list is empty.',
};

const SEX_LABEL: Readonly<Record<string, string>> = { M: 'Male', F: 'Female', U: 'Unknown' };
const yesNo = (value: boolean | null | undefined): string => (value === null || value === undefined ? '' : value ? 'Yes' : 'No');
const yn = (value: boolean | null | undefined): string => (value === null || value === undefined ? '' : value ? 'Y' : 'N');
const date = (iso: string | null | undefined): AnnexACell => (iso ? { date: iso } : null);
const latest = (dates: readonly (string | null | undefined)[], upTo: string): string | null =>
  dates.filter((d): d is string => !!d && d <= upTo).sort().at(-1) ?? null;
const onOrBefore = (d: string | null, asOf: string): string | null => (d !== null && d <= asOf ? d : null);

/** Builds Annex A lists 1–11 as at a reference date. */
export function buildAnnexA(children: readonly ChildFacts[], options: AnnexAOptions): AnnexAList[] {
  const { asOf } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new ReturnsError('INVALID_OPTION', 'The Annex A reference date must be YYYY-MM-DD');
  const from = addMonths(asOf, -(options.months ?? 6));
  const yearAgo = addMonths(asOf, -12);
  const adoptionFrom = addMonths(asOf, -(options.adoptionMonths ?? 12));
  const characteristics = options.characteristics ?? NO_CHARACTERISTICS;
  const rows: Record<number, AnnexACell[][]> = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [], 8: [], 9: [], 10: [], 11: [] };

  for (const child of children) {
    const c = characteristics.get(child.childId) ?? {};
    const dob = child.dateOfBirth !== null && child.dateOfBirth <= asOf ? child.dateOfBirth : null;
    const who: AnnexACell[] = [child.childId, SEX_LABEL[c.sex ?? ''] ?? '', c.ethnicity ?? '', date(dob), ageOn(dob, asOf)];
    const disabled = disability(c);
    const allocation = (e: CinEpisodeFact): AnnexACell[] => {
      const a = allocationAsAt(e, asOf);
      return [a?.teamId ?? '', a?.workerId ?? ''];
    };

    for (const contact of child.contacts.filter((x) => within(x.receivedOn, from, asOf))) rows[1]!.push([...who, date(contact.receivedOn), contact.source]);

    const episodes = child.episodes.filter((e) => e.referralDate <= asOf);
    for (const e of episodes) {
      if (within(e.referralDate, from, asOf)) {
        const inYear = episodes.filter((x) => x.referralDate > addMonths(e.referralDate, -12) && x.referralDate <= e.referralDate).length;
        rows[3]!.push([...who, date(e.referralDate), e.source, yesNo(onOrBefore(e.referralNfaOn, asOf) !== null), inYear, ...allocation(e)]);
      }
      for (const a of e.assessments) {
        const authorised = onOrBefore(a.authorisedOn, asOf);
        if (!overlaps(a.startedOn, authorised, from, asOf)) continue;
        const support = a.outcome === null || authorised === null ? null : !['NO_FURTHER_ACTION', 'STEP_DOWN_EARLY_HELP'].includes(a.outcome);
        rows[4]!.push([...who, disabled, date(a.startedOn), date(latest(a.seen.map((s) => s.on), asOf)), date(authorised), yesNo(support), ...allocation(e)]);
      }
      for (const s of e.s47s) {
        if (s.startedOn === null || !within(s.strategyDiscussionOn, from, asOf) || s.startedOn > asOf) continue;
        const notRequired = s.outcome === 'ICPC_NOT_REQUIRED' && onOrBefore(s.concludedOn, asOf) !== null;
        const icpc = onOrBefore(s.icpcOn, asOf);
        const s47s = child.episodes.flatMap((x) => x.s47s).filter((x) => within(x.startedOn, addMonths(asOf, -12), asOf)).length;
        const icpcs = child.episodes.flatMap((x) => x.s47s).filter((x) => within(x.icpcOn, addMonths(asOf, -12), asOf)).length;
        rows[5]!.push([
          ...who, disabled, date(s.strategyDiscussionOn), yesNo(notRequired), date(icpc), icpc ? yesNo(s.icpcOutcome === 'PLAN') : '', s47s, icpcs, ...allocation(e),
        ]);
      }
      const closed = onOrBefore(e.closedOn, asOf);
      if (overlaps(e.referralDate, closed, from, asOf)) {
        rows[6]!.push([
          ...who, disabled, date(e.referralDate), e.primaryNeed, date(lastSeen(child, e, asOf)), date(closed), closed ? (e.closureReason ?? '') : '',
          caseStatus(child, e, asOf), ...allocation(e),
        ]);
      }
      for (const p of e.cpps) {
        const ended = onOrBefore(p.endedOn, asOf);
        if (!overlaps(p.startedOn, ended, from, asOf) || p.startedOn > asOf) continue;
        const visits = p.visits.filter((v) => v.on <= asOf);
        const lastVisit = visits.at(-1);
        const emergency = child.periodsOfCare.some((period) =>
          period.episodes.some((x) => (x.legalStatus === 'L1' || x.legalStatus === 'L2') && overlaps(x.startedOn, onOrBefore(x.endedOn, asOf), from, asOf)),
        );
        rows[7]!.push([
          ...who, disabled, date(p.startedOn), p.initialCategory, categoryOn(p, ended ?? asOf), date(lastVisit?.on), lastVisit ? yn(lastVisit.seenAlone) : '',
          date(latest(p.reviews, asOf)), date(ended), yn(emergency), Math.max(0, p.planNumber - 1), ...allocation(e),
        ]);
      }
    }

    for (const [index, period] of child.periodsOfCare.entries()) {
      const ended = onOrBefore(period.endedOn, asOf);
      if (period.startedOn > asOf || !overlaps(period.startedOn, ended, from, asOf)) continue;
      const episode = child.episodes.find((e) => e.number === period.episodeNumber);
      rows[8]!.push([...who, ...lookedAfterRow(child, period, index, c, disabled, asOf, yearAgo, ended), ...(episode ? allocation(episode) : ['', ''])]);
      for (const a of period.adoptions) {
        const dates = [a.decidedOn, a.placementOrderOn, a.matchedOn, a.placedOn, a.orderOn, a.reversedOn].map((d) => onOrBefore(d, asOf));
        const open = a.decidedOn <= asOf && a.orderOn === null && a.reversedOn === null && ended === null;
        if (!open && !dates.some((d) => within(d, adoptionFrom, asOf))) continue;
        const ffa = period.episodes.find((x) => (x.placement.place === 'U2' || x.placement.place === 'U5') && x.startedOn <= asOf);
        rows[10]!.push([
          child.childId, '', who[1]!, who[2]!, who[3]!, who[4]!, disabled, date(period.startedOn), ...dates.slice(0, 5).map(date), date(dates[5]),
          dates[5] ? (a.reversalReason ?? '') : '', date(ffa?.startedOn),
        ]);
      }
    }

    const leaver = child.careLeaver;
    if (leaver && leaver.since <= asOf && (leaver.endedOn === null || leaver.endedOn >= from)) {
      const contact = leaver.contacts.filter((x) => x.on <= asOf).at(-1);
      const open = child.episodes.find((e) => e.referralDate <= asOf && (e.closedOn === null || e.closedOn > asOf));
      const age = ageOn(dob, asOf);
      rows[9]!.push([
        ...who, c.uasc ? 'Y' : '', disabled, ...(open ? allocation(open) : ['', '']), '', age === null ? '' : age < 18 ? 'Relevant' : 'Former relevant',
        date(latest([...leaver.pathwayPlans, ...leaver.pathwayPlanReviews], asOf)), contact?.inTouch ?? '', date(contact?.on), contact?.accommodation ?? '',
        contact?.accommodationSuitable === null || contact === undefined ? '' : contact.accommodationSuitable ? 'Suitable' : 'Unsuitable', contact?.activity ?? '',
      ]);
    }
  }

  return Object.entries(ANNEX_A_HEADERS).map(([key, headers]) => {
    const number = Number(key);
    const [title, sheet] = TITLES[number]!;
    return { number, title, sheet, headers, rows: rows[number]!, note: NOTES[number] ?? null };
  });
}

function disability(c: ChildCharacteristics): string {
  if (!c.disabilities || c.disabilities.length === 0) return '';
  return c.disabilities.some((d) => d !== 'NONE') ? 'Yes' : 'No';
}

/** The allocation in force on the reference date, or the episode's last one if it closed before it. */
function allocationAsAt(e: CinEpisodeFact, asOf: string): AllocationFact | null {
  return allocationOn(e, asOf) ?? e.allocations.filter((a) => a.from <= asOf).at(-1) ?? null;
}

function lastSeen(child: ChildFacts, e: CinEpisodeFact, asOf: string): string | null {
  const visits = [
    ...e.cinPlans.flatMap((p) => p.visits),
    ...e.cpps.flatMap((p) => p.visits),
    ...child.periodsOfCare.filter((p) => p.episodeNumber === e.number).flatMap((p) => p.visits),
  ]
    .filter((v) => v.childSeen)
    .map((v) => v.on);
  return latest([...visits, ...e.assessments.flatMap((a) => a.seen.map((s) => s.on))], asOf);
}

function caseStatus(child: ChildFacts, e: CinEpisodeFact, asOf: string): string {
  if (e.closedOn !== null && e.closedOn <= asOf) return 'Closed';
  const inCare = child.periodsOfCare.some((p) => p.episodeNumber === e.number && p.startedOn <= asOf && (p.endedOn === null || p.endedOn > asOf));
  if (inCare) return 'Looked after';
  if (e.cpps.some((p) => p.startedOn <= asOf && (p.endedOn === null || p.endedOn > asOf))) return 'Child protection plan';
  if (e.cinPlans.some((p) => p.startedOn <= asOf && (p.endedOn === null || p.endedOn > asOf))) return 'Child in need plan';
  if (e.referralNfaOn !== null && e.referralNfaOn <= asOf) return 'Referral: no further action';
  if (e.assessments.some((a) => a.startedOn <= asOf && (a.authorisedOn === null || a.authorisedOn > asOf))) return 'Assessment';
  return 'Open';
}

function lookedAfterRow(
  child: ChildFacts,
  period: CarePeriodFact,
  index: number,
  c: ChildCharacteristics,
  disabled: string,
  asOf: string,
  yearAgo: string,
  ended: string | null,
): AnnexACell[] {
  const episodes = period.episodes.filter((e) => e.startedOn <= asOf);
  const current = episodes.at(-1);
  let legalSince = current?.startedOn ?? period.startedOn;
  for (let i = episodes.length - 1; i > 0 && episodes[i - 1]!.legalStatus === current?.legalStatus; i--) legalSince = episodes[i - 1]!.startedOn;
  let placementSince = current?.startedOn ?? period.startedOn;
  for (let i = episodes.length - 1; i > 0 && episodes[i]!.reasonNewEpisode === 'L'; i--) placementSince = episodes[i - 1]!.startedOn;
  const previous = child.periodsOfCare[index - 1];
  const secondPeriod = previous?.endedOn !== null && previous?.endedOn !== undefined && previous.endedOn >= addMonths(period.startedOn, -12);
  // A placement runs from an episode that starts one (any reason but a legal status change) to the next such episode.
  const placementStarts = episodes.map((e, i) => ({ e, i })).filter(({ e }) => e.reasonNewEpisode !== 'L');
  const placements = placementStarts.filter(({ i }, k) => {
    const next = placementStarts[k + 1];
    const endedOn = next ? next.e.startedOn : onOrBefore(episodes.at(-1)?.endedOn ?? null, asOf);
    return overlaps(episodes[i]!.startedOn, endedOn, yearAgo, asOf);
  }).length;
  const missing = period.missing.filter((m) => within(m.startedOn, yearAgo, asOf));
  const lastMissing = period.missing.filter((m) => m.endedOn !== null && m.endedOn <= asOf).at(-1);
  const place = current?.placement;
  return [
    c.uasc ? 'Y' : '', disabled, date(period.startedOn), period.categoryOfNeed, yn(secondPeriod), date(legalSince), current?.legalStatus ?? '',
    date(latest(period.reviews.map((r) => r.on), asOf)), date(latest(period.visits.map((v) => v.on), asOf)), '', '',
    date(latest(period.healthAssessments.map((h) => h.on), asOf)), '', placements, date(ended), ended ? (period.reasonCeased ?? '') : '', date(placementSince),
    place?.place ?? '', place?.provider ?? '', '', '', place?.insideLocalAuthority === null || !place ? '' : place.insideLocalAuthority ? 'Inside LA boundary' : 'Outside LA boundary',
    '', missing.filter((m) => m.kind === 'M').length, missing.filter((m) => m.kind === 'A').length, yn(lastMissing?.returnInterviewOffered),
    yn(lastMissing?.returnInterviewAccepted),
  ];
}
