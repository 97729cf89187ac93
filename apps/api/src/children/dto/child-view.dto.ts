import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOURNEY_COMMAND_TYPES, JOURNEY_STAGES } from '@cje/journey';

export class AllocationView {
  @ApiProperty() workerId!: string;
  @ApiProperty() teamId!: string;
}

export class DeadlineEventView {
  @ApiProperty({ example: 'S47EnquiryStarted' }) type!: string;
  @ApiPropertyOptional() eventId?: string;
  @ApiProperty({ format: 'date' }) on!: string;
}

export class DeadlineView {
  @ApiProperty({ description: 'Stable: `<ruleId>:<id of the event that started the clock>`' }) key!: string;
  @ApiProperty({ example: 'icpc' }) ruleId!: string;
  @ApiProperty({ example: 'Initial child protection conference' }) name!: string;
  @ApiProperty({ enum: ['statutory', 'national_indicator', 'local'] }) standard!: string;
  @ApiProperty({ description: 'Why the date is due: regulation, guidance or local standard', example: 'Working Together to Safeguard Children 2023, chapter 4' })
  source!: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiProperty({ type: DeadlineEventView }) startedBy!: DeadlineEventView;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: ['open', 'overdue'] }) status!: string;
  @ApiProperty({ description: 'Calendar days past the due date' }) daysOverdue!: number;
  @ApiProperty({ description: 'Working days past the due date' }) workingDaysOverdue!: number;
  @ApiProperty({ description: 'The due date has passed' }) breached!: boolean;
}

/** GET /children/:childId: where the child's journey stands today, and what this user may do next. */
export class ChildView {
  @ApiProperty() childId!: string;
  @ApiProperty({ description: 'Stream revision: send it back as If-Match: "<revision>" to act only on this version' }) revision!: number;
  @ApiProperty({ description: 'Global position of the child’s last event' }) position!: number;
  @ApiProperty({ format: 'date', description: 'The day deadlines are judged on (today in England)' }) asOf!: string;
  @ApiProperty({ description: 'Team responsible: the allocated team, else the team that recorded the first event' }) owningTeam!: string;
  @ApiProperty({ enum: Object.keys(JOURNEY_STAGES) }) stage!: string;
  @ApiProperty({ example: 'Section 47 enquiry' }) stageLabel!: string;
  @ApiProperty({ type: [String], example: ['CIN_EPISODE', 'S47'] }) openTracks!: string[];
  @ApiProperty({ type: Number, nullable: true }) episodeNumber!: number | null;
  @ApiProperty() closedEpisodes!: number;
  @ApiProperty() reReferral!: boolean;
  @ApiProperty({ type: AllocationView, nullable: true }) allocation!: AllocationView | null;
  @ApiProperty({ type: String, nullable: true }) lookedAfterLegalStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) placementType!: string | null;
  @ApiProperty({ type: String, nullable: true }) cppCategory!: string | null;
  @ApiProperty({ type: Number, nullable: true }) childProtectionPlanNumber!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date', nullable: true },
    description: 'Dates the timescales and screens start clocks from (referralDate, s47Started, icpcTarget, lookedAfterSince, …)',
  })
  keyDates!: Record<string, string | null>;
  @ApiProperty({ type: [DeadlineView], description: 'Open and overdue deadlines, earliest start first' }) deadlines!: DeadlineView[];
  @ApiProperty({
    type: [String],
    enum: JOURNEY_COMMAND_TYPES,
    description: 'Commands the journey takes now that this user’s role and team allow (a command may still be refused for its data)',
  })
  allowedCommands!: string[];
  @ApiProperty({ description: 'The history holds events that could not be replayed' }) incomplete!: boolean;
}
