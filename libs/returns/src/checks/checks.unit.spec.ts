import type { JourneyEvent } from '@cje/journey';
import { childFacts } from '../child-facts.js';
import { NO_CHARACTERISTICS } from '../child-characteristics.js';
import type { CinCensus, CinChild, CinDetails } from '../cin/cin-census.js';
import { FIXTURE_NOW, isWorkingDay } from '../fixtures/journey-recorder.js';
import { smallAuthorityReturns, YEAR_2025 } from '../fixtures/small-authority-returns.js';
import type { Ssda903Return } from '../ssda903/ssda903.js';
import { checkReturns, formatCheckReport } from './check-returns.js';
import { CHECK_RULES } from './check-rules.js';
import { checkCinCensus } from './cin-checks.js';
import { checkJourneyFacts } from './journey-checks.js';
import { checkSsda903 } from './ssda903-checks.js';

const base = smallAuthorityReturns();
const cinCtx = { year: YEAR_2025, isWorkingDay, characteristics: base.characteristics };
const rulesFor = (findings: readonly { ruleId: string; childId: string | null }[], childId: string | null): string[] =>
  [...new Set(findings.filter((f) => f.childId === childId).map((f) => f.ruleId))].sort();

/** The golden census with one child's first episode changed. */
function withDetails(childId: string, change: (d: CinDetails) => CinDetails, child: (c: CinChild) => CinChild = (c) => c): CinCensus {
  return {
    ...base.census,
    children: base.census.children.map((c) => (c.laChildId === childId ? child({ ...c, cinDetails: [change(c.cinDetails[0]!), ...c.cinDetails.slice(1)] }) : c)),
  };
}
function withEpisodes(change: (rows: Ssda903Return['rows']) => Partial<Ssda903Return['rows']>): Ssda903Return {
  return { ...base.ssda903, rows: { ...base.ssda903.rows, ...change(base.ssda903.rows) } };
}

describe('pre-submission checks', () => {
  it('on the small authority raise only what the journey cannot know, and no journey rule', () => {
    const report = checkReturns({ year: YEAR_2025, children: base.facts, census: base.census, ssda903: base.ssda903, characteristics: base.characteristics, now: FIXTURE_NOW, isWorkingDay });
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.childId, f.ruleId])).toEqual([
      ['A1004', '191'],
      ['A1005', '175'],
    ]);
    expect(report.findings.some((f) => f.source === 'journey')).toBe(false);
    expect(rulesFor(report.findings, 'A1008')).toEqual(['8770Q', 'CJE-01', 'CJE-02']);
    expect(rulesFor(report.findings, 'A1007')).toEqual(['8670Q']);
  });

  it('give every finding its rule, field and a fix, and number DfE rules as the Department does', () => {
    for (const rule of CHECK_RULES) {
      expect(rule.fix.length).toBeGreaterThan(10);
      if (rule.source === 'DfE CIN') expect(rule.id).toMatch(/^\d{4}Q?$/);
    }
    const report = checkReturns({ year: YEAR_2025, children: base.facts, census: base.census, ssda903: base.ssda903, characteristics: base.characteristics, now: FIXTURE_NOW, isWorkingDay });
    const text = formatCheckReport(report);
    expect(text).toContain('Child A1005:\n  ERROR 903 rule 175 [NB_ADOPTR] The number of adopter(s) code is not a valid code (ad1)');
    expect(text).toContain('fix: Adopter details are not journey events');
  });

  describe('CIN census rules fire on deliberately wrong data', () => {
    it.each<[string, string, (d: CinDetails) => CinDetails, string[]]>([
      ['a closure with no reason', 'A1001', (d) => ({ ...d, reasonForClosure: null }), ['8805']],
      ['a closure before the referral', 'A1001', (d) => ({ ...d, closureDate: '2025-04-01' }), ['8630']],
      ['factor 21 with others, twice over', 'A1001', (d) => ({ ...d, assessments: [{ ...d.assessments[0]!, factors: ['21', '3B', '3B'] }] }), ['8869', '8898']],
      ['an authorised assessment with no factors', 'A1001', (d) => ({ ...d, assessments: [{ ...d.assessments[0]!, factors: [] }] }), ['8897Q']],
      ['an assessment authorised before it started', 'A1001', (d) => ({ ...d, assessments: [{ ...d.assessments[0]!, authorisationDate: '2025-04-08' }] }), ['8608']],
      ['a CIN plan beside a child protection plan', 'A1002', (d) => ({ ...d, cinPlanDates: [{ start: '2025-07-01', end: null }] }), ['4001', 'J-04']],
      ['a plan that does not start on the conference day', 'A1002', (d) => ({ ...d, childProtectionPlans: [{ ...d.childProtectionPlans[0]!, startDate: '2025-06-25' }] }), ['2885', 'J-03']],
      ['a conference on a Saturday', 'A1002', (d) => ({ ...d, section47: [{ ...d.section47[0]!, dateOfInitialCpc: '2025-06-28' }] }), ['2885', '8875', 'J-03']],
      ['work after a referral with no further action', 'A1003', (d) => ({ ...d, assessments: [{ actualStartDate: '2025-07-01', internalReviewDate: null, authorisationDate: null, factors: [] }] }), ['8670Q', '8831', '8867', 'J-01', 'J-07']],
      ['RC8 with a plan after it', 'A1008', (d) => ({ ...d, cinPlanDates: [{ start: '2025-10-02', end: '2025-10-03' }] }), ['2990']],
      ['an invalid primary need and referral source', 'A1001', (d) => ({ ...d, primaryNeedCode: 'N10', referralSource: '11' }), ['8650', '8866']],
    ])('%s', (_label, childId, change, expected) => {
      const before = rulesFor(checkCinCensus(base.census, cinCtx), childId);
      const after = rulesFor(checkCinCensus(withDetails(childId, change), cinCtx), childId);
      expect(after.filter((r) => !before.includes(r))).toEqual([...expected].sort());
    });

    it('an id the Department will not take, an unborn child given a sex, and a death before birth', () => {
      const census = withDetails('A1001', (d) => d, (c) => ({ ...c, laChildId: 'A-1001', personDeathDate: '2010-01-01' }));
      expect(rulesFor(checkCinCensus(census, cinCtx), 'A-1001')).toEqual(expect.arrayContaining(['1580', '8535Q', '8545Q']));
      const unborn = withDetails('A1007', (d) => d, (c) => ({ ...c, sex: 'F' }));
      expect(rulesFor(checkCinCensus(unborn, cinCtx), 'A1007')).toContain('8750');
    });

    it('a census with no children', () => {
      expect(rulesFor(checkCinCensus({ ...base.census, children: [] }, cinCtx), null)).toEqual(['CJE-05']);
    });
  });

  describe('903 rules fire on deliberately wrong data', () => {
    const ctx = { year: YEAR_2025, characteristics: base.characteristics };
    it.each<[string, string, (rows: Ssda903Return['rows']) => Partial<Ssda903Return['rows']>, string[]]>([
      ['a withdrawn placement code (Z1) and an invalid category of need', 'A1004', (rows) => ({ episodes: rows.episodes.map((e) => (e.CHILD === 'A1004' && e.DECOM === '11/08/2025' ? { ...e, PLACE: 'Z1', CIN: 'N9' } : e)) }), ['145', '146', 'J-09']],
      ['a provider on a temporary placement', 'A1004', (rows) => ({ episodes: rows.episodes.map((e) => (e.CHILD === 'A1004' && e.DECOM === '11/08/2025' ? { ...e, PLACE: 'T1' } : e)) }), ['213']],
      ['a placement move with no reason', 'A1004', (rows) => ({ episodes: rows.episodes.map((e) => (e.CHILD === 'A1004' && e.DECOM === '15/01/2025' ? { ...e, REASON_PLACE_CHANGE: '' } : e)) }), ['225']],
      ['an end date without a reason, and one before the start', 'A1010', (rows) => ({ episodes: rows.episodes.map((e) => (e.CHILD === 'A1010' && e.DECOM === '08/10/2025' ? { ...e, DEC: '01/10/2025', REC: '' } : e)) }), ['148', '356']],
      ['X1 with nothing after it', 'A1006', (rows) => ({ episodes: rows.episodes.map((e) => (e.CHILD === 'A1006' ? { ...e, REC: 'X1' } : e)) }), ['388']],
      ['a review by an under-4 participation code for an 11-year-old', 'A1004', (rows) => ({ reviews: rows.reviews.map((r) => (r.CHILD === 'A1004' ? { ...r, REVIEW_CODE: 'PN0' } : r)) }), ['440']],
      ['a missing episode that ends before it starts', 'A1010', (rows) => ({ missing: rows.missing.map((m) => (m.CHILD === 'A1010' ? { ...m, MIS_END: '30/11/2025' } : m)) }), ['567']],
      ['a care leaver contact with invalid codes', 'A1006', (rows) => ({ oc3: rows.oc3.map((o) => ({ ...o, IN_TOUCH: 'MAYBE', ACTIV: 'X', ACCOM: 'Z' })) }), ['131', '132', '133']],
      ['a social worker id in the wrong form', 'A1004', (rows) => ({ social_worker: rows.social_worker.map((s) => (s.CHILD === 'A1004' ? { ...s, SW_ID: 'jane' } : s)) }), ['SW02STG1']],
    ])('%s', (_label, childId, change, expected) => {
      const before = rulesFor(checkSsda903(base.ssda903, ctx), childId);
      const after = rulesFor(checkSsda903(withEpisodes(change), ctx), childId);
      expect(after.filter((r) => !before.includes(r))).toEqual([...expected].sort());
    });

    it('a child with no sex, date of birth or UPN', () => {
      const ret = withEpisodes((rows) => ({ header: rows.header.map((h) => (h.CHILD === 'A1010' ? { ...h, SEX: '', DOB: '', UPN: '' } : h)) }));
      expect(rulesFor(checkSsda903(ret, { year: YEAR_2025, characteristics: NO_CHARACTERISTICS }), 'A1010')).toEqual(expect.arrayContaining(['101', '102', '442', 'CJE-02']));
    });
  });

  describe("the journey's rules over facts fire on histories the machine would not have accepted", () => {
    const e = (id: string, type: string, occurredAt: string, data: object): JourneyEvent => ({ id, type, occurredAt, data, machineVersion: 1 }) as JourneyEvent;
    it('overlapping episodes, a conference on a bank holiday, dates before birth and in the future', () => {
      const events = [
        e('1', 'ContactReceived', '2025-01-02', { contactId: 'k', childId: 'Z1', source: '8', child: { status: 'BORN', dateOfBirth: '2025-01-01' }, concerns: '' }),
        e('2', 'ReferralOpened', '2024-12-01', { episodeNumber: 1, contactIds: ['k'], source: '8', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }),
        e('3', 'StrategyDiscussionHeld', '2025-08-18', { outcome: 'S47_ENQUIRY', agencies: ['CSC'], emergency: false }),
        e('4', 'S47EnquiryStarted', '2025-08-18', { strategyDiscussionDate: '2025-08-18', icpcTargetDate: '2025-09-08' }),
        e('5', 'IcpcHeld', '2025-08-25', { outcome: 'NO_PLAN', category: null, targetDate: '2025-09-08' }),
        e('6', 'ReferralOpened', '2026-06-01', { episodeNumber: 2, contactIds: ['k'], source: '8', primaryNeed: 'N1', reReferral: true, previousReferralDate: '2024-12-01', emergency: false }),
      ];
      const findings = checkJourneyFacts([childFacts('Z1', events)], { year: YEAR_2025, now: FIXTURE_NOW, isWorkingDay });
      const where = findings.map((f) => `${f.ruleId} ${f.where}`);
      expect(where).toEqual(
        expect.arrayContaining([
          'J-05 episode 2 referred 2026-06-01',
          'J-06 episode 1 referred 2024-12-01: strategy discussion 2025-08-18: conference 2025-08-25',
          "J-08 episode 1 referred 2024-12-01 (dated before the child's birth)",
          'J-08 episode 2 referred 2026-06-01 (dated in the future)',
        ]),
      );
    });

    it('a correction that no longer applies is reported with the event it names', () => {
      const events = [
        e('1', 'ContactReceived', '2025-05-01', { contactId: 'k', childId: 'Z2', source: '8', child: { status: 'BORN', dateOfBirth: null }, concerns: '' }),
        e('2', 'EventCorrected', '2025-05-02', { eventId: '1', eventType: 'MashDecisionMade', data: {}, occurredAt: null, reason: 'wrong' }),
      ];
      const findings = checkJourneyFacts([childFacts('Z2', events)], { year: YEAR_2025, now: FIXTURE_NOW, isWorkingDay });
      expect(findings.map((f) => [f.ruleId, f.where])).toEqual([['CJE-03', 'event 2: The correction names a different event type']]);
    });
  });
});
