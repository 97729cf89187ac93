import { resolveRules, TimescaleRuleSet } from './resolve-rules.js';
import { TIMESCALE_RULES } from './rules.js';
import { TimescaleError } from './timescale.errors.js';
import type { TimescaleRule } from './timescale-rule.js';

/** Journey event types the rules may name (COMMON.md's canonical list). */
const CANONICAL_EVENTS = new Set([
  'ContactReceived', 'MashDecisionMade', 'CaseAllocated', 'SupervisionRecorded', 'ReferralOpened',
  'ReferralClosedNoFurtherAction', 'AssessmentStarted', 'ChildSeenForAssessment', 'AssessmentCompleted',
  'AssessmentAuthorised', 'CinPlanStarted', 'CinPlanReviewed', 'CinVisitMade', 'CinPlanEnded',
  'StrategyDiscussionHeld', 'S47EnquiryStarted', 'S47EnquiryConcluded', 'IcpcScheduled', 'IcpcHeld',
  'ChildProtectionPlanStarted', 'CoreGroupHeld', 'ChildProtectionVisitMade', 'ReviewConferenceHeld',
  'CategoryOfAbuseChanged', 'ChildProtectionPlanEnded', 'BecameLookedAfter', 'LegalStatusChanged',
  'PlacementChanged', 'CarePlanRecorded', 'PlacementPlanRecorded', 'LacReviewHeld', 'LacVisitMade',
  'HealthAssessmentRecorded', 'PersonalEducationPlanRecorded', 'MissingEpisodeStarted', 'MissingEpisodeEnded',
  'CareProceedingsIssued', 'InterimCareOrderMade', 'FinalOrderMade', 'CareProceedingsWithdrawn',
  'AdoptionDecisionMade', 'PlacementOrderGranted', 'MatchedWithAdopters', 'PlacedForAdoption',
  'AdoptionOrderGranted', 'CeasedLookedAfter', 'PathwayPlanRecorded', 'PathwayPlanReviewed',
  'CareLeaverContactRecorded', 'CaseClosed', 'EventCorrected', 'EventVoided',
  // Added by the journey (libs/journey/src/journey-event.ts).
  'AdoptionDecisionReversed', 'CareLeaverServicesEnded',
]);

describe('the timescale rule table', () => {
  const rules = resolveRules();

  it('gives every edition a source a manager can look up, and a name', () => {
    for (const rule of TIMESCALE_RULES) {
      expect(rule.source.trim().length).toBeGreaterThan(15);
      expect(rule.name.trim()).not.toBe('');
    }
  });

  it('names only canonical journey event types', () => {
    for (const rule of TIMESCALE_RULES) {
      const types = [
        ...rule.starts.flatMap((s) => ('event' in s ? [s.event, ...(s.datedFrom ? [s.datedFrom] : [])] : [])),
        ...rule.metBy.map((m) => m.type),
        ...rule.stoppedBy.map((m) => m.type),
      ];
      for (const type of types) expect([rule.id, type, CANONICAL_EVENTS.has(type)]).toEqual([rule.id, type, true]);
    }
  });

  it('covers every row of the domain table', () => {
    expect([...rules.ruleIds].sort()).toEqual(
      [
        'mash-decision', 'assessment', 'icpc', 'first-core-group', 'first-cp-review', 'next-cp-review', 'cp-visit',
        'cin-visit', 'cin-plan-review', 'case-supervision', 'care-plan', 'placement-plan', 'first-lac-review',
        'second-lac-review', 'next-lac-review', 'first-placement-visit', 'lac-visit', 'initial-health-assessment',
        'health-review', 'pep', 'pep-review', 'care-proceedings', 'pathway-plan', 'pathway-plan-review',
        'adoption-a1', 'adoption-a2',
      ].sort(),
    );
  });

  it('marks visits, supervision and CIN reviews as local standards and the rest as statutory or national', () => {
    const local = TIMESCALE_RULES.filter((r) => r.standard === 'local').map((r) => r.id);
    expect(new Set(local)).toEqual(new Set(['cp-visit', 'cin-visit', 'cin-plan-review', 'case-supervision', 'pep-review']));
    expect(rules.editionInForce('icpc', '2025-01-06')?.standard).toBe('statutory');
    expect(rules.editionInForce('adoption-a1', '2025-01-06')?.standard).toBe('national_indicator');
  });

  describe('effective dating', () => {
    it('judges a 2013 referral by the rules in force then', () => {
      expect(rules.editionInForce('assessment', '2013-04-14')).toMatchObject({ edition: 'wt2010-initial-assessment', clock: { kind: 'working_days', amount: 10 } });
      expect(rules.editionInForce('assessment', '2013-04-15')).toMatchObject({ edition: 'wt2013', clock: { kind: 'working_days', amount: 45 } });
      expect(rules.editionInForce('assessment', '2009-06-01')).toBeUndefined();
    });

    it('switches the first LAC review from four weeks to 20 working days on 1 April 2011', () => {
      expect(rules.editionInForce('first-lac-review', '2011-03-31')?.clock).toEqual({ kind: 'weeks', amount: 4 });
      expect(rules.editionInForce('first-lac-review', '2011-04-01')?.clock).toEqual({ kind: 'working_days', amount: 20 });
    });

    it('adds the six-monthly long-term foster visit from 1 April 2015', () => {
      expect(rules.editionInForce('lac-visit', '2015-03-31')?.clockVariants?.map((v) => v.clock.amount)).toEqual([91]);
      expect(rules.editionInForce('lac-visit', '2015-04-01')?.clockVariants?.map((v) => v.clock.amount)).toEqual([183, 91]);
    });

    it('leaves no gap between consecutive editions', () => {
      for (const id of rules.ruleIds) {
        const editions = rules.editionsOf(id);
        for (let i = 1; i < editions.length; i++) {
          const previousEnd = new Date(`${editions[i - 1]!.effectiveTo!}T00:00:00Z`);
          previousEnd.setUTCDate(previousEnd.getUTCDate() + 1);
          expect([id, previousEnd.toISOString().slice(0, 10)]).toEqual([id, editions[i]!.effectiveFrom]);
        }
      }
    });

    it('works for any table: a synthetic earlier edition (test data, not a real regulation) takes over before its successor', () => {
      const current = TIMESCALE_RULES.find((r) => r.id === 'icpc')!;
      const syntheticEarlier: TimescaleRule = {
        ...current,
        edition: 'synthetic-earlier',
        source: 'Synthetic edition for tests only',
        effectiveFrom: '2000-01-01',
        effectiveTo: '2010-02-28',
        clock: { kind: 'working_days', amount: 20 },
      };
      const set = resolveRules({}, [syntheticEarlier, ...TIMESCALE_RULES]);
      expect(set.editionInForce('icpc', '2010-02-28')?.edition).toBe('synthetic-earlier');
      expect(set.editionInForce('icpc', '2010-03-01')?.edition).toBe('wt2010');
      expect(set.inForceOn('2005-06-01').map((r) => r.id)).toContain('icpc');
    });

    it('rejects a table whose editions overlap or lack a source', () => {
      const icpc = TIMESCALE_RULES.find((r) => r.id === 'icpc')!;
      expect(() => new TimescaleRuleSet([icpc, { ...icpc, edition: 'again', effectiveFrom: '2020-01-01' }])).toThrow(
        expect.objectContaining({ code: 'INVALID_RULE_TABLE' }),
      );
      expect(() => new TimescaleRuleSet([{ ...icpc, source: ' ' }])).toThrow(expect.objectContaining({ code: 'INVALID_RULE_TABLE' }));
      expect(() => new TimescaleRuleSet([{ ...icpc, then: 'nowhere' }])).toThrow(expect.objectContaining({ code: 'INVALID_RULE_TABLE' }));
    });
  });

  describe('local configuration', () => {
    it('uses the table defaults when an authority configures nothing', () => {
      expect(rules.editionInForce('cp-visit', '2025-01-06')?.clock).toEqual({ kind: 'working_days', amount: 10 });
    });

    it("applies an authority's local standard, with its source", () => {
      const set = resolveRules({
        authority: 'Example Borough',
        localStandards: { 'cin-visit': { clock: { kind: 'days', amount: 20 }, source: 'Example Borough practice standard 2024' } },
      });
      expect(set.editionInForce('cin-visit', '2025-01-06')).toMatchObject({
        clock: { kind: 'days', amount: 20 },
        source: 'Example Borough practice standard 2024',
        standard: 'local',
      });
    });

    it('dates a change of local standard, keeping the default before it', () => {
      const set = resolveRules({
        authority: 'Example Borough',
        localStandards: {
          'cp-visit': [
            { clock: { kind: 'working_days', amount: 15 }, effectiveFrom: '2021-04-01' },
            { clock: { kind: 'days', amount: 14 }, effectiveFrom: '2024-04-01', source: 'Example Borough 2024' },
          ],
        },
      });
      expect(set.editionInForce('cp-visit', '2021-03-31')?.clock).toEqual({ kind: 'working_days', amount: 10 });
      expect(set.editionInForce('cp-visit', '2021-04-01')).toMatchObject({
        clock: { kind: 'working_days', amount: 15 },
        source: 'Local standard of Example Borough (configured)',
      });
      expect(set.editionInForce('cp-visit', '2024-04-01')?.clock).toEqual({ kind: 'days', amount: 14 });
    });

    it('refuses to configure a statutory timescale, with a clear reason', () => {
      const attempt = (): unknown => resolveRules({ localStandards: { icpc: { clock: { kind: 'working_days', amount: 20 } } } });
      expect(attempt).toThrow(TimescaleError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'RULE_NOT_CONFIGURABLE' }));
      expect(attempt).toThrow(/statutory/);
      expect(() => resolveRules({ localStandards: { 'adoption-a1': { clock: { kind: 'days', amount: 500 } } } })).toThrow(
        expect.objectContaining({ code: 'RULE_NOT_CONFIGURABLE' }),
      );
    });

    it('refuses unknown rules and nonsense clocks', () => {
      expect(() => resolveRules({ localStandards: { 'tea-break': { clock: { kind: 'days', amount: 1 } } } })).toThrow(
        expect.objectContaining({ code: 'UNKNOWN_RULE' }),
      );
      expect(() => resolveRules({ localStandards: { 'cin-visit': { clock: { kind: 'days', amount: 0 } } } })).toThrow(
        expect.objectContaining({ code: 'INVALID_TIMESCALE_CONFIG' }),
      );
      expect(() =>
        resolveRules({ localStandards: { 'cin-visit': { clock: { kind: 'fortnights' as 'days', amount: 2 } } } }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_TIMESCALE_CONFIG' }));
    });
  });
});
