import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOURNEY_STAGES } from '@cje/journey';
import { DeadlineView } from '../../children/dto/child-view.dto.js';
import { ACCESS_VIEWS } from '../access-log/access-log-entry.js';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class ActorView {
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() team!: string;
}

export class EffectiveValuesView {
  @ApiProperty() occurredAt!: string;
  @ApiProperty(OBJECT) data!: Record<string, unknown>;
}

export class CorrectionNoteView {
  @ApiProperty({ description: 'The correction’s or void’s own event id' }) eventId!: string;
  @ApiProperty({ enum: ['EventCorrected', 'EventVoided'] }) type!: string;
  @ApiProperty({ description: 'When it was recorded' }) recordedAt!: string;
  @ApiProperty({ description: 'Its own effective date' }) occurredAt!: string;
  @ApiProperty({ type: ActorView, description: 'Who corrected or voided it' }) actor!: ActorView;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ ...OBJECT, description: 'The corrected data (corrections only)' }) correctedData?: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The corrected effective date; null: unchanged (corrections only)' }) correctedOccurredAt?: string | null;
  @ApiProperty({ description: 'False when the journey ignores it (it names another type of event)' }) applied!: boolean;
}

export class CorrectsView {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
}

export class HistoryEntryView {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'AssessmentStarted' }) type!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'Effective date as recorded' }) occurredAt!: string;
  @ApiProperty({ description: 'When the system recorded it' }) recordedAt!: string;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
  @ApiProperty() commandId!: string;
  @ApiProperty({ description: 'Request id of the command that recorded it' }) requestId!: string;
  @ApiProperty({ ...OBJECT, description: 'The data as recorded' }) data!: Record<string, unknown>;
  @ApiProperty({ enum: ['recorded', 'corrected', 'voided', 'correction'] }) status!: string;
  @ApiPropertyOptional({ type: EffectiveValuesView, description: 'Corrected and voided events: as first recorded' }) original?: EffectiveValuesView;
  @ApiPropertyOptional({ type: EffectiveValuesView, nullable: true, description: 'Corrected events: as they stand now (null once voided)' }) current?: EffectiveValuesView | null;
  @ApiPropertyOptional({ type: [CorrectionNoteView] }) corrections?: CorrectionNoteView[];
  @ApiPropertyOptional({ type: CorrectsView, description: 'Corrections and voids: the event acted on' }) corrects?: CorrectsView;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ description: 'The event’s link in its hash chain' }) hash!: string;
}

export class HistoryView {
  @ApiProperty() childId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: ['recorded', 'effective'] }) order!: string;
  @ApiProperty({ type: [HistoryEntryView] }) entries!: HistoryEntryView[];
}

export class ReplayIssueView {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class AsAtView {
  @ApiProperty() childId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Events effective by the end of this day; null: all' }) effective!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Only what was recorded by this instant; null: everything recorded so far' }) known!: string | null;
  @ApiProperty({ format: 'date', description: 'The day deadlines are judged on' }) asOf!: string;
  @ApiProperty({ description: 'Events (corrections included) recorded by then' }) eventsKnown!: number;
  @ApiProperty({ description: 'Events replayed: known, not voided, effective by then' }) eventsApplied!: number;
  @ApiProperty({ description: 'The child’s last revision known then (-1: none)' }) revisionKnown!: number;
  @ApiProperty({ enum: Object.keys(JOURNEY_STAGES) }) stage!: string;
  @ApiProperty() stageLabel!: string;
  @ApiProperty({ type: [String] }) openTracks!: string[];
  @ApiProperty({ type: Number, nullable: true }) episodeNumber!: number | null;
  @ApiProperty() closedEpisodes!: number;
  @ApiProperty() reReferral!: boolean;
  @ApiProperty({ ...OBJECT, nullable: true }) allocation!: { workerId: string; teamId: string } | null;
  @ApiProperty({ type: String, nullable: true }) lookedAfterLegalStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) placementType!: string | null;
  @ApiProperty({ type: String, nullable: true }) cppCategory!: string | null;
  @ApiProperty({ type: Number, nullable: true }) childProtectionPlanNumber!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'date', nullable: true } }) keyDates!: Record<string, string | null>;
  @ApiProperty({ type: [DeadlineView], description: 'Deadlines open or overdue on asOf' }) deadlines!: DeadlineView[];
  @ApiProperty({ type: [ReplayIssueView], description: 'Corrections that did not apply, and events the journey could not take in this replay' }) issues!: ReplayIssueView[];
  @ApiProperty() incomplete!: boolean;
}

export class AccessLogEntryView {
  @ApiProperty({ description: 'Place in the log (1-based, gapless)' }) seq!: number;
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'When the record was read (UTC)' }) at!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() team!: string;
  @ApiProperty() childId!: string;
  @ApiProperty({ enum: ACCESS_VIEWS }) view!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AccessLogPageView {
  @ApiProperty({ type: [AccessLogEntryView], description: 'Newest first' }) entries!: AccessLogEntryView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before` for the next (older) page; null: no more' }) nextBefore!: number | null;
}

export class IntegrityProblemView {
  @ApiProperty({ enum: ['hash_mismatch', 'broken_link', 'revision_gap', 'position_gap', 'head_mismatch'] }) kind!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: Number, nullable: true }) revision!: number | null;
  @ApiProperty({ type: Number, nullable: true }) position!: number | null;
  @ApiProperty() detail!: string;
}

export class IntegrityReportView {
  @ApiProperty() ok!: boolean;
  @ApiProperty() streamsChecked!: number;
  @ApiProperty() eventsChecked!: number;
  @ApiProperty({ type: [IntegrityProblemView] }) problems!: IntegrityProblemView[];
}

export class AccessLogProblemView {
  @ApiProperty({ enum: ['hash_mismatch', 'broken_link', 'sequence_gap', 'head_mismatch'] }) kind!: string;
  @ApiProperty({ type: Number, nullable: true }) seq!: number | null;
  @ApiProperty() detail!: string;
}

export class ChainHeadView {
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
}

export class AccessLogIntegrityView {
  @ApiProperty() ok!: boolean;
  @ApiProperty() entriesChecked!: number;
  @ApiProperty({ type: ChainHeadView, nullable: true, description: 'Note it down: a later check proves nothing before it was cut off' }) head!: ChainHeadView | null;
  @ApiProperty({ type: [AccessLogProblemView] }) problems!: AccessLogProblemView[];
}

export class IntegrityView {
  @ApiProperty({ description: 'Both the event log and the access log are intact' }) ok!: boolean;
  @ApiProperty() checkedAt!: string;
  @ApiProperty({ type: IntegrityReportView }) eventLog!: IntegrityReportView;
  @ApiProperty({ type: AccessLogIntegrityView }) accessLog!: AccessLogIntegrityView;
}

export class ChildIntegrityView {
  @ApiProperty() childId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() checkedAt!: string;
  @ApiProperty({ type: IntegrityReportView }) eventLog!: IntegrityReportView;
}

export class SubjectAccessView {
  @ApiProperty() childId!: string;
  @ApiProperty({ description: 'When the export was made' }) exportedAt!: string;
  @ApiProperty({ type: ActorView, description: 'Who made it (the export is itself in the access log)' }) exportedBy!: ActorView;
  @ApiProperty({ ...OBJECT, description: 'Where the journey stands now' }) current!: Record<string, unknown>;
  @ApiProperty({ type: [HistoryEntryView], description: 'The case history, corrections shown against what they correct' }) history!: HistoryEntryView[];
  @ApiProperty({ type: [Object], description: 'Every event exactly as stored, with its metadata and hash chain' }) events!: Record<string, unknown>[];
  @ApiProperty({ type: [AccessLogEntryView], description: 'Every recorded read of the record, oldest first' }) accessLog!: AccessLogEntryView[];
  @ApiProperty({ type: IntegrityReportView, description: 'The child’s hash chain, checked at export' }) integrity!: IntegrityReportView;
}
