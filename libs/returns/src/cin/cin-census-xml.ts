import { fromXmlFlag } from './cin-flags.js';
import { childNamed, childrenNamed, childText, el, leaf, opt, parseXml, renderXml, type XmlElement, type XmlNode } from '../formats/xml.js';
import { ReturnsError } from '../returns.errors.js';
import type { Disability, Ethnicity, Sex } from '../child-characteristics.js';
import type { CinAssessment, CinCensus, CinChild, CinChildProtectionPlan, CinDetails, CinSection47 } from './cin-census.js';

const flag = (value: boolean): string => (value ? '1' : '0');

/** The census as the Department's XML (element order as in the schema's sequences). */
export function cinCensusXml(census: CinCensus): string {
  const h = census.header;
  return renderXml(
    el(
      'Message',
      el(
        'Header',
        el('CollectionDetails', leaf('Collection', 'CIN'), leaf('Year', String(h.year)), leaf('ReferenceDate', h.referenceDate)),
        el(
          'Source',
          leaf('SourceLevel', 'L'),
          leaf('LEA', h.lea),
          leaf('SoftwareCode', h.softwareCode),
          leaf('Release', h.release),
          leaf('SerialNo', h.serialNo),
          leaf('DateTime', h.dateTime),
        ),
      ),
      el('Children', ...census.children.map(childXml)),
    ),
  );
}

function childXml(c: CinChild): XmlNode {
  return el(
    'Child',
    el(
      'ChildIdentifiers',
      leaf('LAchildID', c.laChildId),
      opt('UPN', c.upn),
      opt('FormerUPN', c.formerUpn),
      opt('UPNunknown', c.upnUnknown),
      opt('PersonBirthDate', c.personBirthDate),
      opt('ExpectedPersonBirthDate', c.expectedPersonBirthDate),
      leaf('Sex', c.sex),
      opt('PersonDeathDate', c.personDeathDate),
    ),
    el(
      'ChildCharacteristics',
      leaf('Ethnicity', c.ethnicity),
      c.disabilities.length > 0 ? el('Disabilities', ...c.disabilities.map((d) => leaf('Disability', d))) : null,
    ),
    ...c.cinDetails.map(detailsXml),
  );
}

function detailsXml(d: CinDetails): XmlNode {
  return el(
    'CINdetails',
    leaf('CINreferralDate', d.referralDate),
    leaf('ReferralSource', d.referralSource),
    opt('PrimaryNeedCode', d.primaryNeedCode),
    opt('CINclosureDate', d.closureDate),
    opt('ReasonForClosure', d.reasonForClosure),
    opt('DateOfInitialCPC', d.dateOfInitialCpc),
    ...d.assessments.map((a) =>
      el(
        'Assessments',
        leaf('AssessmentActualStartDate', a.actualStartDate),
        opt('AssessmentInternalReviewDate', a.internalReviewDate),
        opt('AssessmentAuthorisationDate', a.authorisationDate),
        a.factors.length > 0 ? el('FactorsIdentifiedAtAssessment', ...a.factors.map((f) => leaf('AssessmentFactors', f))) : null,
      ),
    ),
    ...d.cinPlanDates.map((p) => el('CINPlanDates', leaf('CINPlanStartDate', p.start), opt('CINPlanEndDate', p.end))),
    ...d.section47.map((s) =>
      el(
        'Section47',
        leaf('S47ActualStartDate', s.actualStartDate),
        opt('InitialCPCtarget', s.initialCpcTarget),
        opt('DateOfInitialCPC', s.dateOfInitialCpc),
        leaf('ICPCnotRequired', flag(s.icpcNotRequired)),
      ),
    ),
    leaf('ReferralNFA', flag(d.referralNfa)),
    ...d.childProtectionPlans.map((p) =>
      el(
        'ChildProtectionPlans',
        leaf('CPPstartDate', p.startDate),
        opt('CPPendDate', p.endDate),
        leaf('InitialCategoryOfAbuse', p.initialCategoryOfAbuse),
        leaf('LatestCategoryOfAbuse', p.latestCategoryOfAbuse),
        leaf('NumberOfPreviousCPP', String(p.numberOfPreviousCpp)),
        p.reviewDates.length > 0 ? el('Reviews', ...p.reviewDates.map((r) => leaf('CPPreviewDate', r))) : null,
      ),
    ),
  );
}

/**
 * Reads a census file (any year's layout from 2023-24: `Sex` or the older `GenderCurrent`, which is mapped 1→M,
 * 2→F, else U). Structure problems throw `MALFORMED_SOURCE`; values are taken as written and judged by the checks
 * and the import.
 */
export function readCinCensusXml(source: string): CinCensus {
  const root = parseXml(source);
  if (root.name !== 'Message') throw new ReturnsError('MALFORMED_SOURCE', 'A CIN census file has a <Message> root');
  const header = childNamed(root, 'Header');
  const details = header ? childNamed(header, 'CollectionDetails') : undefined;
  const src = header ? childNamed(header, 'Source') : undefined;
  const children = childNamed(root, 'Children');
  if (!children) throw new ReturnsError('MALFORMED_SOURCE', 'The census has no <Children>');
  const year = Number(details ? childText(details, 'Year') : NaN);
  return {
    header: {
      year: Number.isFinite(year) ? year : 0,
      referenceDate: (details && childText(details, 'ReferenceDate')) ?? '',
      lea: (src && childText(src, 'LEA')) ?? '',
      softwareCode: (src && childText(src, 'SoftwareCode')) ?? '',
      release: (src && childText(src, 'Release')) ?? '',
      serialNo: (src && childText(src, 'SerialNo')) ?? '',
      dateTime: (src && childText(src, 'DateTime')) ?? '',
    },
    children: childrenNamed(children, 'Child').map(readChild),
  };
}

function required(e: XmlElement, name: string): string {
  const value = childText(e, name);
  if (value === null) throw new ReturnsError('MALFORMED_SOURCE', `CIN census line ${e.line}: <${e.name}> has no <${name}>`);
  return value;
}

function readChild(child: XmlElement): CinChild {
  const ids = childNamed(child, 'ChildIdentifiers');
  if (!ids) throw new ReturnsError('MALFORMED_SOURCE', `CIN census line ${child.line}: <Child> has no <ChildIdentifiers>`);
  const chars = childNamed(child, 'ChildCharacteristics');
  const gender = childText(ids, 'GenderCurrent');
  const sex = childText(ids, 'Sex') ?? (gender === '1' ? 'M' : gender === '2' ? 'F' : 'U');
  const disabilities = chars ? childNamed(chars, 'Disabilities') : undefined;
  return {
    laChildId: required(ids, 'LAchildID'),
    upn: childText(ids, 'UPN'),
    formerUpn: childText(ids, 'FormerUPN'),
    upnUnknown: childText(ids, 'UPNunknown'),
    personBirthDate: childText(ids, 'PersonBirthDate'),
    expectedPersonBirthDate: childText(ids, 'ExpectedPersonBirthDate'),
    sex: sex as Sex,
    personDeathDate: childText(ids, 'PersonDeathDate'),
    ethnicity: ((chars && childText(chars, 'Ethnicity')) ?? 'NOBT') as Ethnicity,
    disabilities: disabilities ? childrenNamed(disabilities, 'Disability').map((d) => d.text.trim() as Disability) : [],
    cinDetails: childrenNamed(child, 'CINdetails').map(readDetails),
  };
}

function readDetails(d: XmlElement): CinDetails {
  return {
    referralDate: required(d, 'CINreferralDate'),
    referralSource: childText(d, 'ReferralSource') ?? '',
    primaryNeedCode: childText(d, 'PrimaryNeedCode'),
    closureDate: childText(d, 'CINclosureDate'),
    reasonForClosure: childText(d, 'ReasonForClosure'),
    dateOfInitialCpc: childText(d, 'DateOfInitialCPC'),
    assessments: childrenNamed(d, 'Assessments').map(
      (a): CinAssessment => {
        const factors = childNamed(a, 'FactorsIdentifiedAtAssessment');
        return {
          actualStartDate: required(a, 'AssessmentActualStartDate'),
          internalReviewDate: childText(a, 'AssessmentInternalReviewDate'),
          authorisationDate: childText(a, 'AssessmentAuthorisationDate'),
          factors: factors ? childrenNamed(factors, 'AssessmentFactors').map((f) => f.text.trim()) : [],
        };
      },
    ),
    cinPlanDates: childrenNamed(d, 'CINPlanDates').map((p) => ({ start: required(p, 'CINPlanStartDate'), end: childText(p, 'CINPlanEndDate') })),
    section47: childrenNamed(d, 'Section47').map(
      (s): CinSection47 => ({
        actualStartDate: required(s, 'S47ActualStartDate'),
        initialCpcTarget: childText(s, 'InitialCPCtarget'),
        dateOfInitialCpc: childText(s, 'DateOfInitialCPC'),
        icpcNotRequired: fromXmlFlag(childText(s, 'ICPCnotRequired')),
      }),
    ),
    referralNfa: fromXmlFlag(childText(d, 'ReferralNFA')),
    childProtectionPlans: childrenNamed(d, 'ChildProtectionPlans').map((p): CinChildProtectionPlan => {
      const reviews = childNamed(p, 'Reviews');
      return {
        startDate: required(p, 'CPPstartDate'),
        endDate: childText(p, 'CPPendDate'),
        initialCategoryOfAbuse: childText(p, 'InitialCategoryOfAbuse') ?? '',
        latestCategoryOfAbuse: childText(p, 'LatestCategoryOfAbuse') ?? childText(p, 'InitialCategoryOfAbuse') ?? '',
        numberOfPreviousCpp: Number(childText(p, 'NumberOfPreviousCPP') ?? '0'),
        reviewDates: reviews ? childrenNamed(reviews, 'CPPreviewDate').map((r) => r.text.trim()) : [],
      };
    }),
  };
}
