import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type DeadlineList, overdueDeadlines } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

export interface DeadlineListRequest {
  readonly team?: string;
  readonly workerId?: string;
  readonly asOf: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** What is overdue on a day for a worker, a team or the whole service, worst first. */
export class OverdueDeadlines extends Query<DeadlineList> {
  constructor(
    readonly user: Principal,
    readonly request: DeadlineListRequest,
  ) {
    super();
  }
}

@QueryHandler(OverdueDeadlines)
export class OverdueDeadlinesHandler implements IQueryHandler<OverdueDeadlines> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: OverdueDeadlines): Promise<DeadlineList> {
    const scope = scopeFor(user, request);
    const list = await overdueDeadlines(this.context.store, this.context.settings, {
      asOf: request.asOf,
      scope,
      limit: request.limit,
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    });
    return { ...list, items: visibleTo(user, list.items) };
  }
}
