import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type CaseloadSummary, caseloadSummary } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

/** How many cases each worker and team holds now, by type, and how many are unallocated. */
export class Caseloads extends Query<CaseloadSummary> {
  constructor(
    readonly user: Principal,
    readonly request: { readonly team?: string; readonly workerId?: string; readonly limit: number; readonly cursor?: string },
  ) {
    super();
  }
}

@QueryHandler(Caseloads)
export class CaseloadsHandler implements IQueryHandler<Caseloads> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: Caseloads): Promise<CaseloadSummary> {
    const summary = await caseloadSummary(this.context.store, {
      scope: scopeFor(user, request),
      limit: request.limit,
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    });
    return {
      ...summary,
      teams: visibleTo(user, summary.teams),
      workers: { ...summary.workers, items: visibleTo(user, summary.workers.items) },
    };
  }
}
