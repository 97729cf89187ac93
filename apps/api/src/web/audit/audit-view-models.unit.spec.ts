import type { HistoryView } from '../../audit/http/audit-views.dto.js';
import { accessLogRows, beforeParam, dateFromParts, historyItems } from './audit-view-models.js';
import { codeWithLabel, eventFacts } from './event-details.js';
import { PRIMARY_NEEDS } from '@cje/journey';

const actor = (userId: string, role: string, team: string) => ({ userId, role, team });

describe('the audit pages’ view of a child', () => {
  it('shows codes with their DfE labels, dates in the GOV.UK style, and yes or no', () => {
    expect(eventFacts('ReferralOpened', { source: '6', primaryNeed: 'N1', reReferral: false, previousReferralDate: '2024-03-05', contactIds: ['c1', 'c2'] })).toEqual([
      { key: 'source', label: 'Referral source', value: 'Police (6)' },
      { key: 'primaryNeed', label: 'Primary need', value: 'Abuse or neglect (N1)' },
      { key: 'reReferral', label: 'Re-referral', value: 'No' },
      { key: 'previousReferralDate', label: 'Previous referral', value: '5 March 2024' },
      { key: 'contactIds', label: 'Contacts', value: 'c1, c2' },
    ]);
    // The same field name means a different list on a different event.
    expect(eventFacts('CaseClosed', { reason: 'RC7' })[0]?.value).toMatch(/\(RC7\)$/);
    expect(eventFacts('CaseDeallocated', { reason: 'Worker left' })[0]?.value).toBe('Worker left');
    expect(eventFacts('BecameLookedAfter', { placement: { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 3, insideLocalAuthority: true } })[0]?.value).toMatch(
      /^Placement type: .+ \(U6\); Placement provider: .+ \(PR1\); Distance from home \(miles\): 3; Inside the authority’s area: Yes$/,
    );
    expect(eventFacts('ContactReceived', { child: { status: 'UNBORN', expectedDateOfBirth: '2025-05-01' } })[0]?.value).toBe('Unborn, expected 1 May 2025');
    expect(codeWithLabel(PRIMARY_NEEDS, 'N99')).toBe('N99 (not a known code)');
  });

  it('keeps the original of a corrected event and links the correction both ways', () => {
    const history: HistoryView = {
      childId: 'c',
      revision: 1,
      order: 'recorded',
      entries: [
        {
          eventId: 'e0',
          type: 'AssessmentStarted',
          revision: 0,
          position: 10,
          occurredAt: '2025-01-20',
          recordedAt: '2025-01-20T10:00:00.000Z',
          actor: actor('sw.north', 'social_worker', 'north'),
          commandId: 'k0',
          requestId: 'r0',
          data: { assessmentId: 'a1' },
          status: 'corrected',
          original: { occurredAt: '2025-01-20', data: { assessmentId: 'a1' } },
          current: { occurredAt: '2025-01-09', data: { assessmentId: 'a1' } },
          corrections: [
            {
              eventId: 'e1',
              type: 'EventCorrected',
              recordedAt: '2025-02-03T09:00:00.000Z',
              occurredAt: '2025-02-03',
              actor: actor('tm.north', 'team_manager', 'north'),
              reason: 'Started on the 9th',
              correctedData: { assessmentId: 'a1' },
              correctedOccurredAt: '2025-01-09',
              applied: true,
            },
          ],
          hash: 'h0',
        },
        {
          eventId: 'e1',
          type: 'EventCorrected',
          revision: 1,
          position: 11,
          occurredAt: '2025-02-03',
          recordedAt: '2025-02-03T09:00:00.000Z',
          actor: actor('tm.north', 'team_manager', 'north'),
          commandId: 'k1',
          requestId: 'r1',
          data: {},
          status: 'correction',
          corrects: { eventId: 'e0', type: 'AssessmentStarted' },
          reason: 'Started on the 9th',
          hash: 'h1',
        },
      ],
    };
    const [started, correction] = historyItems(history);
    expect(started).toMatchObject({
      label: 'Assessment started',
      tag: { text: 'Corrected' },
      original: { occurredAt: '2025-01-20', facts: [{ label: 'Assessment', value: 'a1' }] },
      current: { occurredAt: '2025-01-09' },
      notes: [{ kind: 'Corrected', anchor: 'event-1', actor: { userId: 'tm.north', role: 'Team manager', team: 'north' }, correctedOccurredAt: '2025-01-09' }],
    });
    expect(correction).toMatchObject({ label: 'Correction to Assessment started', correction: true, corrects: { anchor: 'event-0', label: 'Assessment started' }, facts: [] });
  });

  it('reads the GOV.UK date input, and says what is wrong with a date', () => {
    expect(dateFromParts('d', 'The date', { day: '8', month: '1', year: '2025' })).toEqual({ date: '2025-01-08' });
    expect(dateFromParts('d', 'The date', { day: '', month: '', year: '' })).toEqual({});
    expect(dateFromParts('d', 'The date', { day: '8', month: '', year: '' }).error?.text).toBe('The date must include a month and a year');
    expect(dateFromParts('d', 'The date', { day: '31', month: '2', year: '2025' }).error?.text).toBe('The date must be a real date, for example 15 1 2025');
    expect(dateFromParts('d', 'The date', { day: 'x', month: '2', year: '25' }).error?.field).toBe('d');
  });

  it('pages the access log only from a positive whole number, and names what was read', () => {
    expect(beforeParam(undefined)).toEqual({});
    expect(beforeParam('42')).toEqual({ before: 42 });
    for (const bad of ['0', '-1', '1.5', 'abc', ['1', '2']]) expect(beforeParam(bad).error).toMatch(/whole number/);
    const [row] = accessLogRows([{ seq: 1, id: 'i', at: 'now', userId: 'auditor', role: 'auditor', team: 'qa', childId: 'c', view: 'as-at', requestId: 'r', prevHash: '', hash: 'h' }]);
    expect(row).toMatchObject({ viewLabel: 'Case as at a date', roleLabel: 'Auditor' });
  });
});
