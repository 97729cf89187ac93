import { expectGolden, goldenFiles } from '../fixtures/golden-files.js';
import { smallAuthorityReturns } from '../fixtures/small-authority-returns.js';
import { readZip } from '../formats/read-zip.contract.js';
import { childNamed, childrenNamed, parseXml } from '../formats/xml.js';
import { buildAnnexA } from './annex-a.js';
import { annexACsv, annexAWorkbook } from './annex-a-output.js';

describe('Annex A lists 1 to 11', () => {
  const { facts, characteristics } = smallAuthorityReturns();
  const lists = buildAnnexA(facts, { asOf: '2026-03-31', characteristics });
  const csv = annexACsv(lists);

  it('has eleven lists with the Ofsted headings', () => {
    expect(lists.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Object.keys(csv).sort()).toEqual(goldenFiles('annex-a-2026-03-31'));
  });

  it.each(goldenFiles('annex-a-2026-03-31'))('matches the hand-checked %s', (name) => {
    expect(csv[name]).toBe(expectGolden(`annex-a-2026-03-31/${name}`, csv[name]!));
  });

  it('says which lists the journey cannot fill', () => {
    expect(lists.filter((l) => l.rows.length === 0 && l.note !== null).map((l) => l.number)).toEqual([2, 11]);
  });

  it('covers six months before the reference date', () => {
    const earlier = buildAnnexA(facts, { asOf: '2025-07-31', characteristics });
    expect(earlier[0]!.rows.map((r) => r[0])).toEqual(['A1001', 'A1002', 'A1003']);
  });

  it('puts the same lists in one workbook, a sheet per list, dates as dates', () => {
    const parts = readZip(annexAWorkbook(lists));
    const workbook = parseXml(parts.get('xl/workbook.xml')!.toString('utf8'));
    expect(childrenNamed(childNamed(workbook, 'sheets')!, 'sheet').map((s) => s.attributes.name)).toEqual(lists.map((l) => l.sheet));
    const list7 = parseXml(parts.get('xl/worksheets/sheet7.xml')!.toString('utf8'));
    const rows = childrenNamed(childNamed(list7, 'sheetData')!, 'row');
    expect(rows).toHaveLength(2);
    // G2 is the plan start date, 24 June 2025: day 45832 counted from 30 December 1899.
    const start = childrenNamed(rows[1]!, 'c').find((c) => c.attributes.r === 'G2')!;
    expect([start.attributes.s, start.children[0]!.text]).toEqual(['2', '45832']);
  });
});
