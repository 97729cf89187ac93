import { parseArgs } from 'node:util';
import type { CliCommand, CliContext } from './cli-command.js';

/** Runs one CLI command from argv; answers the exit status. Usage errors exit 2 with a message saying what is wrong. */
export async function runCli(argv: readonly string[], commands: readonly CliCommand[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  const overview = () =>
    [
      'Usage: cje <command> [options]',
      '',
      'Commands:',
      ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
      '',
      'Run `cje <command> --help` for a command’s options. The store is chosen by the same',
      'environment variables as the API (EVENT_STORE, SQLITE_FILE, DATABASE_URL, KURRENTDB_CONNECTION_STRING).',
    ].join('\n');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.out(overview());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.err(`Unknown command '${name}'.\n\n${overview()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    ctx.err(`${(e as Error).message}\nUsage: cje ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    ctx.out(`Usage: cje ${command.usage}\n\n${command.help}`);
    return 0;
  }
  return command.run(parsed.values, ctx, parsed.positionals);
}
