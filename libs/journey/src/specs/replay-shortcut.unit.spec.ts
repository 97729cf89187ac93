import { V1_STREAM } from '../fixtures/v1-stream.js';
import type { MachineEvent } from '../journey-event.js';
import { CONTEXT_ONLY_EVENTS, effectiveEvents, initialSnapshot, pureTransition, recordOnly, type JourneySnapshot } from '../journey-state.js';
import { upcastEvent } from '../upcasters.js';

/**
 * Replay takes a short cut for events the machine only records (visits, reviews, plans): the rules check and the
 * context update, without a full XState macrostep. Given any history, when a recorded event comes, then the short
 * cut and the machine agree on the resulting state value, tags and context — or the short cut declines.
 */
describe('the record-only replay short cut', () => {
  const history = effectiveEvents(V1_STREAM.map((e) => upcastEvent(e))).events;

  it('covers the events that never move the state, and none that do', () => {
    expect([...CONTEXT_ONLY_EVENTS]).toEqual(expect.arrayContaining(['LacVisitMade', 'ChildProtectionVisitMade', 'CoreGroupHeld', 'SupervisionRecorded', 'CarePlanRecorded']));
    for (const moving of ['ContactReceived', 'ReferralOpened', 'IcpcHeld', 'BecameLookedAfter', 'CaseClosed', 'AdoptionOrderGranted', 'CeasedLookedAfter']) {
      expect(CONTEXT_ONLY_EVENTS.has(moving)).toBe(false);
    }
  });

  it('gives the machine’s own snapshot at every point of a recorded stream, for every record-only event type', () => {
    let snapshot: JourneySnapshot = initialSnapshot();
    let compared = 0;
    for (const event of history) {
      // Offer each record-only event at this point of the history, whether or not it belongs here.
      for (const type of CONTEXT_ONLY_EVENTS) {
        const probe = { ...event, id: `probe-${type}`, type, data: sampleData(type) } as MachineEvent;
        const shortCut = recordOnly(snapshot, probe);
        const machine = pureTransition(snapshot, probe);
        if (shortCut === null) continue;
        compared++;
        expect(shortCut.value).toEqual(machine.value);
        expect([...shortCut.tags].sort()).toEqual([...machine.tags].sort());
        expect(shortCut.context).toEqual(machine.context);
      }
      snapshot = recordOnly(snapshot, event) ?? pureTransition(snapshot, event);
    }
    expect(compared).toBeGreaterThan(50);
  });
});

function sampleData(type: string): Record<string, unknown> {
  switch (type) {
    case 'LacVisitMade':
    case 'ChildProtectionVisitMade':
    case 'CinVisitMade':
      return { childSeen: true, seenAlone: true };
    case 'SupervisionRecorded':
      return { supervisorId: 'tm-2' };
    case 'ChildSeenForAssessment':
      return { assessmentId: 'sa-1', seenAlone: false };
    case 'HealthAssessmentRecorded':
      return { kind: 'REVIEW' };
    case 'CategoryOfAbuseChanged':
      return { category: 'NEG' };
    case 'ReviewConferenceHeld':
      return { planContinues: true };
    case 'LacReviewHeld':
      return { participation: 'PN1' };
    case 'DateOfBirthRecorded':
      return { dateOfBirth: '2025-03-18', wasUnborn: true };
    case 'LegalStatusChanged':
      return { legalStatus: 'C2', reasonNewEpisode: 'L' };
    case 'PlacementChanged':
      return { placement: { place: 'U4', provider: 'PR1', distanceFromHomeMiles: 2, insideLocalAuthority: true }, sameCarer: false, reasonPlaceChange: 'CARPL', newLegalStatus: null, reasonNewEpisode: 'P' };
    case 'CareLeaverContactRecorded':
      return { inTouch: 'YES' };
    default:
      return {};
  }
}
