import type { Deadline } from './deadline.js';
import { evaluateDeadlines, type EvaluateDeadlinesInput } from './evaluate-deadlines.js';
import { resolveRules } from './resolve-rules.js';
import type { TimelineEvent } from './timeline-event.js';
import { workingDayCalendar } from './working-day-calendar.js';

const rules = resolveRules();

function event(id: string, type: string, occurredAt: string, data: Record<string, unknown> = {}, recordedAt?: string): TimelineEvent {
  return recordedAt === undefined ? { id, type, occurredAt, data } : { id, type, occurredAt, data, recordedAt };
}

/** Given a timeline, when evaluated as of a day: the deadlines of one rule, oldest first. */
function deadlines(
  ruleId: string,
  timeline: readonly TimelineEvent[],
  asOf: string,
  extra: Partial<EvaluateDeadlinesInput> = {},
): Deadline[] {
  return evaluateDeadlines({ timeline, asOf, rules, ...extra }).filter((d) => d.ruleId === ruleId);
}

const seen = { childSeen: true };

describe('evaluateDeadlines', () => {
  describe('ICPC within 15 working days of the strategy discussion', () => {
    const discussion = event('sd1', 'StrategyDiscussionHeld', '2025-01-06', { outcome: 'S47_ENQUIRY' });
    const s47 = event('s47', 'S47EnquiryStarted', '2025-01-07', { strategyDiscussionDate: '2025-01-06', icpcTargetDate: '2025-01-27' });

    it('dates the clock from the strategy discussion and is met by an ICPC on the due date', () => {
      // Mon 6 Jan 2025 + 15 WD = Mon 27 Jan 2025 (see the calendar tests for the count).
      const [icpc] = deadlines('icpc', [discussion, s47, event('c1', 'IcpcHeld', '2025-01-27')], '2025-02-01');
      expect(icpc).toMatchObject({
        key: 'icpc:s47',
        startedOn: '2025-01-06',
        startedBy: { type: 'S47EnquiryStarted', eventId: 's47', on: '2025-01-07' },
        dueOn: '2025-01-27',
        status: 'met',
        metOn: '2025-01-27',
        daysOverdue: 0,
        breached: false,
        standard: 'statutory',
      });
      expect(icpc!.source).toMatch(/Working Together/);
    });

    it('is open until the due date and overdue the day after', () => {
      expect(deadlines('icpc', [discussion, s47], '2025-01-27')[0]).toMatchObject({ status: 'open', daysOverdue: 0 });
      expect(deadlines('icpc', [discussion, s47], '2025-01-28')[0]).toMatchObject({
        status: 'overdue',
        daysOverdue: 1,
        workingDaysOverdue: 1,
        breached: true,
      });
      // Mon 27 Jan due; as of Mon 3 Feb: 28, 29, 30, 31 Jan, 3 Feb = 5 working days, 7 calendar days.
      expect(deadlines('icpc', [discussion, s47], '2025-02-03')[0]).toMatchObject({ daysOverdue: 7, workingDaysOverdue: 5 });
    });

    it('is met late by an ICPC after the due date', () => {
      const [icpc] = deadlines('icpc', [discussion, s47, event('c1', 'IcpcHeld', '2025-01-29')], '2025-02-01');
      expect(icpc).toMatchObject({ status: 'met_late', metOn: '2025-01-29', daysOverdue: 2, workingDaysOverdue: 2, breached: true });
    });

    it('takes the strategy discussion date from the enquiry, or else from the discussion event', () => {
      const s47WithoutDate = event('s47', 'S47EnquiryStarted', '2025-01-07');
      expect(deadlines('icpc', [discussion, s47WithoutDate], '2025-01-08')[0]!.startedOn).toBe('2025-01-06');
      // Recorded only on the enquiry (e.g. a discussion held before the case was on the system).
      const s47Only = event('s47', 'S47EnquiryStarted', '2025-01-08', { strategyDiscussionDate: '2025-01-06' });
      expect(deadlines('icpc', [s47Only], '2025-01-08')[0]).toMatchObject({ startedOn: '2025-01-06', dueOn: '2025-01-27' });
    });

    it('stops when the enquiry concludes that no conference is needed', () => {
      const concluded = event('end', 'S47EnquiryConcluded', '2025-01-20', { outcome: 'ICPC_NOT_REQUIRED', nextStep: 'CIN_PLAN' });
      const [icpc] = deadlines('icpc', [discussion, s47, concluded], '2025-03-01');
      expect(icpc).toMatchObject({ status: 'stopped', stoppedOn: '2025-01-20', breached: false });
      const needed = event('end', 'S47EnquiryConcluded', '2025-01-20', { outcome: 'ICPC_REQUIRED', nextStep: null });
      expect(deadlines('icpc', [discussion, s47, needed], '2025-03-01')[0]!.status).toBe('overdue');
    });

    it('ignores what happens after the as-of day', () => {
      expect(deadlines('icpc', [discussion, s47, event('c1', 'IcpcHeld', '2025-01-27')], '2025-01-20')[0]!.status).toBe('open');
    });
  });

  describe('child protection plan: first review in 3 months, then every 6 months', () => {
    const plan = event('cpp', 'ChildProtectionPlanStarted', '2024-10-31');
    const timeline = [
      plan,
      event('cg', 'CoreGroupHeld', '2024-11-12'),
      event('r1', 'ReviewConferenceHeld', '2025-01-30'),
      event('r2', 'ReviewConferenceHeld', '2025-08-01'),
    ];

    it('chains first and next reviews, each from the last conference, with months clamped', () => {
      const all = evaluateDeadlines({ timeline, asOf: '2026-02-10', rules });
      const reviews = all.filter((d) => d.ruleId === 'first-cp-review' || d.ruleId === 'next-cp-review');
      expect(reviews.map((d) => [d.ruleId, d.startedOn, d.dueOn, d.status])).toEqual([
        // 31 Oct + 3 months = 31 Jan 2025; held 30 Jan.
        ['first-cp-review', '2024-10-31', '2025-01-31', 'met'],
        // 30 Jan + 6 months = 30 Jul; held 1 Aug, two days late.
        ['next-cp-review', '2025-01-30', '2025-07-30', 'met_late'],
        // 1 Aug + 6 months = Sun 1 Feb 2026; as of Tue 10 Feb: 9 days, working days 2–6 and 9–10 Feb = 7.
        ['next-cp-review', '2025-08-01', '2026-02-01', 'overdue'],
      ]);
      expect(reviews[1]).toMatchObject({ daysOverdue: 2, workingDaysOverdue: 2, key: 'next-cp-review:r1' });
      expect(reviews[2]).toMatchObject({ daysOverdue: 9, workingDaysOverdue: 7, key: 'next-cp-review:r2' });
    });

    it('has the first core group within 10 working days of the plan', () => {
      // Thu 31 Oct 2024: 1 Nov (1) · 4–8 (6) · 11–14 (10) → Thu 14 Nov
      expect(deadlines('first-core-group', timeline, '2026-02-10')[0]).toMatchObject({ dueOn: '2024-11-14', status: 'met', metOn: '2024-11-12' });
    });

    it('stops every plan clock when the plan ends, recording a review already missed', () => {
      const ended = [...timeline, event('end', 'ChildProtectionPlanEnded', '2026-02-12')];
      const all = evaluateDeadlines({ timeline: ended, asOf: '2026-03-01', rules });
      expect(all.filter((d) => d.status === 'open' || d.status === 'overdue')).toEqual([]);
      const lastReview = all.filter((d) => d.ruleId === 'next-cp-review').at(-1);
      expect(lastReview).toMatchObject({ status: 'stopped', stoppedOn: '2026-02-12', breached: true, daysOverdue: 11 });
    });
  });

  describe('looked-after reviews: 20 working days, then 3 months, then 6 months', () => {
    it('follows the chain across Easter 2024 and New Year', () => {
      const timeline = [
        event('lac', 'BecameLookedAfter', '2024-03-04'),
        event('r1', 'LacReviewHeld', '2024-04-02'),
        event('r2', 'LacReviewHeld', '2024-06-28'),
      ];
      const all = evaluateDeadlines({ timeline, asOf: '2025-01-06', rules });
      const reviews = all.filter((d) => d.ruleId.endsWith('lac-review'));
      expect(reviews.map((d) => [d.ruleId, d.dueOn, d.status])).toEqual([
        // Mon 4 Mar + 20 WD = Wed 3 Apr (Good Friday and Easter Monday skipped).
        ['first-lac-review', '2024-04-03', 'met'],
        // 2 Apr + 3 months = 2 Jul.
        ['second-lac-review', '2024-07-02', 'met'],
        // 28 Jun + 6 months = 28 Dec; as of Mon 6 Jan 2025: 9 days; working days 30, 31 Dec, 2, 3, 6 Jan = 5.
        ['next-lac-review', '2024-12-28', 'overdue'],
      ]);
      expect(reviews[2]).toMatchObject({ daysOverdue: 9, workingDaysOverdue: 5 });
    });

    it('judges a 2011 case by the 1991 regulations: four weeks, not 20 working days', () => {
      const [before] = deadlines('first-lac-review', [event('lac', 'BecameLookedAfter', '2011-03-01')], '2011-12-31');
      expect(before).toMatchObject({ edition: 'rcc1991', dueOn: '2011-03-29' });
      expect(before!.source).toMatch(/1991/);
      // From 1 April 2011: Mon 4 Apr + 20 WD = Fri 6 May 2011 (Easter and the royal wedding skipped).
      const [after] = deadlines('first-lac-review', [event('lac', 'BecameLookedAfter', '2011-04-04')], '2011-12-31');
      expect(after).toMatchObject({ edition: 'cpr2010', dueOn: '2011-05-06' });
    });

    it('restarts when the child comes back into care', () => {
      const timeline = [
        event('lac1', 'BecameLookedAfter', '2024-03-04'),
        event('out', 'CeasedLookedAfter', '2024-03-20'),
        event('lac2', 'BecameLookedAfter', '2024-09-02'),
      ];
      const reviews = deadlines('first-lac-review', timeline, '2024-09-03');
      expect(reviews.map((d) => [d.key, d.status])).toEqual([
        ['first-lac-review:lac1', 'stopped'],
        ['first-lac-review:lac2', 'open'],
      ]);
    });
  });

  describe('effective dates, not recording dates', () => {
    const plan = event('cpp', 'ChildProtectionPlanStarted', '2025-02-03');

    it('a visit recorded late still meets its deadline if it happened in time', () => {
      // Mon 3 Feb 2025 + 10 WD = Mon 17 Feb; the visit happened Fri 14 Feb but was recorded on 20 Feb.
      const visit = event('v1', 'ChildProtectionVisitMade', '2025-02-14T15:00:00Z', seen, '2025-02-20T09:00:00Z');
      const visits = deadlines('cp-visit', [plan, visit], '2025-02-21');
      expect(visits[0]).toMatchObject({
        dueOn: '2025-02-17',
        status: 'met',
        metOn: '2025-02-14',
        metBy: { eventId: 'v1', on: '2025-02-14', recordedAt: '2025-02-20T09:00:00Z' },
      });
      // The next clock runs from the visit: Fri 14 Feb + 10 WD = Fri 28 Feb.
      expect(visits[1]).toMatchObject({ startedOn: '2025-02-14', dueOn: '2025-02-28', status: 'open' });
    });

    it('shows what a manager could see on a day before the late recording', () => {
      const visit = event('v1', 'ChildProtectionVisitMade', '2025-02-14', seen, '2025-02-20T09:00:00Z');
      const [first] = deadlines('cp-visit', [plan, visit], '2025-02-18', { knownOn: '2025-02-18' });
      expect(first).toMatchObject({ status: 'overdue', daysOverdue: 1, workingDaysOverdue: 1 });
    });

    it('orders events by when they happened, not by the stream', () => {
      // Stream order: the 27 Feb visit was recorded before the 14 Feb one.
      const timeline = [
        plan,
        event('v2', 'ChildProtectionVisitMade', '2025-02-27', seen, '2025-02-27T17:00:00Z'),
        event('v1', 'ChildProtectionVisitMade', '2025-02-14', seen, '2025-03-03T09:00:00Z'),
      ];
      expect(deadlines('cp-visit', timeline, '2025-03-04').map((d) => [d.dueOn, d.status, d.metBy?.eventId])).toEqual([
        ['2025-02-17', 'met', 'v1'],
        ['2025-02-28', 'met', 'v2'],
        // Thu 27 Feb + 10 WD = Thu 13 Mar.
        ['2025-03-13', 'open', undefined],
      ]);
    });

    it('does not count a visit where the child was not seen', () => {
      const visit = event('v1', 'ChildProtectionVisitMade', '2025-02-14', { childSeen: false });
      expect(deadlines('cp-visit', [plan, visit], '2025-02-21')[0]).toMatchObject({ status: 'overdue', daysOverdue: 4 });
    });
  });

  describe('statutory visits to a looked-after child (regulation 28)', () => {
    it('first visit within a week of the placement, then every 6 weeks', () => {
      const timeline = [event('lac', 'BecameLookedAfter', '2025-01-06'), event('v1', 'LacVisitMade', '2025-01-10', seen)];
      const all = evaluateDeadlines({ timeline, asOf: '2025-01-20', rules });
      expect(all.find((d) => d.ruleId === 'first-placement-visit')).toMatchObject({ dueOn: '2025-01-13', status: 'met' });
      // Fri 10 Jan + 42 days = Fri 21 Feb.
      expect(all.find((d) => d.ruleId === 'lac-visit')).toMatchObject({ startedOn: '2025-01-10', dueOn: '2025-02-21', status: 'open' });
    });

    const placedToEighteen = (occurredAt: string, data: Record<string, unknown>): TimelineEvent[] => [
      event('lac', 'BecameLookedAfter', occurredAt, data),
      event('v1', 'LacVisitMade', `${occurredAt.slice(0, 4)}-01-05`, seen),
      event('v2', 'LacVisitMade', `${occurredAt.slice(0, 4)}-12-01`, seen),
      event('v3', 'LacVisitMade', `${Number(occurredAt.slice(0, 4)) + 1}-01-10`, seen),
    ];

    it('moves to 3-monthly after the first year when the placement is meant to last until 18', () => {
      // A long-term foster placement (903 U4) is intended to last until 18.
      const visits = deadlines('lac-visit', placedToEighteen('2023-01-02', { placement: { place: 'U4' } }), '2024-02-01');
      expect(visits.map((d) => [d.startedOn, d.dueOn, d.status])).toEqual([
        ['2023-01-05', '2023-02-16', 'met_late'], // + 42 days
        ['2023-12-01', '2024-01-12', 'met'], // still in the placement's first year: + 42 days
        ['2024-01-10', '2024-04-10', 'open'], // a year after 2 Jan 2023: + 91 days
      ]);
      expect(visits[2]!.clockVariant).toMatch(/until 18/);
      // A short-term foster placement stays on 6-weekly visits after its first year.
      const shortTerm = deadlines('lac-visit', placedToEighteen('2023-01-02', { placement: { place: 'U6' } }), '2024-02-01');
      expect(shortTerm.at(-1)!.dueOn).toBe('2024-02-21');
    });

    it('allows 6-monthly visits in a long-term foster placement when the child agrees, from April 2015', () => {
      const longTerm = { placement: { place: 'U1' }, childAgreesToLessFrequentVisits: true };
      // 10 Jan 2024 + 183 days = 11 Jul 2024.
      expect(deadlines('lac-visit', placedToEighteen('2023-01-02', longTerm), '2024-02-01').at(-1)).toMatchObject({
        dueOn: '2024-07-11',
        edition: 'cpr2010-amended-2015',
      });
      // Before the 2015 amendment the same placement gets 3-monthly visits: 10 Jan 2014 + 91 days = 11 Apr 2014.
      expect(deadlines('lac-visit', placedToEighteen('2013-01-02', longTerm), '2014-02-01').at(-1)).toMatchObject({
        dueOn: '2014-04-11',
        edition: 'cpr2010',
      });
    });

    it('a placement move ends the visit cycle and starts a new first-week visit', () => {
      const timeline = [
        event('lac', 'BecameLookedAfter', '2025-01-06'),
        event('v1', 'LacVisitMade', '2025-01-10', seen),
        event('move', 'PlacementChanged', '2025-02-03'),
      ];
      const all = evaluateDeadlines({ timeline, asOf: '2025-02-05', rules });
      expect(all.find((d) => d.ruleId === 'lac-visit')).toMatchObject({ status: 'stopped', stoppedOn: '2025-02-03' });
      expect(all.filter((d) => d.ruleId === 'first-placement-visit').map((d) => [d.key, d.dueOn, d.status])).toEqual([
        ['first-placement-visit:lac', '2025-01-13', 'met'],
        ['first-placement-visit:move', '2025-02-10', 'open'],
      ]);
      // Placement plan for the new placement: Mon 3 Feb + 5 WD = Mon 10 Feb; the first one was stopped by the move.
      expect(all.filter((d) => d.ruleId === 'placement-plan').map((d) => [d.dueOn, d.status])).toEqual([
        ['2025-01-13', 'stopped'],
        ['2025-02-10', 'open'],
      ]);
    });
  });

  describe('health assessments by age', () => {
    it('6-monthly under 5, yearly from 5, judged on the day of the last assessment', () => {
      const timeline = [
        event('lac', 'BecameLookedAfter', '2024-05-20'),
        event('h1', 'HealthAssessmentRecorded', '2024-06-10'),
        event('h2', 'HealthAssessmentRecorded', '2024-12-05'),
        event('h3', 'HealthAssessmentRecorded', '2025-06-02'),
      ];
      const all = evaluateDeadlines({ timeline, asOf: '2025-06-03', rules, dateOfBirth: '2020-03-15' });
      // Mon 20 May 2024 + 20 WD (spring bank holiday 27 May skipped) = Tue 18 Jun.
      expect(all.find((d) => d.ruleId === 'initial-health-assessment')).toMatchObject({ dueOn: '2024-06-18', status: 'met' });
      expect(all.filter((d) => d.ruleId === 'health-review').map((d) => [d.startedOn, d.dueOn, d.status])).toEqual([
        ['2024-06-10', '2024-12-10', 'met'], // aged 4: + 6 months
        ['2024-12-05', '2025-06-05', 'met'], // aged 4: + 6 months
        ['2025-06-02', '2026-06-02', 'open'], // aged 5: + 12 months
      ]);
    });

    it('29 February + 12 months is 28 February', () => {
      const timeline = [event('lac', 'BecameLookedAfter', '2024-02-01'), event('h1', 'HealthAssessmentRecorded', '2024-02-29')];
      const all = evaluateDeadlines({ timeline, asOf: '2024-03-01', rules, dateOfBirth: '2010-01-01' });
      // Thu 1 Feb + 20 WD = Thu 29 Feb: met on the due date itself.
      expect(all.find((d) => d.ruleId === 'initial-health-assessment')).toMatchObject({ dueOn: '2024-02-29', status: 'met' });
      expect(all.find((d) => d.ruleId === 'health-review')).toMatchObject({ dueOn: '2025-02-28', clockVariant: 'aged 5 or over' });
    });

    it('takes the date of birth from event data when none is passed, the latest recorded winning', () => {
      const timeline = [
        event('c', 'ContactReceived', '2024-05-01', { child: { status: 'BORN', dateOfBirth: '2021-01-01' } }),
        event('dob', 'DateOfBirthRecorded', '2024-05-02', { dateOfBirth: '2010-01-01', wasUnborn: false }),
        event('lac', 'BecameLookedAfter', '2024-05-20'),
        event('h1', 'HealthAssessmentRecorded', '2024-06-10'),
      ];
      expect(deadlines('health-review', timeline, '2024-07-01')[0]).toMatchObject({ dueOn: '2025-06-10' });
    });
  });

  describe('clocks started by age', () => {
    it('starts the PEP on the fifth birthday of a child already in care', () => {
      const timeline = [event('lac', 'BecameLookedAfter', '2024-01-08')];
      const peps = deadlines('pep', timeline, '2026-09-20', { dateOfBirth: '2021-09-01' });
      // Tue 1 Sep 2026 + 10 WD = Tue 15 Sep; as of Sun 20 Sep: 5 days, working days 16–18 Sep = 3.
      expect(peps).toEqual([
        expect.objectContaining({ key: 'pep:birthday-5', startedOn: '2026-09-01', dueOn: '2026-09-15', status: 'overdue', daysOverdue: 5, workingDaysOverdue: 3 }),
      ]);
    });

    it('starts the PEP on entry to care when the date of birth is unknown', () => {
      expect(deadlines('pep', [event('lac', 'BecameLookedAfter', '2024-01-08')], '2024-01-09')).toHaveLength(1);
    });

    it("starts the pathway plan on an eligible child's 16th birthday, then 6-monthly reviews", () => {
      const timeline = [event('lac', 'BecameLookedAfter', '2022-01-10'), event('pp', 'PathwayPlanRecorded', '2024-09-30')];
      const all = evaluateDeadlines({ timeline, asOf: '2024-10-01', rules, dateOfBirth: '2008-07-10' });
      expect(all.find((d) => d.ruleId === 'pathway-plan')).toMatchObject({ key: 'pathway-plan:birthday-16', startedOn: '2024-07-10', dueOn: '2024-10-10', status: 'met' });
      expect(all.find((d) => d.ruleId === 'pathway-plan-review')).toMatchObject({ dueOn: '2025-03-30', status: 'open' });
    });

    it('starts the pathway plan when a 16-year-old comes into care, not on a birthday spent out of care', () => {
      const pathway = deadlines('pathway-plan', [event('lac', 'BecameLookedAfter', '2024-05-01')], '2024-06-01', { dateOfBirth: '2008-01-01' });
      expect(pathway.map((d) => [d.key, d.dueOn])).toEqual([['pathway-plan:lac', '2024-08-01']]);
    });
  });

  describe('other rules', () => {
    it('care proceedings: 26 weeks from issue, none before the 2014 limit existed', () => {
      // Tue 14 Jan 2025 + 182 days = Tue 15 Jul 2025.
      const [proceedings] = deadlines('care-proceedings', [event('cp', 'CareProceedingsIssued', '2025-01-14'), event('fo', 'FinalOrderMade', '2025-07-15')], '2025-08-01');
      expect(proceedings).toMatchObject({ dueOn: '2025-07-15', status: 'met' });
      expect(deadlines('care-proceedings', [event('cp', 'CareProceedingsIssued', '2013-01-14')], '2014-01-01')).toEqual([]);
    });

    it('assessment: 45 working days from a 2013 referral after 15 April, 10 before', () => {
      // Mon 15 Apr 2013 + 45 WD (6 and 27 May skipped) = Wed 19 Jun 2013.
      expect(deadlines('assessment', [event('r', 'ReferralOpened', '2013-04-15')], '2013-04-16')[0]).toMatchObject({ dueOn: '2013-06-19', edition: 'wt2013' });
      // Mon 4 Mar 2013 + 10 WD = Mon 18 Mar 2013 (initial assessment under Working Together 2010).
      expect(deadlines('assessment', [event('r', 'ReferralOpened', '2013-03-04')], '2013-03-05')[0]).toMatchObject({
        dueOn: '2013-03-18',
        edition: 'wt2010-initial-assessment',
      });
    });

    it('assessment stops when the referral ends in no further action', () => {
      const timeline = [event('r', 'ReferralOpened', '2025-03-03'), event('nfa', 'ReferralClosedNoFurtherAction', '2025-03-04')];
      expect(deadlines('assessment', timeline, '2025-06-01')[0]).toMatchObject({ dueOn: '2025-05-08', status: 'stopped', breached: false });
    });

    it('MASH: each contact needs its own decision; a decision naming a contact meets that one', () => {
      const timeline = [
        event('e1', 'ContactReceived', '2025-01-06T09:00:00Z', { contactId: 'c1' }),
        event('e2', 'ContactReceived', '2025-01-06T11:00:00Z', { contactId: 'c2' }),
        event('e3', 'MashDecisionMade', '2025-01-07', { contactId: 'c2' }),
      ];
      expect(deadlines('mash-decision', timeline, '2025-01-08').map((d) => [d.key, d.dueOn, d.status])).toEqual([
        ['mash-decision:e1', '2025-01-07', 'overdue'],
        ['mash-decision:e2', '2025-01-07', 'met'],
      ]);
      const unnamed = [...timeline.slice(0, 2), event('d', 'MashDecisionMade', '2025-01-07')];
      expect(deadlines('mash-decision', unnamed, '2025-01-08').map((d) => d.status)).toEqual(['met', 'overdue']);
      // A decision naming a contact that is not waiting meets nothing.
      const stray = [...timeline.slice(0, 2), event('d', 'MashDecisionMade', '2025-01-07', { contactId: 'c9' })];
      expect(deadlines('mash-decision', stray, '2025-01-08').map((d) => d.status)).toEqual(['overdue', 'overdue']);
    });

    it('MASH: a contact on Friday evening is due on Monday', () => {
      expect(deadlines('mash-decision', [event('c', 'ContactReceived', '2025-01-10T17:45:00Z')], '2025-01-10')[0]!.dueOn).toBe('2025-01-13');
    });

    it('uses the region of the calendar it is given', () => {
      const contact = [event('c', 'ContactReceived', '2024-12-31')];
      expect(deadlines('mash-decision', contact, '2024-12-31')[0]!.dueOn).toBe('2025-01-02');
      expect(deadlines('mash-decision', contact, '2024-12-31', { calendar: workingDayCalendar('scotland') })[0]!.dueOn).toBe('2025-01-03');
    });

    it('adoption A1 is dated from entry to care once adoption is the plan', () => {
      const timeline = [
        event('lac', 'BecameLookedAfter', '2023-01-10'),
        event('adm', 'AdoptionDecisionMade', '2023-06-01'),
        event('placed', 'PlacedForAdoption', '2024-02-01'),
      ];
      // 10 Jan 2023 + 426 days = 11 Mar 2024 (2024 is a leap year).
      expect(deadlines('adoption-a1', timeline, '2024-03-01')[0]).toMatchObject({ startedOn: '2023-01-10', dueOn: '2024-03-11', status: 'met', standard: 'national_indicator' });
      const reversed = [...timeline.slice(0, 2), event('rev', 'AdoptionDecisionReversed', '2023-09-01', { reason: 'OTHER' })];
      expect(deadlines('adoption-a1', reversed, '2024-06-01')[0]).toMatchObject({ status: 'stopped', breached: false });
    });

    it('supervision: a re-allocation does not restart the clock', () => {
      const timeline = [event('a1', 'CaseAllocated', '2025-01-06'), event('a2', 'CaseAllocated', '2025-01-20')];
      expect(deadlines('case-supervision', timeline, '2025-01-21').map((d) => d.dueOn)).toEqual(['2025-02-03']);
    });

    it("follows an authority's local standard", () => {
      const local = resolveRules({ localStandards: { 'cin-visit': { clock: { kind: 'days', amount: 20 }, source: 'Example Borough standard' } } });
      const [visit] = evaluateDeadlines({ timeline: [event('cin', 'CinPlanStarted', '2025-01-06')], asOf: '2025-01-07', rules: local }).filter(
        (d) => d.ruleId === 'cin-visit',
      );
      expect(visit).toMatchObject({ dueOn: '2025-01-26', source: 'Example Borough standard', standard: 'local' });
    });
  });

  it('gives every deadline a stable, unique key and its source', () => {
    const timeline = [
      event('c', 'ContactReceived', '2024-03-01'),
      event('r', 'ReferralOpened', '2024-03-01'),
      event('sd', 'StrategyDiscussionHeld', '2024-03-04'),
      event('s47', 'S47EnquiryStarted', '2024-03-04'),
      event('icpc', 'IcpcHeld', '2024-03-20'),
      event('cpp', 'ChildProtectionPlanStarted', '2024-03-20'),
      event('v1', 'ChildProtectionVisitMade', '2024-03-28', seen),
      event('v2', 'ChildProtectionVisitMade', '2024-04-10', seen),
      event('lac', 'BecameLookedAfter', '2024-05-01'),
    ];
    const first = evaluateDeadlines({ timeline, asOf: '2024-06-01', rules });
    const second = evaluateDeadlines({ timeline, asOf: '2024-06-01', rules });
    expect(second).toEqual(first);
    expect(new Set(first.map((d) => d.key)).size).toBe(first.length);
    for (const deadline of first) expect(deadline.source.length).toBeGreaterThan(10);
  });

  it('refuses a malformed as-of date', () => {
    expect(() => evaluateDeadlines({ timeline: [], asOf: '01/06/2024', rules })).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});
