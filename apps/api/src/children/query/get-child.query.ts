import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { allowedCommands, describeState } from '@cje/journey';
import { TimescaleRuleSet, WorkingDayCalendar } from '@cje/timescales';
import { canSeeChild, commandsUserMayGive } from '../../auth/access-policy.js';
import type { Principal } from '../../auth/principal.js';
import { ChildNotFoundError } from '../../http/api-error.js';
import { accessFactsOf, childExists } from '../child-record.js';
import { ChildRecords } from '../child-records.js';
import { Clock } from '../clock.js';
import type { ChildView } from '../dto/child-view.dto.js';
import { londonDate } from '../london-time.js';
import { openDeadlines } from './child-deadlines.js';

/** A child's journey as it stands, for the caller. */
export class GetChild extends Query<ChildView> {
  constructor(
    readonly childId: string,
    readonly user: Principal,
  ) {
    super();
  }
}

@QueryHandler(GetChild)
export class GetChildHandler implements IQueryHandler<GetChild> {
  constructor(
    private readonly records: ChildRecords,
    private readonly clock: Clock,
    private readonly rules: TimescaleRuleSet,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  async execute({ childId, user }: GetChild): Promise<ChildView> {
    const record = await this.records.load(childId);
    if (!childExists(record)) throw new ChildNotFoundError(childId);
    const facts = accessFactsOf(record);
    if (!canSeeChild(user, facts).allowed) throw new ChildNotFoundError(childId);
    const asOf = londonDate(this.clock.now());
    const described = describeState(record.journey);
    return {
      childId,
      revision: record.revision,
      position: record.position,
      asOf,
      owningTeam: facts.owningTeam,
      ...described,
      openTracks: [...described.openTracks],
      allocation: described.allocation ? { ...described.allocation } : null,
      keyDates: { ...described.keyDates },
      deadlines: openDeadlines(record.journey, asOf, this.rules, this.calendar).map((d) => ({
        key: d.key,
        ruleId: d.ruleId,
        name: d.name,
        standard: d.standard,
        source: d.source,
        startedOn: d.startedOn,
        startedBy: { type: d.startedBy.type, eventId: d.startedBy.eventId, on: d.startedBy.on },
        dueOn: d.dueOn,
        status: d.status,
        daysOverdue: d.daysOverdue,
        workingDaysOverdue: d.workingDaysOverdue,
        breached: d.breached,
      })),
      allowedCommands: commandsUserMayGive(user, facts, allowedCommands(record.journey)),
    };
  }
}
