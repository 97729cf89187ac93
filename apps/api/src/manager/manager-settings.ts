import { type TimescaleRuleSet, type WorkingDayCalendar, resolveRules, workingDayCalendar } from '@cje/timescales';
import { type AppConfig, loadTimescalesConfig } from '@cje/runtime';

/**
 * What the manager's queries are judged by: the authority's rule set (local standards from TIMESCALES_CONFIG_FILE
 * laid over the national table), the working-day calendar of TIMESCALE_REGION, and the 0–17 population rates per
 * 10,000 are counted against (CHILD_POPULATION).
 */
export class ManagerSettings {
  constructor(
    readonly rules: TimescaleRuleSet,
    readonly calendar: WorkingDayCalendar,
    readonly population: number,
  ) {}

  static from(config: AppConfig): ManagerSettings {
    return new ManagerSettings(resolveRules(loadTimescalesConfig(config)), workingDayCalendar(config.TIMESCALE_REGION), config.CHILD_POPULATION);
  }
}
