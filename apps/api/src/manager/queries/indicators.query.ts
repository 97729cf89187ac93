import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type IndicatorReport, indicatorReport } from '@cje/projections';
import { type PeriodKind, periodBounds } from '@cje/timescales';
import type { Principal } from '../../auth/principal.js';
import { scopeFor } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

/** The committee report's indicators for a period, and month by month within it. */
export class Indicators extends Query<IndicatorReport> {
  constructor(
    readonly user: Principal,
    readonly request: { readonly team?: string; readonly workerId?: string; readonly period: PeriodKind; readonly date: string; readonly asOf: string },
  ) {
    super();
  }
}

@QueryHandler(Indicators)
export class IndicatorsHandler implements IQueryHandler<Indicators> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: Indicators): Promise<IndicatorReport> {
    return indicatorReport(this.context.store, {
      period: periodBounds(request.period, request.date),
      asOf: request.asOf,
      scope: scopeFor(user, request),
      population: this.context.settings.population,
    });
  }
}
