import { Module } from '@nestjs/common';
import { AppConfig } from '@cje/runtime';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ChildrenModule } from '../children/children.module.js';
import { AuditPagesController } from './audit/audit-pages.controller.js';
import { JourneyMapController } from './journey-map/journey-map.controller.js';
import { LoginController } from './login.controller.js';
import { IndicatorTargets } from './manager/indicator-targets.js';
import { ManagerDashboardController } from './manager/manager-dashboard.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { WebErrorPages } from './web-error-pages.js';
import { WebRenderer } from './web-renderer.js';
import { ActionFormController } from './worker/action-form.controller.js';
import { CaseloadController } from './worker/caseload.controller.js';
import { ChildPageController } from './worker/child-page.controller.js';
import { ContactFormController } from './worker/contact-form.controller.js';

/** The web interface: server-rendered pages for workers, managers and auditors, over the same commands and queries as the API. */
@Module({
  // Worker pages: ChildrenModule (records, clock), AuditModule (the case history).
  imports: [AuthModule, ChildrenModule, AuditModule],
  providers: [
    WebRenderer,
    WebErrorPages,
    OidcSignIn,
    { provide: IndicatorTargets, inject: [AppConfig], useFactory: (config: AppConfig) => IndicatorTargets.from(config) },
  ],
  controllers: [LoginController, ManagerDashboardController, CaseloadController, ChildPageController, ActionFormController, ContactFormController, AuditPagesController, JourneyMapController],
  exports: [WebRenderer, WebErrorPages],
})
export class WebModule {}
