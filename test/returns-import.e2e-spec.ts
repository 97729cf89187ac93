import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@cje/event-store';
import { buildCinCensus, buildSsda903, cinCensusXml, collectionYear, NO_CHARACTERISTICS, ssda903Csv } from '@cje/returns';
import { loadConfig } from '@cje/runtime';
import { openMigrationApplication } from '../apps/api/src/returns/migration/migration-application.js';
import { runCli } from '../apps/cli/src/cli.js';
import type { CliContext } from '../apps/cli/src/cli-command.js';
import { returnsCommand } from '../apps/cli/src/commands/returns.command.js';
import { withReturnsImport } from '../apps/cli/src/commands/returns-import.command.js';
import { GENERATED_AT, smallAuthorityReturns } from '../libs/returns/src/fixtures/small-authority-returns.js';

const YEARS = [2021, 2022, 2023, 2024, 2025];

interface ImportReport {
  correlationId: string;
  childrenPlanned: number;
  commandsPlanned: number;
  childrenImported: number;
  commandsAccepted: number;
  commandsAlreadyRecorded: number;
  notImported: { record: { childId: string; file: string; item: string }; reason: string }[];
}

/**
 * `cje returns import` end to end: another system's files (five years of the small authority's returns, exported
 * with no characteristics) go through the API's own application into a SQLite store; the store then answers
 * `cje returns cin` with the census that went in.
 */
describe('cje returns import (migration through the command handler)', () => {
  let dir: string;
  let file: string;
  let out: string[];
  let err: string[];
  const sources: Record<number, string> = {};

  const ctx = (): CliContext => ({
    async openStore() {
      const store = new SqliteEventStore({ filename: file });
      await store.init();
      return store;
    },
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
  });
  const command = () => withReturnsImport(returnsCommand, () => openMigrationApplication(loadConfig({ NODE_ENV: 'test', SQLITE_FILE: file, LOG_LEVEL: 'error' })));
  const cje = (...args: string[]) => runCli(args, [command()], ctx());
  const importArgs = (...extra: string[]) => ['returns', 'import', ...YEARS.flatMap((y) => ['--cin', join(dir, `cin-${y}.xml`)]), '--903', join(dir, '903'), '--system', 'legacy-lcs', ...extra];
  const report = (): ImportReport => JSON.parse(out.join('\n')) as ImportReport;
  const childEvents = async (): Promise<RecordedEvent[]> => {
    const store = new SqliteEventStore({ filename: file });
    await store.init();
    try {
      return (await store.readAll({ maxCount: 100_000 })).filter((e) => e.metadata.streamId.startsWith('child-'));
    } finally {
      await store.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-import-'));
    file = join(dir, 'journey.db');
    const { facts } = smallAuthorityReturns();
    for (const year of YEARS) {
      const y = collectionYear(year);
      sources[year] = cinCensusXml(buildCinCensus(facts, { year: y, lea: '999', generatedAt: GENERATED_AT, characteristics: NO_CHARACTERISTICS }));
      writeFileSync(join(dir, `cin-${year}.xml`), sources[year]);
      const folder = join(dir, '903', `${year}-${String((year + 1) % 100).padStart(2, '0')}`);
      mkdirSync(folder, { recursive: true });
      for (const [name, csv] of Object.entries(ssda903Csv(buildSsda903(facts, { year: y, characteristics: NO_CHARACTERISTICS }).rows))) writeFileSync(join(folder, name), csv);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    out = [];
    err = [];
  });

  it('explains the import with --help', async () => {
    expect(await cje('returns', '--help')).toBe(0);
    expect(out.join('\n')).toContain('cje returns import --cin <file.xml>');
    expect(out.join('\n')).toContain('--dry-run');
  });

  it('refuses to run without files (exit 2)', async () => {
    expect(await cje('returns', 'import')).toBe(2);
    expect(err.join('\n')).toContain('Give the files to import');
  });

  it('--dry-run plans, reports what it cannot import, submits nothing and exits 1 for the records left out', async () => {
    expect(await cje(...importArgs('--dry-run', '--json'))).toBe(1);
    const r = report();
    expect(r.childrenPlanned).toBe(10);
    expect(r.commandsAccepted).toBe(0);
    // OC2 outcomes carry no dates: reported, never guessed into events.
    expect(r.notImported.map((n) => `${n.record.childId} ${n.record.file}`)).toEqual(['A1004 903 oc2', 'A1005 903 oc2', 'A1006 903 oc2', 'A1006 903 oc2', 'A1006 903 oc2']);
    expect(await childEvents()).toEqual([]);
  });

  describe('with the OC2 rows removed (everything else is a journey record)', () => {
    beforeAll(() => {
      for (const year of YEARS) {
        const oc2 = join(dir, '903', `${year}-${String((year + 1) % 100).padStart(2, '0')}`, 'oc2.csv');
        writeFileSync(oc2, `${readFileSync(oc2, 'utf8').split('\n')[0]}\n`);
      }
    });

    let first: ImportReport;

    it('submits every planned command through the machine and exits 0', async () => {
      expect(await cje(...importArgs('--json'))).toBe(0);
      first = report();
      expect(first.notImported).toEqual([]);
      expect(first.childrenImported).toBe(10);
      expect(first.commandsAccepted).toBe(first.commandsPlanned);
      expect(first.commandsAlreadyRecorded).toBe(0);
    });

    it('marks every event as migrated: the migration correlation id and the system user', async () => {
      const events = await childEvents();
      expect(events.length).toBeGreaterThanOrEqual(first.commandsPlanned);
      expect(first.correlationId).toMatch(/^migration:legacy-lcs:[0-9a-f]{16}$/);
      expect(new Set(events.map((e) => e.metadata.correlationId))).toEqual(new Set([first.correlationId]));
      expect(new Set(events.map((e) => e.metadata.actor.userId))).toEqual(new Set(['migration:legacy-lcs']));
      expect(new Set(events.map((e) => e.metadata.streamId))).toEqual(new Set(['A1001', 'A1002', 'A1003', 'A1004', 'A1005', 'A1006', 'A1007', 'A1008', 'A1009', 'A1010'].map((id) => `child-${id}`)));
    });

    it('is idempotent: importing the same files again adds nothing', async () => {
      const before = (await childEvents()).length;
      expect(await cje(...importArgs('--json'))).toBe(0);
      const again = report();
      expect(again.commandsAccepted).toBe(0);
      expect(again.commandsAlreadyRecorded).toBe(first.commandsPlanned);
      expect(again.correlationId).toBe(first.correlationId);
      expect((await childEvents()).length).toBe(before);
    });

    it('round trip: `cje returns cin` for 2025-26 from the store gives back the census that was imported', async () => {
      const target = join(dir, 'cin-again.xml');
      expect(await cje('returns', 'cin', '--year', '2025', '--lea', '999', '--out', target, '--generated-at', GENERATED_AT)).toBe(0);
      expect(readFileSync(target, 'utf8')).toBe(sources[2025]);
    });

    it('prints a readable report', async () => {
      expect(await cje(...importArgs())).toBe(0);
      const text = out.join('\n');
      expect(text).toContain(`Import from legacy-lcs (correlation ${first.correlationId})`);
      expect(text).toContain('children imported: 10');
      expect(text).toContain('records not imported: 0');
    });
  });

  describe('into a store that already holds children with the same ids', () => {
    let existing: string[];
    beforeAll(async () => {
      file = join(dir, 'second.db');
      out = [];
      await cje('returns', 'import', '--cin', join(dir, 'cin-2025.xml'), '--system', 'first-system', '--json');
      existing = [...new Set((await childEvents()).map((e) => e.metadata.streamId.slice('child-'.length)))].sort();
    });

    it('reports what the machine refused at submission, with its reason, and exits 1', async () => {
      const before = (await childEvents()).length;
      expect(await cje(...importArgs('--json'))).toBe(1);
      const r = report();
      const refused = r.notImported.filter((n) => n.reason.startsWith('CHILD_ID_IN_USE'));
      // Children the first import opened under the same ids: the machine refuses to open them again.
      expect(existing.length).toBeGreaterThan(0);
      expect(refused.map((n) => n.record.childId).sort()).toEqual(existing);
      expect(r.notImported.some((n) => n.reason.startsWith('Not imported because') && n.reason.endsWith('was refused'))).toBe(true);
      expect(r.childrenImported).toBe(10 - existing.length);
      expect((await childEvents()).length).toBe(before + r.commandsAccepted);
    });
  });
});
