import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { ReturnsController } from './http/returns.controller.js';
import { AuthorityReturns } from './query/authority-returns.js';
import { GetReturnChecksHandler } from './query/get-return-checks.query.js';
import { GetAnnexAWorkbookHandler, GetCinCensusFileHandler, GetSsda903FilesHandler } from './query/get-return-files.query.js';

/**
 * The statutory returns for managers (checks and downloads, read from the store through libs/returns). The migration
 * import (migration/) needs no providers of its own: it submits through the children module's command handlers.
 */
@Module({
  imports: [ChildrenModule],
  controllers: [ReturnsController],
  providers: [AuthorityReturns, GetReturnChecksHandler, GetCinCensusFileHandler, GetSsda903FilesHandler, GetAnnexAWorkbookHandler],
})
export class ReturnsModule {}
