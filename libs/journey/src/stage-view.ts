import type { StateValue } from 'xstate';

/** The machine's state value read region by region (null where a region is not active). */
export interface StageView {
  readonly frontDoor: 'quiet' | 'screening' | 'referred';
  readonly episodeOpen: boolean;
  readonly referral: 'active' | 'noFurtherAction' | null;
  readonly allocation: 'unallocated' | 'allocated' | null;
  readonly assessment: 'idle' | 'inProgress' | 'awaitingAuthorisation' | null;
  readonly protection: 'none' | 'awaitingS47' | 's47Enquiry' | 'icpcRequired' | 'icpcScheduled' | 'planToStart' | null;
  readonly plan: 'none' | 'cinPlan' | 'childProtectionPlan' | null;
  readonly lookedAfter: boolean;
  readonly missing: boolean;
  readonly adoption: 'none' | 'decided' | 'placementOrder' | 'matched' | 'placed' | 'adopted' | null;
  readonly proceedings: 'none' | 'issued' | 'interimOrder' | null;
  readonly careLeaver: 'notEligible' | 'eligibleInCare' | 'careLeaver' | 'servicesEnded';
}

type Tree = { readonly [key: string]: StateValue };

const child = (value: StateValue | undefined, key: string): StateValue | undefined =>
  value !== undefined && typeof value === 'object' ? (value as Tree)[key] : undefined;

/** The active leaf of a compound region ('x' or { x: … } → 'x'). */
function leaf<T extends string>(value: StateValue | undefined): T | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value as T;
  const keys = Object.keys(value);
  return keys.length === 1 ? (keys[0] as T) : null;
}

export function stageView(value: StateValue): StageView {
  const open = child(child(value, 'episode'), 'open');
  const lookedAfter = child(child(open, 'lookedAfter'), 'lookedAfter');
  return {
    frontDoor: leaf<StageView['frontDoor']>(child(value, 'frontDoor')) ?? 'quiet',
    episodeOpen: open !== undefined,
    referral: leaf(child(open, 'referral')),
    allocation: leaf(child(open, 'allocation')),
    assessment: leaf(child(open, 'assessment')),
    protection: leaf(child(open, 'protection')),
    plan: leaf(child(open, 'plan')),
    lookedAfter: lookedAfter !== undefined,
    missing: leaf(child(lookedAfter, 'missing')) === 'missing',
    adoption: leaf(child(lookedAfter, 'adoption')),
    proceedings: leaf(child(open, 'proceedings')),
    careLeaver: leaf<StageView['careLeaver']>(child(value, 'careLeaver')) ?? 'notEligible',
  };
}
