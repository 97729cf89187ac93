import { londonDate, londonDateTime } from './london-time.js';

describe('time in England', () => {
  it('writes a winter instant in GMT', () => {
    expect(londonDateTime(new Date('2025-01-06T09:30:15.250Z'))).toBe('2025-01-06T09:30:15+00:00');
  });

  it('writes a summer instant in BST, on the English calendar date', () => {
    const justAfterMidnight = new Date('2025-05-31T23:30:00Z');
    expect(londonDateTime(justAfterMidnight)).toBe('2025-06-01T00:30:00+01:00');
    expect(londonDate(justAfterMidnight)).toBe('2025-06-01');
  });
});
