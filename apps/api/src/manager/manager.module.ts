import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { EventStore } from '@cje/event-store';
import { CaseFactsProjection, ProjectionRunner, READ_MODEL_REBUILD_BATCH_SIZE, type ReadModelStore, childIndexProjection } from '@cje/projections';
import { AppConfig } from '@cje/runtime';
import { EVENT_STORE } from '../store/event-store.token.js';
import { ManagerController } from './manager.controller.js';
import { ManagerSettings } from './manager-settings.js';
import { CaseListHandler } from './queries/case-list.query.js';
import { CaseloadsHandler } from './queries/caseloads.query.js';
import { DeadlinesDueSoonHandler } from './queries/deadlines-due-soon.query.js';
import { IndicatorsHandler } from './queries/indicators.query.js';
import { ManagerQueryContext } from './queries/manager-query-context.js';
import { OverdueDeadlinesHandler } from './queries/overdue-deadlines.query.js';
import { ChildrenOnPlansHandler } from './queries/plans.query.js';
import { TimescaleRatesHandler } from './queries/timescale-rates.query.js';
import { UnallocatedCasesHandler } from './queries/unallocated-cases.query.js';
import { ReadModelErrorsInterceptor } from './read-model-errors.interceptor.js';
import { ReadModelFreshness } from './read-model-freshness.js';
import { createReadModelStore } from './read-model-store.factory.js';
import { PROJECTION_RUNNER, READ_MODEL_STORE } from './read-models.tokens.js';

/**
 * The read side in the API process: the read-model store, the projections (child index, case facts: deadlines,
 * caseloads, indicator facts) and the runner that keeps them up to date, started once the event store is open and
 * stopped before it closes; and the manager's queries over them. Global so `/health` can report the runner.
 */
@Global()
@Module({
  controllers: [ManagerController],
  providers: [
    { provide: ManagerSettings, inject: [AppConfig], useFactory: (config: AppConfig) => ManagerSettings.from(config) },
    {
      provide: READ_MODEL_STORE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<ReadModelStore> => {
        const store = createReadModelStore(config);
        await store.init();
        return store;
      },
    },
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, READ_MODEL_STORE, ManagerSettings],
      useFactory: (events: EventStore, readModels: ReadModelStore, settings: ManagerSettings): ProjectionRunner => {
        const logger = new Logger('projections');
        return new ProjectionRunner({
          events,
          readModels,
          projections: [childIndexProjection, new CaseFactsProjection({ events, rules: settings.rules, calendar: settings.calendar })],
          rebuildBatchSize: READ_MODEL_REBUILD_BATCH_SIZE,
          // The failure summary holds ids and positions only; the error's own message may quote a child's data.
          onError: (failure) => logger.error(`${failure.message} [${failure.code}; ${failure.cause}]`),
        });
      },
    },
    ManagerQueryContext,
    ReadModelFreshness,
    ReadModelErrorsInterceptor,
    OverdueDeadlinesHandler,
    DeadlinesDueSoonHandler,
    TimescaleRatesHandler,
    CaseloadsHandler,
    UnallocatedCasesHandler,
    IndicatorsHandler,
    ChildrenOnPlansHandler,
    CaseListHandler,
  ],
  // ReadModelFreshness: the web pages honour waitForPosition as the API does. ManagerSettings: a child's own page
  // judges deadlines by the same rules and calendar as the manager's lists.
  exports: [PROJECTION_RUNNER, READ_MODEL_STORE, ReadModelFreshness, ManagerSettings],
})
export class ManagerModule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /** Resolves once the runner is running (not caught up): `/health` shows the lag until it is. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  /** Before any module's shutdown hook: the event store is still open while the batches in progress finish. */
  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModels.close();
  }
}
