import type { DecideContext } from '../decide.js';
import { isWeekend } from '../dates.js';
import type { JourneyActor, JourneyCommand, JourneyCommandDataMap, JourneyCommandOf, JourneyCommandType } from '../journey-command.js';

/** Test calendar: weekdays except the England and Wales bank holidays of 2025 and 2026. */
const BANK_HOLIDAYS = new Set([
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
]);
export const isWorkingDay = (date: string): boolean => !isWeekend(date) && !BANK_HOLIDAYS.has(date);

export const NOW = '2026-12-31T17:00:00Z';
export const CTX: DecideContext = { now: NOW, isWorkingDay };

export const CHILD_ID = 'child-1';
export const WORKER: JourneyActor = { userId: 'sw-1', role: 'SOCIAL_WORKER', team: 'team-a' };
export const MANAGER: JourneyActor = { userId: 'tm-1', role: 'TEAM_MANAGER', team: 'team-a' };

let sequence = 0;
/** A command of any type with sensible envelope defaults; tests give the data. */
export function command<T extends JourneyCommandType>(
  type: T,
  occurredAt: string,
  data: JourneyCommandDataMap[T],
  options: { actor?: JourneyActor; commandId?: string; childId?: string } = {},
): JourneyCommand {
  sequence += 1;
  const built: JourneyCommandOf<T> = {
    type,
    commandId: options.commandId ?? `cmd-${sequence}`,
    childId: options.childId ?? CHILD_ID,
    occurredAt,
    actor: options.actor ?? (type === 'AuthoriseAssessment' ? MANAGER : WORKER),
    data,
  };
  return built as JourneyCommand;
}

/** The placement most tests use: an in-house foster placement with other carers. */
export const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true } as const;

/** Ready-made command sequences for reaching a stage (dates ascend from Monday 6 January 2025). */
export const steps = {
  contact: (on = '2025-01-06', contactId = 'c1', dateOfBirth: string | null = '2015-03-01') =>
    command('RecordContact', on, { contactId, source: '2A', child: { status: 'BORN', dateOfBirth }, concerns: 'School raised concerns' }),
  unbornContact: (on = '2025-01-06', contactId = 'c1') =>
    command('RecordContact', on, { contactId, source: '3B', child: { status: 'UNBORN', expectedDateOfBirth: '2025-06-01' }, concerns: 'Pre-birth concerns' }),
  refer: (on = '2025-01-06', contactId = 'c1') =>
    command('RecordMashDecision', on, { contactId, decision: 'REFER_TO_CSC', checks: ['POLICE', 'HEALTH'] }),
  openReferral: (on = '2025-01-07') => command('OpenReferral', on, { primaryNeed: 'N1' }),
  startAssessment: (on = '2025-01-08', assessmentId = 'a1') => command('StartAssessment', on, { assessmentId }),
  seeChild: (on = '2025-01-09', assessmentId = 'a1') => command('RecordChildSeenForAssessment', on, { assessmentId, seenAlone: true }),
  completeAssessment: (on = '2025-01-20', assessmentId = 'a1') => command('CompleteAssessment', on, { assessmentId }),
  authoriseAssessment: (on = '2025-01-21', assessmentId = 'a1', outcome: JourneyCommandDataMap['AuthoriseAssessment']['outcome'] = 'CIN_PLAN') =>
    command('AuthoriseAssessment', on, { assessmentId, factors: ['3B', '4B'], outcome }),
  strategyDiscussion: (on = '2025-01-08', outcome: 'S47_ENQUIRY' | 'NO_S47' = 'S47_ENQUIRY') =>
    command('HoldStrategyDiscussion', on, { outcome, agencies: ['CSC', 'POLICE', 'HEALTH'] }),
  startS47: (on = '2025-01-08') => command('StartS47Enquiry', on, {}),
  concludeS47: (on = '2025-01-15', outcome: 'ICPC_REQUIRED' | 'ICPC_NOT_REQUIRED' = 'ICPC_REQUIRED') =>
    command('ConcludeS47Enquiry', on, { outcome }),
  scheduleIcpc: (on = '2025-01-16', conferenceDate = '2025-01-27') => command('ScheduleIcpc', on, { conferenceDate }),
  holdIcpc: (on = '2025-01-27', outcome: 'PLAN' | 'NO_PLAN' = 'PLAN', category: 'NEG' | 'PHY' | 'SAB' | 'EMO' | 'MUL' | undefined = 'NEG') =>
    command('HoldIcpc', on, outcome === 'PLAN' ? { outcome, category } : { outcome }),
  becomeLookedAfter: (on = '2025-02-03', legalStatus: JourneyCommandDataMap['BecomeLookedAfter']['legalStatus'] = 'V2') =>
    command('BecomeLookedAfter', on, { legalStatus, placement: FOSTER, categoryOfNeed: 'N1' }),
  close: (on = '2025-03-03', reason: JourneyCommandDataMap['CloseCase']['reason'] = 'RC7') => command('CloseCase', on, { reason }),
};

/** Contact → MASH referral → referral open. */
export const openCase = (): JourneyCommand[] => [steps.contact(), steps.refer(), steps.openReferral()];
/** An open case with a strategy discussion, s47 enquiry concluded "ICPC required" and the ICPC scheduled. */
export const icpcScheduled = (): JourneyCommand[] => [
  ...openCase(),
  steps.strategyDiscussion(),
  steps.startS47(),
  steps.concludeS47(),
  steps.scheduleIcpc(),
];
/** A child on a child protection plan (neglect) from an ICPC on Monday 27 January 2025. */
export const onProtectionPlan = (): JourneyCommand[] => [...icpcScheduled(), steps.holdIcpc()];
/** A looked-after child (s20, foster care) from Monday 3 February 2025. */
export const lookedAfter = (): JourneyCommand[] => [...openCase(), steps.becomeLookedAfter()];
