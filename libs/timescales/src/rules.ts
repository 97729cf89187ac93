import { when } from './condition.js';
import type { Duration } from './duration.js';
import type { EventMatcher, TimescaleRule } from './timescale-rule.js';

/**
 * The statutory and local timescales as data: the table of the domain reference (timescales.md), one row per
 * edition. Journey events are named by their canonical type strings; this library does not import the journey.
 *
 * Event data the rules read (field names as the journey records them; if the journey renames one, edit this table):
 * - `S47EnquiryStarted.data.strategyDiscussionDate` dates the ICPC clock (else the latest `StrategyDiscussionHeld`);
 * - `S47EnquiryConcluded.data.outcome === 'ICPC_NOT_REQUIRED'` stops it;
 * - `ChildProtectionVisitMade`, `CinVisitMade`, `LacVisitMade`: `data.childSeen === true` for a visit to count;
 * - `ContactReceived.data.contactId` / `MashDecisionMade.data.contactId` pair a decision with its contact;
 * - placement events (`BecameLookedAfter`, `PlacementChanged`): `data.placement.place` (903 PLACE; U1/U4 are
 *   long-term foster placements) for the visit intervals, and optionally `data.intendedToLastUntil18` and
 *   `data.childAgreesToLessFrequentVisits` (booleans; not recorded by the journey yet);
 * - the child's date of birth: passed to the evaluator, else `dateOfBirth` / `child.dateOfBirth` in event data.
 * Events the journey adds beyond the canonical list and used here: `AdoptionDecisionReversed`,
 * `CareLeaverServicesEnded`.
 */

const wd = (amount: number): Duration => ({ kind: 'working_days', amount });
const days = (amount: number): Duration => ({ kind: 'days', amount });
const weeks = (amount: number): Duration => ({ kind: 'weeks', amount });
const months = (amount: number): Duration => ({ kind: 'months', amount });
const on = (type: string, where?: EventMatcher['where']): EventMatcher => (where ? { type, where } : { type });
const childSeen = when.field('childSeen', true);
/** 903 PLACE codes of long-term foster placements (with a relative or friend, or another foster carer). */
const LONG_TERM_FOSTER = when.placementFieldIn('placement.place', ['U1', 'U4']);
const INTENDED_UNTIL_18 = when.any(LONG_TERM_FOSTER, when.placementField('intendedToLastUntil18', true));

/** Day Working Together 2013 came into force (it replaced initial/core assessments with one 45-WD assessment). */
const WT2013 = '2013-04-15';
/** Care Planning, Placement and Case Review (England) Regulations 2010 and Care Leavers (England) Regs 2010. */
const CPR2010 = '2011-04-01';
/**
 * Working Together 2010 was issued in March 2010; the first of that month is used as its start (the exact
 * commencement day was not verified). ICPC, core group and review timescales are unchanged since.
 */
const WT2010 = '2010-03-01';
/** Local standards apply to all history by default; an authority dates its own changes in configuration. */
const LOCAL_DEFAULT_FROM = '2000-01-01';

const LOCAL_SEED = 'Local standard (default from the Reading 2015 seed; set per authority)';
const WT_CP = 'Working Together to Safeguard Children 2010, 2013, 2018 and 2023 (unchanged)';

export const TIMESCALE_RULES: readonly TimescaleRule[] = [
  // --- Contact and referral -------------------------------------------------------------------------------
  {
    id: 'mash-decision',
    edition: 'wt2013',
    name: 'MASH decision on a contact',
    standard: 'statutory',
    source: 'Working Together to Safeguard Children 2013 (and 2023): decision on the response within 1 working day of the referral',
    effectiveFrom: WT2013,
    starts: [{ event: 'ContactReceived' }],
    clock: wd(1),
    metBy: [on('MashDecisionMade')],
    stoppedBy: [],
    concurrency: 'parallel',
    correlateBy: 'contactId',
  },
  {
    id: 'assessment',
    edition: 'wt2010-initial-assessment',
    name: 'Initial assessment completed',
    standard: 'statutory',
    source:
      'Working Together to Safeguard Children 2010: initial assessment within a maximum of 10 working days of the referral (replaced by the single assessment on 15 April 2013)',
    effectiveFrom: WT2010,
    effectiveTo: '2013-04-14',
    starts: [{ event: 'ReferralOpened' }],
    clock: wd(10),
    metBy: [on('AssessmentAuthorised')],
    stoppedBy: [on('ReferralClosedNoFurtherAction'), on('CaseClosed')],
    concurrency: 'single',
    note:
      'Historic edition. Before WT 2010 the Framework for the Assessment of Children in Need (2000) set 7 working days; that edition is not modelled, so referrals before March 2010 carry no assessment clock.',
  },
  {
    id: 'assessment',
    edition: 'wt2013',
    name: 'Assessment authorised',
    standard: 'statutory',
    source: 'Working Together to Safeguard Children 2013, 2018 and 2023: assessment within 45 working days of the referral',
    effectiveFrom: WT2013,
    starts: [{ event: 'ReferralOpened' }],
    clock: wd(45),
    metBy: [on('AssessmentAuthorised')],
    stoppedBy: [on('ReferralClosedNoFurtherAction'), on('CaseClosed')],
    concurrency: 'single',
  },

  // --- Child protection -----------------------------------------------------------------------------------
  {
    id: 'icpc',
    edition: 'wt2010',
    name: 'Initial child protection conference',
    standard: 'statutory',
    source: `${WT_CP}: ICPC within 15 working days of the strategy discussion that started the s47 enquiry; CIN census InitialCPCtarget`,
    effectiveFrom: WT2010,
    starts: [{ event: 'S47EnquiryStarted', datedFromField: 'strategyDiscussionDate', datedFrom: 'StrategyDiscussionHeld' }],
    clock: wd(15),
    metBy: [on('IcpcHeld')],
    stoppedBy: [on('S47EnquiryConcluded', when.field('outcome', 'ICPC_NOT_REQUIRED')), on('CaseClosed')],
    concurrency: 'single',
  },
  {
    id: 'first-core-group',
    edition: 'wt2010',
    name: 'First core group',
    standard: 'statutory',
    source: `${WT_CP}: first core group within 10 working days of the ICPC that made the plan`,
    effectiveFrom: WT2010,
    starts: [{ event: 'ChildProtectionPlanStarted' }],
    clock: wd(10),
    metBy: [on('CoreGroupHeld')],
    stoppedBy: [on('ChildProtectionPlanEnded')],
    concurrency: 'single',
  },
  {
    id: 'first-cp-review',
    edition: 'wt2010',
    name: 'First child protection review conference',
    standard: 'statutory',
    source: `${WT_CP}: first review conference within 3 months of the ICPC`,
    effectiveFrom: WT2010,
    starts: [{ event: 'ChildProtectionPlanStarted' }],
    clock: months(3),
    metBy: [on('ReviewConferenceHeld')],
    stoppedBy: [on('ChildProtectionPlanEnded')],
    then: 'next-cp-review',
    concurrency: 'single',
  },
  {
    id: 'next-cp-review',
    edition: 'wt2010',
    name: 'Child protection review conference',
    standard: 'statutory',
    source: `${WT_CP}: further review conferences at intervals of not more than 6 months`,
    effectiveFrom: WT2010,
    starts: [],
    clock: months(6),
    metBy: [on('ReviewConferenceHeld')],
    stoppedBy: [on('ChildProtectionPlanEnded')],
    then: 'next-cp-review',
    concurrency: 'single',
  },
  {
    id: 'cp-visit',
    edition: 'default',
    name: 'Child protection visit (child seen)',
    standard: 'local',
    source: `${LOCAL_SEED}: visit with the child seen every 10 working days while on a plan`,
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'ChildProtectionPlanStarted' }],
    clock: wd(10),
    metBy: [on('ChildProtectionVisitMade', childSeen)],
    stoppedBy: [on('ChildProtectionPlanEnded')],
    then: 'cp-visit',
    concurrency: 'single',
  },

  // --- Child in need and allocation -----------------------------------------------------------------------
  {
    id: 'cin-visit',
    edition: 'default',
    name: 'Child in need visit (child seen)',
    standard: 'local',
    source: `${LOCAL_SEED}: visit with the child seen at least every 28 days while on a CIN plan`,
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'CinPlanStarted' }],
    clock: days(28),
    metBy: [on('CinVisitMade', childSeen)],
    stoppedBy: [on('CinPlanEnded')],
    then: 'cin-visit',
    concurrency: 'single',
  },
  {
    id: 'cin-plan-review',
    edition: 'default',
    name: 'Child in need plan review',
    standard: 'local',
    source: `${LOCAL_SEED}: CIN plan reviewed at least every 6 months`,
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'CinPlanStarted' }],
    clock: months(6),
    metBy: [on('CinPlanReviewed')],
    stoppedBy: [on('CinPlanEnded')],
    then: 'cin-plan-review',
    concurrency: 'single',
  },
  {
    id: 'case-supervision',
    edition: 'default',
    name: 'Case supervision',
    standard: 'local',
    source: `${LOCAL_SEED}: case discussed in supervision at least every 28 days`,
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'CaseAllocated' }],
    clock: days(28),
    metBy: [on('SupervisionRecorded')],
    stoppedBy: [on('CaseClosed')],
    then: 'case-supervision',
    concurrency: 'single',
    note: 'A re-allocation while supervision is due does not restart the clock.',
  },

  // --- Looked after ---------------------------------------------------------------------------------------
  {
    id: 'care-plan',
    edition: 'cpr2010',
    name: 'Care plan',
    standard: 'statutory',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010 reg 4(2): within 10 working days of the first placement',
    effectiveFrom: CPR2010,
    starts: [{ event: 'BecameLookedAfter' }],
    clock: wd(10),
    metBy: [on('CarePlanRecorded')],
    stoppedBy: [on('CeasedLookedAfter')],
    concurrency: 'single',
  },
  {
    id: 'placement-plan',
    edition: 'cpr2010',
    name: 'Placement plan',
    standard: 'statutory',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010 reg 9(2): within 5 working days of the start of each placement',
    effectiveFrom: CPR2010,
    starts: [{ event: 'BecameLookedAfter' }, { event: 'PlacementChanged' }],
    clock: wd(5),
    metBy: [on('PlacementPlanRecorded')],
    stoppedBy: [on('PlacementChanged'), on('CeasedLookedAfter')],
    concurrency: 'single',
  },
  {
    id: 'first-lac-review',
    edition: 'rcc1991',
    name: 'First looked-after review',
    standard: 'statutory',
    source: "Review of Children's Cases Regulations 1991 reg 3(1): first review within four weeks of becoming looked after",
    effectiveFrom: '1991-10-14',
    effectiveTo: '2011-03-31',
    starts: [{ event: 'BecameLookedAfter' }],
    clock: weeks(4),
    metBy: [on('LacReviewHeld')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'second-lac-review',
    concurrency: 'single',
    note: 'Historic edition, replaced by the 2010 regulations on 1 April 2011.',
  },
  {
    id: 'first-lac-review',
    edition: 'cpr2010',
    name: 'First looked-after review',
    standard: 'statutory',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010 reg 33(1): within 20 working days of becoming looked after; IRO handbook',
    effectiveFrom: CPR2010,
    starts: [{ event: 'BecameLookedAfter' }],
    clock: wd(20),
    metBy: [on('LacReviewHeld')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'second-lac-review',
    concurrency: 'single',
  },
  {
    id: 'second-lac-review',
    edition: 'rcc1991-cpr2010',
    name: 'Second looked-after review',
    standard: 'statutory',
    source:
      "Care Planning, Placement and Case Review (England) Regulations 2010 reg 33(2)(a) (as the Review of Children's Cases Regulations 1991 before it): not more than 3 months after the first",
    effectiveFrom: '1991-10-14',
    starts: [],
    clock: months(3),
    metBy: [on('LacReviewHeld')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'next-lac-review',
    concurrency: 'single',
  },
  {
    id: 'next-lac-review',
    edition: 'rcc1991-cpr2010',
    name: 'Looked-after review',
    standard: 'statutory',
    source:
      "Care Planning, Placement and Case Review (England) Regulations 2010 reg 33(2)(b) (as the 1991 regulations before it): not more than 6 months after the previous review",
    effectiveFrom: '1991-10-14',
    starts: [],
    clock: months(6),
    metBy: [on('LacReviewHeld')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'next-lac-review',
    concurrency: 'single',
  },
  {
    id: 'first-placement-visit',
    edition: 'cpr2010',
    name: 'First visit in a placement',
    standard: 'statutory',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010 reg 28(2)(a): within one week of the start of each placement',
    effectiveFrom: CPR2010,
    starts: [{ event: 'BecameLookedAfter' }, { event: 'PlacementChanged' }],
    clock: days(7),
    metBy: [on('LacVisitMade', childSeen)],
    stoppedBy: [on('PlacementChanged'), on('CeasedLookedAfter')],
    then: 'lac-visit',
    concurrency: 'single',
  },
  {
    id: 'lac-visit',
    edition: 'cpr2010',
    name: 'Statutory visit to a looked-after child',
    standard: 'statutory',
    source:
      'Care Planning, Placement and Case Review (England) Regulations 2010 reg 28(2): every 6 weeks in the first year of a placement; then every 3 months if the placement is intended to last until 18, otherwise every 6 weeks',
    effectiveFrom: CPR2010,
    effectiveTo: '2015-03-31',
    starts: [],
    clock: days(42),
    clockVariants: [
      {
        label: 'placement beyond its first year, intended to last until 18',
        when: when.all(when.placementHeld(1), INTENDED_UNTIL_18),
        clock: days(91),
      },
    ],
    metBy: [on('LacVisitMade', childSeen)],
    stoppedBy: [on('PlacementChanged'), on('CeasedLookedAfter')],
    then: 'lac-visit',
    concurrency: 'single',
  },
  {
    id: 'lac-visit',
    edition: 'cpr2010-amended-2015',
    name: 'Statutory visit to a looked-after child',
    standard: 'statutory',
    source:
      'Care Planning, Placement and Case Review (England) Regulations 2010 reg 28 as amended from 1 April 2015 (SI 2015/495): 6 weeks in the first year; then 3 months if intended to last until 18; 6 months in a long-term foster placement of a year or more where the child agrees',
    effectiveFrom: '2015-04-01',
    starts: [],
    clock: days(42),
    clockVariants: [
      {
        label: 'long-term foster placement of a year or more, child agrees',
        when: when.all(when.placementHeld(1), LONG_TERM_FOSTER, when.placementField('childAgreesToLessFrequentVisits', true)),
        clock: days(183),
      },
      {
        label: 'placement beyond its first year, intended to last until 18',
        when: when.all(when.placementHeld(1), INTENDED_UNTIL_18),
        clock: days(91),
      },
    ],
    metBy: [on('LacVisitMade', childSeen)],
    stoppedBy: [on('PlacementChanged'), on('CeasedLookedAfter')],
    then: 'lac-visit',
    concurrency: 'single',
    note:
      'The interval is chosen on the day of the last visit. A long-term foster placement (903 U1/U4) counts as intended to last until 18; the child\'s agreement is read from the placement event (not yet recorded by the journey, so the 6-month interval does not arise until it is).',
  },
  {
    id: 'initial-health-assessment',
    edition: 'sg2015',
    name: 'Initial health assessment',
    standard: 'statutory',
    source: 'Promoting the health and well-being of looked-after children, statutory guidance (March 2015): within 20 working days of becoming looked after',
    effectiveFrom: '2015-03-01',
    starts: [{ event: 'BecameLookedAfter' }],
    clock: wd(20),
    metBy: [on('HealthAssessmentRecorded')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'health-review',
    concurrency: 'single',
    note: 'Guidance issued March 2015; its first day is used as the start. Earlier guidance is not modelled.',
  },
  {
    id: 'health-review',
    edition: 'cpr2010',
    name: 'Health review',
    standard: 'statutory',
    source:
      'Care Planning, Placement and Case Review (England) Regulations 2010 reg 7 and statutory guidance 2015: every 6 months under age 5, every 12 months from age 5',
    effectiveFrom: CPR2010,
    starts: [],
    clock: months(6),
    clockVariants: [{ label: 'aged 5 or over', when: when.childAge({ atLeast: 5 }, false), clock: months(12) }],
    metBy: [on('HealthAssessmentRecorded')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'health-review',
    concurrency: 'single',
    note: 'Age is taken on the day of the last assessment; with no date of birth the 6-month interval applies.',
  },
  {
    id: 'pep',
    edition: 'sg2018',
    name: 'Personal education plan',
    standard: 'statutory',
    source:
      'Promoting the education of looked-after children, statutory guidance (February 2018): PEP within 10 working days of becoming looked after (children of school age)',
    effectiveFrom: '2018-02-01',
    starts: [
      { event: 'BecameLookedAfter', where: when.childAge({ atLeast: 5, below: 16 }, true) },
      { birthday: 5, where: when.lookedAfter(true) },
    ],
    clock: wd(10),
    metBy: [on('PersonalEducationPlanRecorded')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'pep-review',
    concurrency: 'single',
    note:
      'School age is approximated as 5 to 15 on the day (compulsory school age starts the term after the fifth birthday). With no date of birth the PEP clock starts.',
  },
  {
    id: 'pep-review',
    edition: 'default',
    name: 'Personal education plan review (termly)',
    standard: 'local',
    source: 'Local standard for the termly PEP review required by the 2018 statutory guidance (default 3 months; set per authority)',
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [],
    clock: months(3),
    metBy: [on('PersonalEducationPlanRecorded')],
    stoppedBy: [on('CeasedLookedAfter')],
    then: 'pep-review',
    concurrency: 'single',
  },
  {
    id: 'care-proceedings',
    edition: 'cfa2014',
    name: 'Care proceedings concluded',
    standard: 'statutory',
    source: 'Children Act 1989 s32(1)(a)(ii), inserted by the Children and Families Act 2014 s14 (in force 22 April 2014): within 26 weeks of issue',
    effectiveFrom: '2014-04-22',
    starts: [{ event: 'CareProceedingsIssued' }],
    clock: weeks(26),
    metBy: [on('FinalOrderMade')],
    stoppedBy: [on('CareProceedingsWithdrawn')],
    concurrency: 'single',
    note: 'Court extensions under s32(5) are not modelled: an extended case shows as overdue against 26 weeks.',
  },

  // --- Care leavers ---------------------------------------------------------------------------------------
  {
    id: 'pathway-plan',
    edition: 'clr2010',
    name: 'Pathway plan',
    standard: 'statutory',
    source: "Care Leavers (England) Regulations 2010: pathway plan within 3 months of the eligible child's 16th birthday, or of eligibility after 16",
    effectiveFrom: CPR2010,
    starts: [
      { birthday: 16, where: when.lookedAfter(true) },
      { event: 'BecameLookedAfter', where: when.childAge({ atLeast: 16 }, false) },
    ],
    clock: months(3),
    metBy: [on('PathwayPlanRecorded')],
    stoppedBy: [],
    then: 'pathway-plan-review',
    concurrency: 'single',
    note:
      'Eligibility is approximated as being looked after on the 16th birthday or becoming looked after at 16 or over; the 13-week qualifying period is not checked.',
  },
  {
    id: 'pathway-plan-review',
    edition: 'clr2010',
    name: 'Pathway plan review',
    standard: 'statutory',
    source: 'Care Leavers (England) Regulations 2010: pathway plan reviewed at least every 6 months',
    effectiveFrom: CPR2010,
    starts: [],
    clock: months(6),
    metBy: [on('PathwayPlanReviewed'), on('PathwayPlanRecorded')],
    stoppedBy: [on('CareLeaverServicesEnded')],
    then: 'pathway-plan-review',
    concurrency: 'single',
  },

  // --- Adoption scorecard indicators ----------------------------------------------------------------------
  {
    id: 'adoption-a1',
    edition: 'scorecard-14-months',
    name: 'Adoption A1: entering care to moving in with adopters',
    standard: 'national_indicator',
    source: 'Adoption scorecard A1 threshold: 426 days (14 months) from entering care to placement for adoption',
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'AdoptionDecisionMade', datedFrom: 'BecameLookedAfter' }],
    clock: days(426),
    metBy: [on('PlacedForAdoption')],
    stoppedBy: [on('AdoptionDecisionReversed'), on('CeasedLookedAfter')],
    concurrency: 'single',
    note:
      'An indicator, not a case deadline: the clock appears once adoption is the plan and is dated from entry to care. Earlier scorecards used longer thresholds, not modelled.',
  },
  {
    id: 'adoption-a2',
    edition: 'scorecard-4-months',
    name: 'Adoption A2: placement order to match',
    standard: 'national_indicator',
    source: 'Adoption scorecard A2 threshold: 121 days (4 months) from placement order to match with adopters',
    effectiveFrom: LOCAL_DEFAULT_FROM,
    starts: [{ event: 'PlacementOrderGranted' }],
    clock: days(121),
    metBy: [on('MatchedWithAdopters')],
    stoppedBy: [on('AdoptionDecisionReversed'), on('CeasedLookedAfter')],
    concurrency: 'single',
    note: 'Earlier scorecards used longer thresholds, not modelled.',
  },
];
