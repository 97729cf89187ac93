import { command, steps } from '../../../../../libs/journey/src/testing/journey-fixtures.contract.js';
import { caseHistory } from './case-history.js';
import { recordedStream } from './recorded-stream.contract.js';

const manager = { userId: 'tm.north', role: 'team_manager', team: 'north' };
const worker = { userId: 'sw.north', role: 'social_worker', team: 'north' };

const stream = () =>
  recordedStream('c1', [
    { command: steps.contact('2025-01-06'), recordedAt: '2025-01-06T10:00:00.000Z', actor: worker },
    { command: steps.refer('2025-01-06'), recordedAt: '2025-01-06T15:00:00.000Z', actor: worker },
    { command: command('OpenReferral', '2025-01-07', { primaryNeed: 'N1' }, { commandId: 'open' }), recordedAt: '2025-01-07T09:00:00.000Z', actor: worker },
    { command: command('StartAssessment', '2025-01-20', { assessmentId: 'a1' }, { commandId: 'start' }), recordedAt: '2025-01-20T11:00:00.000Z', actor: worker },
    { command: command('RecordChildSeenForAssessment', '2025-01-21', { assessmentId: 'a1', seenAlone: true }, { commandId: 'seen' }), recordedAt: '2025-01-21T17:00:00.000Z', actor: worker },
    {
      command: command('CorrectEvent', '2025-03-05', { eventId: 'start:0', data: { assessmentId: 'a1' }, occurredAt: '2025-01-09', reason: 'Started on the 9th' }, { commandId: 'fix' }),
      recordedAt: '2025-03-05T12:00:00.000Z',
      actor: manager,
    },
    {
      command: command('CorrectEvent', '2025-03-06', { eventId: 'seen:0', data: { assessmentId: 'a1', seenAlone: false }, reason: 'A parent was present throughout' }, { commandId: 'alone' }),
      recordedAt: '2025-03-06T12:00:00.000Z',
      actor: manager,
    },
  ]);

describe('a child’s case history', () => {
  it('lists every event in the order recorded, with effective and recorded times, actor and command', () => {
    const history = caseHistory(stream());
    expect(history.revision).toBe(6);
    expect(history.entries.map((e) => [e.type, e.status])).toEqual([
      ['ContactReceived', 'recorded'],
      ['MashDecisionMade', 'recorded'],
      ['ReferralOpened', 'recorded'],
      ['AssessmentStarted', 'corrected'],
      ['ChildSeenForAssessment', 'corrected'],
      ['EventCorrected', 'correction'],
      ['EventCorrected', 'correction'],
    ]);
    expect(history.entries[0]).toMatchObject({
      occurredAt: '2025-01-06',
      recordedAt: '2025-01-06T10:00:00.000Z',
      actor: worker,
      revision: 0,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('shows a corrected event’s original and corrected values, and who corrected it, when and why', () => {
    const started = caseHistory(stream()).entries.find((e) => e.eventId === 'start:0');
    expect(started).toMatchObject({
      status: 'corrected',
      original: { occurredAt: '2025-01-20', data: { assessmentId: 'a1' } },
      current: { occurredAt: '2025-01-09', data: { assessmentId: 'a1' } },
      corrections: [
        {
          eventId: 'fix:0',
          type: 'EventCorrected',
          actor: manager,
          recordedAt: '2025-03-05T12:00:00.000Z',
          reason: 'Started on the 9th',
          correctedOccurredAt: '2025-01-09',
          applied: true,
        },
      ],
    });
    const seen = caseHistory(stream()).entries.find((e) => e.eventId === 'seen:0');
    expect(seen).toMatchObject({ original: { data: { seenAlone: true } }, current: { occurredAt: '2025-01-21', data: { seenAlone: false } } });
  });

  it('shows each correction in its own place, naming what it corrects', () => {
    const fix = caseHistory(stream()).entries.find((e) => e.eventId === 'fix:0');
    expect(fix).toMatchObject({ status: 'correction', corrects: { eventId: 'start:0', type: 'AssessmentStarted' }, reason: 'Started on the 9th', actor: manager });
  });

  it('shows a voided event struck out, with the void against it', () => {
    const voided = recordedStream('c2', [
      { command: steps.contact('2025-01-06'), recordedAt: '2025-01-06T10:00:00.000Z' },
      { command: steps.refer('2025-01-06'), recordedAt: '2025-01-06T15:00:00.000Z' },
      { command: command('OpenReferral', '2025-01-07', { primaryNeed: 'N1' }, { commandId: 'open' }), recordedAt: '2025-01-07T09:00:00.000Z' },
      { command: command('VoidEvent', '2025-01-08', { eventIds: ['open:0'], reason: 'Wrong child' }, { commandId: 'void' }), recordedAt: '2025-01-08T09:00:00.000Z', actor: manager },
    ]);
    expect(caseHistory(voided).entries.find((e) => e.eventId === 'open:0')).toMatchObject({
      status: 'voided',
      current: null,
      corrections: [{ type: 'EventVoided', reason: 'Wrong child', actor: manager, applied: true }],
    });
  });

  it('orders by effective date when asked, corrected dates counting', () => {
    const ordered = caseHistory(stream(), 'effective').entries.map((e) => e.eventId);
    expect(ordered.indexOf('start:0')).toBeLessThan(ordered.indexOf('fix:0'));
    expect(ordered.slice(0, 4)).toEqual([expect.stringMatching(/:0$/), expect.any(String), 'open:0', 'start:0']);
  });
});
