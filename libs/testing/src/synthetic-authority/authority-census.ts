import { describeState, type CategoryOfAbuse, type JourneyState } from '@cje/journey';

/** Where an authority's children stand: what a manager's dashboard would show on the last day. */
export interface AuthorityCensus {
  readonly children: number;
  readonly openCases: number;
  readonly unallocatedCases: number;
  readonly assessmentsInProgress: number;
  readonly childInNeedPlans: number;
  readonly childProtectionPlans: number;
  readonly childProtectionPlansByCategory: Readonly<Partial<Record<CategoryOfAbuse, number>>>;
  readonly lookedAfter: number;
  readonly careLeavers: number;
  readonly unborn: number;
}

export function authorityCensus(journeys: Iterable<JourneyState>): AuthorityCensus {
  let children = 0;
  let openCases = 0;
  let unallocatedCases = 0;
  let assessmentsInProgress = 0;
  let childInNeedPlans = 0;
  let childProtectionPlans = 0;
  let lookedAfter = 0;
  let careLeavers = 0;
  let unborn = 0;
  const byCategory: Partial<Record<CategoryOfAbuse, number>> = {};
  for (const state of journeys) {
    children++;
    const d = describeState(state);
    const tracks = new Set(d.openTracks);
    if (state.context.child.status === 'UNBORN') unborn++;
    if (tracks.has('CIN_EPISODE')) {
      openCases++;
      if (d.allocation === null) unallocatedCases++;
    }
    if (tracks.has('ASSESSMENT')) assessmentsInProgress++;
    if (tracks.has('CIN_PLAN')) childInNeedPlans++;
    if (tracks.has('CHILD_PROTECTION_PLAN')) {
      childProtectionPlans++;
      const category = state.context.episode?.cpp?.category;
      if (category) byCategory[category] = (byCategory[category] ?? 0) + 1;
    }
    if (tracks.has('LOOKED_AFTER')) lookedAfter++;
    if (state.context.careLeaver.since !== null && state.context.careLeaver.endedOn === null) careLeavers++;
  }
  return {
    children,
    openCases,
    unallocatedCases,
    assessmentsInProgress,
    childInNeedPlans,
    childProtectionPlans,
    childProtectionPlansByCategory: byCategory,
    lookedAfter,
    careLeavers,
    unborn,
  };
}
