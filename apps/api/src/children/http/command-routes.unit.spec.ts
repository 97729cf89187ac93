import { JOURNEY_COMMAND_TYPES, REJECTION_CODES } from '@cje/journey';
import { REJECTION_STATUS, rejectionProblem } from '../rejection-problem.js';
import { COMMAND_ROUTES, kebabCase } from './command-routes.js';
import { HoldIcpcDto } from '../dto/protection.dto.js';
import { CorrectEventDto } from '../dto/corrections.dto.js';

describe('command routes', () => {
  it('offers every journey command at its kebab-case path, once', () => {
    expect(COMMAND_ROUTES.map((r) => r.type)).toEqual([...JOURNEY_COMMAND_TYPES]);
    expect(new Set(COMMAND_ROUTES.map((r) => r.path)).size).toBe(JOURNEY_COMMAND_TYPES.length);
    expect(kebabCase('RecordMashDecision')).toBe('record-mash-decision');
    expect(kebabCase('StartS47Enquiry')).toBe('start-s47-enquiry');
    expect(kebabCase('HoldIcpc')).toBe('hold-icpc');
  });

  it('takes a command’s data from its body without the envelope or undefined fields', () => {
    const route = COMMAND_ROUTES.find((r) => r.type === 'HoldIcpc')!;
    const body = Object.assign(new HoldIcpcDto(), { commandId: 'c', occurredAt: '2025-01-27', outcome: 'NO_PLAN', category: undefined });
    expect(route.toData(body)).toEqual({ outcome: 'NO_PLAN' });
  });

  it('names a corrected effective date apart from the command’s own', () => {
    const route = COMMAND_ROUTES.find((r) => r.type === 'CorrectEvent')!;
    const body = Object.assign(new CorrectEventDto(), { commandId: 'c', occurredAt: '2025-02-01', eventId: 'e:0', data: { a: 1 }, correctedOccurredAt: '2025-01-09', reason: 'typo' });
    expect(route.toData(body)).toEqual({ eventId: 'e:0', data: { a: 1 }, occurredAt: '2025-01-09', reason: 'typo' });
  });
});

describe('journey rejections as problems', () => {
  it('gives every rejection code a status: conflicts 409, broken rules 422, permission 403, unknown event 404', () => {
    expect(Object.keys(REJECTION_STATUS).sort()).toEqual([...REJECTION_CODES].sort());
    expect(rejectionProblem({ code: 'ILLEGAL_TRANSITION', reason: 'An ICPC cannot be held: no s47 enquiry is open' }, 'HoldIcpc')).toMatchObject({
      status: 409,
      code: 'ILLEGAL_TRANSITION',
      detail: 'An ICPC cannot be held: no s47 enquiry is open',
    });
    expect(REJECTION_STATUS.INVALID_DATE).toBe(422);
    expect(REJECTION_STATUS.NOT_PERMITTED).toBe(403);
    expect(REJECTION_STATUS.UNKNOWN_EVENT).toBe(404);
  });
});
