import { ReturnsError } from '../returns.errors.js';

/** One CSV file: a header row and rows of cells, as strings ('' for a blank cell). */
export interface CsvTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const needsQuotes = /[",\r\n]|^\s|\s$/;
const cell = (value: string): string => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * RFC 4180 fields (quoted only when needed), LF line ends, a final newline, UTF-8 without a byte-order mark: the DfE
 * portal and spreadsheet programs read it, and files diff cleanly in review.
 */
export function writeCsv(table: CsvTable): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Reads RFC 4180 CSV (CRLF or LF, quoted fields, a byte-order mark tolerated). Rows shorter than the header are padded. */
export function parseCsv(text: string, fileName: string): CsvTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new ReturnsError('MALFORMED_CSV', `${fileName} line ${line}: a quote inside an unquoted field`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) throw new ReturnsError('MALFORMED_CSV', `${fileName}: a quoted field is not closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  const [headers, ...rows] = nonEmpty;
  if (!headers) throw new ReturnsError('MALFORMED_CSV', `${fileName} is empty: it needs at least a header row`);
  const width = headers.length;
  for (const [index, r] of rows.entries())
    if (r.length > width) throw new ReturnsError('MALFORMED_CSV', `${fileName} row ${index + 2} has ${r.length} cells; the header has ${width}`);
  return { headers: headers.map((h) => h.trim()), rows: rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]) };
}

/** Rows as records keyed by header (header names upper-cased: DfE files vary in case). */
export function csvRecords(table: CsvTable): Record<string, string>[] {
  const keys = table.headers.map((h) => h.toUpperCase());
  return table.rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, (r[i] ?? '').trim()])));
}
