import { addMonths, ageOn, overlaps, toDfeDate, within, type CollectionYear } from '../collection-year.js';
import { NO_CHARACTERISTICS, type CharacteristicsSource } from '../child-characteristics.js';
import type { CarePeriodFact, ChildFacts, Episode903Fact } from '../child-facts.js';
import { birthdayOn } from '@cje/timescales';
import type { Ssda903Row, Ssda903Rows } from './ssda903-files.js';

export interface Ssda903Return {
  readonly year: CollectionYear;
  readonly rows: Ssda903Rows;
}

export interface Ssda903Options {
  readonly year: CollectionYear;
  readonly characteristics?: CharacteristicsSource;
}

/** Placements with no provider (rules 178/213/526): temporary placements and the 2025-26 "other" sub-categories. */
export const NO_PROVIDER_PLACEMENTS: ReadonlySet<string> = new Set(['T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14']);
/** Placed for adoption with current foster carers (AD1 FOSTER_CARE = 1). */
const WITH_FOSTER_CARER: ReadonlySet<string> = new Set(['A3', 'A5']);

const endOrNull = (date: string | null, end: string): string | null => (date !== null && date <= end ? date : null);
const byChildThenDate = <R extends { CHILD: string }>(key: (r: R) => string) => (a: R, b: R): number =>
  a.CHILD < b.CHILD ? -1 : a.CHILD > b.CHILD ? 1 : iso(key(a)) < iso(key(b)) ? -1 : iso(key(a)) > iso(key(b)) ? 1 : 0;
/** dd/mm/yyyy sorts as yyyymmdd. */
const iso = (dfe: string): string => `${dfe.slice(6, 10)}${dfe.slice(3, 5)}${dfe.slice(0, 2)}`;

/** Builds every 903 file for the collection year from the children's facts. */
export function buildSsda903(children: readonly ChildFacts[], options: Ssda903Options): Ssda903Return {
  const { year } = options;
  const { start, end } = year;
  const characteristics = options.characteristics ?? NO_CHARACTERISTICS;
  const rows = {
    header: [] as Ssda903Row<'header'>[],
    episodes: [] as Ssda903Row<'episodes'>[],
    reviews: [] as Ssda903Row<'reviews'>[],
    uasc: [] as Ssda903Row<'uasc'>[],
    oc2: [] as Ssda903Row<'oc2'>[],
    oc3: [] as Ssda903Row<'oc3'>[],
    ad1: [] as Ssda903Row<'ad1'>[],
    placed_for_adoption: [] as Ssda903Row<'placed_for_adoption'>[],
    previous_permanence: [] as Ssda903Row<'previous_permanence'>[],
    missing: [] as Ssda903Row<'missing'>[],
    social_worker: [] as Ssda903Row<'social_worker'>[],
  };
  for (const child of children) {
    const CHILD = child.childId;
    const DOB = toDfeDate(child.dateOfBirth);
    const c = characteristics.get(CHILD) ?? {};
    const periods = child.periodsOfCare.filter((p) => overlaps(p.startedOn, endOrNull(p.endedOn, end), start, end));
    const oc3 = careLeaverRow(child, year);
    if (periods.length === 0 && oc3 === null) continue;

    rows.header.push({
      CHILD,
      SEX: c.sex ?? '',
      DOB,
      ETHNIC: c.ethnicity ?? 'NOBT',
      UPN: c.upn ?? c.upnUnknown ?? '',
      // Motherhood is asked of looked-after girls and young women only.
      MOTHER: c.mother && c.sex === 'F' && periods.length > 0 ? (c.mother.isMother ? '1' : '0') : '',
      MC_DOB: c.mother?.isMother && c.sex === 'F' && periods.length > 0 ? toDfeDate(c.mother.firstChildBornOn) : '',
    });
    if (oc3) rows.oc3.push({ CHILD, DOB, ...oc3 });
    if (c.uasc && (c.uasc.ceasedOn === null || c.uasc.ceasedOn >= start))
      rows.uasc.push({ CHILD, SEX: c.sex ?? '', DOB, DUC: toDfeDate(c.uasc.ceasedOn) });
    if (periods.length === 0) continue;

    for (const period of periods) {
      for (const e of period.episodes.filter((x) => overlaps(x.startedOn, endOrNull(x.endedOn, end), start, end)))
        rows.episodes.push(episodeRow(CHILD, period, e, end));
      for (const r of period.reviews.filter((x) => within(x.on, start, end)))
        rows.reviews.push({ CHILD, DOB, REVIEW: toDfeDate(r.on), REVIEW_CODE: r.participation ?? '' });
      for (const m of period.missing.filter((x) => overlaps(x.startedOn, endOrNull(x.endedOn, end), start, end)))
        rows.missing.push({ CHILD, DOB, MISSING: m.kind, MIS_START: toDfeDate(m.startedOn), MIS_END: toDfeDate(endOrNull(m.endedOn, end)) });
      for (const a of period.adoptions) {
        if (a.decidedOn > end) continue;
        const reversed = endOrNull(a.reversedOn, end);
        if (reversed !== null && reversed < start) continue;
        if (a.orderOn !== null && a.orderOn < start) continue;
        rows.placed_for_adoption.push({
          CHILD,
          DOB,
          DATE_PLACED: toDfeDate(a.decidedOn),
          DATE_PLACED_CEASED: toDfeDate(reversed),
          REASON_PLACED_CEASED: reversed ? (a.reversalReason ?? '') : '',
        });
      }
      if (within(period.startedOn, start, end)) rows.previous_permanence.push({ CHILD, DOB, PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' });
      const adoptedOn = period.reasonCeased === 'E11' || period.reasonCeased === 'E12' ? endOrNull(period.endedOn, end) : null;
      if (adoptedOn !== null && adoptedOn >= start) {
        const adoption = period.adoptions.find((a) => a.orderOn !== null) ?? period.adoptions.at(-1);
        rows.ad1.push({
          CHILD,
          DOB,
          DATE_INT: toDfeDate(adoption?.decidedOn),
          DATE_MATCH: toDfeDate(adoption?.matchedOn),
          FOSTER_CARE: adoption?.place ? (WITH_FOSTER_CARER.has(adoption.place) ? '1' : '0') : '',
          NB_ADOPTR: '',
          SEX_ADOPTR: '',
          LS_ADOPTR: '',
        });
      }
    }
    const oc2 = oc2Row(periods, year);
    if (oc2) rows.oc2.push({ CHILD, DOB, ...oc2 });
    for (const episode of child.episodes)
      for (const a of episode.allocations.filter((x) => overlaps(x.from, endOrNull(x.to, end), start, end)))
        rows.social_worker.push({ CHILD, DOB, SW_ID: a.workerId, SW_DECOM: toDfeDate(a.from), SW_DEC: toDfeDate(endOrNull(a.to, end)), SW_REASON: '' });
  }
  rows.episodes.sort(byChildThenDate((r) => r.DECOM));
  rows.reviews.sort(byChildThenDate((r) => r.REVIEW));
  rows.missing.sort(byChildThenDate((r) => r.MIS_START));
  rows.placed_for_adoption.sort(byChildThenDate((r) => r.DATE_PLACED));
  rows.social_worker.sort(byChildThenDate((r) => r.SW_DECOM));
  for (const list of [rows.header, rows.uasc, rows.oc2, rows.oc3, rows.ad1, rows.previous_permanence] as { CHILD: string }[][])
    list.sort((a, b) => (a.CHILD < b.CHILD ? -1 : a.CHILD > b.CHILD ? 1 : 0));
  return { year, rows };
}

function episodeRow(CHILD: string, period: CarePeriodFact, e: Episode903Fact, end: string): Ssda903Row<'episodes'> {
  const ended = endOrNull(e.endedOn, end);
  return {
    CHILD,
    DECOM: toDfeDate(e.startedOn),
    RNE: e.reasonNewEpisode,
    LS: e.legalStatus,
    CIN: period.categoryOfNeed,
    PLACE: e.placement.place,
    PLACE_PROVIDER: NO_PROVIDER_PLACEMENTS.has(e.placement.place) ? '' : e.placement.provider,
    DEC: toDfeDate(ended),
    REC: ended ? (e.reasonEnded ?? '') : '',
    REASON_PLACE_CHANGE: ended && e.reasonEnded === 'X1' && !NO_PROVIDER_PLACEMENTS.has(e.placement.place) ? (e.reasonPlaceChange ?? '') : '',
    HOME_POST: '',
    PL_POST: '',
    URN: '',
  };
}

/** Looked after continuously for at least 12 months at 31 March (not only short breaks): the OC2 cohort. */
function oc2Row(periods: readonly CarePeriodFact[], year: CollectionYear): Omit<Ssda903Row<'oc2'>, 'CHILD' | 'DOB'> | null {
  const current = periods.find((p) => p.startedOn <= year.start && (p.endedOn === null || p.endedOn > year.end));
  if (!current) return null;
  if (current.episodes.every((e) => e.legalStatus === 'V3' || e.legalStatus === 'V4')) return null;
  const assessed = current.healthAssessments.some((h) => within(h.on, year.start, year.end));
  return {
    SDQ_SCORE: '',
    SDQ_REASON: '',
    CONVICTED: '',
    HEALTH_CHECK: '',
    IMMUNISATIONS: '',
    TEETH_CHECK: '',
    HEALTH_ASSESSMENT: assessed ? '1' : '0',
    SUBSTANCE_MISUSE: '',
    INTERVENTION_RECEIVED: '',
    INTERVENTION_OFFERED: '',
  };
}

/**
 * Care leavers whose 17th to 21st birthday falls in the year and who had left care by then (the OC3 cohort). The
 * contact reported is the latest in the window from three months before to one month after the birthday; with none
 * recorded the authority was not in touch.
 */
function careLeaverRow(child: ChildFacts, year: CollectionYear): Omit<Ssda903Row<'oc3'>, 'CHILD' | 'DOB'> | null {
  const leaver = child.careLeaver;
  const dob = child.dateOfBirth;
  if (!leaver || dob === null || leaver.since > year.end) return null;
  const age = ageOn(dob, year.end);
  if (age === null) return null;
  const birthday = [age, age - 1].map((a) => ({ a, on: birthdayOn(dob, a) })).find((b) => b.a >= 17 && b.a <= 21 && within(b.on, year.start, year.end));
  if (!birthday || leaver.since > birthday.on) return null;
  const from = addMonths(birthday.on, -3);
  const to = addMonths(birthday.on, 1) < year.end ? addMonths(birthday.on, 1) : year.end;
  const contact = leaver.contacts.filter((x) => within(x.on, from, to)).at(-1);
  if (!contact) return { IN_TOUCH: 'NO', ACTIV: '0', ACCOM: '0' };
  const inTouch = contact.inTouch;
  if (inTouch !== 'YES') return { IN_TOUCH: inTouch, ACTIV: '0', ACCOM: '0' };
  const suitability = contact.accommodationSuitable === null ? '' : contact.accommodationSuitable ? '1' : '2';
  return { IN_TOUCH: inTouch, ACTIV: contact.activity ?? '', ACCOM: contact.accommodation ? `${contact.accommodation}${suitability}` : '' };
}
