import type { RecordedEvent } from '@cje/event-store';
import { accessFactsOf, emptyChildRecord, withRecordedEvents } from './child-record.js';

let position = 0;
const recorded = (revision: number, commandId: string, index: number, type: string, data: Record<string, unknown>, team: string, occurredAt: string): RecordedEvent => ({
  id: `${commandId}:${index}`,
  type,
  data,
  metadata: {
    streamId: 'child-k1',
    revision,
    position: (position += 1),
    occurredAt,
    recordedAt: '2025-02-01T10:00:00.000Z',
    actor: { userId: `someone.${team}`, role: 'social_worker', team },
    correlationId: 'request',
    causationId: commandId,
    schemaVersion: 1,
    machineVersion: 1,
    prevHash: '',
    hash: 'h',
  },
});

const contact = recorded(0, 'cmd-1', 0, 'ContactReceived', { contactId: 'c1', childId: 'k1', source: '2A', child: { status: 'BORN', dateOfBirth: '2019-04-12' }, concerns: 'x' }, 'mash', '2025-01-06');
const decision = recorded(1, 'cmd-2', 0, 'MashDecisionMade', { contactId: 'c1', decision: 'REFER_TO_CSC', checks: [], emergency: false, linkedToOpenEpisode: false }, 'mash', '2025-01-06');
const referral = recorded(2, 'cmd-3', 0, 'ReferralOpened', { episodeNumber: 1, contactIds: ['c1'], source: '2A', primaryNeed: 'N1', reReferral: false, previousReferralDate: null, emergency: false }, 'mash', '2025-01-07');
const allocation = recorded(3, 'cmd-4', 0, 'CaseAllocated', { workerId: 'sw.north', teamId: 'north' }, 'mash', '2025-01-07');

describe('a child’s record on the command side', () => {
  it('is owned by the team that recorded the first event until the case is allocated', () => {
    const front = withRecordedEvents(emptyChildRecord('k1'), [contact, decision, referral]);
    expect(accessFactsOf(front).owningTeam).toBe('mash');
    const allocated = withRecordedEvents(front, [allocation]);
    expect(accessFactsOf(allocated).owningTeam).toBe('north');
    expect(allocated.firstRecordedByTeam).toBe('mash');
  });

  it('remembers what each command recorded, for answering it again', () => {
    const record = withRecordedEvents(withRecordedEvents(emptyChildRecord('k1'), [contact]), [decision, referral]);
    expect(record.revision).toBe(2);
    expect(record.position).toBe(referral.metadata.position);
    expect(record.commands.get('cmd-2')).toEqual({ commandId: 'cmd-2', revision: 1, position: decision.metadata.position, events: [{ id: 'cmd-2:0', type: 'MashDecisionMade', occurredAt: '2025-01-06' }] });
    expect(record.journey.events).toHaveLength(3);
    expect(record.journey.issues).toEqual([]);
  });

  it('folds to the same journey whether the events come at once or a few at a time', () => {
    const atOnce = withRecordedEvents(emptyChildRecord('k1'), [contact, decision, referral, allocation]);
    const stepwise = [contact, decision, referral, allocation].reduce((r, e) => withRecordedEvents(r, [e]), emptyChildRecord('k1'));
    expect(stepwise.journey.context).toEqual(atOnce.journey.context);
    expect(stepwise.journey.value).toEqual(atOnce.journey.value);
  });
});
