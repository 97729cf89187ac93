/**
 * DfE code lists the journey records, as data. Labels are short and for screens and documentation; the code is what
 * the CIN census and the SSDA903 return carry. A list that changes by collection year says so in its name.
 */

export interface CodeEntry<C extends string = string> {
  readonly code: C;
  readonly label: string;
}

const codes = <const C extends string>(entries: readonly (readonly [C, string])[]): readonly CodeEntry<C>[] =>
  entries.map(([code, label]) => ({ code, label }));

const codeSet = <C extends string>(list: readonly CodeEntry<C>[]): ReadonlySet<string> => new Set(list.map((e) => e.code));

/** CIN census `ReferralSource`. */
export const REFERRAL_SOURCES = codes([
  ['1A', 'Individual: family member/relative/carer'],
  ['1B', 'Individual: acquaintance (including neighbours and child minders)'],
  ['1C', 'Individual: self'],
  ['1D', 'Individual: other'],
  ['2A', 'Schools'],
  ['2B', 'Education services'],
  ['3A', 'Health services: GP'],
  ['3B', 'Health services: health visitor'],
  ['3C', 'Health services: school nurse'],
  ['3D', 'Health services: other primary health services'],
  ['3E', 'Health services: A&E (emergency department)'],
  ['3F', 'Health services: other'],
  ['4', 'Housing'],
  ['5A', 'LA services: social care (e.g. adult social care)'],
  ['5B', 'LA services: other internal'],
  ['5C', 'LA services: external (e.g. from another LA)'],
  ['5D', 'LA services: early help'],
  ['6', 'Police'],
  ['7', 'Other legal agency (including courts, probation, immigration, CAFCASS, prison)'],
  ['8', 'Other'],
  ['9', 'Anonymous'],
  ['10', 'Unknown'],
]);
export type ReferralSource = (typeof REFERRAL_SOURCES)[number]['code'];

/** CIN census `PrimaryNeedCode`. */
export const PRIMARY_NEEDS = codes([
  ['N0', 'Not stated'],
  ['N1', 'Abuse or neglect'],
  ['N2', "Child's disability"],
  ['N3', 'Parental disability or illness'],
  ['N4', 'Family in acute stress'],
  ['N5', 'Family dysfunction'],
  ['N6', 'Socially unacceptable behaviour'],
  ['N7', 'Low income'],
  ['N8', 'Absent parenting'],
  ['N9', 'Cases other than children in need'],
]);
export type PrimaryNeed = (typeof PRIMARY_NEEDS)[number]['code'];

export const MASH_DECISIONS = codes([
  ['NFA', 'No further action'],
  ['INFORMATION_AND_ADVICE', 'Information and advice'],
  ['STEP_DOWN_EARLY_HELP', 'Step down to early help'],
  ['REFER_TO_CSC', "Refer to children's social care"],
]);
export type MashDecision = (typeof MASH_DECISIONS)[number]['code'];

/** Agency checks the MASH may record before deciding. */
export const MASH_CHECKS = codes([
  ['POLICE', 'Police checks'],
  ['HEALTH', 'Health checks'],
  ['EDUCATION', 'Education checks'],
  ['OTHER', 'Other agency checks'],
]);
export type MashCheck = (typeof MASH_CHECKS)[number]['code'];

/** CIN census `ReasonForClosure`. */
export const CLOSURE_REASONS = codes([
  ['RC1', 'Adopted'],
  ['RC2', 'Died'],
  ['RC3', 'Child arrangements order'],
  ['RC4', 'Special guardianship order'],
  ['RC5', 'Transferred to services of another local authority'],
  ['RC6', 'Transferred to adult social care services'],
  ['RC7', 'Services ceased for any other reason, including child no longer in need'],
  ['RC8', 'Case closed after assessment, no further action'],
  ['RC9', 'Case closed after assessment, referred to early help'],
]);
export type ClosureReason = (typeof CLOSURE_REASONS)[number]['code'];

/** CIN census `InitialCategoryOfAbuse` / `LatestCategoryOfAbuse`. */
export const CATEGORIES_OF_ABUSE = codes([
  ['NEG', 'Neglect'],
  ['PHY', 'Physical abuse'],
  ['SAB', 'Sexual abuse'],
  ['EMO', 'Emotional abuse'],
  ['MUL', 'Multiple/not recommended'],
]);
export type CategoryOfAbuse = (typeof CATEGORIES_OF_ABUSE)[number]['code'];

/** CIN census `AssessmentFactors`. Code 21 ("no factors identified") stands alone. */
export const ASSESSMENT_FACTORS = codes([
  ['1A', 'Alcohol misuse: child'],
  ['1B', 'Alcohol misuse: parent'],
  ['1C', 'Alcohol misuse: other person in the household'],
  ['2A', 'Drug misuse: child'],
  ['2B', 'Drug misuse: parent'],
  ['2C', 'Drug misuse: other person in the household'],
  ['3A', 'Domestic abuse: child subject'],
  ['3B', 'Domestic abuse: parent subject'],
  ['3C', 'Domestic abuse: other person in the household subject'],
  ['4A', 'Mental health: child'],
  ['4B', 'Mental health: parent'],
  ['4C', 'Mental health: other person in the household'],
  ['5A', 'Learning disability: child'],
  ['5B', 'Learning disability: parent'],
  ['5C', 'Learning disability: other person in the household'],
  ['6A', 'Physical disability or illness: child'],
  ['6B', 'Physical disability or illness: parent'],
  ['6C', 'Physical disability or illness: other person in the household'],
  ['7A', 'Young carer'],
  ['8B', 'Private fostering: overseas child intending to return'],
  ['8C', 'Private fostering: overseas child intending to stay'],
  ['8D', 'Private fostering: UK child in education'],
  ['8E', 'Private fostering: UK child, parents working'],
  ['8F', 'Private fostering: other'],
  ['9A', 'Unaccompanied asylum-seeking child'],
  ['10A', 'Going or being missing'],
  ['11A', 'Child sexual exploitation'],
  ['12A', 'Trafficking'],
  ['13A', 'Gangs'],
  ['14A', 'Socially unacceptable behaviour'],
  ['15A', 'Self-harm'],
  ['16A', 'Neglect'],
  ['17A', 'Emotional abuse'],
  ['18B', 'Physical abuse: by an adult'],
  ['18C', 'Physical abuse: by another child'],
  ['19B', 'Sexual abuse: by an adult'],
  ['19C', 'Sexual abuse: by another child'],
  ['20', 'Other'],
  ['21', 'No factors identified'],
  ['22A', 'Female genital mutilation'],
  ['23A', 'Abuse linked to faith or belief'],
  ['24A', 'Child criminal exploitation'],
]);
export type AssessmentFactor = (typeof ASSESSMENT_FACTORS)[number]['code'];
export const NO_FACTORS_IDENTIFIED: AssessmentFactor = '21';

/** What the authorising manager decided the assessment leads to. */
export const ASSESSMENT_OUTCOMES = codes([
  ['NO_FURTHER_ACTION', 'No further action (closure RC8)'],
  ['STEP_DOWN_EARLY_HELP', 'Step down to early help (closure RC9)'],
  ['CIN_PLAN', 'Child in need plan'],
  ['STRATEGY_DISCUSSION', 'Strategy discussion'],
  ['CONTINUE_CURRENT_PLAN', 'Continue the current plan'],
]);
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number]['code'];

export const STRATEGY_DISCUSSION_OUTCOMES = codes([
  ['S47_ENQUIRY', 'Start a section 47 enquiry'],
  ['NO_S47', 'No section 47 enquiry'],
]);
export type StrategyDiscussionOutcome = (typeof STRATEGY_DISCUSSION_OUTCOMES)[number]['code'];

export const STRATEGY_DISCUSSION_AGENCIES = codes([
  ['CSC', "Children's social care"],
  ['POLICE', 'Police'],
  ['HEALTH', 'Health'],
  ['EDUCATION', 'Education'],
  ['OTHER', 'Other agency'],
]);
export type StrategyDiscussionAgency = (typeof STRATEGY_DISCUSSION_AGENCIES)[number]['code'];

/** S47 outcome; ICPC_NOT_REQUIRED is CIN census `ICPCnotRequired`. */
export const S47_OUTCOMES = codes([
  ['ICPC_REQUIRED', 'Initial child protection conference required'],
  ['ICPC_NOT_REQUIRED', 'Initial child protection conference not required'],
]);
export type S47Outcome = (typeof S47_OUTCOMES)[number]['code'];

/** Where the work goes when no conference is needed. */
export const S47_NEXT_STEPS = codes([
  ['CIN_PLAN', 'Child in need plan'],
  ['NO_FURTHER_ACTION', 'No further action'],
  ['CONTINUE_CURRENT_PLAN', 'Continue the current plan'],
]);
export type S47NextStep = (typeof S47_NEXT_STEPS)[number]['code'];

export const ICPC_OUTCOMES = codes([
  ['PLAN', 'Child protection plan'],
  ['NO_PLAN', 'No child protection plan'],
]);
export type IcpcOutcome = (typeof ICPC_OUTCOMES)[number]['code'];

export const CIN_PLAN_END_REASONS = codes([
  ['OBJECTIVES_MET', 'Plan objectives met / no longer in need'],
  ['CHILD_PROTECTION_PLAN', 'Replaced by a child protection plan'],
  ['BECAME_LOOKED_AFTER', 'Child became looked after'],
  ['OTHER', 'Other'],
]);
export type CinPlanEndReason = (typeof CIN_PLAN_END_REASONS)[number]['code'];

export const CPP_END_REASONS = codes([
  ['STEP_DOWN_TO_CIN', 'Stepped down to a child in need plan'],
  ['CLOSURE', 'No longer needed: case to close'],
  ['BECAME_LOOKED_AFTER', 'Child became looked after'],
  ['TRANSFERRED_TO_ANOTHER_LA', 'Transferred to another local authority'],
]);
export type CppEndReason = (typeof CPP_END_REASONS)[number]['code'];

/** SSDA903 `LS`. */
export const LEGAL_STATUSES = codes([
  ['C1', 'Interim care order'],
  ['C2', 'Full care order'],
  ['D1', 'Freeing order granted'],
  ['E1', 'Placement order granted'],
  ['V2', 'Single period of accommodation under section 20'],
  ['V3', 'Accommodated under an agreed series of short-term breaks (individual episodes)'],
  ['V4', 'Accommodated under an agreed series of short-term breaks (agreed series)'],
  ['L1', 'Under police protection and in local authority accommodation'],
  ['L2', 'Under an emergency protection order'],
  ['L3', 'Under a child assessment order and in local authority accommodation'],
  ['J1', 'Remanded to local authority accommodation or to youth detention accommodation'],
  ['J2', 'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984'],
  ['J3', 'Sentenced to a youth rehabilitation order with residence or intensive fostering requirement'],
]);
export type LegalStatus = (typeof LEGAL_STATUSES)[number]['code'];

/** SSDA903 `RNE`. */
export const REASONS_NEW_EPISODE = codes([
  ['S', 'Started to be looked after'],
  ['L', 'Change of legal status only'],
  ['P', 'Change of placement and carer(s) only'],
  ['T', 'Change of placement (but same carer(s)) only'],
  ['B', 'Change of legal status and placement and carer(s) at the same time'],
  ['U', 'Change of legal status and change of placement (but same carer(s)) at the same time'],
]);
export type ReasonNewEpisode = (typeof REASONS_NEW_EPISODE)[number]['code'];

/** SSDA903 `REC`. X1 is written by the return when one episode follows another; the journey never records it. */
export const REASONS_EPISODE_CEASED = codes([
  ['X1', 'Episode ceases, and new episode begins on same day'],
  ['E11', 'Adopted: application for an adoption order unopposed'],
  ['E12', 'Adopted: consent dispensed with by the court'],
  ['E13', 'Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility'],
  ['E14', 'Accommodation on remand ended'],
  ['E15', 'Age assessment determined child is aged 18 or over'],
  ['E16', 'Child moved abroad'],
  ['E17', 'Aged 18 (or over) and remained with current carers (staying put)'],
  ['E2', 'Died'],
  ['E3', 'Care taken over by another local authority in the UK'],
  ['E4A', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process'],
  ['E4B', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process'],
  ['E41', 'Residence order (or child arrangements order which sets out with whom the child is to live) granted'],
  ['E45', 'Special guardianship order made to former foster carers, who are relatives or friends'],
  ['E46', 'Special guardianship order made to former foster carers, other than relatives or friends'],
  ['E47', 'Special guardianship order made to carers other than former foster carers, who are relatives or friends'],
  ['E48', 'Special guardianship order made to carers other than former foster carers, other than relatives or friends'],
  ['E5', 'Moved into independent living arrangement and no longer looked after: supportive accommodation providing formalised advice/support arrangements'],
  ['E6', 'Moved into independent living arrangement and no longer looked after: accommodation providing no formalised advice/support arrangements'],
  ['E7', 'Transferred to residential care funded by adult social care services'],
  ['E8', 'Period of being looked after ceased for any other reason'],
  ['E9', 'Sentenced to custody'],
]);
export type ReasonEpisodeCeased = (typeof REASONS_EPISODE_CEASED)[number]['code'];
export const ADOPTION_CEASED_REASONS = ['E11', 'E12'] as const satisfies readonly ReasonEpisodeCeased[];
export type AdoptionCeasedReason = (typeof ADOPTION_CEASED_REASONS)[number];
/** Ways of leaving care after which the young person is not owed leaving-care support by this authority. */
export const NOT_CARE_LEAVER_REASONS: readonly ReasonEpisodeCeased[] = ['E11', 'E12', 'E2', 'E3', 'E15', 'E41', 'E45', 'E46', 'E47', 'E48'];

/** Every SSDA903 `PLACE` code this engine knows, with its label; validity per year is below. */
export const PLACEMENT_TYPES = codes([
  ['A3', 'Placed for adoption with parental/guardian consent with current foster carer(s)'],
  ['A4', 'Placed for adoption with parental/guardian consent not with current foster carer(s)'],
  ['A5', 'Placed for adoption with placement order with current foster carer(s)'],
  ['A6', 'Placed for adoption with placement order not with current foster carer(s)'],
  ['H5', 'Semi-independent living accommodation not subject to children\'s homes regulations'],
  ['K1', 'Secure children\'s home'],
  ['K2', 'Children\'s home subject to children\'s homes regulations'],
  ['K3', 'Registered supported accommodation'],
  ['P1', 'Placed with own parent(s) or other person(s) with parental responsibility'],
  ['P2', 'Independent living, for example in a flat, lodgings, bedsit, B&B or with friends, with or without formal support'],
  ['P3', 'Residential employment'],
  ['R1', 'Residential care home'],
  ['R2', 'NHS/health trust or other establishment providing medical or nursing care'],
  ['R3', 'Family centre or mother and baby unit'],
  ['R5', 'Young offender institution or prison'],
  ['S1', 'All residential schools, except where dual-registered as a school and children\'s home'],
  ['T0', 'Temporary placement: all types'],
  ['T1', 'Temporary periods in hospital'],
  ['T2', 'Temporary periods of absence of the child from placement'],
  ['T3', 'Temporary periods in a holiday arranged by the LA or other carer'],
  ['T4', 'Temporary periods in other temporary accommodation'],
  ['U1', 'Foster placement with relative or friend: long-term fostering'],
  ['U2', 'Foster placement with relative or friend who is also an approved adopter: fostering for adoption/concurrent planning'],
  ['U3', 'Foster placement with relative or friend: not long-term or fostering for adoption'],
  ['U4', 'Foster placement with other foster carer: long-term fostering'],
  ['U5', 'Foster placement with other foster carer who is also an approved adopter: fostering for adoption/concurrent planning'],
  ['U6', 'Foster placement with other foster carer: not long-term or fostering for adoption'],
  ['Z1', 'Other placements'],
  ['Z11', 'Other placements (2025 to 2026 sub-category Z11)'],
  ['Z12', 'Other placements (2025 to 2026 sub-category Z12)'],
  ['Z13', 'Other placements (2025 to 2026 sub-category Z13)'],
  ['Z14', 'Other placements (2025 to 2026 sub-category Z14)'],
]);
export type PlacementType = (typeof PLACEMENT_TYPES)[number]['code'];
export const ADOPTION_PLACEMENT_TYPES = ['A3', 'A4', 'A5', 'A6'] as const satisfies readonly PlacementType[];
export type AdoptionPlacementType = (typeof ADOPTION_PLACEMENT_TYPES)[number];
/** Placed for adoption under a placement order (A5/A6) rather than with consent (A3/A4). */
export const PLACEMENT_ORDER_ADOPTION_TYPES: readonly PlacementType[] = ['A5', 'A6'];

const PLACEMENT_TYPES_2024_25: readonly PlacementType[] = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
];
const PLACEMENT_TYPES_2025_26: readonly PlacementType[] = [
  ...PLACEMENT_TYPES_2024_25.filter((c) => c !== 'H5' && c !== 'P2' && c !== 'Z1'),
  'K3', 'Z11', 'Z12', 'Z13', 'Z14',
];

/**
 * `PLACE` codes valid per 903 collection year (1 April to 31 March), keyed by the year the collection starts.
 * Years before the first entry use the first entry; years after the last use the last (until DfE publishes a change).
 */
export const PLACEMENT_TYPES_BY_COLLECTION_YEAR: ReadonlyMap<number, readonly PlacementType[]> = new Map([
  [2024, PLACEMENT_TYPES_2024_25],
  [2025, PLACEMENT_TYPES_2025_26],
]);

export function placementTypesForCollectionYear(startYear: number): readonly PlacementType[] {
  const years = [...PLACEMENT_TYPES_BY_COLLECTION_YEAR.keys()].sort((a, b) => a - b);
  const chosen = years.filter((y) => y <= startYear).pop() ?? years[0];
  return (chosen === undefined ? undefined : PLACEMENT_TYPES_BY_COLLECTION_YEAR.get(chosen)) ?? PLACEMENT_TYPES_2025_26;
}

/** SSDA903 `PLACE_PROVIDER`. */
export const PLACEMENT_PROVIDERS = codes([
  ['PR0', 'Parent(s) or other person(s) with parental responsibility'],
  ['PR1', 'Own provision (by the LA)'],
  ['PR2', 'Other LA provision'],
  ['PR3', 'Other public provision (for example, a primary care trust)'],
  ['PR4', 'Private provision'],
  ['PR5', 'Voluntary/third sector provision'],
]);
export type PlacementProvider = (typeof PLACEMENT_PROVIDERS)[number]['code'];

/** SSDA903 `REASON_PLACE_CHANGE`. */
export const REASONS_PLACE_CHANGE = codes([
  ['CARPL', 'Change to/implementation of care plan'],
  ['CLOSE', 'Resignation/closure of provision'],
  ['ALLEG', 'Allegation (s47)'],
  ['STAND', 'Standards of care concern'],
  ['APPRR', 'Approval removed'],
  ['CREQB', 'Carer(s) requests placement end due to child\'s behaviour'],
  ['CREQO', 'Carer(s) requests placement end other than due to child\'s behaviour'],
  ['CHILD', 'Child requests placement end'],
  ['LAREQ', 'Responsible/area authority requests placement end'],
  ['PLACE', 'Change in the status of placement only'],
  ['CUSTOD', 'Custody arrangement'],
  ['OTHER', 'Other'],
]);
export type ReasonPlaceChange = (typeof REASONS_PLACE_CHANGE)[number]['code'];

/** SSDA903 `REVIEW_CODE` (participation of the child in the review). */
export const REVIEW_PARTICIPATION = codes([
  ['PN0', 'Child aged under 4 at the time of the review'],
  ['PN1', 'Child physically attends and speaks for themselves'],
  ['PN2', 'Child physically attends and an advocate speaks on their behalf'],
  ['PN3', 'Child attends and conveys their view symbolically (non-verbally)'],
  ['PN4', 'Child physically attends but does not speak for themselves, does not convey their view symbolically and does not ask an advocate to speak for them'],
  ['PN5', 'Child does not attend physically but briefs an advocate to speak for them'],
  ['PN6', 'Child does not attend but conveys their feelings to the review by a facilitative medium'],
  ['PN7', 'Child does not attend nor are their views conveyed to the review'],
]);
export type ReviewParticipation = (typeof REVIEW_PARTICIPATION)[number]['code'];

/** SSDA903 `MISSING`: M missing, A away from placement without authorisation. */
export const MISSING_KINDS = codes([
  ['M', 'Missing from placement'],
  ['A', 'Away from placement without authorisation'],
]);
export type MissingKind = (typeof MISSING_KINDS)[number]['code'];

export const HEALTH_ASSESSMENT_KINDS = codes([
  ['INITIAL', 'Initial health assessment'],
  ['REVIEW', 'Review health assessment'],
]);
export type HealthAssessmentKind = (typeof HEALTH_ASSESSMENT_KINDS)[number]['code'];

export const ORDERS_SOUGHT = codes([
  ['CARE_ORDER', 'Care order'],
  ['SUPERVISION_ORDER', 'Supervision order'],
]);
export type OrderSought = (typeof ORDERS_SOUGHT)[number]['code'];

export const INTERIM_ORDERS = codes([
  ['INTERIM_CARE_ORDER', 'Interim care order'],
  ['INTERIM_SUPERVISION_ORDER', 'Interim supervision order'],
]);
export type InterimOrder = (typeof INTERIM_ORDERS)[number]['code'];

export const FINAL_ORDERS = codes([
  ['CARE_ORDER', 'Care order'],
  ['SUPERVISION_ORDER', 'Supervision order'],
  ['PLACEMENT_ORDER', 'Placement order'],
  ['SPECIAL_GUARDIANSHIP_ORDER', 'Special guardianship order'],
  ['CHILD_ARRANGEMENTS_ORDER', 'Child arrangements order'],
  ['NO_ORDER', 'No order'],
]);
export type FinalOrder = (typeof FINAL_ORDERS)[number]['code'];

/** SSDA903 reason a "should be placed for adoption" decision stopped short of an adoption order. */
export const ADOPTION_REVERSAL_REASONS = codes([
  ['RD1', "The child's needs changed after the decision"],
  ['RD2', 'The court did not make a placement order'],
  ['RD3', 'Prospective adopters could not be found'],
  ['RD4', 'Any other reason'],
]);
export type AdoptionReversalReason = (typeof ADOPTION_REVERSAL_REASONS)[number]['code'];

/** SSDA903 OC3 `IN_TOUCH`. */
export const CARE_LEAVER_IN_TOUCH = codes([
  ['YES', 'In touch'],
  ['NO', 'Not in touch'],
  ['DIED', 'Died'],
  ['REFU', 'Young person refuses contact'],
  ['NREQ', 'Young person no longer requires services'],
  ['RHOM', 'Returned home (for more than 6 months)'],
]);
export type CareLeaverInTouch = (typeof CARE_LEAVER_IN_TOUCH)[number]['code'];

/** SSDA903 OC3 `ACTIV` (main activity). */
export const CARE_LEAVER_ACTIVITIES = codes([
  ['F1', 'Full-time in higher education'],
  ['P1', 'Part-time in higher education'],
  ['F2', 'Full-time in education other than higher education'],
  ['P2', 'Part-time in education other than higher education'],
  ['F4', 'Full-time in training or employment'],
  ['P4', 'Part-time in training or employment'],
  ['F5', 'Full-time in an apprenticeship'],
  ['P5', 'Part-time in an apprenticeship'],
  ['G4', 'Not in education, training or employment: illness or disability'],
  ['G5', 'Not in education, training or employment: other reasons'],
  ['G6', 'Not in education, training or employment: pregnancy or parenting'],
]);
export type CareLeaverActivity = (typeof CARE_LEAVER_ACTIVITIES)[number]['code'];

/** SSDA903 OC3 `ACCOM` kind (the return appends 1 suitable / 2 not suitable). */
export const CARE_LEAVER_ACCOMMODATION = codes([
  ['B', 'With parents or relatives'],
  ['C', 'Community home or other form of residential care'],
  ['D', 'Semi-independent, transitional accommodation'],
  ['E', 'Supported lodgings'],
  ['G', 'Gone abroad'],
  ['H', 'Deported'],
  ['K', 'Ordinary lodgings, without formal support'],
  ['R', 'Residence not known'],
  ['S', 'No fixed abode/homeless'],
  ['T', 'Foyers and similar supported accommodation'],
  ['U', 'Independent living'],
  ['V', 'Emergency accommodation'],
  ['W', 'Bed and breakfast'],
  ['X', 'In custody'],
  ['Y', 'Other accommodation'],
  ['Z', 'With former foster carers'],
]);
export type CareLeaverAccommodation = (typeof CARE_LEAVER_ACCOMMODATION)[number]['code'];

/** Roles the journey itself cares about (only for who may authorise); other roles pass through as recorded. */
export const MANAGER_ROLES: readonly string[] = ['TEAM_MANAGER', 'SERVICE_MANAGER', 'HEAD_OF_SERVICE'];

/** Lookup sets for validation. */
export const CODE_SETS = {
  referralSource: codeSet(REFERRAL_SOURCES),
  primaryNeed: codeSet(PRIMARY_NEEDS),
  mashDecision: codeSet(MASH_DECISIONS),
  mashCheck: codeSet(MASH_CHECKS),
  closureReason: codeSet(CLOSURE_REASONS),
  categoryOfAbuse: codeSet(CATEGORIES_OF_ABUSE),
  assessmentFactor: codeSet(ASSESSMENT_FACTORS),
  assessmentOutcome: codeSet(ASSESSMENT_OUTCOMES),
  strategyDiscussionOutcome: codeSet(STRATEGY_DISCUSSION_OUTCOMES),
  strategyDiscussionAgency: codeSet(STRATEGY_DISCUSSION_AGENCIES),
  s47Outcome: codeSet(S47_OUTCOMES),
  s47NextStep: codeSet(S47_NEXT_STEPS),
  icpcOutcome: codeSet(ICPC_OUTCOMES),
  cppEndReason: codeSet(CPP_END_REASONS),
  cinPlanEndReason: codeSet(CIN_PLAN_END_REASONS),
  legalStatus: codeSet(LEGAL_STATUSES),
  reasonNewEpisode: codeSet(REASONS_NEW_EPISODE),
  reasonEpisodeCeased: codeSet(REASONS_EPISODE_CEASED),
  placementType: codeSet(PLACEMENT_TYPES),
  placementProvider: codeSet(PLACEMENT_PROVIDERS),
  reasonPlaceChange: codeSet(REASONS_PLACE_CHANGE),
  reviewParticipation: codeSet(REVIEW_PARTICIPATION),
  missingKind: codeSet(MISSING_KINDS),
  healthAssessmentKind: codeSet(HEALTH_ASSESSMENT_KINDS),
  orderSought: codeSet(ORDERS_SOUGHT),
  interimOrder: codeSet(INTERIM_ORDERS),
  finalOrder: codeSet(FINAL_ORDERS),
  adoptionReversalReason: codeSet(ADOPTION_REVERSAL_REASONS),
  careLeaverInTouch: codeSet(CARE_LEAVER_IN_TOUCH),
  careLeaverActivity: codeSet(CARE_LEAVER_ACTIVITIES),
  careLeaverAccommodation: codeSet(CARE_LEAVER_ACCOMMODATION),
} as const;
export type CodeListName = keyof typeof CODE_SETS;
