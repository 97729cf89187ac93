import type { EventStore } from '@cje/event-store';

export interface CliContext {
  /** Opens (and initialises) the store the environment configures, as the API would. */
  openStore(): Promise<EventStore>;
  out(line: string): void;
  err(line: string): void;
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  readonly options: OptionSpec;
  /** Answers the process exit status. */
  run(args: Record<string, string | boolean | string[] | undefined>, ctx: CliContext, positionals: string[]): Promise<number>;
}
