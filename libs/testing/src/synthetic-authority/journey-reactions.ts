import type { JourneyEventDraft, JourneyEventType } from '@cje/journey';
import type { AuthoritySimulation } from './authority-simulation.js';
import type { SimulatedChild } from './simulated-child.js';
import { maybeClose, onAllocated, onCaseClosed, onDeallocated, onReferralOpened } from './episode-work.js';
import { startCinPlanTrack } from './cin-plan.js';
import { startChildProtectionPlan } from './child-protection.js';
import { onBorn } from './looked-after.js';

/** Events after which the case may now be free to close (closure waits for every piece of work to end). */
const WORK_ENDED: ReadonlySet<JourneyEventType> = new Set<JourneyEventType>([
  'AssessmentAuthorised',
  'S47EnquiryConcluded',
  'IcpcHeld',
  'CinPlanEnded',
  'ChildProtectionPlanEnded',
  'CeasedLookedAfter',
  'FinalOrderMade',
  'CareProceedingsWithdrawn',
  'ReferralClosedNoFurtherAction',
  'CareLeaverServicesEnded',
]);

/**
 * What the journey recorded sets the story's next steps. Reacting to the events (not to the commands) catches the
 * steps one command records for another: a review conference that steps a plan down starts a CIN plan, an
 * emergency strategy discussion opens the referral, an ICPC starts the plan.
 */
export function reactToEvents(sim: AuthoritySimulation, child: SimulatedChild, events: readonly JourneyEventDraft[], day: number): void {
  let workEnded = false;
  for (const event of events) {
    switch (event.type) {
      case 'ReferralOpened':
        onReferralOpened(sim, child, day, event.data.emergency);
        break;
      case 'CaseAllocated': {
        const previous = child.allocatedWorker;
        child.allocatedWorker = event.data.workerId;
        onAllocated(sim, child, day, previous, event.data.workerId);
        break;
      }
      case 'CaseDeallocated': {
        const previous = child.allocatedWorker;
        child.allocatedWorker = null;
        onDeallocated(sim, child, day, previous);
        break;
      }
      case 'CaseClosed': {
        const previous = child.allocatedWorker;
        child.allocatedWorker = null;
        onCaseClosed(sim, child, day, previous);
        break;
      }
      case 'CinPlanStarted':
        startCinPlanTrack(sim, child, day, event.data.fromChildProtectionPlan);
        break;
      case 'ChildProtectionPlanStarted':
        startChildProtectionPlan(sim, child, day);
        break;
      case 'DateOfBirthRecorded':
        onBorn(sim, child, day);
        break;
      default:
        if (WORK_ENDED.has(event.type)) workEnded = true;
    }
  }
  if (workEnded) maybeClose(sim, child, day);
}
