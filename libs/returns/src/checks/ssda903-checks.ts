import {
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITIES,
  CARE_LEAVER_IN_TOUCH,
  LEGAL_STATUSES,
  PLACEMENT_PROVIDERS,
  REASONS_EPISODE_CEASED,
  REASONS_NEW_EPISODE,
  REASONS_PLACE_CHANGE,
  REVIEW_PARTICIPATION,
  placementTypesForCollectionYear,
} from '@cje/journey';
import { ETHNICITIES, type CharacteristicsSource } from '../child-characteristics.js';
import { ageOn, fromDfeDate, type CollectionYear } from '../collection-year.js';
import { NO_PROVIDER_PLACEMENTS, type Ssda903Return } from '../ssda903/ssda903.js';
import type { Ssda903Row } from '../ssda903/ssda903-files.js';
import { finding, type CheckFinding, type CheckRuleId } from './check-rules.js';

const codes = (list: readonly { code: string }[]): ReadonlySet<string> => new Set(list.map((c) => c.code));
const RNE = codes(REASONS_NEW_EPISODE);
const LS = codes(LEGAL_STATUSES);
const REC = codes(REASONS_EPISODE_CEASED);
const PROVIDERS = codes(PLACEMENT_PROVIDERS);
const RPC = codes(REASONS_PLACE_CHANGE);
const PARTICIPATION = codes(REVIEW_PARTICIPATION);
const IN_TOUCH = codes(CARE_LEAVER_IN_TOUCH);
const ACTIVITIES = new Set([...codes(CARE_LEAVER_ACTIVITIES), '0']);
const ACCOMMODATION = new Set([...CARE_LEAVER_ACCOMMODATION.flatMap((a) => [`${a.code}1`, `${a.code}2`]), '0']);
const CATEGORY_OF_NEED = new Set(['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']);
const ETHNIC: ReadonlySet<string> = new Set(ETHNICITIES);

/** A 903 date cell as ISO, or null when blank or unreadable (rule 102/141/147 report unreadable ones). */
const iso = (cell: string): string | null => {
  try {
    return fromDfeDate(cell, '');
  } catch {
    return null;
  }
};

export interface Ssda903CheckContext {
  readonly year: CollectionYear;
  readonly characteristics: CharacteristicsSource;
}

/** The Department's SSDA903 rules this engine checks, over the files as they will be submitted. */
export function checkSsda903(ret: Ssda903Return, ctx: Ssda903CheckContext): CheckFinding[] {
  const { year } = ctx;
  const out: CheckFinding[] = [];
  const add = (rule: CheckRuleId, child: string, where: string): void => void out.push(finding(rule, child, where));
  const places = new Set<string>(placementTypesForCollectionYear(year.startYear));
  const dob = new Map<string, string | null>();

  for (const h of ret.rows.header) {
    const where = 'header';
    dob.set(h.CHILD, iso(h.DOB));
    if (!['M', 'F', 'U'].includes(h.SEX)) add('101', h.CHILD, where);
    if (h.SEX === 'U') add('232', h.CHILD, where);
    if (iso(h.DOB) === null) add('102', h.CHILD, where);
    if (!ETHNIC.has(h.ETHNIC)) add('103', h.CHILD, where);
    else if (!ctx.characteristics.get(h.CHILD)?.ethnicity) add('CJE-02', h.CHILD, where);
    if (h.UPN === '') add('442', h.CHILD, where);
  }

  const episodesByChild = new Map<string, Ssda903Row<'episodes'>[]>();
  for (const e of ret.rows.episodes) episodesByChild.set(e.CHILD, [...(episodesByChild.get(e.CHILD) ?? []), e]);
  for (const [child, episodes] of episodesByChild) {
    const birth = dob.get(child) ?? null;
    episodes.sort((a, b) => ((iso(a.DECOM) ?? '') < (iso(b.DECOM) ?? '') ? -1 : 1));
    let postcodesReported = false;
    for (const [i, e] of episodes.entries()) {
      const where = `episodes row DECOM ${e.DECOM}`;
      const decom = iso(e.DECOM);
      const dec = iso(e.DEC);
      const next = episodes[i + 1];
      if (!RNE.has(e.RNE)) add('143', child, where);
      if (!LS.has(e.LS)) add('144', child, where);
      if (!CATEGORY_OF_NEED.has(e.CIN)) add('145', child, where);
      if (!places.has(e.PLACE)) {
        add('146', child, where);
        add('J-09', child, where);
      }
      if (e.REC !== '' && !REC.has(e.REC)) add('149', child, where);
      if (e.PLACE_PROVIDER !== '' && !PROVIDERS.has(e.PLACE_PROVIDER)) add('178', child, where);
      if (NO_PROVIDER_PLACEMENTS.has(e.PLACE) && e.PLACE_PROVIDER !== '') add('213', child, where);
      if (!NO_PROVIDER_PLACEMENTS.has(e.PLACE) && e.PLACE_PROVIDER === '') add('526', child, where);
      if (e.PLACE_PROVIDER === 'PR0' && e.PLACE !== 'P1') add('550', child, where);
      if (e.PLACE === 'P1' && e.PLACE_PROVIDER === 'PR4') add('530', child, where);
      if (e.PLACE === 'P1' && e.PLACE_PROVIDER === 'PR5') add('531', child, where);
      if ((e.DEC === '') !== (e.REC === '')) add('148', child, where);
      if (decom && dec && dec < decom) add('356', child, where);
      if (decom && dec && dec === decom) add('355', child, where);
      if (next && (e.DEC === '' || (iso(next.DECOM) ?? '') < (dec ?? ''))) add('501', child, `episodes row DECOM ${next.DECOM}`);
      if (e.REC === 'X1' && !next) add('388', child, where);
      if (i === 0 && decom !== null && decom >= year.start && e.RNE !== 'S') add('357', child, where);
      const temporary = /^T[0-4]$/.test(e.PLACE);
      const placeChanges = next !== undefined && ['P', 'B', 'T', 'U'].includes(next.RNE);
      if (e.REC === 'X1' && placeChanges && !temporary && e.REASON_PLACE_CHANGE === '') add('225', child, where);
      if (e.REASON_PLACE_CHANGE !== '' && !RPC.has(e.REASON_PLACE_CHANGE)) add('225', child, where);
      if (e.REASON_PLACE_CHANGE !== '' && temporary) add('226', child, where);
      if (e.REASON_PLACE_CHANGE !== '' && e.DEC === '') add('233', child, where);
      if (e.RNE === 'S' && decom && (ageOn(birth, decom) ?? 0) >= 18) add('352', child, where);
      const ageAtEnd = dec ? ageOn(birth, dec) : null;
      if ((e.REC === 'E11' || e.REC === 'E12') && ageAtEnd !== null && ageAtEnd >= 18) add('386', child, where);
      if (['E45', 'E46', 'E47', 'E48'].includes(e.REC) && ageAtEnd !== null && ageAtEnd >= 18) add('407', child, where);
      if (e.REC === 'E17' && ageAtEnd !== null && ageAtEnd < 18) add('460', child, where);
      if (!postcodesReported && e.DEC === '' && e.LS !== 'V3' && e.LS !== 'V4' && (e.HOME_POST === '' || e.PL_POST === '')) {
        add('392b', child, where);
        postcodesReported = true;
      }
    }
    const last = episodes.at(-1);
    if (last && last.DEC === '' && !ret.rows.social_worker.some((s) => s.CHILD === child && s.SW_DEC === '')) add('SW17STG2', child, 'social_worker');
  }

  for (const r of ret.rows.reviews) {
    const where = `reviews row REVIEW ${r.REVIEW}`;
    const on = iso(r.REVIEW);
    if (on === null) add('166', r.CHILD, where);
    if (!PARTICIPATION.has(r.REVIEW_CODE)) add('167', r.CHILD, where);
    const age = on ? ageOn(dob.get(r.CHILD) ?? null, on) : null;
    if (age !== null && r.REVIEW_CODE === 'PN0' && age >= 4) add('440', r.CHILD, where);
    if (age !== null && r.REVIEW_CODE !== 'PN0' && PARTICIPATION.has(r.REVIEW_CODE) && age < 4) add('441', r.CHILD, where);
  }

  for (const m of ret.rows.missing) {
    const where = `missing row MIS_START ${m.MIS_START}`;
    if (m.MISSING !== 'M' && m.MISSING !== 'A') add('1006', m.CHILD, where);
    const start = iso(m.MIS_START);
    const end = iso(m.MIS_END);
    if (start && end && end < start) add('567', m.CHILD, where);
    const ceased = (episodesByChild.get(m.CHILD) ?? []).some((e) => e.REC !== '' && e.REC !== 'X1' && (iso(e.DEC) ?? '') >= (start ?? ''));
    if (end === null && ceased) add('577', m.CHILD, where);
  }

  for (const p of ret.rows.placed_for_adoption) {
    const where = `placed_for_adoption row DATE_PLACED ${p.DATE_PLACED}`;
    if ((p.DATE_PLACED_CEASED === '') !== (p.REASON_PLACED_CEASED === '')) add('119', p.CHILD, where);
    const episodes = episodesByChild.get(p.CHILD) ?? [];
    const left = episodes.find((e) => e.REC !== '' && e.REC !== 'X1' && (iso(e.DEC) ?? '') >= (iso(p.DATE_PLACED) ?? ''));
    if (left && left.REC !== 'E11' && left.REC !== 'E12' && p.DATE_PLACED_CEASED === '') add('557', p.CHILD, where);
  }

  for (const o of ret.rows.oc3) {
    if (!IN_TOUCH.has(o.IN_TOUCH)) add('131', o.CHILD, 'oc3');
    if (!ACTIVITIES.has(o.ACTIV)) add('132', o.CHILD, 'oc3');
    if (!ACCOMMODATION.has(o.ACCOM)) add('133', o.CHILD, 'oc3');
  }
  for (const o of ret.rows.oc2)
    if ([o.SDQ_REASON, o.CONVICTED, o.HEALTH_CHECK, o.IMMUNISATIONS, o.TEETH_CHECK, o.SUBSTANCE_MISUSE].some((v) => v === '') && o.SDQ_SCORE === '') add('191', o.CHILD, 'oc2');
  for (const a of ret.rows.ad1) if (!/^[12]$/.test(a.NB_ADOPTR)) add('175', a.CHILD, 'ad1');
  for (const p of ret.rows.previous_permanence) if (p.PREV_PERM === 'Z1' && p.LA_PERM === '' && p.DATE_PERM === '') add('CJE-04', p.CHILD, 'previous_permanence');
  for (const s of ret.rows.social_worker) {
    const where = `social_worker row SW_DECOM ${s.SW_DECOM}`;
    if (!/^(SW|XX)/.test(s.SW_ID)) add('SW02STG1', s.CHILD, where);
    if (s.SW_REASON === '') add('SW15STG2', s.CHILD, where);
  }
  return out;
}
