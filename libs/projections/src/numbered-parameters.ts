/**
 * Rewrites `?` placeholders as PostgreSQL's `$1, $2, …`, leaving alone any `?` inside string literals, quoted
 * identifiers and comments. Dollar-quoted bodies and PostgreSQL's own `?` JSON operators are not supported: read-model
 * SQL has no use for either (use `jsonb_exists` and friends instead).
 */
export function toNumberedParameters(sql: string): string {
  if (!sql.includes('?')) return sql;
  let out = '';
  let n = 0;
  let i = 0;
  const length = sql.length;
  while (i < length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      const end = newline === -1 ? length : newline;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close === -1 ? length : close + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '?') {
      n += 1;
      out += `$${n}`;
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Index just past the quote that closes the one at `start`; a doubled quote is an escaped quote, not the end. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const next = sql.indexOf(quote, i);
    if (next === -1) return sql.length;
    if (sql[next + 1] === quote) {
      i = next + 2;
      continue;
    }
    return next + 1;
  }
}
