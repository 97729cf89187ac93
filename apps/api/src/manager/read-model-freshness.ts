import { Inject, Injectable } from '@nestjs/common';
import { CASE_FACTS, type ProjectionRunner } from '@cje/projections';
import { PROJECTION_RUNNER } from './read-models.tokens.js';

/** How long a query waits for the read models to reach a command's position before answering 503. */
export const WAIT_FOR_POSITION_MS = 5000;

/**
 * Read-your-own-write: a command answers the position of its last event; a query given `waitForPosition` waits
 * (at most five seconds) until the read models it reads have applied it, so a worker sees their change at once.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(@Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  async reach(position: number | undefined): Promise<void> {
    if (position === undefined) return;
    await this.runner.waitFor(position, WAIT_FOR_POSITION_MS, [CASE_FACTS]);
  }
}
