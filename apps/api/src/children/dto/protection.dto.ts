import {
  CATEGORIES_OF_ABUSE,
  CPP_END_REASONS,
  ICPC_OUTCOMES,
  PRIMARY_NEEDS,
  S47_NEXT_STEPS,
  S47_OUTCOMES,
  STRATEGY_DISCUSSION_AGENCIES,
  STRATEGY_DISCUSSION_OUTCOMES,
  type CategoryOfAbuse,
  type CppEndReason,
  type IcpcOutcome,
  type PrimaryNeed,
  type S47NextStep,
  type S47Outcome,
  type StrategyDiscussionAgency,
  type StrategyDiscussionOutcome,
} from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { BooleanField, CodeField, CodesField, DateField, IdField } from './fields.js';

export class HoldStrategyDiscussionDto extends CommandBodyDto implements CommandData<'HoldStrategyDiscussion'> {
  @CodeField(STRATEGY_DISCUSSION_OUTCOMES)
  outcome!: StrategyDiscussionOutcome;

  @CodesField(STRATEGY_DISCUSSION_AGENCIES, { minItems: 1, example: ['CSC', 'POLICE', 'HEALTH'] })
  agencies!: StrategyDiscussionAgency[];

  @IdField({ optional: true, description: 'In an emergency with no case open: the contact it comes from (the MASH decision and referral are recorded with it)' })
  emergencyContactId?: string;

  @CodeField(PRIMARY_NEEDS, { optional: true, description: 'Needed in an emergency, to open the referral' })
  primaryNeed?: PrimaryNeed;
}

export class StartS47EnquiryDto extends CommandBodyDto {}

export class ConcludeS47EnquiryDto extends CommandBodyDto implements CommandData<'ConcludeS47Enquiry'> {
  @CodeField(S47_OUTCOMES)
  outcome!: S47Outcome;

  @CodeField(S47_NEXT_STEPS, { optional: true, description: 'Where the work goes when no conference is needed' })
  nextStep?: S47NextStep;
}

export class ScheduleIcpcDto extends CommandBodyDto implements CommandData<'ScheduleIcpc'> {
  @DateField({ description: 'The conference date: a working day' })
  conferenceDate!: string;
}

export class HoldIcpcDto extends CommandBodyDto implements CommandData<'HoldIcpc'> {
  @CodeField(ICPC_OUTCOMES, { description: 'PLAN starts the child protection plan the same day' })
  outcome!: IcpcOutcome;

  @CodeField(CATEGORIES_OF_ABUSE, { optional: true, description: 'Category of abuse of the plan (with outcome PLAN)' })
  category?: CategoryOfAbuse;
}

export class HoldCoreGroupDto extends CommandBodyDto {}

export class RecordChildProtectionVisitDto extends CommandBodyDto implements CommandData<'RecordChildProtectionVisit'> {
  @BooleanField()
  childSeen!: boolean;

  @BooleanField()
  seenAlone!: boolean;
}

export class HoldReviewConferenceDto extends CommandBodyDto implements CommandData<'HoldReviewConference'> {
  @BooleanField()
  planContinues!: boolean;

  @CodeField(CPP_END_REASONS, { optional: true, description: 'Only when the plan ends' })
  endReason?: CppEndReason;
}

export class ChangeCategoryOfAbuseDto extends CommandBodyDto implements CommandData<'ChangeCategoryOfAbuse'> {
  @CodeField(CATEGORIES_OF_ABUSE)
  category!: CategoryOfAbuse;
}

export class EndChildProtectionPlanDto extends CommandBodyDto implements CommandData<'EndChildProtectionPlan'> {
  @CodeField(CPP_END_REASONS)
  reason!: CppEndReason;
}
