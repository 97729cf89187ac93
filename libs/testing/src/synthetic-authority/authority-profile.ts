import type {
  AssessmentFactor,
  CareLeaverAccommodation,
  CareLeaverActivity,
  CategoryOfAbuse,
  PlacementProvider,
  PrimaryNeed,
  ReasonPlaceChange,
  ReferralSource,
  ReviewParticipation,
} from '@cje/journey';
import { Weighted } from './seeded-random.js';

/**
 * The figures the synthetic authority is tuned to, and where they come from. Volumes are per year for an average
 * English authority (scale 1); a large county is about four times it. Sources are the domain reference
 * (/work/shared/domain/journey.md "Scale" and "Indicators", timescales.md) and the national statistics it quotes
 * (DfE Characteristics of children in need, Children looked after in England; 153 authorities).
 *
 * | figure                              | target            | source / reasoning                                          |
 * |-------------------------------------|-------------------|-------------------------------------------------------------|
 * | contacts a year                     | 20,000            | journey.md: ~3 million in England / 153                     |
 * | referrals a year                    | 4,200             | journey.md: 640,000 / 153; about 5 contacts per referral    |
 * | re-referrals within 12 months       | ~22%              | journey.md: 144,000 of 640,000                              |
 * | referrals with an assessment        | ~93%              | 655,000 assessments for 640,000 referrals; ~7% referral NFA |
 * | s47 enquiries a year                | ~1,500            | journey.md: 230,000 / 153 (about 36% of referrals)          |
 * | ICPCs a year (s47 → ICPC)           | ~470 (~31%)       | journey.md: 72,000 / 153                                    |
 * | CPPs started a year (ICPC → plan)   | ~420 (~89%)       | journey.md: 64,000 / 153                                    |
 * | open CPPs at any time               | ~330              | journey.md; so a plan lasts ~9–10 months on average         |
 * | CPP category                        | NEG 50, EMO 36, PHY 6, SAB 4, MUL 4 % | CIN census 2024 (neglect most common)  |
 * | looked after at any time            | ~550              | journey.md: 84,000 on 31 March / 153                        |
 * | start / cease looked after a year   | ~215 / ~215       | journey.md: 33,000 / 153 each                               |
 * | adopted a year                      | ~20               | journey.md: 3,000 / 153                                     |
 * | entering care → placed for adoption | ~14–18 months     | adoption scorecard A1 (threshold 426 days)                  |
 * | placement order → match             | ~4–7 months       | adoption scorecard A2 (threshold 121 days)                  |
 * | care proceedings                    | median ~36 weeks  | 26-week limit (CA 1989 s32) usually exceeded                |
 * | assessments within 45 WD            | ~85%              | CIN census (national ~82–85%)                               |
 * | ICPCs within 15 WD                  | ~80%              | CIN census (national ~78%)                                  |
 * | MASH decisions within 1 WD          | ~90%              | Working Together 2023; local performance reports            |
 * | visits / reviews in timescale       | 80–92%            | local performance reports (Reading 2015 seed standards)     |
 * | children aged 0–17                  | 80,000            | ~12.2 million / 153                                         |
 *
 * The probabilities below turn those totals into per-contact and per-case chances; the unit tests check the
 * resulting volumes on a scaled-down run.
 */
export const AVERAGE_AUTHORITY = {
  contactsPerYear: 20_000,
  referralsPerYear: 4_200,
  lookedAfterStartsPerYear: 215,
  childProtectionPlansPerYear: 420,
} as const;

export const PROFILE = {
  /** Of all contacts, those about a child whose case is already open (linked to the open episode). */
  contactAboutOpenCase: 0.12,
  /** Of other contacts, those the MASH refers to children's social care: 0.88 × 0.24 × 20,000 ≈ 4,200 referrals. */
  referralPerContact: 0.24,
  /** Of referred contacts, the child had a referral in the last 12 months (re-referral), or an older one. */
  reReferralPick: 0.25,
  olderKnownPick: 0.08,
  /** Of contacts not referred, the child was known before. */
  knownChildContact: 0.25,
  /** Of referred contacts, an emergency: a strategy discussion straight from the contact. */
  emergencyReferral: 0.04,
  /** Of new children in referred contacts, unborn (pre-birth referrals); and in other contacts. */
  unbornReferred: 0.035,
  unbornOther: 0.01,
  /** New children whose date of birth is not known at the first contact (recorded days later). */
  dateOfBirthUnknown: 0.02,
  /** A contact about an open case that brings new concerns: a strategy discussion follows. */
  linkedContactStrategy: 0.08,

  /** Referral routes (of referrals not made in an emergency). */
  referralNfa: 0.07,
  protectionRoute: 0.29,
  careFromAssessment: 0.025,
  /** Of emergencies, the child is taken into care at once (police protection, EPO or s20). */
  emergencyCare: 0.3,
  /** Strategy discussions that decide on an s47 enquiry. */
  strategyToS47: 0.92,
  /** S47 enquiries that need an ICPC; ICPCs that decide on a plan. */
  s47ToIcpc: 0.31,
  icpcToPlan: 0.89,
  /** An ICPC not required: a CIN plan follows (else the assessment decides). */
  s47NotRequiredToCinPlan: 0.3,
  /** No plan at ICPC: a CIN plan follows. */
  icpcNoPlanToCinPlan: 0.6,

  /** Plans ending in care or a transfer rather than at a review. */
  cppToCare: 0.1,
  cppTransferred: 0.02,
  /** Unborn children on a plan taken into care at birth. */
  prebirthRemoval: 0.35,
  cppCategoryChange: 0.04,
  /** CIN plan endings. */
  cinEscalation: 0.12,
  cinToCare: 0.04,
  /** After a return home, the family keeps a CIN plan for a while. */
  cinAfterReturnHome: 0.45,

  /** Chance that an allocation ends with the worker leaving (the case waits for a new worker). */
  workerLeaves: 0.02,
} as const;

/** Ages of new children at their first contact (CIN census 2024 shape). */
export const AGE_AT_CONTACT = new Weighted<readonly [number, number]>([
  [[0, 0], 8],
  [[1, 4], 20],
  [[5, 9], 27],
  [[10, 15], 34],
  [[16, 17], 11],
]);

/** Ages of children starting to be looked after (CLA 2024 shape). */
export const AGE_ENTERING_CARE = new Weighted<readonly [number, number]>([
  [[0, 0], 18],
  [[1, 4], 14],
  [[5, 9], 15],
  [[10, 15], 37],
  [[16, 17], 16],
]);

export const CONTACT_SOURCES = new Weighted<ReferralSource>([
  ['6', 30], ['2A', 18], ['3A', 3], ['3B', 3], ['3C', 1], ['3D', 2], ['3E', 3], ['3F', 3], ['5A', 3], ['5B', 3],
  ['5C', 2], ['5D', 3], ['1A', 5], ['1B', 1], ['1C', 1], ['1D', 1], ['4', 2], ['7', 3], ['8', 8], ['9', 2], ['10', 3],
]);

export const CONCERNS = [
  'Police attended a domestic incident at the home; children present',
  'School reports the child often arrives hungry and tired',
  'Health visitor concerned about the home conditions',
  'Child disclosed a physical injury to a teacher',
  'Neighbour reports children left alone in the evenings',
  'Parent asking for help managing the child’s behaviour',
  'Concerns about parental alcohol misuse',
  'Concerns about parental drug use in the home',
  'Young person missing overnight and returned by police',
  'Midwife concerned about the pre-birth circumstances',
  'A&E attendance with an unexplained injury',
  'School attendance has fallen sharply; welfare concerns',
  'Concerns about a young person’s exploitation outside the home',
  'Parent’s mental health has deteriorated',
  'Family at risk of losing their housing',
  'Young person disclosed self-harm to the school nurse',
  'Anonymous report of shouting and distress at the home',
  'Probation informs of a risk to children in the household',
  'Child’s disability: family under strain and asking for support',
  'Concerns about the child’s emotional wellbeing at home',
] as const;

export const PRIMARY_NEED = new Weighted<PrimaryNeed>([
  ['N1', 52], ['N2', 9], ['N3', 4], ['N4', 15], ['N5', 13], ['N6', 2], ['N7', 1], ['N8', 2], ['N9', 1], ['N0', 1],
]);

export const ASSESSMENT_FACTORS = new Weighted<AssessmentFactor>([
  ['3B', 30], ['4B', 26], ['2B', 14], ['1B', 13], ['16A', 13], ['17A', 12], ['3A', 10], ['4A', 9], ['18B', 6],
  ['5B', 4], ['6A', 4], ['5A', 4], ['14A', 3], ['10A', 3], ['11A', 2], ['24A', 2], ['15A', 3], ['19B', 2], ['7A', 1],
  ['13A', 1], ['20', 5],
]);

export const CATEGORY_OF_ABUSE = new Weighted<CategoryOfAbuse>([['NEG', 50], ['EMO', 36], ['PHY', 6], ['SAB', 4], ['MUL', 4]]);

export const PLACEMENT_PROVIDER = new Weighted<PlacementProvider>([['PR1', 58], ['PR4', 32], ['PR5', 5], ['PR2', 5]]);

export const REASON_PLACE_CHANGE = new Weighted<ReasonPlaceChange>([
  ['CARPL', 30], ['CREQB', 15], ['CREQO', 12], ['CHILD', 8], ['LAREQ', 6], ['CLOSE', 4], ['STAND', 4], ['ALLEG', 3],
  ['APPRR', 2], ['OTHER', 16],
]);

export const REVIEW_PARTICIPATION = new Weighted<ReviewParticipation>([
  ['PN1', 45], ['PN2', 8], ['PN3', 4], ['PN4', 6], ['PN5', 10], ['PN6', 17], ['PN7', 10],
]);

export const CARE_LEAVER_ACTIVITY = new Weighted<CareLeaverActivity>([
  ['F2', 28], ['P2', 4], ['F4', 14], ['P4', 7], ['F5', 5], ['F1', 6], ['G4', 9], ['G5', 22], ['G6', 5],
]);

export const CARE_LEAVER_ACCOMMODATION = new Weighted<CareLeaverAccommodation>([
  ['D', 18], ['E', 10], ['T', 8], ['U', 28], ['B', 12], ['Z', 12], ['K', 4], ['C', 2], ['V', 2], ['W', 1], ['S', 1], ['R', 2],
]);

/** Days after an event that it is recorded: most same day, some a few days late (the "yesterday's visit" habit). */
export const RECORDING_LAG = {
  prompt: new Weighted<number>([[0, 85], [1, 11], [2, 3], [3, 1]]),
  meeting: new Weighted<number>([[0, 58], [1, 20], [2, 10], [3, 5], [5, 4], [8, 3]]),
  visit: new Weighted<number>([[0, 52], [1, 22], [2, 11], [3, 6], [5, 5], [9, 4]]),
  paperwork: new Weighted<number>([[0, 70], [1, 15], [2, 8], [4, 5], [7, 2]]),
} as const;
export type RecordingHabit = keyof typeof RECORDING_LAG;
