import { decide, describeState, emptyJourney, evolve, fold, type JourneyState } from '@cje/journey';
import { childFacts } from '../child-facts.js';
import { collectionYear } from '../collection-year.js';
import { buildCinCensus, type CinCensus, type CinChild } from '../cin/cin-census.js';
import { cinCensusXml } from '../cin/cin-census-xml.js';
import { FIXTURE_CTX, FIXTURE_NOW, isWorkingDay } from '../fixtures/journey-recorder.js';
import { GENERATED_AT, smallAuthorityReturns } from '../fixtures/small-authority-returns.js';
import { buildSsda903 } from '../ssda903/ssda903.js';
import { ssda903Csv } from '../ssda903/ssda903-csv.js';
import { SSDA903_FILES } from '../ssda903/ssda903-files.js';
import { planImport, type ImportPlan, type ImportSource } from './plan-import.js';

const options = { now: FIXTURE_NOW, isWorkingDay };

/** Records the plan's commands as the API would: decided one by one from an empty journey. */
function apply(plan: ImportPlan): Map<string, JourneyState> {
  const states = new Map<string, JourneyState>();
  for (const child of plan.children) {
    let state = emptyJourney();
    for (const command of child.commands) {
      const result = decide(state, command, FIXTURE_CTX);
      if (!result.ok) throw new Error(`${command.type} for ${child.childId} refused: ${result.rejection.reason}`);
      state = evolve(state, result.events.map((d, i) => ({ ...d, id: `${command.commandId}:${i}` })));
    }
    states.set(child.childId, state);
  }
  return states;
}

const { facts, characteristics } = smallAuthorityReturns();
const YEARS = [2021, 2022, 2023, 2024, 2025];
const exportYear = (f: typeof facts, year: number, ch: typeof characteristics) => ({
  cin: cinCensusXml(buildCinCensus(f, { year: collectionYear(year), lea: '999', generatedAt: GENERATED_AT, characteristics: ch })),
  ssda903: ssda903Csv(buildSsda903(f, { year: collectionYear(year), characteristics: ch }).rows),
});
/** Five years of returns from the small authority, handed over as if from another system. */
const legacy: ImportSource = (() => {
  const years = YEARS.map((year) => ({ year, ...exportYear(facts, year, characteristics) }));
  return { system: 'legacy-lcs', cinCensus: years.map((y) => y.cin), ssda903: years.map((y) => ({ collectionYear: y.year, files: y.ssda903 })) };
})();

describe('migration import: planning journey commands from CIN census and SSDA903 files', () => {
  const plan = planImport(legacy, options);

  it('plans commands the journey accepts: every one decided in turn, and the histories fold with no issue', () => {
    const states = apply(plan);
    expect([...states.keys()]).toEqual(['A1001', 'A1002', 'A1003', 'A1004', 'A1005', 'A1006', 'A1007', 'A1008', 'A1009', 'A1010']);
    for (const state of states.values()) {
      const refolded = fold(state.events);
      expect(refolded.issues).toEqual([]);
      expect(describeState(refolded).incomplete).toBe(false);
    }
  });

  it('exports what it imported: the 2025-26 census and 903 files come out field for field as they went in', () => {
    const replayed = [...apply(plan)].map(([id, state]) => childFacts(id, state.events));
    const again = exportYear(replayed, 2025, new Map(plan.children.map((c) => [c.childId, c.characteristics])));
    const before = legacy.cinCensus!.at(-1)!;
    expect(again.cin).toBe(before);
    const source = legacy.ssda903!.at(-1)!.files;
    for (const name of Object.keys(SSDA903_FILES).filter((n) => n !== 'oc2')) expect(`${name}: ${again.ssda903[`${name}.csv` as keyof typeof again.ssda903]}`).toBe(`${name}: ${source[`${name}.csv`]}`);
  });

  it('reports what it could not import, and the one field that therefore does not come back', () => {
    expect(plan.notImported.map((n) => `${n.record.childId} ${n.record.item}: ${n.reason}`)).toEqual([
      'A1004 oc2 row for 2025-26: HEALTH_ASSESSMENT: OC2 outcomes carry no dates and are not journey events',
      'A1005 oc2 row for 2024-25: HEALTH_ASSESSMENT: OC2 outcomes carry no dates and are not journey events',
      'A1006 oc2 row for 2022-23: HEALTH_ASSESSMENT: OC2 outcomes carry no dates and are not journey events',
      'A1006 oc2 row for 2023-24: HEALTH_ASSESSMENT: OC2 outcomes carry no dates and are not journey events',
      'A1006 oc2 row for 2024-25: HEALTH_ASSESSMENT: OC2 outcomes carry no dates and are not journey events',
    ]);
  });

  it('is idempotent: the same files give the same command ids and correlation; another system gives others', () => {
    const again = planImport(legacy, options);
    const ids = (p: ImportPlan) => p.children.flatMap((c) => c.commands.map((x) => x.commandId));
    expect(ids(again)).toEqual(ids(plan));
    expect(again.correlationId).toBe(plan.correlationId);
    expect(new Set(ids(plan)).size).toBe(ids(plan).length);
    const other = planImport({ ...legacy, system: 'other-system' }, options);
    expect(ids(other).some((id) => ids(plan).includes(id))).toBe(false);
  });

  it('marks every command as migrated, with the source record it came from and the batch correlation', () => {
    for (const child of plan.children) {
      expect(child.migration.migrated).toBe(true);
      expect(child.correlationId).toBe(plan.correlationId);
      expect(plan.correlationId).toMatch(/^migration:legacy-lcs:[0-9a-f]{16}$/);
      for (const command of child.commands) {
        expect(command.commandId).toMatch(/^mig-[0-9a-f]{32}$/);
        expect(child.migration.sources[command.commandId]?.childId).toBe(child.childId);
      }
    }
    const a1002 = plan.children.find((c) => c.childId === 'A1002')!;
    expect(a1002.commands.map((c) => `${c.occurredAt} ${c.type}`).slice(0, 6)).toEqual([
      '2025-06-02 RecordContact', '2025-06-02 RecordMashDecision', '2025-06-02 OpenReferral', '2025-06-03 HoldStrategyDiscussion', '2025-06-03 StartS47Enquiry', '2025-06-04 StartAssessment',
    ]);
    expect(a1002.inferred.map((i) => i.what)).toContain('strategy discussion 2025-06-03 (the census holds the enquiry, not the discussion)');
  });

  it('carries the characteristics the journey does not hold beside the commands', () => {
    expect(plan.children.find((c) => c.childId === 'A1006')!.characteristics).toEqual({
      sex: 'F', ethnicity: 'AIND', upn: 'D123456789012', uasc: { ceasedOn: '2025-06-20' }, mother: { isMother: false, firstChildBornOn: null },
    });
  });
});

describe('migration import: records that cannot be imported are reported with the reason', () => {
  const child = (laChildId: string, over: Partial<CinChild>): CinChild => ({
    laChildId, upn: null, formerUpn: null, upnUnknown: 'UN2', personBirthDate: '2015-03-01', expectedPersonBirthDate: null, sex: 'M', personDeathDate: null,
    ethnicity: 'WBRI', disabilities: [], cinDetails: [], ...over,
  });
  const details = { primaryNeedCode: 'N1', closureDate: null, reasonForClosure: null, dateOfInitialCpc: null, assessments: [], cinPlanDates: [], section47: [], referralNfa: false, childProtectionPlans: [] };
  const census: CinCensus = {
    header: { year: 2026, referenceDate: '2026-03-31', lea: '123', softwareCode: 'x', release: '1', serialNo: '001', dateTime: '2026-04-01T00:00:00' },
    children: [
      child('C1', {
        cinDetails: [{
          ...details,
          referralDate: '2025-05-01',
          referralSource: '2A',
          assessments: [
            { actualStartDate: '2025-05-02', internalReviewDate: null, authorisationDate: '2025-06-02', factors: [] },
            { actualStartDate: '2025-06-10', internalReviewDate: null, authorisationDate: '2025-07-01', factors: ['4B'] },
          ],
          section47: [{ actualStartDate: '2025-06-05', initialCpcTarget: '2025-06-24', dateOfInitialCpc: '2025-06-28', icpcNotRequired: false }],
          childProtectionPlans: [{ startDate: '2025-06-28', endDate: null, initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'NEG', numberOfPreviousCpp: 0, reviewDates: ['2025-09-10'] }],
          closureDate: '2025-12-01',
        }],
      }),
    ],
  };
  const episodes = [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
    'C2,03/03/2025,P,C2,N1,U4,PR1,,,,AB1 2CD,EF3 4GH,',
    'C3,01/05/2025,S,V2,N2,U6,PR1,01/06/2025,X1,CHILD,AB1 2CD,,',
    'C3,01/06/2025,P,V2,N2,Z1,PR4,,,,,,',
  ].join('\n');
  const plan = planImport(
    {
      system: 'old',
      cinCensus: [cinCensusXml(census)],
      ssda903: [{ collectionYear: 2025, files: { 'episodes.csv': episodes, 'ad1.csv': 'CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nC3,01/01/2020,,,0,1,F1,L0\n' } }],
    },
    options,
  );
  const reasons = plan.notImported.map((n) => `${n.record.childId} ${n.record.item}: ${n.reason}`);

  it('an authorised assessment with no factors, and nothing else of its episode', () => {
    expect(reasons).toContain(
      'C1 CINdetails referred 2025-05-01: assessment started 2025-05-02: The assessment is authorised but lists no factors: the journey records at least one (21 when none were identified); add them in the source and import again',
    );
    const c1 = plan.children.find((c) => c.childId === 'C1')!;
    expect(c1.commands.filter((c) => c.type === 'AuthoriseAssessment').map((c) => c.occurredAt)).toEqual(['2025-07-01']);
  });

  it('a conference on a Saturday and the plan that depended on it; a closure with no reason', () => {
    expect(reasons).toEqual(
      expect.arrayContaining([
        'C1 CINdetails referred 2025-05-01: section 47 started 2025-06-05: An ICPC cannot be scheduled: the conference date is a weekend or bank holiday',
        'C1 CINdetails referred 2025-05-01: child protection plan started 2025-06-28: Not imported because CINdetails referred 2025-05-01: section 47 started 2025-06-05 (CIN census) was not imported',
        'C1 CINdetails referred 2025-05-01: The closure has no reason: the journey records a closure with its reason (RC1–RC9)',
      ]),
    );
  });

  it('a period of care that began before the files, postcodes, a withdrawn placement code and adopter details', () => {
    expect(reasons).toEqual(
      expect.arrayContaining([
        'C2 episodes from DECOM 03/03/2025: The period of care began before these files (its first episode is not RNE S): load the earlier years’ 903 files too',
        'C3 episodes row DECOM 01/05/2025: Postcodes and Ofsted URNs are not journey records (the journey keeps distance and in/out of area only)',
        'C3 episodes row DECOM 01/06/2025: The placement cannot be changed: placement code Z1 is not valid in the 2025 to 2026 collection year',
        'C3 ad1 row DATE_INT : Adopter details (number, sex, legal status) are not journey records',
      ]),
    );
  });

  it('still plans, and proves, everything else', () => {
    expect(() => apply(plan)).not.toThrow();
    const c3 = plan.children.find((c) => c.childId === 'C3')!;
    expect(c3.commands.map((c) => c.type)).toEqual(['RecordContact', 'RecordMashDecision', 'OpenReferral', 'BecomeLookedAfter']);
    expect(c3.inferred.map((i) => i.what)).toContain(
      'a referral (source unknown, primary need = 903 category of need) opened for the period of care: the CIN census has no episode covering it',
    );
  });
});

describe('migration import: another system’s census layout', () => {
  it('reads a 2023-24 file (GenderCurrent, true/false flags) and dates the strategy discussion from the ICPC target', () => {
    const xml = `<?xml version="1.0"?>
<Message><Children><Child>
  <ChildIdentifiers><LAchildID>D1</LAchildID><PersonBirthDate>2018-02-02</PersonBirthDate><GenderCurrent>2</GenderCurrent></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>APKN</Ethnicity></ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>3A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
    <Section47><S47ActualStartDate>2023-06-07</S47ActualStartDate><InitialCPCtarget>2023-06-26</InitialCPCtarget><ICPCnotRequired>true</ICPCnotRequired></Section47>
    <ReferralNFA>false</ReferralNFA>
  </CINdetails>
</Child></Children></Message>`;
    const plan = planImport({ system: 'old', cinCensus: [xml] }, options);
    expect(plan.notImported).toEqual([]);
    const d1 = plan.children[0]!;
    expect(d1.characteristics).toMatchObject({ sex: 'F', ethnicity: 'APKN' });
    // 26 June 2023 is 15 working days after Monday 5 June (the start, 7 June, would give 28 June).
    expect(d1.commands.find((c) => c.type === 'HoldStrategyDiscussion')!.occurredAt).toBe('2023-06-05');
    const state = apply(plan).get('D1')!;
    const census = buildCinCensus([childFacts('D1', state.events)], { year: collectionYear(2023), lea: '123', generatedAt: GENERATED_AT });
    expect(census.children[0]!.cinDetails[0]!.section47).toEqual([{ actualStartDate: '2023-06-07', initialCpcTarget: '2023-06-26', dateOfInitialCpc: null, icpcNotRequired: true }]);
  });
});
