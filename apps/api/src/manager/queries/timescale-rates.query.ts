import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type RulePerformance, timescaleRates } from '@cje/projections';
import { type Period, type PeriodKind, periodBounds } from '@cje/timescales';
import type { Principal } from '../../auth/principal.js';
import { scopeFor } from '../case-scope.js';
import { ManagerQueryContext } from './manager-query-context.js';

export interface TimescaleRatesAnswer {
  readonly period: Period;
  readonly rules: readonly RulePerformance[];
}

/** Of the clocks met in a period, the share met in timescale, per rule (and how many were overdue at its end). */
export class TimescaleRates extends Query<TimescaleRatesAnswer> {
  constructor(
    readonly user: Principal,
    readonly request: { readonly team?: string; readonly workerId?: string; readonly period: PeriodKind; readonly date: string; readonly ruleId?: string },
  ) {
    super();
  }
}

@QueryHandler(TimescaleRates)
export class TimescaleRatesHandler implements IQueryHandler<TimescaleRates> {
  constructor(private readonly context: ManagerQueryContext) {}

  async execute({ user, request }: TimescaleRates): Promise<TimescaleRatesAnswer> {
    const period = periodBounds(request.period, request.date);
    const rules = await timescaleRates(this.context.store, this.context.settings, {
      period,
      scope: scopeFor(user, request),
      ...(request.ruleId !== undefined ? { ruleId: request.ruleId } : {}),
    });
    return { period, rules };
  }
}
