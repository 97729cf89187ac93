import { Inject, Injectable } from '@nestjs/common';
import type { ReadModelStore } from '@cje/projections';
import { ManagerSettings } from '../manager-settings.js';
import { READ_MODEL_STORE } from '../read-models.tokens.js';

/** What every manager query handler reads: the read models, the authority's rules and calendar, its population. */
@Injectable()
export class ManagerQueryContext {
  constructor(
    @Inject(READ_MODEL_STORE) readonly store: ReadModelStore,
    readonly settings: ManagerSettings,
  ) {}
}

/** Today in England, for queries not given a day. */
export function todayInEngland(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
