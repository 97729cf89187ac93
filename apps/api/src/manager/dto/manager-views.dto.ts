import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The answers of the manager's queries, for the OpenAPI description (handlers return the library's plain objects).

class ClockView {
  @ApiProperty({ enum: ['working_days', 'days', 'weeks', 'months'] }) kind!: string;
  @ApiProperty() amount!: number;
}

class EventRefView {
  @ApiProperty() type!: string;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
}

class MetByView {
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the meeting event was recorded: timescales are judged on when it happened' })
  recordedAt!: string | null;
}

export class DeadlineViewDto {
  @ApiProperty() childId!: string;
  @ApiProperty({ description: '<ruleId>:<id of the event that started the clock>' }) clockKey!: string;
  @ApiProperty({ example: 'icpc' }) ruleId!: string;
  @ApiProperty({ example: 'Initial child protection conference' }) name!: string;
  @ApiProperty({ enum: ['statutory', 'national_indicator', 'local'], nullable: true }) standard!: string | null;
  @ApiProperty({ description: 'The regulation, guidance or local standard that makes the date due' }) source!: string;
  @ApiProperty() edition!: string;
  @ApiProperty({ type: ClockView, nullable: true }) clock!: ClockView | null;
  @ApiProperty({ nullable: true, type: String }) clockVariant!: string | null;
  @ApiProperty({ example: '2025-01-06' }) startedOn!: string;
  @ApiProperty({ type: EventRefView }) startedBy!: EventRefView;
  @ApiProperty({ example: '2025-01-27' }) dueOn!: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'met_late', 'stopped'], description: 'As of asOf' }) status!: string;
  @ApiProperty({ nullable: true, type: String }) metOn!: string | null;
  @ApiProperty({ type: MetByView, nullable: true }) metBy!: MetByView | null;
  @ApiProperty({ nullable: true, type: String }) stoppedOn!: string | null;
  @ApiProperty() daysOverdue!: number;
  @ApiProperty() workingDaysOverdue!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The child’s team now' }) team!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The child’s worker now' }) workerId!: string | null;
}

export class DeadlineListDto {
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'Rows on all pages together' }) total!: number;
  @ApiProperty({ type: [DeadlineViewDto] }) items!: DeadlineViewDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: 'Due-soon lists: the last day included' }) until?: string;
}

class PeriodView {
  @ApiProperty({ enum: ['month', 'quarter', 'year_to_date', 'financial_year', 'calendar_year'] }) kind!: string;
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty({ example: '2024-25 Q3' }) label!: string;
}

class RulePerformanceView {
  @ApiProperty() ruleId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ description: 'Clocks met in the period, in time or late' }) completed!: number;
  @ApiProperty() inTimescale!: number;
  @ApiProperty() metLate!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'inTimescale / completed (0–1)' }) rate!: number | null;
  @ApiProperty({ description: 'Overdue on the period’s last day' }) overdueAtEnd!: number;
}

export class TimescaleRatesDto {
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: [RulePerformanceView] }) rules!: RulePerformanceView[];
}

class CaseCountsView {
  @ApiProperty() total!: number;
  @ApiProperty() LAC!: number;
  @ApiProperty() CP!: number;
  @ApiProperty() CIN!: number;
  @ApiProperty() CARE_LEAVER!: number;
}

class WorkerCaseloadView {
  @ApiProperty() workerId!: string;
  @ApiProperty() team!: string;
  @ApiProperty({ type: CaseCountsView }) cases!: CaseCountsView;
}

class TeamCaseloadView {
  @ApiProperty() team!: string;
  @ApiProperty({ type: CaseCountsView }) cases!: CaseCountsView;
  @ApiProperty({ type: CaseCountsView }) unallocated!: CaseCountsView;
  @ApiProperty() workers!: number;
}

class WorkerPageView {
  @ApiProperty({ type: [WorkerCaseloadView] }) items!: WorkerCaseloadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CaseloadSummaryDto {
  @ApiProperty({ type: CaseCountsView, description: 'Open cases, each under its most intensive type (LAC, CP, CIN, care leaver)' }) cases!: CaseCountsView;
  @ApiProperty({ type: CaseCountsView }) unallocated!: CaseCountsView;
  @ApiProperty({ type: [TeamCaseloadView] }) teams!: TeamCaseloadView[];
  @ApiProperty({ type: WorkerPageView, description: 'Workers, most cases first, a page at a time' }) workers!: WorkerPageView;
}

class UnallocatedCaseView {
  @ApiProperty() childId!: string;
  @ApiProperty() team!: string;
  @ApiProperty({ enum: ['LAC', 'CP', 'CIN', 'CARE_LEAVER'] }) caseType!: string;
  @ApiProperty({ nullable: true, type: String }) openSince!: string | null;
}

export class UnallocatedListDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [UnallocatedCaseView] }) items!: UnallocatedCaseView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class IndicatorView {
  @ApiProperty({ example: 'icpcs_within_15_wd' }) id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['count', 'percent', 'rate_per_10000', 'days', 'weeks', 'cases_per_worker'] }) unit!: string;
  @ApiProperty({ nullable: true, type: Number }) value!: number | null;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
}

class PeriodIndicatorsView {
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ description: 'The day stock figures are counted on' }) at!: string;
  @ApiProperty({ type: [IndicatorView] }) indicators!: IndicatorView[];
}

export class IndicatorReportDto extends PeriodIndicatorsView {
  @ApiProperty({ type: [PeriodIndicatorsView], description: 'Month by month' }) months!: PeriodIndicatorsView[];
  @ApiProperty({ nullable: true, type: Number, description: 'CHILD_POPULATION, for rates per 10,000 (whole service only)' }) population!: number | null;
}

class PlanView {
  @ApiProperty() childId!: string;
  @ApiProperty({ enum: ['CPP', 'CIN'] }) kind!: string;
  @ApiProperty() planNumber!: number;
  @ApiProperty() startedOn!: string;
  @ApiProperty() monthsOnPlan!: number;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ nullable: true, type: String }) previousEndedOn!: string | null;
  @ApiProperty() team!: string;
  @ApiProperty({ nullable: true, type: String }) workerId!: string | null;
}

export class PlanListDto {
  @ApiProperty() asOf!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [PlanView] }) items!: PlanView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
