/**
 * The pre-submission rules, one entry each. DfE ids are the Department's own (CIN census validation rules 2025-26,
 * SSDA903 validation rules 2025-26) where this engine checks the same thing; `J-` rules are the journey's cross-field
 * rules (shared/domain/journey.md); `CJE-` rules are this engine's own (data the journey does not hold, replay
 * problems). Severity follows the Department: an error blocks submission, a query (ids ending Q, and the engine's
 * "not recorded" notices) needs a reason or a fix.
 */
export type CheckSource = 'DfE CIN' | 'DfE 903' | 'journey' | 'engine';
export type CheckSeverity = 'error' | 'query';
export type ReturnName = 'CIN' | '903' | 'both';

export interface CheckRule {
  readonly id: string;
  readonly source: CheckSource;
  readonly severity: CheckSeverity;
  readonly return: ReturnName;
  /** The data item (CIN XML element or 903 column) the rule is about. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

const cin = (id: string, field: string, message: string, fix: string, severity: CheckSeverity = id.endsWith('Q') ? 'query' : 'error'): CheckRule => ({
  id, source: 'DfE CIN', severity, return: 'CIN', field, message, fix,
});
const lac = (id: string, field: string, message: string, fix: string, severity: CheckSeverity = 'error'): CheckRule => ({
  id, source: 'DfE 903', severity, return: '903', field, message, fix,
});
const journey = (id: string, field: string, message: string, fix: string): CheckRule => ({ id, source: 'journey', severity: 'error', return: 'both', field, message, fix });
const engine = (id: string, ret: ReturnName, field: string, message: string, fix: string, severity: CheckSeverity = 'query'): CheckRule => ({
  id, source: 'engine', severity, return: ret, field, message, fix,
});

const CORRECT = 'Correct the event in the child’s record (a correction is recorded, never an edit) and re-run the check.';

export const CHECK_RULES = [
  // CIN census: child identifiers and characteristics
  cin('1570', 'LAchildID', 'LA Child ID must not be longer than 20 characters', 'Use a shorter child id in the LA system, or map it on export.'),
  cin('1580', 'LAchildID', 'LA Child ID must not contain any non-alphanumeric characters', 'The journey’s child ids may contain hyphens: map them to letters and digits for the census, or choose alphanumeric ids.'),
  cin('4180', 'Sex', 'Sex must be provided and equal M, F, or U', 'Record the child’s sex in the person record (characteristics).'),
  cin('8750', 'Sex', 'Sex must equal U for an unborn child', 'An unborn child is written with Sex U; record the birth once the child is born.'),
  cin('8525Q', 'PersonBirthDate', 'Either Date of Birth or Expected Date of Birth must be provided (but not both)', 'Record the date of birth (or the expected date for an unborn child) on the child’s contact.'),
  cin('8520', 'PersonBirthDate', 'Date of Birth is after data collection period (must be on or before the end of the census period)', CORRECT),
  cin('8770Q', 'UPN', 'UPN is missing or reason UPN is missing or is UN1 for a child who is of school age', 'Supply the UPN, or the reason it is unknown (UN2–UN6), in the characteristics.'),
  cin('8790', 'Disability', 'Disability information includes both None and other values', 'Remove NONE or the other disability codes.'),
  cin('8794', 'Disability', 'Child has two or more disabilities with the same code', 'List each disability once.'),
  cin('8535Q', 'PersonDeathDate', 'Child’s date of death should not be prior to the date of birth', 'Correct the date of death or the date of birth.'),
  cin('8545Q', 'PersonDeathDate', 'Child’s date of death should be within the census year', 'Check the date of death.'),
  // CIN census: episodes
  cin('8600', 'CINreferralDate', 'Child referral date missing or after data collection period', CORRECT),
  cin('8866', 'ReferralSource', 'Source of Referral is missing or an invalid code', 'Record the referral source from the CIN code list.'),
  cin('8650', 'PrimaryNeedCode', 'Primary Need code invalid (see Primary Need table in CIN census code set)', 'Record a primary need N0–N9.'),
  cin('8610', 'PrimaryNeedCode', 'Primary Need code is missing for a referral which led to further action', 'Record the primary need on the referral.'),
  cin('8620', 'CINclosureDate', 'CIN Closure Date present and does not fall within the Census year', CORRECT),
  cin('8630', 'CINclosureDate', 'CIN Closure Date is before CIN Referral Date for the same CIN episode', CORRECT),
  cin('8640', 'ReasonForClosure', 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)', 'Record a closure reason RC1–RC9.'),
  cin('8805', 'CINclosureDate', 'A CIN case cannot have a CIN closure date without a Reason for Closure', 'Record the closure reason.'),
  cin('8810', 'ReasonForClosure', 'A CIN case cannot have a Reason for Closure without a CIN Closure Date', 'Record the closure date.'),
  cin('8815', 'CINclosureDate', 'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action', 'Close the earlier episode.'),
  cin('8820', 'CINreferralDate', 'The dates on the CIN episodes for this child overlap', 'Close one episode before the next referral opens.'),
  cin('8831', 'ReferralNFA', 'Activity is recorded against a case marked as a referral with no further action', 'Void the activity, or correct the referral that was marked as no further action.'),
  cin('4000', 'ReferralNFA', 'CIN Plan details provided for a referral with no further action', 'Void the CIN plan, or correct the referral that was marked as no further action.'),
  cin('8832', 'ReferralNFA', 'Child Protection details provided for a referral with no further action', 'Void the enquiry or plan, or correct the referral that was marked as no further action.'),
  cin('2990', 'ReasonForClosure', 'Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or ‘case closed after assessment, referred to early help’', 'Choose a closure reason other than RC8/RC9 when a plan or enquiry followed the assessment.'),
  cin('8825Q', 'ReasonForClosure', 'Reason for Closure code RC8 or RC9 has been returned but there is no assessment on the episode', 'Record the assessment, or choose another closure reason.'),
  cin('8867', 'CINclosureDate', 'CIN episode is shown as closed, however Assessment is not shown as completed', 'Authorise the assessment before the closure date.'),
  cin('8868', 'CINclosureDate', 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag', 'Record the ICPC or that none was required.'),
  // CIN census: assessments
  cin('1103', 'AssessmentActualStartDate', 'The assessment start date cannot be before the referral date', CORRECT),
  cin('8608', 'AssessmentActualStartDate', 'Assessment Start Date cannot be later than its End Date', CORRECT),
  cin('8614', 'AssessmentFactors', 'Parental or child factors at assessment should only be present for a completed assessment', 'Record factors when the assessment is authorised.'),
  cin('8897Q', 'AssessmentFactors', 'Parental or child factors at assessment information is missing from a completed assessment', 'Record the factors (21 when none were identified).'),
  cin('8869', 'AssessmentFactors', 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors', 'Remove 21 or the other factors.'),
  cin('8898', 'AssessmentFactors', 'The assessment has more than one parental or child factors with the same code', 'List each factor once.'),
  cin('8696', 'AssessmentAuthorisationDate', 'Assessment end date must fall within the census year', CORRECT),
  cin('8736', 'AssessmentActualStartDate', 'For an Assessment that has not been completed, the start date must fall within the census year', 'Authorise (or correct) the assessment that has been open since before the year.'),
  cin('8670Q', 'AssessmentAuthorisationDate', 'Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date', 'Authorise the assessment, or give a reason it is still open.'),
  cin('8896', 'AssessmentActualStartDate', 'Within one CINDetails group there are 2 or more open Assessments groups', 'Authorise the earlier assessment.'),
  // CIN census: CIN plans
  cin('4015', 'CINPlanStartDate', 'The CIN Plan start date cannot be before the referral date', CORRECT),
  cin('4011', 'CINPlanEndDate', 'CIN Plan End Date earlier than Start Date', CORRECT),
  cin('4012Q', 'CINPlanEndDate', 'CIN Plan shown as starting and ending on the same day', 'Check the plan dates.'),
  cin('4013', 'CINPlanEndDate', 'CIN Plan end date must fall within the census year', CORRECT),
  cin('4004', 'CINPlanEndDate', 'This child is showing more than one open CIN Plan, i.e. with no End Date', 'End the earlier plan.'),
  cin('4014', 'CINPlanStartDate', 'CIN Plan data contains overlapping dates', 'End one plan before the next starts.'),
  cin('4001', 'CINPlanEndDate', 'A CIN Plan cannot run concurrently with a Child Protection Plan', 'End the CIN plan when the child protection plan starts.'),
  // CIN census: section 47 and conferences
  cin('2889', 'S47ActualStartDate', 'The S47 start date cannot be before the referral date', CORRECT),
  cin('1104', 'DateOfInitialCPC', 'The date of the initial child protection conference cannot be before the referral date', CORRECT),
  cin('8615', 'S47ActualStartDate', 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference', CORRECT),
  cin('8715', 'DateOfInitialCPC', 'Date of Initial Child Protection Conference must fall within the census year', CORRECT),
  cin('8740', 'S47ActualStartDate', 'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year', 'Record the conference, or that none is required.'),
  cin('8675Q', 'DateOfInitialCPC', 'S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference', 'Record the conference, or that none is required.'),
  cin('8839', 'S47ActualStartDate', 'Within one CINDetails group there are 2 or more open S47 Assessments', 'Resolve the earlier enquiry.'),
  cin('8870Q', 'InitialCPCtarget', 'The Target Date for Initial Child Protection Conference should not be a weekend', 'Check the strategy discussion date the target was counted from.'),
  cin('8875', 'DateOfInitialCPC', 'The Date of Initial Child Protection Conference cannot be a weekend', CORRECT),
  // CIN census: child protection plans
  cin('1105', 'CPPstartDate', 'The child protection plan start date cannot be before the referral date', CORRECT),
  cin('2885', 'CPPstartDate', 'Child protection plan shown as starting a different day to the initial child protection conference', 'The plan starts on the day of the ICPC that decided on it.'),
  cin('8840', 'CPPendDate', 'Child Protection Plan cannot start and end on the same day', CORRECT),
  cin('8841', 'CPPreviewDate', 'The review date cannot be on the same day or before the Child protection Plan start date', CORRECT),
  cin('8925', 'CPPendDate', 'Child Protection Plan End Date earlier than Start Date', CORRECT),
  cin('8930', 'CPPendDate', 'Child Protection Plan End Date must fall within the census year', CORRECT),
  cin('8935', 'CPPendDate', 'This child is showing more than one open Child Protection plan, i.e. with no End Date', 'End the earlier plan.'),
  cin('8940', 'CPPstartDate', 'Child Protection Plan data contains overlapping dates', 'End one plan before the next starts.'),
  cin('8905', 'InitialCategoryOfAbuse', 'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)', 'Record NEG, PHY, SAB, EMO or MUL.'),
  cin('8910', 'LatestCategoryOfAbuse', 'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)', 'Record NEG, PHY, SAB, EMO or MUL.'),

  // SSDA903
  lac('101', 'SEX', 'The child or young person’s reported sex is not valid', 'Record the child’s sex (M, F or U) in the characteristics.'),
  lac('232', 'SEX', 'Sex of the child/young person has been reported as unknown', 'Record the child’s sex if it is known.', 'query'),
  lac('102', 'DOB', 'Date of birth is not a valid date', 'Record the date of birth.'),
  lac('103', 'ETHNIC', 'The ethnicity code is either not valid or has not been entered', 'Record the child’s ethnicity in the characteristics.'),
  lac('442', 'UPN', 'Unique Pupil Number (UPN) field is not completed', 'Supply the UPN or an unknown-UPN code (UN1–UN5) in the characteristics.'),
  lac('143', 'RNE', 'The reason for new episode code is not a valid code', CORRECT),
  lac('144', 'LS', 'The legal status code is not a valid code', CORRECT),
  lac('145', 'CIN', 'Category of need code is not a valid code', 'The 903 category of need is N1–N8: correct the category recorded when the child became looked after.'),
  lac('146', 'PLACE', 'Placement type code is not a valid code', 'Use a 2025-26 placement code (H5, P2 and Z1 were withdrawn; K3 and Z11–Z14 added).'),
  lac('149', 'REC', 'Reason episode ceased code is not valid', CORRECT),
  lac('178', 'PLACE_PROVIDER', 'Placement provider code is not a valid code', CORRECT),
  lac('213', 'PLACE_PROVIDER', 'Placement provider information not required', 'Temporary placements (T0–T4) and Z11–Z14 have no provider.'),
  lac('526', 'PLACE_PROVIDER', 'Child is missing a placement provider code for at least one episode', CORRECT),
  lac('148', 'DEC', 'Date episode ceased and reason episode ceased must both be coded, or both left blank', CORRECT),
  lac('356', 'DEC', 'The date the episode ceased is before the date the same episode started', CORRECT),
  lac('355', 'DEC', 'Episode appears to have lasted for less than 24 hours', 'Check that two changes on one day were really on the same day.', 'query'),
  lac('501', 'DECOM', 'A new episode has started before the end date of the previous episode', CORRECT),
  lac('388', 'REC', 'Reason episode ceased is coded new episode begins, but there is no continuation episode', CORRECT),
  lac('357', 'RNE', 'If this is the first episode ever for this child, reason for new episode must be S', CORRECT),
  lac('225', 'REASON_PLACE_CHANGE', 'Reason for placement change must be recorded', 'Record the reason on the placement change.'),
  lac('226', 'REASON_PLACE_CHANGE', 'Reason for placement change is not required for temporary placements', CORRECT),
  lac('233', 'REASON_PLACE_CHANGE', 'Reason for placement change is not required when the episode has not ceased', CORRECT),
  lac('352', 'DECOM', 'Child who started to be looked after was aged 18 or over', CORRECT),
  lac('386', 'REC', 'Reason episode ceased is adopted but child has reached age 18', CORRECT),
  lac('407', 'REC', 'Reason episode ceased is Special Guardianship Order, but child has reached age 18', CORRECT),
  lac('460', 'REC', 'Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18', CORRECT),
  lac('550', 'PLACE_PROVIDER', 'A placement provider code of PR0 can only be associated with placement P1', CORRECT),
  lac('530', 'PLACE_PROVIDER', 'A placement provider code of PR4 cannot be associated with placement P1', CORRECT),
  lac('531', 'PLACE_PROVIDER', 'A placement provider code of PR5 cannot be associated with placements P1', CORRECT),
  lac('166', 'REVIEW', 'Date of review is invalid or blank', CORRECT),
  lac('167', 'REVIEW_CODE', 'Data entry for participation is invalid or blank', 'Record how the child took part in the review (PN0–PN7).'),
  lac('440', 'REVIEW_CODE', 'Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over', CORRECT),
  lac('441', 'REVIEW_CODE', 'Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old', CORRECT),
  lac('1006', 'MISSING', 'Missing type invalid', CORRECT),
  lac('567', 'MIS_END', 'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started', CORRECT),
  lac('577', 'MIS_END', 'Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date', 'Record the return from the missing episode.'),
  lac('119', 'DATE_PLACED_CEASED', 'If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed', CORRECT),
  lac('557', 'DATE_PLACED_CEASED', 'Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed', 'Record that the adoption plan was reversed, with the reason.'),
  lac('131', 'IN_TOUCH', 'Data entry for being in touch after leaving care is invalid', CORRECT),
  lac('132', 'ACTIV', 'Data entry for activity after leaving care is invalid', 'Record the young person’s main activity on the care leaver contact.'),
  lac('133', 'ACCOM', 'Data entry for accommodation after leaving care is invalid', 'Record the accommodation and whether it is suitable on the care leaver contact.'),
  lac('191', 'HEALTH_CHECK', 'Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank', 'SDQ, convictions, immunisations, dental and development checks and substance misuse are not journey events: complete them from the health record before submission.'),
  lac('175', 'NB_ADOPTR', 'The number of adopter(s) code is not a valid code', 'Adopter details are not journey events: complete NB_ADOPTR, SEX_ADOPTR and LS_ADOPTR before submission.'),
  lac('SW02STG1', 'SW_ID', 'Social worker ID does not begin with the characters ‘SW’ or ‘XX’', 'Map worker ids to the DfE social worker id form (SW… or XX…) on export.'),
  lac('SW15STG2', 'SW_REASON', 'Reason for social worker change is missing', 'The journey records the reallocation reason as free text: supply the DfE reason code.', 'query'),
  lac('SW17STG2', 'SW_DEC', 'There is no social worker episode open at 31 March', 'Allocate the case.'),
  lac('392b', 'PL_POST', 'Child is looked after but no postcodes are recorded', 'The journey keeps no addresses: add home and placement postcodes before submission.', 'query'),

  // The journey's cross-field rules (shared/domain/journey.md): the machine enforces them when recording, so they fire on
  // imported or corrected histories, never on history the machine produced unaided.
  journey('J-01', 'ReferralNFA', 'An NFA referral has no assessment, CIN plan, s47 or child protection plan in that episode', 'Void the later work or correct the NFA.'),
  journey('J-02', 'ReasonForClosure', 'Closure reasons RC8 and RC9 need a completed assessment', 'Record the assessment or choose another reason.'),
  journey('J-03', 'CPPstartDate', 'A child protection plan starts only on the date of an ICPC that decided on a plan, with its category', CORRECT),
  journey('J-04', 'CINPlanStartDate', 'A CIN plan and a child protection plan are never open at the same time', CORRECT),
  journey('J-05', 'CINreferralDate', 'Only one CIN episode is open at a time; episodes never overlap', CORRECT),
  journey('J-06', 'DateOfInitialCPC', 'An ICPC is never held on a weekend or bank holiday', CORRECT),
  journey('J-07', 'CINclosureDate', 'Closure needs every assessment authorised and every s47 resolved (ICPC held or not required)', 'Authorise the assessment or resolve the enquiry before closing.'),
  journey('J-08', 'dates', 'Dates are never in the future, never before the child’s birth (except work before an unborn child’s birth) and never before what they follow', CORRECT),
  journey('J-09', 'PLACE', 'A 903 episode’s legal status and placement codes come from the lists valid for the collection year', 'Use a 2025-26 placement code.'),
  engine('CJE-01', 'both', 'Sex', 'The child’s sex is not recorded: U (unknown) is written', 'Supply the child’s sex in the characteristics file.'),
  engine('CJE-02', 'both', 'Ethnicity', 'The child’s ethnicity is not recorded: NOBT (information not yet obtained) is written', 'Supply the child’s ethnicity in the characteristics file.'),
  engine('CJE-03', 'both', 'history', 'The child’s history holds events that could not be replayed or read: the returns leave them out', 'Review the listed events (a correction that no longer applies, or an event from a newer machine).', 'error'),
  engine('CJE-04', '903', 'PREV_PERM', 'Previous permanence is not recorded in the journey: Z1 is written', 'If the child was adopted or under an SGO or child arrangements order before, record PREV_PERM, LA_PERM and DATE_PERM.'),
  engine('CJE-05', 'CIN', 'Children', 'The census has no children: the schema needs at least one', 'Check the collection year and that the store holds the authority’s records.', 'error'),
] as const satisfies readonly CheckRule[];

export type CheckRuleId = (typeof CHECK_RULES)[number]['id'];
export const RULES_BY_ID: ReadonlyMap<string, CheckRule> = new Map(CHECK_RULES.map((r) => [r.id, r]));

export interface CheckFinding {
  readonly childId: string | null;
  readonly ruleId: CheckRuleId;
  readonly source: CheckSource;
  readonly severity: CheckSeverity;
  readonly return: ReturnName;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
  /** Which record: e.g. `CINdetails referred 2025-05-01`, `episodes row DECOM 01/06/2025`. Never personal details. */
  readonly where: string;
}

export function finding(ruleId: CheckRuleId, childId: string | null, where: string): CheckFinding {
  const rule = RULES_BY_ID.get(ruleId)!;
  return { childId, ruleId, source: rule.source, severity: rule.severity, return: rule.return, field: rule.field, message: rule.message, fix: rule.fix, where };
}
