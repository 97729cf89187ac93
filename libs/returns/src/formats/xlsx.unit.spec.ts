import { parseXml, childrenNamed, childNamed } from './xml.js';
import { readZip } from './read-zip.contract.js';
import { columnName, xlsx } from './xlsx.js';
import { crc32 } from './zip.js';

describe('the .xlsx writer', () => {
  const book = xlsx([
    { name: 'List 1 Contacts', rows: [['Child Unique ID', 'Age', 'Date'], ['A1', 9, { date: '2025-04-07' }], [' padded ', null, 'x & <y>']] },
    { name: 'Empty', rows: [['Only a header']] },
  ]);
  const parts = readZip(book);

  it('computes CRC-32 as the ZIP format defines it', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('is a ZIP package of the SpreadsheetML parts, every part well-formed XML', () => {
    expect([...parts.keys()]).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml',
    ]);
    for (const data of parts.values()) expect(() => parseXml(data.toString('utf8'))).not.toThrow();
    const types = parseXml(parts.get('[Content_Types].xml')!.toString('utf8'));
    expect(childrenNamed(types, 'Override').map((o) => o.attributes.PartName)).toEqual([
      '/xl/workbook.xml', '/xl/styles.xml', '/xl/worksheets/sheet1.xml', '/xl/worksheets/sheet2.xml',
    ]);
  });

  it('names the sheets and links each to its part', () => {
    const workbook = parseXml(parts.get('xl/workbook.xml')!.toString('utf8'));
    expect(childrenNamed(childNamed(workbook, 'sheets')!, 'sheet').map((s) => [s.attributes.name, s.attributes['r:id']])).toEqual([
      ['List 1 Contacts', 'rId1'],
      ['Empty', 'rId2'],
    ]);
    const rels = parseXml(parts.get('xl/_rels/workbook.xml.rels')!.toString('utf8'));
    expect(childrenNamed(rels, 'Relationship').map((r) => r.attributes.Target)).toEqual(['worksheets/sheet1.xml', 'worksheets/sheet2.xml', 'styles.xml']);
  });

  it('writes text inline, numbers as numbers and dates as day serials with the date style; header row bold', () => {
    const sheet = parseXml(parts.get('xl/worksheets/sheet1.xml')!.toString('utf8'));
    const rows = childrenNamed(childNamed(sheet, 'sheetData')!, 'row');
    const cell = (r: number, ref: string) => childrenNamed(rows[r]!, 'c').find((c) => c.attributes.r === ref)!;
    expect(cell(0, 'A1').attributes).toEqual({ r: 'A1', t: 'inlineStr', s: '1' });
    expect(cell(1, 'B2').children[0]!.text).toBe('9');
    // 7 April 2025 is day 45754 counting from 30 December 1899, as spreadsheets count.
    expect(cell(1, 'C2').attributes.s).toBe('2');
    expect(cell(1, 'C2').children[0]!.text).toBe('45754');
    const padded = childNamed(childNamed(cell(2, 'A3'), 'is')!, 't')!;
    expect(padded.attributes['xml:space']).toBe('preserve');
    expect(padded.text).toBe(' padded ');
    expect(childrenNamed(rows[2]!, 'c').map((c) => c.attributes.r)).toEqual(['A3', 'C3']);
  });

  it('makes the same bytes from the same sheets', () => {
    expect(xlsx([{ name: 'S', rows: [['a']] }]).equals(xlsx([{ name: 'S', rows: [['a']] }]))).toBe(true);
  });

  it('names columns as spreadsheets do and refuses sheet names Excel would reject', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(() => xlsx([{ name: 'a/b', rows: [] }])).toThrow('cannot name a worksheet');
    expect(() => xlsx([{ name: 'x'.repeat(32), rows: [] }])).toThrow('cannot name a worksheet');
    expect(() => xlsx([{ name: 'Same', rows: [] }, { name: 'same', rows: [] }])).toThrow('cannot name a worksheet');
  });
});
