import { childFacts } from '../child-facts.js';
import { collectionYear } from '../collection-year.js';
import { CIN_SCHEMA_2025_26, expectGolden } from '../fixtures/golden-files.js';
import { JourneyRecorder } from '../fixtures/journey-recorder.js';
import { GENERATED_AT, smallAuthorityReturns, YEAR_2025 } from '../fixtures/small-authority-returns.js';
import { loadXsd, validateXml } from '../formats/xsd-validator.js';
import { buildCinCensus } from './cin-census.js';
import { cinCensusXml, readCinCensusXml } from './cin-census-xml.js';

const schema = loadXsd(CIN_SCHEMA_2025_26);

describe('CIN census 2025-26 from the journey', () => {
  const { census, facts } = smallAuthorityReturns();
  const xml = cinCensusXml(census);

  it('matches the hand-checked census for the small authority', () => {
    expect(xml).toBe(expectGolden('cin-2025-26.xml', xml));
  });

  it('validates against the 2025-26 schema', () => {
    expect(validateXml(xml, schema)).toEqual([]);
  });

  it('reads back to the same census', () => {
    expect(readCinCensusXml(xml)).toEqual(census);
  });

  it('includes every child with an episode open during the year and no other', () => {
    expect(census.children.map((c) => c.laChildId)).toEqual(['A1001', 'A1002', 'A1003', 'A1004', 'A1005', 'A1006', 'A1007', 'A1008', 'A1010']);
  });

  it('applies corrections: the corrected primary need and assessment factors are reported, not the first ones', () => {
    const details = census.children.find((c) => c.laChildId === 'A1008')!.cinDetails[0]!;
    expect(details.primaryNeedCode).toBe('N4');
    expect(details.assessments[0]!.factors).toEqual(['1B', '2B']);
  });

  it('reports an unborn child by expected date of birth with sex U, whatever the person record expects', () => {
    const unborn = census.children.find((c) => c.laChildId === 'A1007')!;
    expect([unborn.personBirthDate, unborn.expectedPersonBirthDate, unborn.sex]).toEqual([null, '2026-05-20', 'U']);
  });

  it('carries the conference, the plan and its latest category from the events', () => {
    const details = census.children.find((c) => c.laChildId === 'A1002')!.cinDetails[0]!;
    expect(details.section47).toEqual([{ actualStartDate: '2025-06-03', initialCpcTarget: '2025-06-24', dateOfInitialCpc: '2025-06-24', icpcNotRequired: false }]);
    expect(details.childProtectionPlans).toEqual([
      { startDate: '2025-06-24', endDate: null, initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'MUL', numberOfPreviousCpp: 0, reviewDates: ['2025-09-16', '2026-03-10'] },
    ]);
    expect(details.dateOfInitialCpc).toBeNull();
  });

  it('reports a year as it stood on its reference date: later closures, authorisations and plans are not yet known', () => {
    const earlier = buildCinCensus(facts, { year: collectionYear(2024), lea: '999', generatedAt: GENERATED_AT });
    const a1005 = earlier.children.find((c) => c.laChildId === 'A1005')!.cinDetails[0]!;
    expect([a1005.closureDate, a1005.reasonForClosure]).toEqual([null, null]);
    expect(earlier.children.map((c) => c.laChildId)).toEqual(['A1004', 'A1005', 'A1006', 'A1009']);
    expect(validateXml(cinCensusXml(earlier), schema)).toEqual([]);
  });

  it('keeps an assessment open at the year end without an authorisation date or factors', () => {
    const r = new JourneyRecorder('B1');
    r.do('RecordContact', '2026-03-02', { contactId: 'k', source: '8', child: { status: 'BORN', dateOfBirth: '2020-01-01' }, concerns: '' });
    r.do('RecordMashDecision', '2026-03-02', { contactId: 'k', decision: 'REFER_TO_CSC', checks: [] });
    r.do('OpenReferral', '2026-03-02', { primaryNeed: 'N2' });
    r.do('StartAssessment', '2026-03-03', { assessmentId: 'a' });
    r.do('RecordChildSeenForAssessment', '2026-03-04', { assessmentId: 'a', seenAlone: false });
    r.do('CompleteAssessment', '2026-04-01', { assessmentId: 'a' });
    r.do('AuthoriseAssessment', '2026-04-02', { assessmentId: 'a', factors: ['6A'], outcome: 'NO_FURTHER_ACTION' });
    const c = buildCinCensus([childFacts('B1', r.events)], { year: YEAR_2025, lea: '999', generatedAt: GENERATED_AT });
    expect(c.children[0]!.cinDetails[0]!.assessments).toEqual([{ actualStartDate: '2026-03-03', internalReviewDate: null, authorisationDate: null, factors: [] }]);
  });

  it('refuses an LA code that is not three digits', () => {
    expect(() => buildCinCensus([], { year: YEAR_2025, lea: '99', generatedAt: GENERATED_AT })).toThrow('three digits');
  });
});
