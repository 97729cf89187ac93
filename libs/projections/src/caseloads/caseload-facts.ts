import type { IsoDate } from '@cje/timescales';
import { type FactRow, FactTable, flag } from '../indicators/fact-table.js';
import type { ChildEvent } from '../timescales/child-event.js';

/**
 * The kind of case a child is, for caseloads: one per open case, the most intensive first (a looked-after child on a
 * protection plan counts as LAC, as the children-in-care team holds it). `CIN` is any other open CIN episode, from
 * referral through assessment to a CIN plan; `CARE_LEAVER` a young person receiving leaving-care services with no
 * episode open.
 */
export const CASE_TYPES = ['LAC', 'CP', 'CIN', 'CARE_LEAVER'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** Who holds the child's case now: the same rule as the child index, so lists and a child's page agree on access. */
export interface CaseOwner {
  /** Team of the latest allocation naming one; before that, the team of whoever recorded the child's first event. */
  team: string;
  /** Worker of the latest allocation; none after a deallocation. */
  workerId: string | null;
}

export interface CaseloadState {
  episodeOpen: boolean;
  cinPlan: boolean;
  cpPlan: boolean;
  lookedAfter: boolean;
  careLeaver: boolean;
  /** The day the child's current open case began (the first of the tracks above to open); null when none is open. */
  openSince: IsoDate | null;
}

export function newCaseloadState(): CaseloadState {
  return { episodeOpen: false, cinPlan: false, cpPlan: false, lookedAfter: false, careLeaver: false, openSince: null };
}

/**
 * One row per child the authority has a record of (contacts included): who owns it and what kind of case is open.
 * It is also the ownership table the other case-facts read models join to scope a query to a team.
 */
export const CASELOAD_TABLE = new FactTable(
  'caseload',
  [
    { name: 'child_id', type: 'key' },
    { name: 'team', type: 'key', required: true },
    { name: 'worker_id', type: 'key' },
    { name: 'case_type', type: 'key' },
    { name: 'episode_open', type: 'int', required: true },
    { name: 'cin_plan', type: 'int', required: true },
    { name: 'cp_plan', type: 'int', required: true },
    { name: 'looked_after', type: 'int', required: true },
    { name: 'care_leaver', type: 'int', required: true },
    { name: 'open_since', type: 'date' },
    { name: 'date_of_birth', type: 'date' },
  ],
  ['child_id'],
  [
    // Open cases only: most children on record (contacts that went no further) never enter these indexes.
    'CREATE INDEX {{t:caseload}}_open ON {{t:caseload}} (team, worker_id, case_type) WHERE case_type IS NOT NULL',
    'CREATE INDEX {{t:caseload}}_worker ON {{t:caseload}} (worker_id) WHERE case_type IS NOT NULL',
  ],
);

export function caseTypeOf(state: CaseloadState): CaseType | null {
  if (state.lookedAfter) return 'LAC';
  if (state.cpPlan) return 'CP';
  if (state.episodeOpen) return 'CIN';
  if (state.careLeaver) return 'CARE_LEAVER';
  return null;
}

function flagsOf(state: CaseloadState): number {
  return (state.episodeOpen ? 1 : 0) | (state.cinPlan ? 2 : 0) | (state.cpPlan ? 4 : 0) | (state.lookedAfter ? 8 : 0) | (state.careLeaver ? 16 : 0);
}

/** Moves the case flags on by one effective event. Answers whether anything changed. */
export function stepCaseload(state: CaseloadState, event: ChildEvent): boolean {
  const before = flagsOf(state);
  const typeBefore = caseTypeOf(state);
  switch (event.type) {
    case 'ReferralOpened':
      state.episodeOpen = true;
      break;
    case 'CaseClosed':
      state.episodeOpen = false;
      state.cinPlan = false;
      state.cpPlan = false;
      break;
    case 'CinPlanStarted':
      state.cinPlan = true;
      break;
    case 'CinPlanEnded':
      state.cinPlan = false;
      break;
    case 'ChildProtectionPlanStarted':
      state.cpPlan = true;
      break;
    case 'ChildProtectionPlanEnded':
      state.cpPlan = false;
      break;
    case 'BecameLookedAfter':
      state.lookedAfter = true;
      break;
    case 'CeasedLookedAfter':
      state.lookedAfter = false;
      if (event.data.careLeaver === true) state.careLeaver = true;
      break;
    case 'CareLeaverServicesEnded':
      state.careLeaver = false;
      break;
    default:
      return false;
  }
  const typeAfter = caseTypeOf(state);
  if (typeBefore === null && typeAfter !== null) state.openSince = event.on;
  if (typeAfter === null) state.openSince = null;
  return before !== flagsOf(state);
}

export function caseloadRow(childId: string, owner: CaseOwner, state: CaseloadState, dateOfBirth: IsoDate | undefined): FactRow {
  return [
    childId,
    owner.team,
    owner.workerId,
    caseTypeOf(state),
    flag(state.episodeOpen),
    flag(state.cinPlan),
    flag(state.cpPlan),
    flag(state.lookedAfter),
    flag(state.careLeaver),
    state.openSince,
    dateOfBirth ?? null,
  ];
}
