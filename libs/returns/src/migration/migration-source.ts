import type { CinCensus, CinChild, CinDetails } from '../cin/cin-census.js';
import { readCinCensusXml } from '../cin/cin-census-xml.js';
import { readSsda903Csv } from '../ssda903/ssda903-csv.js';
import { SSDA903_FILE_NAMES, type Ssda903FileName, type Ssda903Row, type Ssda903Rows } from '../ssda903/ssda903-files.js';

/** What another system hands over: CIN census files and SSDA903 file sets, any number of years of each. */
export interface ImportSource {
  /** Names the source system; part of every command id, so two systems' records never share an id. */
  readonly system: string;
  /** CIN census XML files (any order; a later collection year wins where two describe the same record). */
  readonly cinCensus?: readonly string[];
  /** SSDA903 file sets, each for one collection year (named by the year it starts), keyed by file name (`episodes.csv` …). */
  readonly ssda903?: readonly { readonly collectionYear: number; readonly files: Readonly<Record<string, string>> }[];
}

/** One child's records merged across years. */
export interface SourceChild {
  readonly childId: string;
  readonly cin: CinChild | null;
  readonly ssda903: { readonly [F in Ssda903FileName]: readonly (Ssda903Row<F> & { readonly collectionYear: number })[] };
}

const byKey = <T>(items: readonly T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/**
 * Merges the years: CIN episodes by referral date, their assessments, plans, enquiries and reviews by start date;
 * 903 rows by their natural key (child and start date). Later collection years win, because a record still open at
 * the end of one year is completed in the next.
 */
export function mergeSources(source: ImportSource): SourceChild[] {
  const censuses: CinCensus[] = (source.cinCensus ?? []).map(readCinCensusXml).sort((a, b) => a.header.year - b.header.year);
  const cinChildren = new Map<string, CinChild>();
  for (const census of censuses)
    for (const child of census.children) {
      const earlier = cinChildren.get(child.laChildId);
      cinChildren.set(child.laChildId, earlier ? mergeChild(earlier, child) : child);
    }

  const sets = [...(source.ssda903 ?? [])].sort((a, b) => a.collectionYear - b.collectionYear);
  const rows = new Map<Ssda903FileName, (Record<string, string> & { collectionYear: number })[]>(SSDA903_FILE_NAMES.map((n) => [n, []]));
  for (const set of sets) {
    const read: Ssda903Rows = readSsda903Csv(set.files);
    for (const name of SSDA903_FILE_NAMES)
      for (const r of read[name] as readonly Record<string, string>[]) rows.get(name)!.push(Object.assign({ ...r }, { collectionYear: set.collectionYear }));
  }
  const keys: { readonly [F in Ssda903FileName]: (r: Record<string, string> & { collectionYear: number }) => string } = {
    header: (r) => r.CHILD!,
    episodes: (r) => `${r.CHILD}|${r.DECOM}`,
    reviews: (r) => `${r.CHILD}|${r.REVIEW}`,
    uasc: (r) => r.CHILD!,
    oc2: (r) => `${r.CHILD}|${r.collectionYear}`,
    oc3: (r) => `${r.CHILD}|${r.collectionYear}`,
    ad1: (r) => `${r.CHILD}|${r.DATE_INT}`,
    placed_for_adoption: (r) => `${r.CHILD}|${r.DATE_PLACED}`,
    previous_permanence: (r) => `${r.CHILD}|${r.collectionYear}`,
    missing: (r) => `${r.CHILD}|${r.MIS_START}`,
    social_worker: (r) => `${r.CHILD}|${r.SW_DECOM}`,
  };
  const merged = new Map(SSDA903_FILE_NAMES.map((n) => [n, byKey(rows.get(n)!, keys[n])]));
  const ids = new Set<string>([...cinChildren.keys(), ...SSDA903_FILE_NAMES.flatMap((n) => merged.get(n)!.map((r) => r.CHILD!))]);
  return [...ids].sort().map((childId) => ({
    childId,
    cin: cinChildren.get(childId) ?? null,
    ssda903: Object.fromEntries(SSDA903_FILE_NAMES.map((n) => [n, merged.get(n)!.filter((r) => r.CHILD === childId)])) as unknown as SourceChild['ssda903'],
  }));
}

function mergeChild(earlier: CinChild, later: CinChild): CinChild {
  const details = new Map(earlier.cinDetails.map((d) => [d.referralDate, d]));
  for (const d of later.cinDetails) {
    const before = details.get(d.referralDate);
    details.set(d.referralDate, before ? mergeDetails(before, d) : d);
  }
  return { ...later, cinDetails: [...details.values()].sort((a, b) => (a.referralDate < b.referralDate ? -1 : 1)) };
}

function mergeDetails(a: CinDetails, b: CinDetails): CinDetails {
  const union = <T>(x: readonly T[], y: readonly T[], key: (t: T) => string): T[] =>
    byKey([...x, ...y], key).sort((p, q) => (key(p) < key(q) ? -1 : 1));
  return {
    ...b,
    assessments: union(a.assessments, b.assessments, (x) => x.actualStartDate),
    cinPlanDates: union(a.cinPlanDates, b.cinPlanDates, (x) => x.start),
    section47: union(a.section47, b.section47, (x) => x.actualStartDate),
    childProtectionPlans: union(a.childProtectionPlans, b.childProtectionPlans, (x) => x.startDate).map((p) => {
      const other = [...a.childProtectionPlans, ...b.childProtectionPlans].filter((q) => q.startDate === p.startDate);
      return { ...p, reviewDates: [...new Set(other.flatMap((q) => q.reviewDates))].sort() };
    }),
  };
}
