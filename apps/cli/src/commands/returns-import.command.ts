import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { planImport, ReturnsError, type ImportPlan, type ImportSource, type NotImported } from '@cje/returns';
import { workingDayCalendar } from '@cje/timescales';
import { migrationPrincipal } from '../../../api/src/returns/migration/migration-principal.js';
import type { ImportSubmission } from '../../../api/src/returns/migration/submit-import.js';
import { journeyActor } from '../../../api/src/children/journey-actor.js';
import type { CliCommand, CliContext } from '../cli-command.js';
import { nowOption, optionalOption, ReturnsUsageError, type ReturnsArgs } from './returns-source.command.js';

const USAGE = 'returns import --cin <file.xml> [--cin <file.xml> …] [--903 <dir>] [--system <name>] [--dry-run] [--json]';
const SYSTEM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const YEAR_FOLDER = /^(\d{4})(?:-\d{2})?$/;

const IMPORT_HELP = `
Migration from another system:

  cje ${USAGE}
      Plans journey commands from another system's CIN census XML and SSDA903 CSV files (any number of years),
      then submits every one through the API's own command handler (same configuration, store, access policy and
      journey rules) as the system user migration:<system>. Every event carries the correlation id
      migration:<system>:<digest of the files> and a command id derived from the source record, so importing the
      same files again records nothing twice. Prints the children imported, the commands accepted and every
      record not imported with its reason.

  --cin <file.xml>             a CIN census file (repeat for several years)
  --903 <dir>                  SSDA903 CSVs: one folder per collection year named by the year it starts
                               (903/2024/episodes.csv, 903/2025-26/…), or the CSVs themselves with --year
  --system <name>              the source system's name (default legacy); part of every command id
  --dry-run                    plan and report only; nothing is submitted
  Exit status: 0 every record imported, 1 some record not imported or refused, 2 bad usage or unreadable files.`;

/** Opens the API's application over the configured store (see openMigrationApplication). */
export type OpenApplication = () => Promise<INestApplicationContext>;

/**
 * `cje returns` with `import` added: the other subcommands are the base command's own, unchanged. The import needs
 * the API's application (not just the store), so main.ts hands in how to open it from the environment's configuration.
 */
export function withReturnsImport(base: CliCommand, openApplication: OpenApplication): CliCommand {
  return {
    ...base,
    usage: base.usage.replace('<cin|903|annex-a|check>', '<cin|903|annex-a|check|import>'),
    help: `${base.help}\n${IMPORT_HELP}`,
    options: {
      ...base.options,
      cin: { type: 'string', multiple: true },
      '903': { type: 'string' },
      system: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    async run(args, ctx, positionals) {
      if (positionals[0] !== 'import') return base.run(args, ctx, positionals);
      if (positionals.length > 1) {
        ctx.err(`Unexpected '${positionals.slice(1).join(' ')}'.\nUsage: cje ${USAGE}`);
        return 2;
      }
      try {
        return await runImport(args, ctx, openApplication);
      } catch (error) {
        if (error instanceof ReturnsUsageError || (error instanceof ReturnsError && ['INVALID_YEAR', 'MALFORMED_XML', 'MALFORMED_CSV', 'MALFORMED_SOURCE'].includes(error.code))) {
          ctx.err(`${error.message}\nUsage: cje ${USAGE}`);
          return 2;
        }
        throw error;
      }
    },
  };
}

interface ImportReport {
  readonly system: string;
  readonly correlationId: string;
  readonly dryRun: boolean;
  readonly childrenPlanned: number;
  readonly commandsPlanned: number;
  readonly childrenImported: number;
  readonly commandsAccepted: number;
  readonly commandsAlreadyRecorded: number;
  readonly notImported: readonly NotImported[];
}

async function runImport(args: ReturnsArgs, ctx: CliContext, openApplication: OpenApplication): Promise<number> {
  const system = optionalOption(args, 'system') ?? 'legacy';
  if (!SYSTEM.test(system)) throw new ReturnsUsageError(`--system takes a short name (letters, digits, . _ -); got '${system}'`);
  const source: ImportSource = { system, cinCensus: cinFiles(args), ssda903: ssda903Sets(args) };
  if ((source.cinCensus ?? []).length === 0 && (source.ssda903 ?? []).length === 0) throw new ReturnsUsageError('Give the files to import: --cin <file.xml> and/or --903 <dir>');
  const calendar = workingDayCalendar('england-and-wales');
  // Proved against the journey as the executor will decide it: the same actor and calendar.
  const plan = planImport(source, { now: nowOption(args), isWorkingDay: (d) => calendar.isWorkingDay(d), actor: journeyActor(migrationPrincipal(system)) });
  const dryRun = args['dry-run'] === true;
  const submission = dryRun ? undefined : await submit(plan, system, openApplication);
  const report: ImportReport = {
    system,
    correlationId: plan.correlationId,
    dryRun,
    childrenPlanned: plan.children.length,
    commandsPlanned: plan.children.reduce((n, c) => n + c.commands.length, 0),
    childrenImported: submission?.childrenImported ?? 0,
    commandsAccepted: submission?.accepted ?? 0,
    commandsAlreadyRecorded: submission?.alreadyRecorded ?? 0,
    notImported: [...plan.notImported, ...(submission?.refused ?? [])],
  };
  ctx.out(args.json === true ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.notImported.length > 0 ? 1 : 0;
}

async function submit(plan: ImportPlan, system: string, openApplication: OpenApplication): Promise<ImportSubmission> {
  // Loaded only when submitting: the API's module graph is heavy for the other subcommands and --dry-run.
  const { submitThrough } = await import('../../../api/src/returns/migration/migration-application.js');
  const app = await openApplication();
  try {
    return await submitThrough(app, plan, system);
  } finally {
    await app.close();
  }
}

function formatReport(r: ImportReport): string {
  const lines = [
    `Import from ${r.system} (correlation ${r.correlationId})${r.dryRun ? ': dry run, nothing submitted' : ''}`,
    `  planned: ${r.childrenPlanned} children, ${r.commandsPlanned} commands`,
  ];
  if (!r.dryRun) {
    lines.push(`  children imported: ${r.childrenImported}`);
    lines.push(`  commands accepted: ${r.commandsAccepted}${r.commandsAlreadyRecorded > 0 ? ` (and ${r.commandsAlreadyRecorded} recorded by an earlier import of these files, left as they were)` : ''}`);
  }
  lines.push(`  records not imported: ${r.notImported.length}`);
  for (const n of r.notImported) lines.push(`    ${n.record.childId}  ${n.record.file}: ${n.record.item}\n      ${n.reason}`);
  return lines.join('\n');
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReturnsUsageError(`${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

function cinFiles(args: ReturnsArgs): string[] {
  const value = args.cin;
  const files = value === undefined ? [] : Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return files.map((f) => read(f, '--cin'));
}

function csvFilesIn(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .map((name) => [name, read(join(dir, name), '--903')]),
  );
}

/** A folder of year folders (2024/, 2025-26/), or one year's CSVs with --year. */
function ssda903Sets(args: ReturnsArgs): { collectionYear: number; files: Record<string, string> }[] {
  const dir = optionalOption(args, '903');
  if (dir === undefined) return [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new ReturnsUsageError(`--903: ${dir} is not a folder that can be read`);
  }
  const years = entries.filter((name) => YEAR_FOLDER.test(name) && statSync(join(dir, name)).isDirectory());
  if (years.length > 0) return years.map((name) => ({ collectionYear: Number(YEAR_FOLDER.exec(name)![1]), files: csvFilesIn(join(dir, name)) }));
  const year = optionalOption(args, 'year');
  if (year === undefined || !/^\d{4}$/.test(year)) {
    throw new ReturnsUsageError(`--903: ${basename(dir)} holds no year folders (2025/, 2025-26/); for one year's CSVs say which year with --year <YYYY>`);
  }
  return [{ collectionYear: Number(year), files: csvFilesIn(dir) }];
}
