import { readFileSync } from 'node:fs';
import { CIN_SCHEMA_2025_26, readGolden } from '../fixtures/golden-files.js';
import { ReturnsError } from '../returns.errors.js';
import { loadXsd, validateXml } from './xsd-validator.js';

const schema = loadXsd(CIN_SCHEMA_2025_26);
const golden = readGolden('cin-2025-26.xml');
const messages = (xml: string): string[] => validateXml(xml, schema).map((p) => `${p.path}: ${p.message}`);

describe('XSD validation against the 2025-26 CIN census schema', () => {
  it('accepts the golden census', () => {
    expect(messages(golden)).toEqual([]);
  });

  it('refuses the 2023-24 child identifier GenderCurrent where 2025-26 has Sex', () => {
    const old = golden.replace('<Sex>F</Sex>', '<GenderCurrent>2</GenderCurrent>');
    expect(messages(old)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ChildIdentifiers.*is missing <Sex> \(found <GenderCurrent>/), expect.stringMatching(/<GenderCurrent> is not allowed/)]),
    );
  });

  it('refuses a sex code outside M, F and U', () => {
    expect(messages(golden.replace('<Sex>F</Sex>', '<Sex>2</Sex>'))).toEqual([
      expect.stringContaining("/Message/Children[1]/Child[1]/ChildIdentifiers[1]/Sex[1]: <Sex> '2' is not one of the allowed values (M, F, U)"),
    ]);
  });

  it('refuses elements out of order, missing required items and impossible dates', () => {
    const swapped = golden.replace(
      '<CINreferralDate>2025-04-08</CINreferralDate>\n        <ReferralSource>2A</ReferralSource>',
      '<ReferralSource>2A</ReferralSource>\n        <CINreferralDate>2025-04-08</CINreferralDate>',
    );
    expect(messages(swapped).join('\n')).toMatch(/is missing <CINreferralDate> \(found <ReferralSource>/);
    expect(messages(golden.replace('<ReferralNFA>1</ReferralNFA>', '')).join('\n')).toMatch(/CINdetails\[1\]: <CINdetails> is missing <ReferralNFA>/);
    expect(messages(golden.replace('2025-04-08', '2025-02-30')).join('\n')).toMatch(/'2025-02-30' is not a date/);
  });

  it('refuses yes/no written as true/false (2025-26 takes 0 or 1) and a negative number of previous plans', () => {
    expect(messages(golden.replace('<ReferralNFA>1</ReferralNFA>', '<ReferralNFA>true</ReferralNFA>')).join('\n')).toMatch(/'true' is not one of the allowed values \(0, 1\)/);
    expect(messages(golden.replace('<NumberOfPreviousCPP>0</NumberOfPreviousCPP>', '<NumberOfPreviousCPP>-1</NumberOfPreviousCPP>')).join('\n')).toMatch(
      /'-1' is not a whole number of zero or more/,
    );
  });

  it('refuses a census with no children (the schema needs one)', () => {
    expect(messages(golden.replace(/<Children>[\s\S]*<\/Children>/, '<Children/>')).join('\n')).toMatch(/<Children> is missing <Child>/);
  });

  it('refuses to load a schema it cannot fully interpret, rather than passing documents it did not check', () => {
    const choice = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="A"><xs:complexType><xs:choice/></xs:complexType></xs:element></xs:schema>';
    expect(() => loadXsd(choice)).toThrow(ReturnsError);
    expect(() => loadXsd(choice)).toThrow('a complex type other than one xs:sequence');
  });

  it('also reads the 2023-24 schema from the shared domain folder, and tells the two years apart', () => {
    const old = loadXsd(readFileSync(new URL('../../../../../shared/domain/schemas/CIN_schema_2024.xsd', import.meta.url), 'utf8'));
    expect(validateXml(golden, old).map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('is missing <GenderCurrent>')]));
  });
});
