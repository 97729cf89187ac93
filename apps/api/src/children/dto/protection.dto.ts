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

  @CodesField(STRATEGY_DISCUSSION_AGENCIES, { minItems: 1, example: ['CSC', 'POLICE', 'HEALTH'], label: 'Agencies that took part', hint: 'Select all that apply' })
  agencies!: StrategyDiscussionAgency[];

  @IdField({
    optional: true,
    description: 'In an emergency with no case open: the contact it comes from (the MASH decision and referral are recorded with it)',
    label: 'Contact it comes from (emergency only)',
    hint: 'With no case open: the MASH decision and the referral are recorded with the discussion',
  })
  emergencyContactId?: string;

  @CodeField(PRIMARY_NEEDS, { optional: true, description: 'Needed in an emergency, to open the referral', label: 'Primary need (emergency only)', hint: 'Needed in an emergency, to open the referral' })
  primaryNeed?: PrimaryNeed;
}

export class StartS47EnquiryDto extends CommandBodyDto {}

export class ConcludeS47EnquiryDto extends CommandBodyDto implements CommandData<'ConcludeS47Enquiry'> {
  @CodeField(S47_OUTCOMES)
  outcome!: S47Outcome;

  @CodeField(S47_NEXT_STEPS, { optional: true, description: 'Where the work goes when no conference is needed', label: 'Next step', hint: 'When no conference is needed: where the work goes' })
  nextStep?: S47NextStep;
}

export class ScheduleIcpcDto extends CommandBodyDto implements CommandData<'ScheduleIcpc'> {
  @DateField({ description: 'The conference date: a working day', hint: 'A working day' })
  conferenceDate!: string;
}

export class HoldIcpcDto extends CommandBodyDto implements CommandData<'HoldIcpc'> {
  @CodeField(ICPC_OUTCOMES, { description: 'PLAN starts the child protection plan the same day', hint: 'A child protection plan starts the same day' })
  outcome!: IcpcOutcome;

  @CodeField(CATEGORIES_OF_ABUSE, { optional: true, description: 'Category of abuse of the plan (with outcome PLAN)', label: 'Category of abuse', hint: 'With a child protection plan' })
  category?: CategoryOfAbuse;
}

export class HoldCoreGroupDto extends CommandBodyDto {}

export class RecordChildProtectionVisitDto extends CommandBodyDto implements CommandData<'RecordChildProtectionVisit'> {
  @BooleanField({ label: 'Was the child seen?' })
  childSeen!: boolean;

  @BooleanField({ label: 'Was the child seen alone?' })
  seenAlone!: boolean;
}

export class HoldReviewConferenceDto extends CommandBodyDto implements CommandData<'HoldReviewConference'> {
  @BooleanField({ label: 'Does the plan continue?' })
  planContinues!: boolean;

  @CodeField(CPP_END_REASONS, { optional: true, description: 'Only when the plan ends', label: 'Why the plan ends', hint: 'Only when the plan ends' })
  endReason?: CppEndReason;
}

export class ChangeCategoryOfAbuseDto extends CommandBodyDto implements CommandData<'ChangeCategoryOfAbuse'> {
  @CodeField(CATEGORIES_OF_ABUSE, { label: 'Category of abuse' })
  category!: CategoryOfAbuse;
}

export class EndChildProtectionPlanDto extends CommandBodyDto implements CommandData<'EndChildProtectionPlan'> {
  @CodeField(CPP_END_REASONS, { label: 'Why did the plan end?' })
  reason!: CppEndReason;
}
