import { resolveAuthorityOptions, type AuthorityOptions, type AuthoritySettings } from './authority-options.js';
import { AuthoritySimulation } from './authority-simulation.js';
import type { GeneratedCommand, GenerationReport } from './generated-command.js';

/**
 * A synthetic local authority: every journey command of its children over the window, in `recordedAt` order.
 * Iterate it (synchronously or with `for await`) to pull commands one at a time; each iteration generates afresh
 * from the seed, so iterating twice gives the same commands.
 */
export class SyntheticAuthority implements Iterable<GeneratedCommand>, AsyncIterable<GeneratedCommand> {
  readonly settings: AuthoritySettings;
  private latest: GenerationReport | null = null;

  constructor(options: AuthorityOptions) {
    this.settings = resolveAuthorityOptions(options);
  }

  *[Symbol.iterator](): Iterator<GeneratedCommand> {
    const simulation = new AuthoritySimulation(this.settings);
    this.latest = simulation.report;
    yield* simulation.run();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<GeneratedCommand> {
    for (const command of this) yield command;
  }

  /** The latest iteration's report (complete once that iteration has ended); null before any. */
  get report(): GenerationReport | null {
    return this.latest;
  }
}

export function generateAuthority(options: AuthorityOptions): SyntheticAuthority {
  return new SyntheticAuthority(options);
}
