import { AuthoriseAssessmentDto, RecordCinVisitDto } from '../../children/dto/case-work.dto.js';
import { CorrectEventDto } from '../../children/dto/corrections.dto.js';
import { formFieldsOf } from '../../children/dto/form-schema.js';
import { NewChildContactDto, RecordMashDecisionDto } from '../../children/dto/front-door.dto.js';
import { BecomeLookedAfterDto } from '../../children/dto/looked-after.dto.js';
import { HoldIcpcDto, ScheduleIcpcDto } from '../../children/dto/protection.dto.js';
import { COMMAND_ROUTES } from '../../children/http/command-routes.js';
import { dateFromParts, formToBody, type FormState } from './form-body.js';
import { fieldViews, withChoices } from './form-view.js';
import { OCCURRED_AT, readForm } from './worker-form.js';

const COMMAND_ID = '3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21';
const WHEN: FormState = { 'occurredAt-day': '6', 'occurredAt-month': '1', 'occurredAt-year': '2025' };

const fieldsOf = (type: Parameters<typeof formFieldsOf>[0]) => [OCCURRED_AT, ...formFieldsOf(type)];

describe('form → command body', () => {
  describe('dates from day, month and year', () => {
    it('pads the day and month', () => {
      expect(dateFromParts({ day: '6', month: '1', year: '2025' })).toEqual({ value: '2025-01-06', missing: [] });
      expect(dateFromParts({ day: ' 27 ', month: '03', year: '2025' })).toEqual({ value: '2025-03-27', missing: [] });
    });

    it('leaves an empty date out, and says which parts of a partly filled one are missing', () => {
      expect(dateFromParts({ day: '', month: '', year: '' })).toEqual({ value: undefined, missing: [] });
      expect(dateFromParts({ day: '6', month: '', year: '2025' }).missing).toEqual(['month']);
      expect(dateFromParts({ day: '', month: '', year: '2025' }).missing).toEqual(['day', 'month']);
    });

    it('does not turn a two-digit year or words into a date', () => {
      expect(dateFromParts({ day: '6', month: '1', year: '25' }).value).toBe('25-01-06');
      expect(dateFromParts({ day: 'six', month: '1', year: '2025' }).value).toBe('2025-01-six');
    });
  });

  it('reads a date field into YYYY-MM-DD', () => {
    const { body } = formToBody(fieldsOf(ScheduleIcpcDto), { ...WHEN, 'conferenceDate-day': '5', 'conferenceDate-month': '2', 'conferenceDate-year': '2025' });
    expect(body).toEqual({ occurredAt: '2025-01-06', conferenceDate: '2025-02-05' });
  });

  it('reads ticked boxes as a list, one box as a list of one, and no box as none (required) or absent (optional)', () => {
    const fields = fieldsOf(AuthoriseAssessmentDto);
    expect(formToBody(fields, { ...WHEN, factors: ['16A', '3B'] }).body.factors).toEqual(['16A', '3B']);
    expect(formToBody(fields, { ...WHEN, factors: '16A' }).body.factors).toEqual(['16A']);
    expect(formToBody(fields, WHEN).body.factors).toEqual([]);
    expect(formToBody(fieldsOf(RecordMashDecisionDto), WHEN).body).not.toHaveProperty('checks');
  });

  it('reads yes and no as booleans, and no answer as absent', () => {
    const fields = fieldsOf(RecordCinVisitDto);
    expect(formToBody(fields, { ...WHEN, childSeen: 'yes', seenAlone: 'no' }).body).toMatchObject({ childSeen: true, seenAlone: false });
    expect(formToBody(fields, { ...WHEN, childSeen: 'yes' }).body).not.toHaveProperty('seenAlone');
  });

  it('reads a nested object field by field: codes, a number, a yes/no', () => {
    const { body } = formToBody(fieldsOf(BecomeLookedAfterDto), {
      ...WHEN,
      legalStatus: 'V2',
      categoryOfNeed: 'N1',
      'placement.place': 'U6',
      'placement.provider': 'PR1',
      'placement.distanceFromHomeMiles': '4.5',
      'placement.insideLocalAuthority': 'no',
    });
    expect(body).toEqual({
      occurredAt: '2025-01-06',
      legalStatus: 'V2',
      categoryOfNeed: 'N1',
      placement: { place: 'U6', provider: 'PR1', distanceFromHomeMiles: 4.5, insideLocalAuthority: false },
    });
  });

  it('reads only the fields the chosen answer reveals', () => {
    const state: FormState = {
      ...WHEN,
      'child.status': 'UNBORN',
      'child.dateOfBirth-day': '1',
      'child.dateOfBirth-month': '2',
      'child.dateOfBirth-year': '2020',
      'child.expectedDateOfBirth-day': '3',
      'child.expectedDateOfBirth-month': '9',
      'child.expectedDateOfBirth-year': '2025',
    };
    expect(formToBody(fieldsOf(NewChildContactDto), state).body.child).toEqual({ status: 'UNBORN', expectedDateOfBirth: '2025-09-03' });
    expect(formToBody(fieldsOf(NewChildContactDto), { ...state, 'child.status': 'BORN' }).body.child).toEqual({ status: 'BORN', dateOfBirth: '2020-02-01' });
  });

  it('reads JSON details as an object, and passes text that is not JSON on for validation to refuse', () => {
    expect(formToBody(fieldsOf(CorrectEventDto), { ...WHEN, data: '{"outcome":"PLAN"}' }).body.data).toEqual({ outcome: 'PLAN' });
    expect(formToBody(fieldsOf(CorrectEventDto), { ...WHEN, data: 'outcome: PLAN' }).body.data).toBe('outcome: PLAN');
  });
});

describe('a posted form, validated by the command’s body class', () => {
  it('gives the body class the API validates, with the command’s data as the API would send it', async () => {
    const result = await readForm(HoldIcpcDto, fieldsOf(HoldIcpcDto), { ...WHEN, commandId: COMMAND_ID, outcome: 'PLAN', category: 'NEG' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toBeInstanceOf(HoldIcpcDto);
    const route = COMMAND_ROUTES.find((r) => r.type === 'HoldIcpc');
    expect(route?.toData(result.body)).toEqual({ outcome: 'PLAN', category: 'NEG' });
    expect(result.body.occurredAt).toBe('2025-01-06');
  });

  it('says what is missing and what is wrong, per field and in page order, with links to the fields', async () => {
    const result = await readForm(HoldIcpcDto, fieldsOf(HoldIcpcDto), { 'occurredAt-day': '6', 'occurredAt-year': '2025', commandId: COMMAND_ID, category: 'XYZ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.summary).toEqual([
      { text: 'The date it happened must include a month', href: '#occurredAt-month' },
      { text: 'Select the outcome', href: '#outcome' },
      { text: 'Select the category of abuse from the list', href: '#category' },
    ]);
    expect(result.errors.byPath.get('outcome')).toBe('Select the outcome');
  });

  it('finds errors in nested objects and links to the nested field', async () => {
    const result = await readForm(BecomeLookedAfterDto, fieldsOf(BecomeLookedAfterDto), {
      ...WHEN,
      commandId: COMMAND_ID,
      legalStatus: 'V2',
      categoryOfNeed: 'N1',
      'placement.provider': 'PR1',
      'placement.distanceFromHomeMiles': 'far',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.summary).toEqual([
      { text: 'Select the placement type', href: '#placement-place' },
      { text: 'The distance from home must be a number, like 4.5', href: '#placement-distanceFromHomeMiles' },
    ]);
  });

  it('refuses a required choice left empty and a box list with none ticked', async () => {
    const result = await readForm(AuthoriseAssessmentDto, fieldsOf(AuthoriseAssessmentDto), { ...WHEN, commandId: COMMAND_ID, assessmentId: 'assessment-1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.summary.map((e) => e.text)).toEqual(['Select at least one of the assessment factors', 'Select the outcome']);
  });

  it('says the form has expired when its command id is not one', async () => {
    const result = await readForm(HoldIcpcDto, fieldsOf(HoldIcpcDto), { ...WHEN, commandId: 'not-a-uuid', outcome: 'PLAN' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.summary).toEqual([{ text: 'This form has expired. Reload the page and fill it in again.' }]);
  });
});

describe('form fields as GOV.UK components', () => {
  it('uses radios for a few codes, a select for many, checkboxes for several, date inputs for dates', () => {
    const icpc = fieldViews(fieldsOf(HoldIcpcDto), WHEN);
    expect(icpc.map((f) => [f.path, f.component])).toEqual([
      ['occurredAt', 'dateInput'],
      ['outcome', 'radios'],
      ['category', 'radios'],
    ]);
    const looked = fieldViews(fieldsOf(BecomeLookedAfterDto), {});
    expect(looked.find((f) => f.path === 'legalStatus')?.component).toBe('select');
    expect(looked.find((f) => f.path === 'placement')?.fields?.map((f) => f.component)).toEqual(['select', 'radios', 'input', 'radios']);
    expect(fieldViews(fieldsOf(AuthoriseAssessmentDto), {}).find((f) => f.path === 'factors')?.component).toBe('checkboxes');
  });

  it('keeps what was typed, marks optional fields and shows the error against its field', () => {
    const [date, outcome, category] = fieldViews(fieldsOf(HoldIcpcDto), { ...WHEN, outcome: 'PLAN' }, { errors: new Map([['category', 'Select the category of abuse']]) });
    expect((date?.params.items as { value: string }[]).map((i) => i.value)).toEqual(['6', '1', '2025']);
    expect((outcome?.params.items as { value: string; checked: boolean }[]).find((i) => i.checked)?.value).toBe('PLAN');
    expect(category?.params).toMatchObject({ fieldset: { legend: { text: 'Category of abuse (optional)' } }, errorMessage: { text: 'Select the category of abuse' } });
  });

  it('shows the fields an answer reveals after the question, without “(optional)”', () => {
    const child = fieldViews(fieldsOf(NewChildContactDto), {}).find((f) => f.path === 'child');
    expect(child?.fields?.map((f) => [f.path, (f.params.fieldset as { legend: { text: string } }).legend.text])).toEqual([
      ['child.status', 'Has the child been born?'],
      ['child.dateOfBirth', 'Date of birth'],
      ['child.expectedDateOfBirth', 'Expected date of birth'],
    ]);
  });

  it('offers the ids the record knows as a choice', () => {
    const fields = withChoices(fieldsOf(RecordMashDecisionDto), new Map([['contactId', [{ code: 'contact-1', label: 'Contact received 6 January 2025' }]]]));
    const contact = fieldViews(fields, {}).find((f) => f.path === 'contactId');
    expect(contact?.component).toBe('radios');
    expect(contact?.params.items).toEqual([expect.objectContaining({ value: 'contact-1', text: 'Contact received 6 January 2025' })]);
  });
});
