import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@cje/event-store';
import { CIN_SCHEMA_2025_26, readGolden } from '../../../../libs/returns/src/fixtures/golden-files.js';
import { seedStore } from '../../../../libs/returns/src/fixtures/seed-store.js';
import { smallAuthority } from '../../../../libs/returns/src/fixtures/small-authority.js';
import { loadXsd, validateXml } from '@cje/returns';
import { runCli } from '../cli.js';
import type { CliContext } from '../cli-command.js';
import { returnsCommand } from './returns.command.js';

const CHARACTERISTICS = `CHILD,SEX,ETHNIC,UPN,FORMER_UPN,UPN_UNKNOWN,DISABILITIES,DATE_OF_DEATH,UASC,DUC,MOTHER,MC_DOB
A1001,F,WBRI,A123456789012,,,NONE,,,,,
A1002,M,MWBC,,,UN1,,,,,,
A1003,M,WOTH,B123456789012,,,,,,,,
A1004,M,BAFR,C123456789012,,,AUT COMM,,,,,
A1005,F,WBRI,,,UN1,,,,,,
A1006,F,AIND,D123456789012,,,,,1,20/06/2025,0,
A1007,F,NOBT,,,,,,,,,
A1009,M,WBRI,,,,,,,,,
A1010,M,WIRT,E123456789012,,,BEH,,,,,
`;

describe('cje returns (reading the store the environment configures)', () => {
  let dir: string;
  let file: string;
  let out: string[];
  let err: string[];
  const ctx = (): CliContext => ({
    async openStore() {
      const store = new SqliteEventStore({ filename: file });
      await store.init();
      return store;
    },
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
  });
  const cje = (...args: string[]) => runCli(args, [returnsCommand], ctx());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cje-returns-'));
    file = join(dir, 'journey.db');
    writeFileSync(join(dir, 'characteristics.csv'), CHARACTERISTICS);
    const store = new SqliteEventStore({ filename: file });
    await store.init();
    await seedStore(store, smallAuthority().events);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    out = [];
    err = [];
  });

  it('explains itself with --help', async () => {
    expect(await cje('returns', '--help')).toBe(0);
    expect(out.join('\n')).toContain('Usage: cje returns <cin|903|annex-a|check> [options]');
    expect(out.join('\n')).toContain('cje returns check --year <YYYY>');
  });

  it('says what is wrong with its use and exits 2', async () => {
    expect(await cje('returns', 'census')).toBe(2);
    expect(err.join('\n')).toContain("Unknown return 'census'");
    expect(await cje('returns', 'cin', '--lea', '999')).toBe(2);
    expect(err.join('\n')).toContain('--year is required');
    expect(await cje('returns', '903', '--year', '25', '--out', dir)).toBe(2);
  });

  it('cin --year 2025 writes the census the golden file holds, valid against the schema', async () => {
    const target = join(dir, 'cin.xml');
    const code = await cje('returns', 'cin', '--year', '2025', '--lea', '999', '--out', target, '--characteristics', join(dir, 'characteristics.csv'), '--generated-at', '2026-04-20T12:00:00Z');
    expect(code).toBe(0);
    const xml = readFileSync(target, 'utf8');
    expect(xml).toBe(readGolden('cin-2025-26.xml'));
    expect(validateXml(xml, loadXsd(CIN_SCHEMA_2025_26))).toEqual([]);
    expect(err.join('\n')).toContain('CIN census 2025-26: 9 children, 9 episodes written to');
  });

  it('903 --year 2025 --out dir writes the eleven files', async () => {
    const target = join(dir, '903');
    expect(await cje('returns', '903', '--year', '2025', '--out', target, '--characteristics', join(dir, 'characteristics.csv'))).toBe(0);
    expect(readdirSync(target).sort()).toHaveLength(11);
    expect(readFileSync(join(target, 'episodes.csv'), 'utf8')).toBe(readGolden('ssda903-2025-26/episodes.csv'));
    expect(readFileSync(join(target, 'header.csv'), 'utf8')).toBe(readGolden('ssda903-2025-26/header.csv'));
  });

  it('annex-a --out dir writes the lists and the workbook', async () => {
    const target = join(dir, 'annex');
    expect(await cje('returns', 'annex-a', '--out', target, '--as-of', '2026-03-31', '--characteristics', join(dir, 'characteristics.csv'))).toBe(0);
    expect(existsSync(join(target, 'annex-a-2026-03-31.xlsx'))).toBe(true);
    expect(readFileSync(join(target, 'annex-a-list-08-children-looked-after.csv'), 'utf8')).toBe(readGolden('annex-a-2026-03-31/annex-a-list-08-children-looked-after.csv'));
    expect(out.join('\n')).toContain('list 2: Early help assessments are not recorded in the journey');
  });

  it('check --year 2025 reports per child and exits 1 when there are errors', async () => {
    expect(await cje('returns', 'check', '--year', '2025', '--characteristics', join(dir, 'characteristics.csv'), '--generated-at', '2026-04-20T12:00:00Z')).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('Pre-submission checks, collection year 2025-26: 9 children in the returns, 2 error(s)');
    expect(text).toContain('Child A1005:\n  ERROR 903 rule 175 [NB_ADOPTR]');
  });

  it('check --json gives every finding', async () => {
    await cje('returns', 'check', '--year', '2025', '--json', '--generated-at', '2026-04-20T12:00:00Z');
    const report = JSON.parse(out.join('\n')) as { errors: number; findings: { childId: string; ruleId: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'CJE-01').map((f) => f.childId)).toContain('A1001');
  });

  it('check exits 1 for a year with no children at all (the census needs one)', async () => {
    expect(await cje('returns', 'check', '--year', '2020', '--generated-at', '2026-04-20T12:00:00Z')).toBe(1);
    expect(out.join('\n')).toContain('ERROR engine CJE-05 [Children]');
  });

  it('check exits 0 when nothing is wrong', async () => {
    const clean = join(dir, 'clean.db');
    const store = new SqliteEventStore({ filename: clean });
    await store.init();
    const { events } = smallAuthority();
    await seedStore(store, new Map([...events].filter(([id]) => id === 'A1001' || id === 'A1003')));
    await store.close();
    const cleanCtx: CliContext = {
      ...ctx(),
      async openStore() {
        const opened = new SqliteEventStore({ filename: clean });
        await opened.init();
        return opened;
      },
    };
    const code = await runCli(['returns', 'check', '--year', '2025', '--characteristics', join(dir, 'characteristics.csv')], [returnsCommand], cleanCtx);
    expect(out.join('\n')).toContain('collection year 2025-26: 2 children in the returns, 0 error(s), 0 query(ies)');
    expect(code).toBe(0);
  });
});
