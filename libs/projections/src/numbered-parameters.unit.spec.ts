import { toNumberedParameters } from './numbered-parameters.js';

describe('toNumberedParameters (one SQL text for SQLite and PostgreSQL)', () => {
  it('numbers placeholders left to right', () => {
    expect(toNumberedParameters('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  it('leaves question marks inside string literals, quoted identifiers and comments alone', () => {
    const sql = `SELECT 'why?', 'it''s ?', "odd?col" FROM t -- is it?
      WHERE a = ? /* really? */ AND b = ?`;
    expect(toNumberedParameters(sql)).toBe(`SELECT 'why?', 'it''s ?', "odd?col" FROM t -- is it?
      WHERE a = $1 /* really? */ AND b = $2`);
  });

  it('returns text without placeholders unchanged', () => {
    expect(toNumberedParameters('SELECT 1')).toBe('SELECT 1');
  });
});
