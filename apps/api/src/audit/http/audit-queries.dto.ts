import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsIsoDate } from '../../children/dto/date-validators.js';
import { IsKnownInstant } from './known-instant.js';

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: ['recorded', 'effective'], default: 'recorded', description: 'In the order recorded (default), or by effective date' })
  @IsOptional()
  @IsIn(['recorded', 'effective'])
  order?: 'recorded' | 'effective';
}

export class AsAtQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-02-01', description: 'What had happened by the end of this day (effective dates, after corrections). Omit for everything.' })
  @IsOptional()
  @IsIsoDate()
  effective?: string;

  @ApiPropertyOptional({
    example: '2025-03-01',
    description: 'As the record stood then: only events and corrections recorded by this instant. A date means the end of that day in England; a date-time needs its offset. Omit for now.',
  })
  @IsOptional()
  @IsKnownInstant()
  known?: string;
}

export class AccessLogQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Entries before this sequence number (the previous page’s nextBefore)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SubjectAccessQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'html: a readable, self-contained document' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}
