import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import {
  MASH_CHECKS,
  MASH_DECISIONS,
  PRIMARY_NEEDS,
  REFERRAL_SOURCES,
  type ChildDetails,
  type JourneyCommandDataMap,
  type MashCheck,
  type MashDecision,
  type PrimaryNeed,
  type ReferralSource,
} from '@cje/journey';
import { CHILD_ID_PATTERN } from '../child-id.js';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { IsIsoDate } from './date-validators.js';
import { BooleanField, CodeField, CodesField, DateField, IdField, TextField } from './fields.js';
import { FormField } from './form-schema.js';
import type { Principal } from '../../auth/principal.js';
import type { NewChildContactRequest } from '../command/record-new-child-contact.js';

type ChildStatus = ChildDetails['status'];

/** The field belongs to a child of this status only. */
function ForStatus(status: ChildStatus): PropertyDecorator {
  return ValidateBy({
    name: 'forStatus',
    validator: {
      validate: (_value, args) => (args?.object as { status?: unknown } | undefined)?.status === status,
      defaultMessage: (args) => `${args?.property ?? 'field'} is recorded only for a child whose status is ${status}`,
    },
  });
}

export class ChildDetailsDto {
  @ApiProperty({ enum: ['BORN', 'UNBORN'], description: 'UNBORN for pre-birth work (CIN census ExpectedPersonBirthDate)' })
  @IsIn(['BORN', 'UNBORN'])
  @FormField({
    kind: 'code',
    optional: false,
    label: 'Has the child been born?',
    codes: [
      { code: 'BORN', label: 'Yes' },
      { code: 'UNBORN', label: 'No, this is pre-birth work' },
    ],
    reveals: { BORN: ['dateOfBirth'], UNBORN: ['expectedDateOfBirth'] },
  })
  status!: ChildStatus;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'A born child’s date of birth, when known', example: '2019-04-12' })
  @IsOptional()
  @IsIsoDate()
  @ForStatus('BORN')
  @FormField({ kind: 'date', optional: true, nullable: true, label: 'Date of birth', hint: 'If the child has been born and the date is known' })
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'An unborn child’s expected date of birth: required when status is UNBORN' })
  @ValidateIf((child: ChildDetailsDto) => child.status === 'UNBORN' || child.expectedDateOfBirth !== undefined)
  @IsIsoDate()
  @ForStatus('UNBORN')
  @FormField({ kind: 'date', optional: true, label: 'Expected date of birth', hint: 'If this is pre-birth work' })
  expectedDateOfBirth?: string;
}

export function toChildDetails(child: ChildDetailsDto): ChildDetails {
  return child.status === 'UNBORN'
    ? { status: 'UNBORN', expectedDateOfBirth: child.expectedDateOfBirth ?? '' }
    : { status: 'BORN', dateOfBirth: child.dateOfBirth ?? null };
}

export class RecordContactDto extends CommandBodyDto {
  @IdField({ optional: true, description: 'The contact’s id, used by the MASH decision; defaults to the commandId' })
  contactId?: string;

  @CodeField(REFERRAL_SOURCES, { description: 'Who made the contact (CIN census ReferralSource)', label: 'Who made the contact?', hint: false })
  source!: ReferralSource;

  @ApiProperty({ type: ChildDetailsDto })
  @ValidateNested()
  @Type(() => ChildDetailsDto)
  @FormField({ kind: 'nested', optional: false, label: 'The child', nested: () => ChildDetailsDto })
  child!: ChildDetailsDto;

  @TextField(10_000, { description: 'What the contact is worried about' })
  concerns!: string;
}

export function recordContactData(body: RecordContactDto): JourneyCommandDataMap['RecordContact'] {
  return { contactId: body.contactId ?? body.commandId, source: body.source, child: toChildDetails(body.child), concerns: body.concerns };
}

/** What a validated new-child contact asks of the command side, from either door (POST /children, the web form). */
export function newChildContactRequest(body: NewChildContactDto, user: Principal, requestId: string): NewChildContactRequest {
  return {
    childId: body.childId,
    commandId: body.commandId,
    occurredAt: body.occurredAt,
    data: recordContactData(body),
    identity: { firstName: body.firstName, lastName: body.lastName },
    confirmNewChild: body.confirmNewChild ?? false,
    user,
    requestId,
  };
}

/** POST /children: a contact about a child the service has no record of, with what is needed for person matching. */
export class NewChildContactDto extends RecordContactDto {
  @ApiPropertyOptional({ pattern: CHILD_ID_PATTERN.source, description: 'The id to give the new record; the server makes a UUID when absent' })
  @IsOptional()
  @Matches(CHILD_ID_PATTERN, { message: 'childId must be 1-64 letters, digits or _ . - starting with a letter or digit' })
  @FormField({ kind: 'id', optional: true, label: 'Child ID' })
  childId?: string;

  @ApiPropertyOptional({ description: 'For person matching only: never stored', example: 'Amara' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @FormField({ kind: 'text', optional: true, maxLength: 200, label: 'First name', hint: 'Used only to find an existing record of the same child: never stored' })
  firstName?: string;

  @ApiPropertyOptional({ description: 'Surname, for person matching only: never stored', example: 'Okafor' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @FormField({ kind: 'text', optional: true, maxLength: 200, label: 'Last name', hint: 'Used only to find an existing record of the same child: never stored' })
  lastName?: string;

  @BooleanField({
    optional: true,
    description: 'The caller has seen the possible matches (409 POSSIBLE_DUPLICATE_CHILD) and says this is a different child',
    label: 'This is a different child: record a new one',
    hint: false,
  })
  confirmNewChild?: boolean;
}

export class RecordDateOfBirthDto extends CommandBodyDto implements CommandData<'RecordDateOfBirth'> {
  @DateField({ description: 'The child’s date of birth (an unborn child has been born)', example: '2025-06-03' })
  dateOfBirth!: string;
}

export class RecordMashDecisionDto extends CommandBodyDto implements CommandData<'RecordMashDecision'> {
  @IdField({ description: 'The contact decided on', example: 'contact-1', label: 'Contact', hint: false })
  contactId!: string;

  @CodeField(MASH_DECISIONS)
  decision!: MashDecision;

  @CodesField(MASH_CHECKS, { optional: true, description: 'Agency checks made before deciding', label: 'Agency checks made before deciding', hint: 'Select all that apply' })
  checks: MashCheck[] = [];
}

export class OpenReferralDto extends CommandBodyDto implements CommandData<'OpenReferral'> {
  @CodeField(PRIMARY_NEEDS, { description: 'CIN census PrimaryNeedCode', hint: false })
  primaryNeed!: PrimaryNeed;

  @CodeField(REFERRAL_SOURCES, { optional: true, description: 'Defaults to the first referred contact’s source', label: 'Referral source', hint: 'Leave unchosen to use the source of the first referred contact' })
  source?: ReferralSource;
}

export class RecordReferralNoFurtherActionDto extends CommandBodyDto {}
