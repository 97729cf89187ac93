import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, Matches, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsIsoDate } from '../../children/dto/date-validators.js';

/** The first collection year the returns are built for: the 2025-26 layouts read back to records from 2010 at most. */
export const FIRST_COLLECTION_YEAR = 2010;

/**
 * A collection year, named by the year it starts: four digits, from 2010 to next year (a year that has not begun
 * has nothing to return, but a manager may look ahead from the end of March).
 */
export function isCollectionYear(value: unknown, today: Date = new Date()): boolean {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) return false;
  const year = Number(value);
  return year >= FIRST_COLLECTION_YEAR && year <= today.getUTCFullYear() + 1;
}

function IsCollectionYear(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCollectionYear',
      validator: {
        validate: (value) => isCollectionYear(value),
        defaultMessage: () => `year must be the four-digit year the collection starts (2025 for 2025-26), from ${FIRST_COLLECTION_YEAR} to next year`,
      },
    },
    options,
  );
}

export class ReturnYearQueryDto {
  @ApiProperty({ example: '2025', description: 'The year the collection starts: 2025 is 1 April 2025 to 31 March 2026' })
  @IsDefined({ message: 'year is required: the year the collection starts (2025 for 2025-26)' })
  @IsCollectionYear()
  year!: string;
}

export class ReturnChecksQueryDto extends ReturnYearQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Page of children with findings (by child id)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Children per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class CinCensusQueryDto extends ReturnYearQueryDto {
  @ApiPropertyOptional({
    example: '999',
    default: '000',
    description: 'The three-digit local authority code the census header carries. Until the service is configured with its code, send it here; 000 is no authority and would be refused by the Department.',
  })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'lea must be the three-digit local authority code' })
  lea?: string;
}

export class AnnexAQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', description: 'The reference date the lists are as at (default today in England)' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 24, default: 6, description: 'Months before the reference date lists 1–9 cover (Ofsted asks for six)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  months?: number;
}
