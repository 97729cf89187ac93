import { toDfeDate } from '../collection-year.js';
import { writeCsv } from '../formats/csv.js';
import { xlsx } from '../formats/xlsx.js';
import type { AnnexACell, AnnexAList } from './annex-a.js';

const csvCell = (cell: AnnexACell): string => (cell === null ? '' : typeof cell === 'object' ? toDfeDate(cell.date) : String(cell));

/** One CSV per list: `annex-a-list-01-contacts.csv` … */
export function annexACsv(lists: readonly AnnexAList[]): Record<string, string> {
  return Object.fromEntries(
    lists.map((l) => [
      `annex-a-list-${String(l.number).padStart(2, '0')}-${l.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}.csv`,
      writeCsv({ headers: l.headers, rows: l.rows.map((r) => r.map(csvCell)) }),
    ]),
  );
}

/** The eleven lists as one .xlsx workbook, a sheet per list (an empty list keeps its header row). */
export function annexAWorkbook(lists: readonly AnnexAList[]): Buffer {
  return xlsx(lists.map((l) => ({ name: l.sheet, rows: [l.headers, ...l.rows] })));
}
