import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type DeadlineList, deadlinesDueSoon } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';
import type { DeadlineListRequest } from './overdue-deadlines.query.js';

export type DueSoonList = DeadlineList & { readonly until: string };

/** What falls due in the next N working days, soonest first. */
export class DeadlinesDueSoon extends Query<DueSoonList> {
  constructor(
    readonly user: Principal,
    readonly request: DeadlineListRequest & { readonly workingDays: number },
  ) {
    super();
  }
}

@QueryHandler(DeadlinesDueSoon)
export class DeadlinesDueSoonHandler implements IQueryHandler<DeadlinesDueSoon> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: DeadlinesDueSoon): Promise<DueSoonList> {
    const list = await deadlinesDueSoon(this.context.store, this.context.settings, {
      asOf: request.asOf,
      workingDays: request.workingDays,
      scope: scopeFor(user, request),
      limit: request.limit,
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    });
    return { ...list, items: visibleTo(user, list.items) };
  }
}
