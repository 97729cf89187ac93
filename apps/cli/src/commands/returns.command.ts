import { ReturnsError } from '@cje/returns';
import type { CliCommand } from '../cli-command.js';
import { returns903Command } from './returns-903.command.js';
import { returnsAnnexACommand } from './returns-annex-a.command.js';
import { returnsCheckCommand } from './returns-check.command.js';
import { returnsCinCommand } from './returns-cin.command.js';
import { ReturnsUsageError, type ReturnsSubcommand } from './returns-source.command.js';

const SUBCOMMANDS: readonly ReturnsSubcommand[] = [returnsCinCommand, returns903Command, returnsAnnexACommand, returnsCheckCommand];
const USAGE = 'returns <cin|903|annex-a|check> [options]';

/** `cje returns <cin|903|annex-a|check>`: the statutory returns from the events in the configured store. */
export const returnsCommand: CliCommand = {
  name: 'returns',
  summary: 'Statutory returns: CIN census XML, SSDA903 CSVs, Ofsted Annex A, pre-submission checks',
  usage: USAGE,
  help: `Builds the Department for Education's returns from the children's journey events (corrections applied).
A collection year runs 1 April to 31 March and is named by the year it starts: --year 2025 is 2025-26.

  cje ${returnsCinCommand.usage}
      ${returnsCinCommand.summary}; to standard output unless --out is given.
  cje ${returns903Command.usage}
      ${returns903Command.summary}.
  cje ${returnsAnnexACommand.usage}
      ${returnsAnnexACommand.summary}, as at --as-of (default today),
      lists 1–9 covering --months (default 6) before it.
  cje ${returnsCheckCommand.usage}
      ${returnsCheckCommand.summary}.

Options:
  --year <YYYY>                the collection year (2025 = 1 April 2025 to 31 March 2026)
  --lea <NNN>                  three-digit local authority code (CIN census header)
  --out <path>                 file (cin) or folder (903, annex-a) to write
  --characteristics <file>     CSV of what the journey does not record: CHILD,SEX,ETHNIC,UPN,FORMER_UPN,
                               UPN_UNKNOWN,DISABILITIES,DATE_OF_DEATH,UASC,DUC,MOTHER,MC_DOB
  --as-of <YYYY-MM-DD>         Annex A reference date
  --months <n>                 Annex A period in months (default 6)
  --json                       check: the findings as JSON
  --limit <n>                  check: show at most n findings (default 500; --json shows all)
  --generated-at <date-time>   the production time written in the files (default now)

Exit status: 0 done (check: no errors), 1 check found errors, 2 bad usage or unreadable input.`,
  options: {
    year: { type: 'string' },
    lea: { type: 'string' },
    out: { type: 'string' },
    characteristics: { type: 'string' },
    'as-of': { type: 'string' },
    months: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    'generated-at': { type: 'string' },
  },
  async run(args, ctx, positionals) {
    const [name, ...extra] = positionals;
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (!sub || extra.length > 0) {
      ctx.err(`${name === undefined ? 'Say which return to build.' : `Unknown return '${[name, ...extra].join(' ')}'.`}\nUsage: cje ${USAGE}\n  ${SUBCOMMANDS.map((s) => `${s.name.padEnd(8)} ${s.summary}`).join('\n  ')}`);
      return 2;
    }
    try {
      return await sub.run(args, ctx);
    } catch (error) {
      if (error instanceof ReturnsUsageError || (error instanceof ReturnsError && ['INVALID_YEAR', 'INVALID_OPTION', 'MALFORMED_SOURCE', 'MALFORMED_CSV'].includes(error.code))) {
        ctx.err(`${error.message}\nUsage: cje ${sub.usage}`);
        return 2;
      }
      throw error;
    }
  },
};
