import { csvRecords, parseCsv, writeCsv } from '../formats/csv.js';
import { ReturnsError } from '../returns.errors.js';
import { SSDA903_FILE_NAMES, SSDA903_FILES, type Ssda903FileName, type Ssda903Row, type Ssda903Rows } from './ssda903-files.js';

/** One CSV per 903 file, named `<file>.csv`, every file written even when it has no rows (the portal expects them). */
export function ssda903Csv(rows: Ssda903Rows): Record<`${Ssda903FileName}.csv`, string> {
  const out = {} as Record<`${Ssda903FileName}.csv`, string>;
  for (const name of SSDA903_FILE_NAMES) {
    const columns = SSDA903_FILES[name] as readonly string[];
    const list = rows[name] as readonly Record<string, string>[];
    out[`${name}.csv`] = writeCsv({ headers: columns, rows: list.map((r) => columns.map((c) => r[c] ?? '')) });
  }
  return out;
}

/**
 * Reads a set of 903 files (keys: file names such as `episodes.csv`, case-insensitive, `.csv` optional). Missing
 * files read as empty; a file with a missing required column is refused; extra columns are ignored.
 */
export function readSsda903Csv(files: Readonly<Record<string, string>>): Ssda903Rows {
  const byName = new Map(Object.entries(files).map(([k, v]) => [k.toLowerCase().replace(/\.csv$/, '').replace(/^.*[\\/]/, ''), { fileName: k, text: v }]));
  const out = {} as Record<Ssda903FileName, Ssda903Row<Ssda903FileName>[]>;
  for (const name of SSDA903_FILE_NAMES) {
    const file = byName.get(name);
    if (!file) {
      out[name] = [];
      continue;
    }
    const table = parseCsv(file.text, file.fileName);
    const upper = table.headers.map((h) => h.toUpperCase());
    const missing = (SSDA903_FILES[name] as readonly string[]).filter((c) => !upper.includes(c) && !['HOME_POST', 'PL_POST', 'URN', 'MOTHER', 'MC_DOB'].includes(c));
    if (missing.length > 0) throw new ReturnsError('MALFORMED_SOURCE', `${file.fileName} has no column ${missing.join(', ')}`);
    out[name] = csvRecords(table).map((r) => Object.fromEntries((SSDA903_FILES[name] as readonly string[]).map((c) => [c, r[c] ?? ''])) as Ssda903Row<Ssda903FileName>);
  }
  return out;
}
