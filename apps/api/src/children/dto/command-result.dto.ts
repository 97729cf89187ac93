import { ApiProperty } from '@nestjs/swagger';

export class RecordedEventView {
  @ApiProperty({ example: '3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21:0', description: '`<commandId>:<index>`' }) id!: string;
  @ApiProperty({ example: 'IcpcHeld' }) type!: string;
  @ApiProperty({ example: '2025-01-27' }) occurredAt!: string;
}

/** The answer to every command. */
export class CommandResultView {
  @ApiProperty() childId!: string;
  @ApiProperty({ format: 'uuid' }) commandId!: string;
  @ApiProperty({ description: 'Stream revision after the command; also sent as the ETag' }) revision!: number;
  @ApiProperty({ description: 'Global position of the command’s last event: wait for read models to reach it before querying them' })
  position!: number;
  @ApiProperty({ type: [RecordedEventView] }) events!: RecordedEventView[];
  @ApiProperty({ description: 'True when this command id was recorded before: nothing new was written, this is the original answer' })
  replayed!: boolean;
}

/** RFC 9457 problem details, as every error is answered. */
export class ProblemView {
  @ApiProperty({ example: '/problems/illegal-transition' }) type!: string;
  @ApiProperty({ example: 'Conflict' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'An ICPC cannot be held: no s47 enquiry is open' }) detail!: string;
  @ApiProperty({ example: 'ILLEGAL_TRANSITION', description: 'Stable: clients may switch on it' }) code!: string;
  @ApiProperty({ example: '/children/8d6c…/hold-icpc' }) instance!: string;
  @ApiProperty({ required: false, type: [String], description: 'With 400: one message per invalid field' }) errors?: string[];
}
