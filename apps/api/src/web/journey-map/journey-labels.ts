/**
 * Words for the journey machine's states, events and guards, as people in children's services say them. The map is
 * drawn from the machine itself: a state or event missing here still appears, named from its key ("awaitingS47" →
 * "Awaiting S47"), so adding one to the machine never breaks the picture, it only reads less well until named here.
 */

/** Initialisms kept in capitals when a key is turned into words. */
const INITIALISMS: Readonly<Record<string, string>> = {
  cin: 'CIN',
  cp: 'CP',
  cpp: 'CPP',
  csc: 'CSC',
  icpc: 'ICPC',
  lac: 'LAC',
  mash: 'MASH',
  nfa: 'NFA',
  pep: 'PEP',
};

/** `awaitingS47` → `Awaiting S47`; `IcpcHeld` → `ICPC held`; `CinPlanStarted` → `CIN plan started`. */
export function humanise(identifier: string): string {
  const words = identifier
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
  return words
    .map((word, i) => {
      const initialism = INITIALISMS[word.toLowerCase()];
      if (initialism) return initialism;
      if (/\d/.test(word) || /^[A-Z]{2,}$/.test(word)) return word;
      return i === 0 ? word.charAt(0).toUpperCase() + word.slice(1).toLowerCase() : word.toLowerCase();
    })
    .join(' ');
}

/** States by their path below the machine's root ('' is the root). */
const STATE_LABELS: Readonly<Record<string, string>> = {
  '': 'The child’s journey',
  frontDoor: 'Front door: contacts and MASH',
  'frontDoor.quiet': 'No contact waiting',
  'frontDoor.screening': 'MASH screening',
  'frontDoor.referred': 'Referred: referral to open',
  episode: 'Episode of need (CIN episode)',
  'episode.none': 'No open episode',
  'episode.open': 'Episode open',
  'episode.open.referral': 'Referral',
  'episode.open.referral.active': 'Referral open',
  'episode.open.referral.noFurtherAction': 'No further action',
  'episode.open.allocation': 'Allocation',
  'episode.open.allocation.unallocated': 'Not allocated',
  'episode.open.allocation.allocated': 'Allocated to a worker',
  'episode.open.assessment': 'Assessment',
  'episode.open.assessment.idle': 'No assessment in hand',
  'episode.open.assessment.inProgress': 'Assessment in progress',
  'episode.open.assessment.awaitingAuthorisation': 'Assessment awaiting authorisation',
  'episode.open.protection': 'Child protection: strategy discussion, s47 and ICPC',
  'episode.open.protection.none': 'No child protection enquiry',
  'episode.open.protection.awaitingS47': 'Strategy discussion: s47 to start',
  'episode.open.protection.s47Enquiry': 'Section 47 enquiry',
  'episode.open.protection.icpcRequired': 'ICPC required',
  'episode.open.protection.icpcScheduled': 'ICPC scheduled',
  'episode.open.protection.planToStart': 'Child protection plan to start',
  'episode.open.plan': 'Plans',
  'episode.open.plan.none': 'No plan',
  'episode.open.plan.cinPlan': 'Child in need plan',
  'episode.open.plan.childProtectionPlan': 'Child protection plan',
  'episode.open.lookedAfter': 'Care',
  'episode.open.lookedAfter.notLookedAfter': 'Not looked after',
  'episode.open.lookedAfter.lookedAfter': 'Looked after',
  'episode.open.lookedAfter.lookedAfter.missing': 'Missing from care',
  'episode.open.lookedAfter.lookedAfter.missing.present': 'Not missing',
  'episode.open.lookedAfter.lookedAfter.missing.missing': 'Missing',
  'episode.open.lookedAfter.lookedAfter.adoption': 'Permanence: adoption',
  'episode.open.lookedAfter.lookedAfter.adoption.none': 'No adoption plan',
  'episode.open.lookedAfter.lookedAfter.adoption.decided': 'Should be placed for adoption',
  'episode.open.lookedAfter.lookedAfter.adoption.placementOrder': 'Placement order granted',
  'episode.open.lookedAfter.lookedAfter.adoption.matched': 'Matched with adopters',
  'episode.open.lookedAfter.lookedAfter.adoption.placed': 'Placed for adoption',
  'episode.open.lookedAfter.lookedAfter.adoption.adopted': 'Adopted',
  'episode.open.proceedings': 'Care proceedings',
  'episode.open.proceedings.none': 'No proceedings',
  'episode.open.proceedings.issued': 'Proceedings issued',
  'episode.open.proceedings.interimOrder': 'Interim care order',
  careLeaver: 'Leaving care',
  'careLeaver.notEligible': 'Not eligible for leaving care support',
  'careLeaver.eligibleInCare': 'Eligible, still in care',
  'careLeaver.careLeaver': 'Care leaver',
  'careLeaver.servicesEnded': 'Leaving care services ended',
};

export function stateLabel(path: readonly string[]): string {
  return STATE_LABELS[path.join('.')] ?? humanise(path.at(-1) ?? 'journey');
}

const EVENT_LABELS: Readonly<Record<string, string>> = {
  ReferralClosedNoFurtherAction: 'Referral closed: no further action',
  S47EnquiryStarted: 'Section 47 enquiry started',
  S47EnquiryConcluded: 'Section 47 enquiry concluded',
  IcpcScheduled: 'ICPC scheduled',
  IcpcHeld: 'ICPC held',
  LacReviewHeld: 'Looked after review held',
  LacVisitMade: 'Looked after visit made',
  CinVisitMade: 'CIN visit made',
  EventCorrected: 'Correction',
  EventVoided: 'Void',
};

/** `MashDecisionMade` → `MASH decision made`. */
export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? humanise(type);
}

/** The machine's named guards that choose between targets ('rules' only checks the journey's rules: not shown). */
const GUARD_LABELS: Readonly<Record<string, string>> = {
  othersAwaitDecision: 'other contacts still wait',
  referralWillBePending: 'referred to children’s social care',
  enquiryChosen: 's47 enquiry decided',
  conferenceNeeded: 'ICPC needed',
  planAgreed: 'plan agreed',
  becomesCareLeaver: 'becomes a care leaver',
  inCare: 'while looked after',
};

export const ALWAYS_CHECKED_GUARD = 'rules';

export function guardLabel(name: string): string {
  return GUARD_LABELS[name] ?? humanise(name).toLowerCase();
}
