import type { ChildFacts, CinEpisodeFact } from '../child-facts.js';
import { categoryOn } from '../child-facts.js';
import { NO_CHARACTERISTICS, type CharacteristicsSource, type Disability, type Ethnicity, type Sex } from '../child-characteristics.js';
import { overlaps, within, type CollectionYear } from '../collection-year.js';
import { ReturnsError } from '../returns.errors.js';

/**
 * The children in need census as data: the shape of the Department's 2025-26 XML, one record per element group.
 * The writer and the migration reader share it, so "export what was imported" compares like with like.
 */
export interface CinCensus {
  readonly header: CinHeader;
  readonly children: readonly CinChild[];
}

export interface CinHeader {
  /** The year the collection ends (2026 for 2025-26). */
  readonly year: number;
  readonly referenceDate: string;
  /** Three-digit local authority (LEA) code. */
  readonly lea: string;
  readonly softwareCode: string;
  readonly release: string;
  readonly serialNo: string;
  /** When the file was produced (xs:dateTime, no offset). */
  readonly dateTime: string;
}

export interface CinChild {
  readonly laChildId: string;
  readonly upn: string | null;
  readonly formerUpn: string | null;
  readonly upnUnknown: string | null;
  readonly personBirthDate: string | null;
  readonly expectedPersonBirthDate: string | null;
  readonly sex: Sex;
  readonly personDeathDate: string | null;
  readonly ethnicity: Ethnicity;
  readonly disabilities: readonly Disability[];
  readonly cinDetails: readonly CinDetails[];
}

export interface CinDetails {
  readonly referralDate: string;
  readonly referralSource: string;
  readonly primaryNeedCode: string | null;
  readonly closureDate: string | null;
  readonly reasonForClosure: string | null;
  /** Only for a conference with no Section47 module in the return (never the case for work recorded in the journey). */
  readonly dateOfInitialCpc: string | null;
  readonly assessments: readonly CinAssessment[];
  readonly cinPlanDates: readonly { readonly start: string; readonly end: string | null }[];
  readonly section47: readonly CinSection47[];
  readonly referralNfa: boolean;
  readonly childProtectionPlans: readonly CinChildProtectionPlan[];
}

export interface CinAssessment {
  readonly actualStartDate: string;
  readonly internalReviewDate: string | null;
  readonly authorisationDate: string | null;
  readonly factors: readonly string[];
}

export interface CinSection47 {
  readonly actualStartDate: string;
  readonly initialCpcTarget: string | null;
  readonly dateOfInitialCpc: string | null;
  readonly icpcNotRequired: boolean;
}

export interface CinChildProtectionPlan {
  readonly startDate: string;
  readonly endDate: string | null;
  readonly initialCategoryOfAbuse: string;
  readonly latestCategoryOfAbuse: string;
  readonly numberOfPreviousCpp: number;
  readonly reviewDates: readonly string[];
}

export interface CinCensusOptions {
  readonly year: CollectionYear;
  readonly lea: string;
  /** The production time (the domain never reads the clock; the CLI passes it). */
  readonly generatedAt: string;
  readonly characteristics?: CharacteristicsSource;
  readonly softwareCode?: string;
  readonly release?: string;
  readonly serialNo?: string;
}

export const SOFTWARE_CODE = 'child-journey-engine';
export const SOFTWARE_RELEASE = '0.1.0';

const orNull = (date: string | null, end: string): string | null => (date !== null && date <= end ? date : null);

/** Is this CIN episode in the census: open at any time in the year (facts after the reference date not yet known)? */
export const episodeInYear = (e: CinEpisodeFact, year: CollectionYear): boolean => overlaps(e.referralDate, orNull(e.closedOn, year.end), year.start, year.end);

/** Builds the census for a collection year from every child's facts; children with no episode in the year are left out. */
export function buildCinCensus(children: readonly ChildFacts[], options: CinCensusOptions): CinCensus {
  if (!/^\d{3}$/.test(options.lea)) throw new ReturnsError('INVALID_OPTION', `The LA (LEA) code must be three digits; got '${options.lea}'`);
  const { year } = options;
  const characteristics = options.characteristics ?? NO_CHARACTERISTICS;
  const census: CinChild[] = [];
  for (const child of children) {
    const details = child.episodes.filter((e) => episodeInYear(e, year)).map((e) => cinDetailsOf(e, year));
    if (details.length === 0) continue;
    const c = characteristics.get(child.childId) ?? {};
    const born = child.dateOfBirth !== null && child.dateOfBirth <= year.end;
    census.push({
      laChildId: child.childId,
      upn: c.upn ?? null,
      formerUpn: c.formerUpn ?? null,
      upnUnknown: c.upn ? null : (c.upnUnknown ?? null),
      personBirthDate: born ? child.dateOfBirth : null,
      expectedPersonBirthDate: born ? null : (child.expectedDateOfBirth ?? child.dateOfBirth),
      sex: born ? (c.sex ?? 'U') : 'U',
      personDeathDate: c.dateOfDeath ?? null,
      ethnicity: c.ethnicity ?? 'NOBT',
      disabilities: c.disabilities ?? [],
      cinDetails: details.sort((a, b) => compare(a.referralDate, b.referralDate)),
    });
  }
  census.sort((a, b) => compare(a.laChildId, b.laChildId));
  return {
    header: {
      year: year.startYear + 1,
      referenceDate: year.end,
      lea: options.lea,
      softwareCode: options.softwareCode ?? SOFTWARE_CODE,
      release: options.release ?? SOFTWARE_RELEASE,
      serialNo: options.serialNo ?? '001',
      dateTime: options.generatedAt.replace(/(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, ''),
    },
    children: census,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function cinDetailsOf(e: CinEpisodeFact, year: CollectionYear): CinDetails {
  const { start, end } = year;
  const closedOn = orNull(e.closedOn, end);
  const assessments: CinAssessment[] = e.assessments
    .filter((a) => overlaps(a.startedOn, orNull(a.authorisedOn, end), start, end))
    .map((a) => {
      const authorised = orNull(a.authorisedOn, end);
      return { actualStartDate: a.startedOn, internalReviewDate: null, authorisationDate: authorised, factors: authorised ? a.factors : [] };
    });
  const cinPlanDates = e.cinPlans
    .filter((p) => overlaps(p.startedOn, orNull(p.endedOn, end), start, end))
    .map((p) => ({ start: p.startedOn, end: orNull(p.endedOn, end) }));
  const section47: CinSection47[] = [];
  for (const s of e.s47s) {
    if (s.startedOn === null || s.startedOn > end) continue;
    const notRequired = s.outcome === 'ICPC_NOT_REQUIRED' && within(s.concludedOn, s.startedOn, end);
    const icpc = orNull(s.icpcOn, end);
    const resolved = notRequired ? s.concludedOn : icpc;
    if (resolved !== null && resolved < start) continue;
    section47.push({ actualStartDate: s.startedOn, initialCpcTarget: s.icpcTargetDate, dateOfInitialCpc: icpc, icpcNotRequired: notRequired });
  }
  const childProtectionPlans = e.cpps
    .filter((p) => overlaps(p.startedOn, orNull(p.endedOn, end), start, end))
    .map((p) => {
      const planEnd = orNull(p.endedOn, end);
      return {
        startDate: p.startedOn,
        endDate: planEnd,
        initialCategoryOfAbuse: p.initialCategory,
        latestCategoryOfAbuse: categoryOn(p, planEnd ?? end),
        numberOfPreviousCpp: Math.max(0, p.planNumber - 1),
        reviewDates: p.reviews.filter((r) => within(r, start, end)),
      };
    });
  return {
    referralDate: e.referralDate,
    referralSource: e.source,
    primaryNeedCode: e.primaryNeed,
    closureDate: closedOn,
    reasonForClosure: closedOn ? e.closureReason : null,
    dateOfInitialCpc: null,
    assessments,
    cinPlanDates,
    section47,
    referralNfa: within(e.referralNfaOn, e.referralDate, end),
    childProtectionPlans,
  };
}
