import { Controller, Get, HttpException, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@cje/event-store';
import type { ProjectionRunner, ProjectionStatus } from '@cje/projections';
import { Public } from '../auth/auth.decorators.js';
import { ApiError } from '../http/api-error.js';
import { PROJECTION_RUNNER } from '../manager/read-models.tokens.js';
import { EVENT_STORE } from '../store/event-store.token.js';

/** What `/health` says about each read model: its state and how many events readers are behind the log. */
export interface ReadModelHealth {
  readonly name: string;
  readonly state: ProjectionStatus['state'];
  readonly lag: number;
  readonly checkpoint: number;
  readonly headPosition: number;
  /** Ids and positions only (see ProjectionFailure). */
  readonly lastError?: { readonly code: string; readonly message: string; readonly position: number | null; readonly at: string };
}

/**
 * Liveness and readiness: the event store answers, and the read models keep up. The read models are `down` (503)
 * when one has stopped on a failure; while one is catching up or rebuilding they are `up` but `degraded`, with the
 * lag: queries answer, from data that may be a little behind.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(PROJECTION_RUNNER) private readonly runner?: ProjectionRunner,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Is the service up, its event store reachable, and how far behind are the read models?' })
  async check() {
    const checks: HealthIndicatorFunction[] = [
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => {
            await this.store.ping();
            return { kind: this.store.kind, headPosition: await this.store.headPosition() };
          })
          .withTimeout(3000),
    ];
    const runner = this.runner;
    if (runner) checks.push(() => this.readModels(runner));
    try {
      return await this.health.check(checks);
    } catch (error) {
      // Keep the checks' details (which dependency, which read model, how far behind) in the 503 problem body.
      if (!(error instanceof HttpException)) throw error;
      const response = error.getResponse();
      // Terminus's own `status` ('error') would clash with the problem's HTTP status.
      const { status: _status, ...checks } = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      throw new ApiError(503, 'UNHEALTHY', 'A dependency of the service is down: see error.', checks);
    }
  }

  private async readModels(runner: ProjectionRunner) {
    const indicator = this.indicators.check('readModels');
    const projections: ReadModelHealth[] = (await runner.status()).map((s) => ({
      name: s.name,
      state: s.state,
      lag: s.lag,
      checkpoint: s.checkpoint,
      headPosition: s.headPosition,
      ...(s.lastError ? { lastError: { code: s.lastError.code, message: s.lastError.message, position: s.lastError.position, at: s.lastError.at } } : {}),
    }));
    const lag = Math.max(0, ...projections.map((p) => p.lag));
    if (projections.some((p) => p.state === 'failed')) return indicator.down({ degraded: true, lag, projections });
    return indicator.up({ degraded: projections.some((p) => p.state !== 'live' || p.lag > 0), lag, projections });
  }
}
