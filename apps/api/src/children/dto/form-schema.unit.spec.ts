import { getMetadataStorage } from 'class-validator';
import { ASSESSMENT_FACTORS, ICPC_OUTCOMES, PLACEMENT_TYPES } from '@cje/journey';
import { COMMAND_ROUTES } from '../http/command-routes.js';
import { AuthoriseAssessmentDto } from './case-work.dto.js';
import { ChildDetailsDto, NewChildContactDto, RecordContactDto } from './front-door.dto.js';
import { formFieldsOf, labelFromName, type FormFieldSchema } from './form-schema.js';
import { BecomeLookedAfterDto } from './looked-after.dto.js';
import { PlaceForAdoptionDto } from './permanence.dto.js';
import { HoldIcpcDto, ScheduleIcpcDto } from './protection.dto.js';

type Class = abstract new (...args: never[]) => unknown;

/** The properties class-validator checks on a body class (its own and inherited), i.e. what the API accepts. */
function validatedProperties(type: Class): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

const byName = (fields: readonly FormFieldSchema[], name: string) => fields.find((f) => f.name === name);

describe('form schema of the command bodies', () => {
  it.each(COMMAND_ROUTES.map((r) => [r.type, r.body] as const))('%s: every field the API validates has a form field, and no other', (_type, body) => {
    const envelope = ['commandId', 'occurredAt'];
    const fields = formFieldsOf(body).map((f) => f.name);
    expect([...fields].sort()).toEqual(validatedProperties(body).filter((p) => !envelope.includes(p)));
    for (const field of formFieldsOf(body).filter((f) => f.kind === 'nested')) {
      const nested = field.nested?.();
      expect(nested).toBeDefined();
      if (nested) expect(formFieldsOf(nested).map((f) => f.name).sort()).toEqual(validatedProperties(nested));
    }
  });

  it('records kind, optional, codes with labels and hints from the field decorators', () => {
    const icpc = formFieldsOf(HoldIcpcDto);
    expect(byName(icpc, 'outcome')).toMatchObject({ kind: 'code', optional: false, label: 'Outcome', codes: ICPC_OUTCOMES, hint: 'A child protection plan starts the same day' });
    expect(byName(icpc, 'category')).toMatchObject({ kind: 'code', optional: true, label: 'Category of abuse' });
    expect(byName(formFieldsOf(ScheduleIcpcDto), 'conferenceDate')).toMatchObject({ kind: 'date', label: 'Conference date', optional: false });
    const factors = byName(formFieldsOf(AuthoriseAssessmentDto), 'factors');
    expect(factors).toMatchObject({ kind: 'codes', minItems: 1, codes: ASSESSMENT_FACTORS });
  });

  it('keeps a code subset to the codes the API accepts', () => {
    const place = byName(formFieldsOf(PlaceForAdoptionDto), 'place');
    expect(place?.codes?.map((c) => c.code)).toEqual(['A3', 'A4', 'A5', 'A6']);
    expect(place?.codes?.[0]?.label).toBe(PLACEMENT_TYPES.find((p) => p.code === 'A3')?.label);
  });

  it('describes nested objects and the codes that reveal their fields', () => {
    const placement = byName(formFieldsOf(BecomeLookedAfterDto), 'placement');
    expect(placement).toMatchObject({ kind: 'nested', label: 'Placement' });
    const inner = formFieldsOf(placement?.nested?.() as Class);
    expect(inner.map((f) => [f.name, f.kind, f.optional])).toEqual([
      ['place', 'code', false],
      ['provider', 'code', false],
      ['distanceFromHomeMiles', 'number', true],
      ['insideLocalAuthority', 'boolean', true],
    ]);
    expect(byName(formFieldsOf(ChildDetailsDto), 'status')?.reveals).toEqual({ BORN: ['dateOfBirth'], UNBORN: ['expectedDateOfBirth'] });
  });

  it('gives a subclass its base class’s fields first, and the base class none of the subclass’s', () => {
    const contact = formFieldsOf(NewChildContactDto).map((f) => f.name);
    expect(contact).toEqual(['contactId', 'source', 'child', 'concerns', 'childId', 'firstName', 'lastName', 'confirmNewChild']);
    expect(formFieldsOf(RecordContactDto).map((f) => f.name)).toEqual(['contactId', 'source', 'child', 'concerns']);
  });

  it.each([
    ['conferenceDate', 'Conference date'],
    ['primaryNeed', 'Primary need'],
    ['contactId', 'Contact ID'],
    ['IcpcHeld', 'ICPC held'],
    ['S47EnquiryStarted', 'S47 enquiry started'],
    ['distanceFromHomeMiles', 'Distance from home miles'],
    ['MashDecisionMade', 'MASH decision made'],
  ])('derives the label of %s as “%s”', (name, label) => {
    expect(labelFromName(name)).toBe(label);
  });
});
