import {
  CARE_LEAVER_ACCOMMODATION,
  CARE_LEAVER_ACTIVITIES,
  CARE_LEAVER_IN_TOUCH,
  CLOSURE_REASONS,
  type CareLeaverAccommodation,
  type CareLeaverActivity,
  type CareLeaverInTouch,
  type ClosureReason,
} from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { BooleanField, CodeField, TextField } from './fields.js';

export class RecordPathwayPlanDto extends CommandBodyDto {}

export class ReviewPathwayPlanDto extends CommandBodyDto {}

export class RecordCareLeaverContactDto extends CommandBodyDto implements CommandData<'RecordCareLeaverContact'> {
  @CodeField(CARE_LEAVER_IN_TOUCH, { description: 'SSDA903 IN_TOUCH', label: 'Is the service in touch with the young person?', hint: false })
  inTouch!: CareLeaverInTouch;

  @CodeField(CARE_LEAVER_ACTIVITIES, { optional: true, description: 'SSDA903 ACTIV', label: 'Main activity', hint: false })
  activity?: CareLeaverActivity;

  @CodeField(CARE_LEAVER_ACCOMMODATION, { optional: true, description: 'SSDA903 ACCOM kind', hint: false })
  accommodation?: CareLeaverAccommodation;

  @BooleanField({ optional: true, label: 'Is the accommodation suitable?' })
  accommodationSuitable?: boolean;
}

export class EndCareLeaverServicesDto extends CommandBodyDto implements CommandData<'EndCareLeaverServices'> {
  @TextField(2000)
  reason!: string;
}

export class CloseCaseDto extends CommandBodyDto implements CommandData<'CloseCase'> {
  @CodeField(CLOSURE_REASONS, { description: 'CIN census ReasonForClosure', example: 'RC7', label: 'Reason for closure', hint: false })
  reason!: ClosureReason;
}
