import { describeState, fold } from '@cje/journey';
import { command, steps } from '../../../../../libs/journey/src/testing/journey-fixtures.contract.js';
import { toJourneyEvent } from '../../children/child-record.js';
import { replayAsAt } from './as-at.js';
import { recordedStream } from './recorded-stream.contract.js';

/**
 * A referral on 7 January; an assessment recorded on 20 January as started that day; on 5 March a manager corrects
 * the start to 9 January. Meanwhile the child was seen on 10 January, typed up on 14 January.
 */
const stream = () =>
  recordedStream('c1', [
    { command: steps.contact('2025-01-06'), recordedAt: '2025-01-06T10:00:00.000Z' },
    { command: steps.refer('2025-01-06'), recordedAt: '2025-01-06T15:00:00.000Z' },
    { command: steps.openReferral('2025-01-07'), recordedAt: '2025-01-07T09:00:00.000Z' },
    { command: command('StartAssessment', '2025-01-20', { assessmentId: 'a1' }, { commandId: 'start' }), recordedAt: '2025-01-20T11:00:00.000Z' },
    { command: command('RecordChildSeenForAssessment', '2025-01-21', { assessmentId: 'a1', seenAlone: true }, { commandId: 'seen' }), recordedAt: '2025-01-24T16:30:00.000Z' },
    {
      command: command('CorrectEvent', '2025-03-05', { eventId: 'start:0', data: { assessmentId: 'a1' }, occurredAt: '2025-01-09', reason: 'Started on the 9th' }, { commandId: 'fix' }),
      recordedAt: '2025-03-05T12:00:00.000Z',
    },
  ]);

const at = (effective?: string, known?: string) => replayAsAt(stream(), { effective, known: known ? new Date(known) : undefined });
const described = (effective?: string, known?: string) => describeState(at(effective, known).journey);

describe('replay as at a date', () => {
  it('with no date at all is the whole log: the same journey as folding every event', () => {
    const whole = at();
    expect(whole.journey.context).toEqual(fold(stream().map(toJourneyEvent)).context);
    expect(whole).toMatchObject({ eventsKnown: 6, eventsApplied: 5, revisionKnown: 5, issues: [] });
  });

  it('as at an effective date, as known now: applies today’s corrections to the past', () => {
    expect(described('2025-01-15')).toMatchObject({ stage: 'ASSESSMENT', keyDates: { assessmentStarted: '2025-01-09' } });
  });

  it('as known before the correction: the assessment had not started by 15 January', () => {
    const state = described('2025-01-15', '2025-03-01T00:00:00Z');
    expect(state).toMatchObject({ stage: 'REFERRAL', keyDates: { referralDate: '2025-01-07', assessmentStarted: null } });
  });

  it('as known before the correction, by the end of January: started on the 20th, as first recorded', () => {
    expect(described('2025-01-31', '2025-03-01T00:00:00Z').keyDates.assessmentStarted).toBe('2025-01-20');
    expect(described('2025-01-31').keyDates.assessmentStarted).toBe('2025-01-09');
  });

  it('knows only what had been recorded by then, even of what had happened', () => {
    const replay = at('2025-01-31', '2025-01-22T00:00:00Z');
    expect(replay).toMatchObject({ eventsKnown: 4, eventsApplied: 4, revisionKnown: 3 });
    expect(replay.journey.context.episode?.assessments[0]?.seenOn ?? null).toBeNull();
    const later = at('2025-01-31', '2025-01-25T00:00:00Z');
    expect(later.journey.context.episode?.assessments[0]?.seenOn).toBe('2025-01-21');
  });

  it('before anything was recorded, knows nothing', () => {
    expect(at(undefined, '2025-01-01T00:00:00Z')).toMatchObject({ eventsKnown: 0, eventsApplied: 0, revisionKnown: -1 });
    expect(described(undefined, '2025-01-01T00:00:00Z').stage).toBe('NO_INVOLVEMENT');
  });

  it('drops a voided event from every date on which the void is known', () => {
    const voided = recordedStream('c2', [
      { command: steps.contact('2025-01-06'), recordedAt: '2025-01-06T10:00:00.000Z' },
      { command: steps.refer('2025-01-06'), recordedAt: '2025-01-06T15:00:00.000Z' },
      { command: command('OpenReferral', '2025-01-07', { primaryNeed: 'N1' }, { commandId: 'open' }), recordedAt: '2025-01-07T09:00:00.000Z' },
      { command: command('VoidEvent', '2025-01-08', { eventIds: ['open:0'], reason: 'Wrong child' }, { commandId: 'void' }), recordedAt: '2025-01-08T09:00:00.000Z' },
    ]);
    expect(describeState(replayAsAt(voided, { effective: '2025-01-07' }).journey).stage).toBe('AWAITING_REFERRAL');
    expect(describeState(replayAsAt(voided, { effective: '2025-01-07', known: new Date('2025-01-07T23:00:00Z') }).journey).stage).toBe('REFERRAL');
  });
});
