import {
  ASSESSMENT_FACTORS,
  ASSESSMENT_OUTCOMES,
  CIN_PLAN_END_REASONS,
  type AssessmentFactor,
  type AssessmentOutcome,
  type CinPlanEndReason,
} from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { BooleanField, CodeField, CodesField, IdField, TextField } from './fields.js';

export class AllocateCaseDto extends CommandBodyDto implements CommandData<'AllocateCase'> {
  @IdField({ description: 'The allocated worker’s user id', example: 'sw.north', label: 'Worker', hint: 'The worker’s user ID, for example sw.north' })
  workerId!: string;

  @IdField({ description: 'The team that becomes responsible for the child (its workers see and act on the record)', example: 'north', label: 'Team', hint: 'The team that becomes responsible for the child: its workers see and act on the record' })
  teamId!: string;
}

export class DeallocateCaseDto extends CommandBodyDto implements CommandData<'DeallocateCase'> {
  @TextField(2000)
  reason!: string;
}

export class RecordSupervisionDto extends CommandBodyDto implements CommandData<'RecordSupervision'> {
  @IdField({ description: 'The supervising manager’s user id', example: 'tm.north', label: 'Supervisor', hint: 'The supervising manager’s user ID' })
  supervisorId!: string;
}

export class StartAssessmentDto extends CommandBodyDto implements CommandData<'StartAssessment'> {
  @IdField({ description: 'An id for the assessment, chosen by the client', example: 'assessment-1', label: 'Assessment reference', hint: 'Its later steps are recorded against this reference' })
  assessmentId!: string;
}

export class RecordChildSeenForAssessmentDto extends CommandBodyDto implements CommandData<'RecordChildSeenForAssessment'> {
  @IdField({ example: 'assessment-1', label: 'Assessment' })
  assessmentId!: string;

  @BooleanField({ label: 'Was the child seen alone?' })
  seenAlone!: boolean;
}

export class CompleteAssessmentDto extends CommandBodyDto implements CommandData<'CompleteAssessment'> {
  @IdField({ example: 'assessment-1', label: 'Assessment' })
  assessmentId!: string;
}

export class AuthoriseAssessmentDto extends CommandBodyDto implements CommandData<'AuthoriseAssessment'> {
  @IdField({ example: 'assessment-1', label: 'Assessment' })
  assessmentId!: string;

  @CodesField(ASSESSMENT_FACTORS, {
    minItems: 1,
    description: 'CIN census assessment factors (21 "no factors" stands alone)',
    example: ['16A'],
    label: 'Assessment factors',
    hint: 'Select all that apply. “No factors identified” stands alone.',
  })
  factors!: AssessmentFactor[];

  @CodeField(ASSESSMENT_OUTCOMES)
  outcome!: AssessmentOutcome;
}

export class StartCinPlanDto extends CommandBodyDto {}

export class ReviewCinPlanDto extends CommandBodyDto {}

export class RecordCinVisitDto extends CommandBodyDto implements CommandData<'RecordCinVisit'> {
  @BooleanField({ label: 'Was the child seen?' })
  childSeen!: boolean;

  @BooleanField({ label: 'Was the child seen alone?' })
  seenAlone!: boolean;
}

export class EndCinPlanDto extends CommandBodyDto implements CommandData<'EndCinPlan'> {
  @CodeField(CIN_PLAN_END_REASONS, { label: 'Why did the plan end?' })
  reason!: CinPlanEndReason;
}
