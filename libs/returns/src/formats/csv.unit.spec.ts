import { csvRecords, parseCsv, writeCsv } from './csv.js';

describe('CSV', () => {
  it('quotes only the cells that need it and ends every line with LF', () => {
    expect(writeCsv({ headers: ['A', 'B'], rows: [['plain', 'with, comma'], ['say "hi"', ' padded']] })).toBe(
      'A,B\nplain,"with, comma"\n"say ""hi"""," padded"\n',
    );
  });

  it('reads what it writes, and CRLF files with a byte-order mark', () => {
    const text = writeCsv({ headers: ['A', 'B'], rows: [['1', 'x\ny'], ['', '2']] });
    expect(parseCsv(text, 't.csv')).toEqual({ headers: ['A', 'B'], rows: [['1', 'x\ny'], ['', '2']] });
    expect(parseCsv('\ufeffa,b\r\n1,2\r\n', 't.csv').rows).toEqual([['1', '2']]);
  });

  it('pads short rows, refuses long ones and unclosed quotes', () => {
    expect(parseCsv('A,B,C\n1\n', 't.csv').rows).toEqual([['1', '', '']]);
    expect(() => parseCsv('A\n1,2\n', 't.csv')).toThrow('t.csv row 2 has 2 cells');
    expect(() => parseCsv('A\n"open\n', 't.csv')).toThrow('not closed');
  });

  it('keys records by upper-cased header with trimmed cells', () => {
    expect(csvRecords(parseCsv('child,Dob\n A1 ,01/02/2020\n', 't.csv'))).toEqual([{ CHILD: 'A1', DOB: '01/02/2020' }]);
  });
});
