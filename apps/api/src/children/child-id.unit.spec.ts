import { childIdForCommand, childStreamId, isChildId } from './child-id.js';

describe('child ids', () => {
  it('gives a new child a version 5 UUID made from the command id, the same each time', () => {
    const id = childIdForCommand('3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(childIdForCommand('3F0C8A5E-6D2B-4C1E-9A57-2B8D1F0E4C21')).toBe(id);
    expect(childIdForCommand('3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c22')).not.toBe(id);
  });

  it('accepts UUIDs and simple client ids, and nothing that could break out of the stream name', () => {
    expect(isChildId('3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21')).toBe(true);
    expect(isChildId('LA123.child_7')).toBe(true);
    for (const bad of ['', '-x', 'a:b', 'a/b', 'a b', 'x'.repeat(65)]) expect(isChildId(bad)).toBe(false);
  });

  it('keeps one stream per child', () => {
    expect(childStreamId('abc')).toBe('child-abc');
  });
});
