/**
 * The SSDA903 files and their published columns, in the Department's order (2025-26; the layout of the 2023-24
 * schema in shared/domain, with SEX as M/F/U since 2024-25). Every value is written as the CSV carries it: dates
 * dd/mm/yyyy, codes as listed, '' for blank.
 */
export const SSDA903_FILES = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  oc2: [
    'CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED',
  ],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placed_for_adoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  previous_permanence: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  social_worker: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
} as const;

export type Ssda903FileName = keyof typeof SSDA903_FILES;
export const SSDA903_FILE_NAMES = Object.keys(SSDA903_FILES) as Ssda903FileName[];
export type Ssda903Column<F extends Ssda903FileName> = (typeof SSDA903_FILES)[F][number];
export type Ssda903Row<F extends Ssda903FileName> = { readonly [C in Ssda903Column<F>]: string };
export type Ssda903Rows = { readonly [F in Ssda903FileName]: readonly Ssda903Row<F>[] };

/**
 * Which columns the journey's events can fill, and why the others stay blank. The docs table and the reader's
 * "not imported" report are both built from this list.
 */
export const NOT_DERIVABLE: { readonly [F in Ssda903FileName]?: { readonly [C in Ssda903Column<F>]?: string } } = {
  header: {
    SEX: 'the journey records no personal characteristics: supply them (--characteristics)',
    ETHNIC: 'the journey records no personal characteristics: NOBT (not yet obtained) unless supplied',
    UPN: 'the journey records no UPN: supply it or an unknown-UPN code',
    MOTHER: 'the journey records no motherhood details: supply them',
    MC_DOB: 'the journey records no motherhood details: supply them',
  },
  episodes: {
    HOME_POST: 'the journey keeps no addresses (distance and in/out of area only)',
    PL_POST: 'the journey keeps no addresses (distance and in/out of area only)',
    URN: 'the journey records no Ofsted URN for a placement',
  },
  uasc: { SEX: 'from the characteristics', DUC: 'UASC status is a characteristic, not a journey event' },
  oc2: {
    SDQ_SCORE: 'no strengths and difficulties questionnaire event',
    SDQ_REASON: 'no strengths and difficulties questionnaire event',
    CONVICTED: 'no conviction event',
    HEALTH_CHECK: 'no development check event',
    IMMUNISATIONS: 'no immunisation event',
    TEETH_CHECK: 'no dental check event',
    SUBSTANCE_MISUSE: 'no substance misuse event',
    INTERVENTION_RECEIVED: 'no substance misuse event',
    INTERVENTION_OFFERED: 'no substance misuse event',
  },
  ad1: { NB_ADOPTR: 'the journey records no adopter details', SEX_ADOPTR: 'the journey records no adopter details', LS_ADOPTR: 'the journey records no adopter details' },
  previous_permanence: {
    PREV_PERM: 'orders made before this authority’s record began are not journey events: Z1 (none known) is written',
    LA_PERM: 'as PREV_PERM',
    DATE_PERM: 'as PREV_PERM',
  },
  social_worker: { SW_REASON: 'a reallocation carries free text, not the DfE reason code' },
};
