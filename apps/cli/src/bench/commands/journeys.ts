/**
 * Realistic journeys for the command benchmark, as HTTP steps. The mix follows the proportions of a year in an
 * English authority (most contacts stop at the front door; fewer children reach a plan, fewer still care): about
 * 11 commands per child on average, dated in 2025 so none is in the future.
 */
export type Actor = 'worker' | 'manager';

export interface JourneyStep {
  readonly as: Actor;
  /** '' for POST /children (the contact that opens the record), else the command's path under the child. */
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export type JourneyKind = 'front-door' | 'child-in-need' | 'protection' | 'adoption';

const FOSTER = { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4, insideLocalAuthority: true };

/** Small deterministic generator, so every run drives the same journeys. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function journeyKind(index: number): JourneyKind {
  const r = seeded(index * 7919 + 1)();
  if (r < 0.35) return 'front-door';
  if (r < 0.6) return 'child-in-need';
  if (r < 0.85) return 'protection';
  return 'adoption';
}

/** Person matching compares letters only, so ids become letters to keep every benchmark child distinct. */
function lettersOf(id: string): string {
  return id.replace(/[0-9]/g, (digit) => String.fromCharCode(97 + Number(digit)));
}

const w = (path: string, body: Record<string, unknown>): JourneyStep => ({ as: 'worker', path, body });
const m = (path: string, body: Record<string, unknown>): JourneyStep => ({ as: 'manager', path, body });

/** The steps of child number `index` (its own surname and date of birth, so person matching never stops it). */
export function journeyFor(index: number, runId: string): JourneyStep[] {
  const random = seeded(index + 1);
  const dob = `20${String(10 + Math.floor(random() * 13)).padStart(2, '0')}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
  const contact = w('', {
    occurredAt: '2025-01-06',
    contactId: 'contact-1',
    source: '2A',
    child: { status: 'BORN', dateOfBirth: dob },
    concerns: 'Concerns raised by the school',
    firstName: 'Bench',
    lastName: `Bench${lettersOf(runId)}${lettersOf(String(index))}`,
  });
  const refer = [
    w('record-mash-decision', { occurredAt: '2025-01-06', contactId: 'contact-1', decision: 'REFER_TO_CSC', checks: ['POLICE', 'HEALTH'] }),
    w('open-referral', { occurredAt: '2025-01-07', primaryNeed: 'N1' }),
    m('allocate-case', { occurredAt: '2025-01-07', workerId: 'sw.north', teamId: 'north' }),
  ];
  const assess = (outcome: string) => [
    w('start-assessment', { occurredAt: '2025-01-08', assessmentId: 'a1' }),
    w('record-child-seen-for-assessment', { occurredAt: '2025-01-09', assessmentId: 'a1', seenAlone: random() < 0.5 }),
    w('complete-assessment', { occurredAt: '2025-01-20', assessmentId: 'a1' }),
    m('authorise-assessment', { occurredAt: '2025-01-21', assessmentId: 'a1', factors: ['3B', '4B'], outcome }),
  ];
  switch (journeyKind(index)) {
    case 'front-door':
      return [contact, w('record-mash-decision', { occurredAt: '2025-01-07', contactId: 'contact-1', decision: random() < 0.5 ? 'NFA' : 'STEP_DOWN_EARLY_HELP', checks: [] })];
    case 'child-in-need':
      return [
        contact,
        ...refer,
        ...assess('CIN_PLAN'),
        w('start-cin-plan', { occurredAt: '2025-01-22' }),
        w('record-cin-visit', { occurredAt: '2025-02-05', childSeen: true, seenAlone: true }),
        w('record-cin-visit', { occurredAt: '2025-02-19', childSeen: true, seenAlone: false }),
        w('review-cin-plan', { occurredAt: '2025-04-22' }),
        w('end-cin-plan', { occurredAt: '2025-07-01', reason: 'OBJECTIVES_MET' }),
        w('close-case', { occurredAt: '2025-07-02', reason: 'RC7' }),
      ];
    case 'protection':
      return [
        contact,
        ...refer,
        w('hold-strategy-discussion', { occurredAt: '2025-01-08', outcome: 'S47_ENQUIRY', agencies: ['CSC', 'POLICE', 'HEALTH'] }),
        w('start-s47-enquiry', { occurredAt: '2025-01-08' }),
        w('conclude-s47-enquiry', { occurredAt: '2025-01-15', outcome: 'ICPC_REQUIRED' }),
        w('schedule-icpc', { occurredAt: '2025-01-16', conferenceDate: '2025-01-27' }),
        w('hold-icpc', { occurredAt: '2025-01-27', outcome: 'PLAN', category: random() < 0.5 ? 'NEG' : 'EMO' }),
        w('hold-core-group', { occurredAt: '2025-02-05' }),
        w('record-child-protection-visit', { occurredAt: '2025-02-07', childSeen: true, seenAlone: true }),
        w('record-child-protection-visit', { occurredAt: '2025-02-20', childSeen: true, seenAlone: true }),
        w('hold-review-conference', { occurredAt: '2025-04-24', planContinues: true }),
      ];
    case 'adoption':
      return [
        contact,
        ...refer,
        w('become-looked-after', { occurredAt: '2025-02-03', legalStatus: 'V2', placement: FOSTER, categoryOfNeed: 'N1' }),
        w('record-care-plan', { occurredAt: '2025-02-10' }),
        w('record-placement-plan', { occurredAt: '2025-02-10' }),
        w('record-lac-visit', { occurredAt: '2025-02-10', childSeen: true, seenAlone: false }),
        w('record-health-assessment', { occurredAt: '2025-02-20', kind: 'INITIAL' }),
        w('hold-lac-review', { occurredAt: '2025-02-28' }),
        w('issue-care-proceedings', { occurredAt: '2025-03-03', orderSought: 'CARE_ORDER' }),
        w('make-interim-care-order', { occurredAt: '2025-03-04', order: 'INTERIM_CARE_ORDER' }),
        w('record-adoption-decision', { occurredAt: '2025-05-01' }),
        w('make-final-order', { occurredAt: '2025-08-04', order: 'PLACEMENT_ORDER' }),
        w('grant-placement-order', { occurredAt: '2025-08-04' }),
        w('match-with-adopters', { occurredAt: '2025-10-01' }),
        w('place-for-adoption', { occurredAt: '2025-10-20', place: 'A6', provider: 'PR1', distanceFromHomeMiles: 12, insideLocalAuthority: false, sameCarer: false }),
        w('grant-adoption-order', { occurredAt: '2025-11-03', reasonEpisodeCeased: 'E11' }),
        w('close-case', { occurredAt: '2025-11-04', reason: 'RC1' }),
      ];
  }
}
