import { and, assign, setup, stateIn } from 'xstate';
import { evolveContext } from './evolve-context.js';
import { INITIAL_CONTEXT, type JourneyContext } from './journey-context.js';
import type { MachineEvent } from './journey-event.js';
import { firstViolation } from './journey-rules.js';

/**
 * The child's whole statutory journey as one statechart. It is used only as a pure decider (`initialTransition` /
 * `transition`): no actor is started, nothing is scheduled, no action reaches the outside world.
 *
 * Every transition is guarded by `rules` (the journey's rules, with readable reasons, see journey-rules.ts); extra
 * guards only choose between targets. Each accepted event updates the context exactly once: the region that owns
 * the event carries `apply`; other regions that move on the same event only change state, and only when the owning
 * region is where it takes the event (`stateIn`), so no region ever moves alone on another's event.
 *
 * States tagged `transient` exist only between two events recorded by one command (an ICPC and the plan it starts;
 * an adoption order and leaving care); a history that stops in one is incomplete.
 */
export const journeyMachine = setup({
  types: {
    context: {} as JourneyContext,
    events: {} as MachineEvent,
    tags: {} as 'transient',
  },
  guards: {
    rules: ({ context, event }) => firstViolation(context, event) === null,
    othersAwaitDecision: ({ context, event }) =>
      event.type === 'MashDecisionMade' &&
      context.contacts.some((c) => c.status === 'AWAITING_DECISION' && c.contactId !== event.data.contactId),
    referralWillBePending: ({ context, event }) =>
      event.type === 'MashDecisionMade' &&
      (context.contacts.some((c) => c.status === 'REFERRED') ||
        (event.data.decision === 'REFER_TO_CSC' && !event.data.linkedToOpenEpisode)),
    enquiryChosen: ({ event }) => event.type === 'StrategyDiscussionHeld' && event.data.outcome === 'S47_ENQUIRY',
    conferenceNeeded: ({ event }) => event.type === 'S47EnquiryConcluded' && event.data.outcome === 'ICPC_REQUIRED',
    planAgreed: ({ event }) => event.type === 'IcpcHeld' && event.data.outcome === 'PLAN',
    becomesCareLeaver: ({ event }) => event.type === 'CeasedLookedAfter' && event.data.careLeaver,
    inCare: stateIn({ episode: { open: { lookedAfter: 'lookedAfter' } } }),
  },
  actions: {
    apply: assign(({ context, event }) => evolveContext(context, event)),
  },
}).createMachine({
  id: 'journey',
  type: 'parallel',
  context: INITIAL_CONTEXT,
  on: {
    DateOfBirthRecorded: { guard: 'rules', actions: 'apply' },
  },
  states: {
    frontDoor: {
      description: 'Contacts and their MASH decisions',
      initial: 'quiet',
      states: {
        quiet: {
          description: 'No contact awaits a decision or a referral',
          on: { ContactReceived: { target: 'screening', guard: 'rules', actions: 'apply' } },
        },
        screening: {
          description: 'At least one contact awaits its MASH decision',
          on: {
            ContactReceived: { guard: 'rules', actions: 'apply' },
            MashDecisionMade: [
              { guard: and(['rules', 'othersAwaitDecision']), actions: 'apply' },
              { target: 'referred', guard: and(['rules', 'referralWillBePending']), actions: 'apply' },
              { target: 'quiet', guard: 'rules', actions: 'apply' },
            ],
          },
        },
        referred: {
          description: "Referred to children's social care; the referral is not yet open",
          on: {
            ContactReceived: { target: 'screening', guard: 'rules', actions: 'apply' },
            ReferralOpened: { target: 'quiet', guard: and(['rules', stateIn({ episode: 'none' })]) },
          },
        },
      },
    },
    episode: {
      description: 'The CIN episode: referral to closure',
      initial: 'none',
      states: {
        none: {
          description: 'No episode open (before the first referral, or after closure)',
          on: { ReferralOpened: { target: 'open', guard: 'rules', actions: 'apply' } },
        },
        open: {
          type: 'parallel',
          on: { CaseClosed: { target: 'none', guard: 'rules', actions: 'apply' } },
          states: {
            referral: {
              initial: 'active',
              states: {
                active: {
                  on: { ReferralClosedNoFurtherAction: { target: 'noFurtherAction', guard: 'rules', actions: 'apply' } },
                },
                noFurtherAction: { description: 'Referral NFA: nothing but closure follows in this episode' },
              },
            },
            allocation: {
              initial: 'unallocated',
              states: {
                unallocated: { on: { CaseAllocated: { target: 'allocated', guard: 'rules', actions: 'apply' } } },
                allocated: {
                  on: {
                    CaseAllocated: { guard: 'rules', actions: 'apply' },
                    CaseDeallocated: { target: 'unallocated', guard: 'rules', actions: 'apply' },
                    SupervisionRecorded: { guard: 'rules', actions: 'apply' },
                  },
                },
              },
            },
            assessment: {
              initial: 'idle',
              states: {
                idle: { on: { AssessmentStarted: { target: 'inProgress', guard: 'rules', actions: 'apply' } } },
                inProgress: {
                  on: {
                    ChildSeenForAssessment: { guard: 'rules', actions: 'apply' },
                    AssessmentCompleted: { target: 'awaitingAuthorisation', guard: 'rules', actions: 'apply' },
                  },
                },
                awaitingAuthorisation: {
                  on: { AssessmentAuthorised: { target: 'idle', guard: 'rules', actions: 'apply' } },
                },
              },
            },
            protection: {
              initial: 'none',
              states: {
                none: {
                  on: {
                    StrategyDiscussionHeld: [
                      { target: 'awaitingS47', guard: and(['rules', 'enquiryChosen']), actions: 'apply' },
                      { guard: 'rules', actions: 'apply' },
                    ],
                  },
                },
                awaitingS47: {
                  description: 'A strategy discussion decided on an s47 enquiry that has not started',
                  on: {
                    StrategyDiscussionHeld: [
                      { guard: and(['rules', 'enquiryChosen']), actions: 'apply' },
                      { target: 'none', guard: 'rules', actions: 'apply' },
                    ],
                    S47EnquiryStarted: { target: 's47Enquiry', guard: 'rules', actions: 'apply' },
                  },
                },
                s47Enquiry: {
                  on: {
                    StrategyDiscussionHeld: { guard: 'rules', actions: 'apply' },
                    S47EnquiryConcluded: [
                      { target: 'icpcRequired', guard: and(['rules', 'conferenceNeeded']), actions: 'apply' },
                      { target: 'none', guard: 'rules', actions: 'apply' },
                    ],
                  },
                },
                icpcRequired: { on: { IcpcScheduled: { target: 'icpcScheduled', guard: 'rules', actions: 'apply' } } },
                icpcScheduled: {
                  on: {
                    IcpcScheduled: { guard: 'rules', actions: 'apply' },
                    IcpcHeld: [
                      { target: 'planToStart', guard: and(['rules', 'planAgreed']), actions: 'apply' },
                      { target: 'none', guard: 'rules', actions: 'apply' },
                    ],
                  },
                },
                planToStart: {
                  tags: ['transient'],
                  on: {
                    ChildProtectionPlanStarted: {
                      target: 'none',
                      guard: and(['rules', stateIn({ episode: { open: { plan: 'none' } } })]),
                    },
                  },
                },
              },
            },
            plan: {
              description: 'A CIN plan and a child protection plan are alternatives: never open together',
              initial: 'none',
              states: {
                none: {
                  on: {
                    CinPlanStarted: { target: 'cinPlan', guard: 'rules', actions: 'apply' },
                    ChildProtectionPlanStarted: { target: 'childProtectionPlan', guard: 'rules', actions: 'apply' },
                  },
                },
                cinPlan: {
                  on: {
                    CinPlanReviewed: { guard: 'rules', actions: 'apply' },
                    CinVisitMade: { guard: 'rules', actions: 'apply' },
                    CinPlanEnded: { target: 'none', guard: 'rules', actions: 'apply' },
                  },
                },
                childProtectionPlan: {
                  on: {
                    CoreGroupHeld: { guard: 'rules', actions: 'apply' },
                    ChildProtectionVisitMade: { guard: 'rules', actions: 'apply' },
                    ReviewConferenceHeld: { guard: 'rules', actions: 'apply' },
                    CategoryOfAbuseChanged: { guard: 'rules', actions: 'apply' },
                    ChildProtectionPlanEnded: { target: 'none', guard: 'rules', actions: 'apply' },
                  },
                },
              },
            },
            lookedAfter: {
              initial: 'notLookedAfter',
              states: {
                notLookedAfter: {
                  on: { BecameLookedAfter: { target: 'lookedAfter', guard: 'rules', actions: 'apply' } },
                },
                lookedAfter: {
                  type: 'parallel',
                  on: {
                    LegalStatusChanged: { guard: 'rules', actions: 'apply' },
                    PlacementChanged: { guard: 'rules', actions: 'apply' },
                    CarePlanRecorded: { guard: 'rules', actions: 'apply' },
                    PlacementPlanRecorded: { guard: 'rules', actions: 'apply' },
                    LacReviewHeld: { guard: 'rules', actions: 'apply' },
                    LacVisitMade: { guard: 'rules', actions: 'apply' },
                    HealthAssessmentRecorded: { guard: 'rules', actions: 'apply' },
                    PersonalEducationPlanRecorded: { guard: 'rules', actions: 'apply' },
                    CeasedLookedAfter: { target: 'notLookedAfter', guard: 'rules', actions: 'apply' },
                  },
                  states: {
                    missing: {
                      initial: 'present',
                      states: {
                        present: { on: { MissingEpisodeStarted: { target: 'missing', guard: 'rules', actions: 'apply' } } },
                        missing: { on: { MissingEpisodeEnded: { target: 'present', guard: 'rules', actions: 'apply' } } },
                      },
                    },
                    adoption: {
                      initial: 'none',
                      states: {
                        none: { on: { AdoptionDecisionMade: { target: 'decided', guard: 'rules', actions: 'apply' } } },
                        decided: {
                          description: 'Agency decision maker: should be placed for adoption',
                          on: {
                            PlacementOrderGranted: { target: 'placementOrder', guard: 'rules', actions: 'apply' },
                            MatchedWithAdopters: { target: 'matched', guard: 'rules', actions: 'apply' },
                            AdoptionDecisionReversed: { target: 'none', guard: 'rules', actions: 'apply' },
                          },
                        },
                        placementOrder: {
                          on: {
                            MatchedWithAdopters: { target: 'matched', guard: 'rules', actions: 'apply' },
                            AdoptionDecisionReversed: { target: 'none', guard: 'rules', actions: 'apply' },
                          },
                        },
                        matched: {
                          on: {
                            PlacementOrderGranted: { guard: 'rules', actions: 'apply' },
                            PlacedForAdoption: { target: 'placed', guard: 'rules', actions: 'apply' },
                            AdoptionDecisionReversed: { target: 'none', guard: 'rules', actions: 'apply' },
                          },
                        },
                        placed: {
                          on: {
                            AdoptionOrderGranted: { target: 'adopted', guard: 'rules', actions: 'apply' },
                            AdoptionDecisionReversed: { target: 'none', guard: 'rules', actions: 'apply' },
                          },
                        },
                        adopted: { tags: ['transient'] },
                      },
                    },
                  },
                },
              },
            },
            proceedings: {
              initial: 'none',
              states: {
                none: { on: { CareProceedingsIssued: { target: 'issued', guard: 'rules', actions: 'apply' } } },
                issued: {
                  on: {
                    InterimCareOrderMade: { target: 'interimOrder', guard: 'rules', actions: 'apply' },
                    FinalOrderMade: { target: 'none', guard: 'rules', actions: 'apply' },
                    CareProceedingsWithdrawn: { target: 'none', guard: 'rules', actions: 'apply' },
                  },
                },
                interimOrder: {
                  on: {
                    InterimCareOrderMade: { guard: 'rules', actions: 'apply' },
                    FinalOrderMade: { target: 'none', guard: 'rules', actions: 'apply' },
                    CareProceedingsWithdrawn: { target: 'none', guard: 'rules', actions: 'apply' },
                  },
                },
              },
            },
          },
        },
      },
    },
    careLeaver: {
      description: 'Leaving care: lasts beyond the CIN episode',
      initial: 'notEligible',
      states: {
        notEligible: {
          on: {
            PathwayPlanRecorded: { target: 'eligibleInCare', guard: 'rules', actions: 'apply' },
            CeasedLookedAfter: { target: 'careLeaver', guard: and(['rules', 'inCare', 'becomesCareLeaver']) },
          },
        },
        eligibleInCare: {
          description: 'Looked after, 16 or over, with a pathway plan',
          on: {
            PathwayPlanRecorded: { guard: 'rules', actions: 'apply' },
            PathwayPlanReviewed: { guard: 'rules', actions: 'apply' },
            CeasedLookedAfter: [
              { target: 'careLeaver', guard: and(['rules', 'inCare', 'becomesCareLeaver']) },
              { target: 'notEligible', guard: and(['rules', 'inCare']) },
            ],
          },
        },
        careLeaver: {
          on: {
            PathwayPlanRecorded: { guard: 'rules', actions: 'apply' },
            PathwayPlanReviewed: { guard: 'rules', actions: 'apply' },
            CareLeaverContactRecorded: { guard: 'rules', actions: 'apply' },
            CareLeaverServicesEnded: { target: 'servicesEnded', guard: 'rules', actions: 'apply' },
          },
        },
        servicesEnded: {},
      },
    },
  },
});

export type JourneyMachine = typeof journeyMachine;
