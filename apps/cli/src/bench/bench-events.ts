import type { NewEvent } from '@cje/event-store';

const ACTOR = { userId: 'bench-user-1', role: 'social-worker', team: 'bench-team' } as const;

/**
 * Events shaped like a real visit record (about 300 bytes of data), made before the clock starts so both sides of
 * a comparison spend their time on storage alone. Ids only: no personal data, even made-up.
 */
export function benchEvents(prefix: string, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    type: 'CinVisitMade',
    data: {
      visitId: `${prefix}-visit-${i}`,
      childSeen: true,
      childSeenAlone: i % 3 === 0,
      visitType: 'home',
      workerId: 'bench-user-1',
      outcome: 'plan-on-track',
      summaryCode: 'V01',
      notesRef: `doc-${prefix}-${i}`,
      followUps: [{ kind: 'school-contact', dueInDays: 10 }],
    },
    metadata: {
      occurredAt: '2025-03-04T09:30:00.000Z',
      actor: ACTOR,
      correlationId: `${prefix}-corr-${i}`,
      causationId: `${prefix}-cmd-${i}`,
      schemaVersion: 1,
      machineVersion: 1,
    },
  }));
}
