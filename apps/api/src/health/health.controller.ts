import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@cje/event-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../store/event-store.token.js';

/** Liveness and readiness: the event store answers, and (once projections run) how far behind they are. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Is the service up and its event store reachable?' })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => {
            await this.store.ping();
            return { kind: this.store.kind, headPosition: await this.store.headPosition() };
          })
          .withTimeout(3000),
    ]);
  }
}
