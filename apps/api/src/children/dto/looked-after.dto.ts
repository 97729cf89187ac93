import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import {
  HEALTH_ASSESSMENT_KINDS,
  LEGAL_STATUSES,
  MISSING_KINDS,
  PRIMARY_NEEDS,
  REASONS_PLACE_CHANGE,
  REVIEW_PARTICIPATION,
  type HealthAssessmentKind,
  type LegalStatus,
  type MissingKind,
  type PrimaryNeed,
  type ReasonPlaceChange,
  type ReviewParticipation,
} from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { BooleanField, CodeField } from './fields.js';
import { FormField } from './form-schema.js';
import { PlacementDto } from './placement.dto.js';

export class BecomeLookedAfterDto extends CommandBodyDto implements CommandData<'BecomeLookedAfter'> {
  @CodeField(LEGAL_STATUSES, { description: 'SSDA903 LS', example: 'V2', hint: false })
  legalStatus!: LegalStatus;

  @ApiProperty({ type: PlacementDto })
  @ValidateNested()
  @Type(() => PlacementDto)
  @FormField({ kind: 'nested', optional: false, label: 'Placement', nested: () => PlacementDto })
  placement!: PlacementDto;

  @CodeField(PRIMARY_NEEDS, { description: 'SSDA903 CIN: category of need for the period of care', example: 'N1', hint: 'For the period of care' })
  categoryOfNeed!: PrimaryNeed;
}

export class ChangeLegalStatusDto extends CommandBodyDto implements CommandData<'ChangeLegalStatus'> {
  @CodeField(LEGAL_STATUSES, { example: 'C2' })
  legalStatus!: LegalStatus;
}

export class ChangePlacementDto extends CommandBodyDto implements CommandData<'ChangePlacement'> {
  @ApiProperty({ type: PlacementDto })
  @ValidateNested()
  @Type(() => PlacementDto)
  @FormField({ kind: 'nested', optional: false, label: 'New placement', nested: () => PlacementDto })
  placement!: PlacementDto;

  @BooleanField({ description: 'Same carer(s) as before (903 RNE T/U rather than P/B)', label: 'Is the child staying with the same carers?', hint: false })
  sameCarer!: boolean;

  @CodeField(REASONS_PLACE_CHANGE, { example: 'CARPL', label: 'Reason for the change' })
  reasonPlaceChange!: ReasonPlaceChange;

  @CodeField(LEGAL_STATUSES, { optional: true, description: 'When the legal status changes the same day', label: 'New legal status', hint: 'Only when the legal status changes the same day' })
  legalStatus?: LegalStatus;
}

export class RecordCarePlanDto extends CommandBodyDto {}

export class RecordPlacementPlanDto extends CommandBodyDto {}

export class HoldLacReviewDto extends CommandBodyDto implements CommandData<'HoldLacReview'> {
  @CodeField(REVIEW_PARTICIPATION, { optional: true, description: 'SSDA903 REVIEW_CODE', label: 'How the child took part', hint: false })
  participation?: ReviewParticipation;
}

export class RecordLacVisitDto extends CommandBodyDto implements CommandData<'RecordLacVisit'> {
  @BooleanField({ label: 'Was the child seen?' })
  childSeen!: boolean;

  @BooleanField({ label: 'Was the child seen alone?' })
  seenAlone!: boolean;
}

export class RecordHealthAssessmentDto extends CommandBodyDto implements CommandData<'RecordHealthAssessment'> {
  @CodeField(HEALTH_ASSESSMENT_KINDS, { label: 'Which health assessment?' })
  kind!: HealthAssessmentKind;
}

export class RecordPersonalEducationPlanDto extends CommandBodyDto {}

export class StartMissingEpisodeDto extends CommandBodyDto implements CommandData<'StartMissingEpisode'> {
  @CodeField(MISSING_KINDS, { label: 'Missing or away?' })
  kind!: MissingKind;
}

export class EndMissingEpisodeDto extends CommandBodyDto implements CommandData<'EndMissingEpisode'> {
  @BooleanField({ label: 'Was a return interview offered?' })
  returnInterviewOffered!: boolean;

  @BooleanField({ label: 'Was the return interview accepted?' })
  returnInterviewAccepted!: boolean;
}
