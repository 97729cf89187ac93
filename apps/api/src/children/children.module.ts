import { Module } from '@nestjs/common';
import { TimescaleRuleSet, WorkingDayCalendar } from '@cje/timescales';
import { ManagerSettings } from '../manager/manager-settings.js';
import { ChildRecordCache } from './child-record-cache.js';
import { ChildRecords } from './child-records.js';
import { Clock, SystemClock } from './clock.js';
import { JourneyCommandExecutor } from './command/journey-command-executor.js';
import { RecordJourneyCommandHandler } from './command/record-journey-command.js';
import { RecordNewChildContactHandler } from './command/record-new-child-contact.js';
import { ChildCommandsController } from './http/child-commands.controller.js';
import { ChildrenController } from './http/children.controller.js';
import { personMatchStoreProvider } from './person-match/person-match-store.provider.js';
import { PersonMatching } from './person-match/person-matching.js';
import { GetChildHandler } from './query/get-child.query.js';

/**
 * The social worker's command API on a child's journey, and the child view that goes with it. Uses the app-wide
 * CQRS buses (CqrsModule.forRoot() in AppModule).
 */
@Module({
  controllers: [ChildrenController, ChildCommandsController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    // The authority's rules (local standards over the national table) and region, as the manager's lists use them.
    { provide: WorkingDayCalendar, inject: [ManagerSettings], useFactory: (settings: ManagerSettings) => settings.calendar },
    { provide: TimescaleRuleSet, inject: [ManagerSettings], useFactory: (settings: ManagerSettings) => settings.rules },
    { provide: ChildRecordCache, useFactory: () => new ChildRecordCache() },
    ChildRecords,
    JourneyCommandExecutor,
    personMatchStoreProvider,
    PersonMatching,
    RecordJourneyCommandHandler,
    RecordNewChildContactHandler,
    GetChildHandler,
  ],
  // For the audit module's reads of a child (history, as at a date, subject access); person matching for demo seeding.
  exports: [ChildRecords, Clock, TimescaleRuleSet, WorkingDayCalendar, PersonMatching],
})
export class ChildrenModule {}
