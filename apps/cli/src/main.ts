#!/usr/bin/env node
import { ConfigError, createEventStore, loadConfig } from '@cje/runtime';
import { runCli } from './cli.js';
import { replayCommand } from './commands/replay.command.js';
import { returnsCommand } from './commands/returns.command.js';
import { seedCommand } from './commands/seed.command.js';
import { withReturnsImport } from './commands/returns-import.command.js';
import { verifyCommand } from './commands/verify.command.js';

// `returns import` submits through the API's own application, opened from the same configuration as the store.
const openApplication = async () => (await import('../../api/src/returns/migration/migration-application.js')).openMigrationApplication(loadConfig(process.env));
const commands = [
  verifyCommand,
  withReturnsImport(returnsCommand, openApplication),
  replayCommand,
  seedCommand((overrides) => loadConfig({ ...process.env, ...overrides })),
];

runCli(process.argv.slice(2), commands, {
  async openStore() {
    const store = createEventStore(loadConfig(process.env));
    await store.init();
    return store;
  },
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
})
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `cje failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    process.exit(e instanceof ConfigError ? 78 : 1);
  });
