import { ApiError } from '../../http/api-error.js';
import { etagOf, expectedRevisionFrom } from './if-match.js';

describe('If-Match', () => {
  it('reads the revision from a strong tag, as the ETag gives it', () => {
    expect(expectedRevisionFrom(etagOf(12))).toBe(12);
    expect(expectedRevisionFrom(' "0" ')).toBe(0);
  });

  it('asks for no particular revision when absent or *', () => {
    expect(expectedRevisionFrom(undefined)).toBeUndefined();
    expect(expectedRevisionFrom('*')).toBeUndefined();
  });

  it.each(['W/"3"', '3', '"three"', '"1", "2"'])('refuses %s as malformed', (header) => {
    expect(() => expectedRevisionFrom(header)).toThrow(ApiError);
  });
});
