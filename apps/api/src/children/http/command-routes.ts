import type { Type } from '@nestjs/common';
import { JOURNEY_COMMAND_TYPES, type JourneyCommandDataMap, type JourneyCommandType } from '@cje/journey';
import {
  AllocateCaseDto,
  AuthoriseAssessmentDto,
  CompleteAssessmentDto,
  DeallocateCaseDto,
  EndCinPlanDto,
  RecordChildSeenForAssessmentDto,
  RecordCinVisitDto,
  RecordSupervisionDto,
  ReviewCinPlanDto,
  StartAssessmentDto,
  StartCinPlanDto,
} from '../dto/case-work.dto.js';
import { CloseCaseDto, EndCareLeaverServicesDto, RecordCareLeaverContactDto, RecordPathwayPlanDto, ReviewPathwayPlanDto } from '../dto/care-leaver.dto.js';
import type { Principal } from '../../auth/principal.js';
import { RecordJourneyCommand } from '../command/record-journey-command.js';
import type { CommandBodyDto } from '../dto/command-body.dto.js';
import { CorrectEventDto, VoidEventDto, correctEventData } from '../dto/corrections.dto.js';
import {
  OpenReferralDto,
  RecordContactDto,
  RecordDateOfBirthDto,
  RecordMashDecisionDto,
  RecordReferralNoFurtherActionDto,
  recordContactData,
} from '../dto/front-door.dto.js';
import {
  BecomeLookedAfterDto,
  ChangeLegalStatusDto,
  ChangePlacementDto,
  EndMissingEpisodeDto,
  HoldLacReviewDto,
  RecordCarePlanDto,
  RecordHealthAssessmentDto,
  RecordLacVisitDto,
  RecordPersonalEducationPlanDto,
  RecordPlacementPlanDto,
  StartMissingEpisodeDto,
} from '../dto/looked-after.dto.js';
import {
  CeaseLookedAfterDto,
  GrantAdoptionOrderDto,
  GrantPlacementOrderDto,
  IssueCareProceedingsDto,
  MakeFinalOrderDto,
  MakeInterimCareOrderDto,
  MatchWithAdoptersDto,
  PlaceForAdoptionDto,
  RecordAdoptionDecisionDto,
  ReverseAdoptionDecisionDto,
  WithdrawCareProceedingsDto,
} from '../dto/permanence.dto.js';
import {
  ChangeCategoryOfAbuseDto,
  ConcludeS47EnquiryDto,
  EndChildProtectionPlanDto,
  HoldCoreGroupDto,
  HoldIcpcDto,
  HoldReviewConferenceDto,
  HoldStrategyDiscussionDto,
  RecordChildProtectionVisitDto,
  ScheduleIcpcDto,
  StartS47EnquiryDto,
} from '../dto/protection.dto.js';

/** How one journey command is offered over HTTP: `POST /children/:childId/<kebab-case type>`. */
export interface CommandRoute<T extends JourneyCommandType = JourneyCommandType> {
  readonly type: T;
  readonly path: string;
  /** Name of the controller method (and the OpenAPI operation id's suffix). */
  readonly method: string;
  readonly body: Type<CommandBodyDto>;
  readonly summary: string;
  /** The command's data from the validated body. */
  readonly toData: (body: CommandBodyDto) => JourneyCommandDataMap[T];
}

type RouteSpec<T extends JourneyCommandType> = Pick<CommandRoute<T>, 'body' | 'summary' | 'toData'>;

/** By default the data is the body without the envelope, as plain JSON (DTO instances and undefined fields dropped). */
function bodyData(body: CommandBodyDto): Record<string, unknown> {
  const { commandId: _commandId, occurredAt: _occurredAt, ...data } = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  return data;
}

function spec<T extends JourneyCommandType, B extends CommandBodyDto>(body: Type<B>, summary: string, toData?: (body: B) => JourneyCommandDataMap[T]): RouteSpec<T> {
  // The body class was validated by the ValidationPipe for this route, so it is a B.
  const build = toData ?? ((b: B) => bodyData(b) as unknown as JourneyCommandDataMap[T]);
  return { body, summary, toData: (b) => build(b as B) };
}

/** Every journey command, exactly once: a missing or extra type fails to compile. */
const SPECS: { readonly [T in JourneyCommandType]: RouteSpec<T> } = {
  RecordContact: spec(RecordContactDto, 'Record a further contact about a child who has a record (a new child: POST /children)', recordContactData),
  RecordDateOfBirth: spec(RecordDateOfBirthDto, 'Record the date of birth (an unborn child has been born, or a born child’s date is now known)'),
  RecordMashDecision: spec(RecordMashDecisionDto, 'Record the MASH decision on a contact'),
  OpenReferral: spec(OpenReferralDto, 'Open a referral (CIN episode) from the contacts the MASH referred'),
  RecordReferralNoFurtherAction: spec(RecordReferralNoFurtherActionDto, 'Record that the referral ends in no further action'),
  AllocateCase: spec(AllocateCaseDto, 'Allocate the case to a worker and team (team manager)'),
  DeallocateCase: spec(DeallocateCaseDto, 'End the case’s allocation (team manager)'),
  RecordSupervision: spec(RecordSupervisionDto, 'Record case supervision (team manager)'),
  StartAssessment: spec(StartAssessmentDto, 'Start a single assessment'),
  RecordChildSeenForAssessment: spec(RecordChildSeenForAssessmentDto, 'Record that the child was seen for the assessment'),
  CompleteAssessment: spec(CompleteAssessmentDto, 'Complete the assessment (it then awaits a manager’s authorisation)'),
  AuthoriseAssessment: spec(AuthoriseAssessmentDto, 'Authorise the assessment with its factors and outcome (team manager)'),
  StartCinPlan: spec(StartCinPlanDto, 'Start a child in need plan'),
  ReviewCinPlan: spec(ReviewCinPlanDto, 'Review the child in need plan'),
  RecordCinVisit: spec(RecordCinVisitDto, 'Record a child in need visit'),
  EndCinPlan: spec(EndCinPlanDto, 'End the child in need plan'),
  HoldStrategyDiscussion: spec(HoldStrategyDiscussionDto, 'Record a strategy discussion (with no case open: an emergency from a contact)'),
  StartS47Enquiry: spec(StartS47EnquiryDto, 'Start a section 47 enquiry'),
  ConcludeS47Enquiry: spec(ConcludeS47EnquiryDto, 'Conclude the section 47 enquiry: ICPC required or not'),
  ScheduleIcpc: spec(ScheduleIcpcDto, 'Schedule the initial child protection conference'),
  HoldIcpc: spec(HoldIcpcDto, 'Record the initial child protection conference (outcome PLAN starts the plan)'),
  HoldCoreGroup: spec(HoldCoreGroupDto, 'Record a core group meeting'),
  RecordChildProtectionVisit: spec(RecordChildProtectionVisitDto, 'Record a child protection visit'),
  HoldReviewConference: spec(HoldReviewConferenceDto, 'Record a child protection review conference'),
  ChangeCategoryOfAbuse: spec(ChangeCategoryOfAbuseDto, 'Change the child protection plan’s category of abuse'),
  EndChildProtectionPlan: spec(EndChildProtectionPlanDto, 'End the child protection plan'),
  BecomeLookedAfter: spec(BecomeLookedAfterDto, 'Record that the child became looked after, with legal status and placement'),
  ChangeLegalStatus: spec(ChangeLegalStatusDto, 'Change the looked-after legal status (new 903 episode)'),
  ChangePlacement: spec(ChangePlacementDto, 'Change placement (new 903 episode)'),
  RecordCarePlan: spec(RecordCarePlanDto, 'Record the care plan'),
  RecordPlacementPlan: spec(RecordPlacementPlanDto, 'Record the placement plan'),
  HoldLacReview: spec(HoldLacReviewDto, 'Record a looked-after review'),
  RecordLacVisit: spec(RecordLacVisitDto, 'Record a statutory visit to a looked-after child'),
  RecordHealthAssessment: spec(RecordHealthAssessmentDto, 'Record a health assessment'),
  RecordPersonalEducationPlan: spec(RecordPersonalEducationPlanDto, 'Record the personal education plan'),
  StartMissingEpisode: spec(StartMissingEpisodeDto, 'Record that the child is missing or away from placement'),
  EndMissingEpisode: spec(EndMissingEpisodeDto, 'Record the child’s return, and the return interview offer'),
  IssueCareProceedings: spec(IssueCareProceedingsDto, 'Record that care proceedings were issued'),
  MakeInterimCareOrder: spec(MakeInterimCareOrderDto, 'Record an interim order'),
  MakeFinalOrder: spec(MakeFinalOrderDto, 'Record the final order that ends the proceedings'),
  WithdrawCareProceedings: spec(WithdrawCareProceedingsDto, 'Record that care proceedings were withdrawn'),
  RecordAdoptionDecision: spec(RecordAdoptionDecisionDto, 'Record the agency decision that the child should be placed for adoption'),
  GrantPlacementOrder: spec(GrantPlacementOrderDto, 'Record the placement order (legal status E1)'),
  MatchWithAdopters: spec(MatchWithAdoptersDto, 'Record the match with adopters'),
  PlaceForAdoption: spec(PlaceForAdoptionDto, 'Record that the child was placed for adoption (with the 903 placement change)'),
  GrantAdoptionOrder: spec(GrantAdoptionOrderDto, 'Record the adoption order (the child ceases to be looked after)'),
  ReverseAdoptionDecision: spec(ReverseAdoptionDecisionDto, 'Record that the adoption plan was reversed'),
  CeaseLookedAfter: spec(CeaseLookedAfterDto, 'Record that the child ceased to be looked after'),
  RecordPathwayPlan: spec(RecordPathwayPlanDto, 'Record the pathway plan'),
  ReviewPathwayPlan: spec(ReviewPathwayPlanDto, 'Review the pathway plan'),
  RecordCareLeaverContact: spec(RecordCareLeaverContactDto, 'Record contact with a care leaver (in touch, activity, accommodation)'),
  EndCareLeaverServices: spec(EndCareLeaverServicesDto, 'End leaving-care services'),
  CloseCase: spec(CloseCaseDto, 'Close the CIN episode'),
  CorrectEvent: spec(CorrectEventDto, 'Correct a recorded event (a new event; the history keeps the original)', correctEventData),
  VoidEvent: spec(VoidEventDto, 'Void events recorded in error (new events; the history keeps the originals)'),
};

/** The journey command a route's validated body gives, from either door (the API's routes, the web forms). */
export function journeyCommandOf(
  route: CommandRoute,
  childId: string,
  body: CommandBodyDto,
  by: { readonly user: Principal; readonly requestId: string; readonly expectedRevision: number | undefined },
): RecordJourneyCommand {
  return new RecordJourneyCommand({
    type: route.type,
    childId,
    commandId: body.commandId,
    occurredAt: body.occurredAt,
    data: route.toData(body),
    user: by.user,
    requestId: by.requestId,
    expectedRevision: by.expectedRevision,
  });
}

/** `HoldS47` → `hold-s47`, `StartS47Enquiry` → `start-s47-enquiry`. */
export function kebabCase(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export const COMMAND_ROUTES: readonly CommandRoute[] = JOURNEY_COMMAND_TYPES.map(
  (type): CommandRoute => ({
    type,
    path: kebabCase(type),
    method: type.charAt(0).toLowerCase() + type.slice(1),
    ...(SPECS[type] as RouteSpec<JourneyCommandType>),
  }),
);
