import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig } from '@cje/runtime';
import { ChildrenModule } from './children/children.module.js';
import { DemoModule } from './demo/demo.module.js';
import { HealthController } from './health/health.controller.js';
import { ManagerModule } from './manager/manager.module.js';
import { ReturnsModule } from './returns/returns.module.js';
import { WebModule } from './web/web.module.js';
import { EventStoreModule } from './store/event-store.module.js';

/** The API's root module, built from an already-validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...config })] }),
        { module: ConfigHolderModule, global: true, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] },
        EventStoreModule,
        AuthModule,
        CqrsModule.forRoot(),
        ChildrenModule,
        DemoModule,
        AuditModule,
        ReturnsModule,
        ManagerModule,
        WebModule,
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 }),
      ],
      controllers: [HealthController],
    };
  }
}

@Module({})
class ConfigHolderModule {}
