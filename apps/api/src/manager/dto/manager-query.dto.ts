import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '@cje/timescales';
import { PLAN_KINDS, type PlanKind } from '@cje/projections';
import { IsIsoDate } from '../../children/dto/date-validators.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Who and when: every manager query takes these. */
export class ScopeQueryDto {
  @ApiPropertyOptional({ description: 'Only this team’s children (the children it holds now). Default: your team, or the whole service if you see every team.' })
  @IsOptional()
  @Matches(ID, { message: 'team must be a team id' })
  team?: string;

  @ApiPropertyOptional({ description: 'Only children allocated to this worker now.' })
  @IsOptional()
  @Matches(ID, { message: 'workerId must be a worker id' })
  workerId?: string;

  @ApiPropertyOptional({ description: 'The day to judge by (YYYY-MM-DD). Default: today in England.', example: '2025-01-31' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'The position a command answered: wait (up to 5 s) until the lists include it, so you see your own change.',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'waitForPosition must be a whole number' })
  @Min(1, { message: 'waitForPosition must be at least 1' })
  waitForPosition?: number;
}

/** A list: a page at a time. */
export class ListQueryDto extends ScopeQueryDto {
  @ApiPropertyOptional({ description: 'Rows per page (1–500).', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 500' })
  @Max(500, { message: 'limit must be between 1 and 500' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class DueSoonQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Due within this many working days from asOf (1–60).', default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'workingDays must be a whole number' })
  @Min(1, { message: 'workingDays must be between 1 and 60' })
  @Max(60, { message: 'workingDays must be between 1 and 60' })
  workingDays?: number;
}

/** A reporting period: the one of `period` kind containing `date`. */
export class PeriodQueryDto extends ScopeQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'quarter', description: 'Quarters are financial quarters (April–June is Q1); financial years run April–March.' })
  @IsOptional()
  @IsIn(PERIOD_KINDS, { message: `period must be one of ${PERIOD_KINDS.join(', ')}` })
  period?: PeriodKind;

  @ApiPropertyOptional({ description: 'A day in the period (YYYY-MM-DD). Default: asOf.' })
  @IsOptional()
  @IsIsoDate()
  date?: string;
}

export class RatesQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ description: 'One rule only, e.g. icpc.' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'ruleId must be a rule id' })
  ruleId?: string;
}

export class PlansQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: PLAN_KINDS, description: 'CPP or CIN plans only. Default: both.' })
  @IsOptional()
  @IsIn(PLAN_KINDS, { message: `kind must be one of ${PLAN_KINDS.join(', ')}` })
  kind?: PlanKind;
}

export class LongPlansQueryDto extends PlansQueryDto {
  @ApiPropertyOptional({ description: 'On the plan at least this many months.', default: 18 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'months must be a whole number' })
  @Min(1, { message: 'months must be between 1 and 240' })
  @Max(240, { message: 'months must be between 1 and 240' })
  months?: number;
}
