import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type Page, type PlanKind, type PlanView, longRunningPlans, repeatPlans } from '@cje/projections';
import type { Principal } from '../../auth/principal.js';
import { scopeFor, visibleTo } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

export type PlanList = Page<PlanView> & { readonly total: number; readonly asOf: string };

export interface PlanListRequest {
  readonly team?: string;
  readonly workerId?: string;
  readonly asOf: string;
  readonly kind?: PlanKind;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Children on a plan (CPP or CIN) open on a day: `long` those on it `months` months or more, `repeat` those on their
 * second or later plan of its kind.
 */
export class ChildrenOnPlans extends Query<PlanList> {
  constructor(
    readonly user: Principal,
    readonly which: { readonly kind: 'long'; readonly months: number } | { readonly kind: 'repeat' },
    readonly request: PlanListRequest,
  ) {
    super();
  }
}

@QueryHandler(ChildrenOnPlans)
export class ChildrenOnPlansHandler implements IQueryHandler<ChildrenOnPlans> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, which, request }: ChildrenOnPlans): Promise<PlanList> {
    const options = {
      asOf: request.asOf,
      scope: scopeFor(user, request),
      limit: request.limit,
      ...(request.kind !== undefined ? { kind: request.kind } : {}),
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    };
    const list = which.kind === 'long' ? await longRunningPlans(this.context.store, { ...options, months: which.months }) : await repeatPlans(this.context.store, options);
    return { ...list, asOf: request.asOf, items: visibleTo(user, list.items) };
  }
}
