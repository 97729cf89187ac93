import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsObject, IsOptional, Matches } from 'class-validator';
import type { JourneyCommandDataMap } from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { IsEffectiveDate } from './date-validators.js';
import { IdField, TextField } from './fields.js';
import { FormField } from './form-schema.js';

export class CorrectEventDto extends CommandBodyDto {
  @IdField({ description: 'The event to correct (an id from a command’s answer or the history)', example: '3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21:0', label: 'Event to correct', hint: false })
  eventId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s whole corrected data, in the shape of its type' })
  @IsObject()
  @FormField({ kind: 'json', optional: false, label: 'Corrected details', hint: 'The event’s whole corrected data, in the same shape as recorded (JSON)' })
  data!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A corrected effective date for the event; omit to keep the recorded one', example: '2025-01-08' })
  @IsOptional()
  @IsEffectiveDate()
  @FormField({ kind: 'date', optional: true, label: 'Corrected date it happened', hint: 'Leave empty to keep the recorded date' })
  correctedOccurredAt?: string;

  @TextField(2000, { description: 'Why the record was wrong' })
  reason!: string;
}

export function correctEventData(body: CorrectEventDto): JourneyCommandDataMap['CorrectEvent'] {
  return {
    eventId: body.eventId,
    data: body.data,
    reason: body.reason,
    ...(body.correctedOccurredAt === undefined ? {} : { occurredAt: body.correctedOccurredAt }),
  };
}

const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export class VoidEventDto extends CommandBodyDto implements CommandData<'VoidEvent'> {
  @ApiProperty({ type: [String], minItems: 1, description: 'Events recorded in error; the events of one command usually go together' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(EVENT_ID, { each: true, message: 'each of eventIds must be an event id' })
  @FormField({ kind: 'ids', optional: false, minItems: 1, label: 'Events to void', hint: 'Events recorded in error: the events of one action usually go together' })
  eventIds!: string[];

  @TextField(2000, { description: 'Why the events should never have been recorded' })
  reason!: string;
}
