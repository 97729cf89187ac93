import type { JourneyCommandDataMap, JourneyCommandType } from '@cje/journey';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsEffectiveDate } from './date-validators.js';

/** What every command body carries: `{ commandId, occurredAt, ...data }`. */
export class CommandBodyDto {
  @ApiProperty({
    format: 'uuid',
    example: '3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21',
    description: 'Chosen by the client, once per intended action: sending the same id again records nothing new and answers the first result',
  })
  @IsUUID(undefined, { message: 'commandId must be a UUID' })
  commandId!: string;

  @ApiProperty({
    example: '2025-01-06',
    description: 'When it happened, as the worker says: a date (YYYY-MM-DD) or a date-time (2025-01-06T14:30, optional offset). Never in the future.',
  })
  @IsEffectiveDate()
  occurredAt!: string;
}

/** A command's data type, in a form a body class can `implement`: the compiler then checks the body against the journey. */
export type CommandData<T extends JourneyCommandType> = JourneyCommandDataMap[T];
