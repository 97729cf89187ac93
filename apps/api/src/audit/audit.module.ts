import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { AccessLogModule } from './access-log/access-log.module.js';
import { ChildAudit } from './child-audit.js';
import { AccessLogController } from './http/access-log.controller.js';
import { ChildAuditController } from './http/child-audit.controller.js';
import { IntegrityController } from './http/integrity.controller.js';

/**
 * What auditors need: the access log (who read which record), a child's history and its replay as at any date,
 * the subject access export, and tamper evidence on demand. Reads only; everything comes from the log.
 */
@Module({
  imports: [AccessLogModule, ChildrenModule],
  controllers: [ChildAuditController, AccessLogController, IntegrityController],
  providers: [ChildAudit],
  // The web interface's child page shows the case history through the same service.
  exports: [ChildAudit],
})
export class AuditModule {}
