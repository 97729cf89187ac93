import type { ClosureReason, CppEndReason, JourneyState, LegalStatus } from '@cje/journey';
import type { ResolvedTeam } from './authority-options.js';
import type { SyntheticPerson } from './synthetic-names.js';

/**
 * The generator's own view of one child: the journey as the journey library folds it (`state`, the truth every
 * command is checked against) plus the generator's intentions for the child's future (what the story is heading
 * for). Days are day numbers (days since 1970-01-01).
 */
export interface SimulatedChild {
  readonly childId: string;
  /** Order of creation: picks a stable manager for the child's supervision. */
  readonly index: number;
  readonly person: SyntheticPerson;
  /** The front-door team that took the first contact: it owns the record whenever the case is not allocated. */
  readonly homeTeam: ResolvedTeam;
  /** Birth (for a child first known unborn, when the birth will happen). */
  readonly birthDay: number;
  /** Expected date of birth given while unborn; null for a child born before the first contact. */
  readonly expectedBirthDay: number | null;
  state: JourneyState;
  /** System time of the last command recorded (seconds since 1970): the next is never earlier. */
  lastRecordedAt: number;
  ep: EpisodeIntent | null;
  care: CareIntent | null;
  /** A history arranged so the child is open when the window starts; used up as the story reaches each part. */
  legacy: LegacyPlan | null;
  /** An unborn child on a plan who will be taken into care at birth. */
  removeAtBirth: boolean;
  /** A referral is already scheduled to open. */
  referralPending: boolean;
  /** The pathway plan and its reviews are being kept. */
  pathwayKept: boolean;
  /** The worker the case is allocated to, for caseload counts. */
  allocatedWorker: string | null;
  /** Where the child sits in the authority's list of open cases (-1 when not open). */
  openIndex: number;
  lastClosedDay: number | null;
}

/** What the generator means to do with the open CIN episode. */
export interface EpisodeIntent {
  readonly number: number;
  readonly referralDay: number;
  /** The case is to close, with this reason, once nothing is open in it. */
  closing: ClosureReason | null;
  closeScheduled: boolean;
  supervising: boolean;
  /** A strategy discussion is scheduled. */
  strategyPlanned: boolean;
  /** A CIN plan is to start. */
  cinPlanned: boolean;
  /** The child is to become looked after on this day. */
  careDay: number | null;
}

export type CareEntryKind = 'emergency' | 'planned' | 'newborn';
export type CareDestinyKind =
  | 'adoption'
  | 'special-guardianship'
  | 'child-arrangements'
  | 'return-home'
  | 'long-term'
  | 'leaving-at-18'
  | 'remand'
  | 'transfer'
  | 'other';

/** How a period of care will go: decided at entry (or earlier for a child open at the window's start). */
export interface CareDestiny {
  kind: CareDestinyKind;
  readonly entryStatus: LegalStatus;
  /** Care proceedings: issued on `issueDay`, final order on `finalOrderDay`. */
  readonly proceedings: { readonly issueDay: number; readonly finalOrderDay: number } | null;
  /** The day police protection or an EPO gives way to s20 or an interim care order. */
  readonly emergencyEndsDay: number | null;
  exitDay: number;
  readonly adoption: {
    readonly decisionDay: number;
    readonly placementOrderDay: number;
    readonly matchDay: number;
    readonly placedDay: number;
    /** Adopters are not found: the plan is reversed on the match day and the child stays in long-term care. */
    readonly reversed: boolean;
  } | null;
}

export interface CareIntent {
  readonly entryDay: number;
  readonly destiny: CareDestiny;
  /** Changes on every placement so that visits planned for an earlier placement lapse. */
  visitToken: number;
}

export type LegacyPlan =
  | { readonly kind: 'care'; readonly entryDay: number; readonly entryKind: CareEntryKind; readonly destiny: CareDestiny }
  | {
      readonly kind: 'protection';
      readonly icpcDay: number;
      readonly reviewsBeforeEnd: number;
      readonly endReason: Extract<CppEndReason, 'STEP_DOWN_TO_CIN' | 'CLOSURE'>;
    };
