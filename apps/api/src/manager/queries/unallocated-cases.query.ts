import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type Page, type UnallocatedCase, unallocatedCases } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

export type UnallocatedList = Page<UnallocatedCase> & { readonly total: number };

/** Open cases with nobody allocated, longest waiting first. */
export class UnallocatedCases extends Query<UnallocatedList> {
  constructor(
    readonly user: Principal,
    readonly request: { readonly team?: string; readonly workerId?: string; readonly limit: number; readonly cursor?: string },
  ) {
    super();
  }
}

@QueryHandler(UnallocatedCases)
export class UnallocatedCasesHandler implements IQueryHandler<UnallocatedCases> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: UnallocatedCases): Promise<UnallocatedList> {
    const list = await unallocatedCases(this.context.store, {
      scope: scopeFor(user, request),
      limit: request.limit,
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    });
    return { ...list, items: visibleTo(user, list.items) };
  }
}
