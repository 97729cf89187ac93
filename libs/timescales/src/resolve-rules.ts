import { isDuration, type Duration } from './duration.js';
import { addDays, isIsoDate, type IsoDate } from './iso-date.js';
import { TIMESCALE_RULES } from './rules.js';
import { TimescaleError } from './timescale.errors.js';
import type { TimescaleRule } from './timescale-rule.js';
import { DEFAULT_TIMELINE_FACTS, type TimelineFactsSpec } from './timeline-facts.js';

/** An authority's value for one local standard, from a date. */
export interface LocalStandardSetting {
  readonly clock: Duration;
  /** From this day on (inclusive); default: from the start of the rule's history. */
  readonly effectiveFrom?: IsoDate;
  /** Shown to managers as the reason for the date, e.g. "Reading practice standard 2021". */
  readonly source?: string;
}

export interface TimescaleConfig {
  /** Used in the default source text of local settings. */
  readonly authority?: string;
  /** Local standards by rule id; a list when the authority changed its standard over time. */
  readonly localStandards?: Readonly<Record<string, LocalStandardSetting | readonly LocalStandardSetting[]>>;
}

const END_OF_TIME = '9999-12-31';

/**
 * The rules one authority works to: the table's editions, with the authority's local standards laid over the
 * defaults. Immutable; build one per authority configuration and share it.
 */
export class TimescaleRuleSet {
  readonly ruleIds: readonly string[];
  private readonly byId: ReadonlyMap<string, readonly TimescaleRule[]>;

  constructor(
    readonly editions: readonly TimescaleRule[],
    readonly facts: TimelineFactsSpec = DEFAULT_TIMELINE_FACTS,
  ) {
    validateTable(editions);
    const byId = new Map<string, TimescaleRule[]>();
    for (const edition of editions) {
      const list = byId.get(edition.id) ?? [];
      list.push(edition);
      byId.set(edition.id, list);
    }
    for (const list of byId.values()) list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    this.byId = byId;
    this.ruleIds = [...byId.keys()];
  }

  has(ruleId: string): boolean {
    return this.byId.has(ruleId);
  }

  /** Every edition of a rule, oldest first. */
  editionsOf(ruleId: string): readonly TimescaleRule[] {
    const list = this.byId.get(ruleId);
    if (!list) throw new TimescaleError('UNKNOWN_RULE', `No timescale rule '${ruleId}'.`);
    return list;
  }

  /** The edition that judges a clock starting on `date`, or undefined when the rule was not in force then. */
  editionInForce(ruleId: string, date: IsoDate): TimescaleRule | undefined {
    for (const edition of this.editionsOf(ruleId)) {
      if (edition.effectiveFrom <= date && date <= (edition.effectiveTo ?? END_OF_TIME)) return edition;
    }
    return undefined;
  }

  /** One edition per rule in force on `date`. */
  inForceOn(date: IsoDate): readonly TimescaleRule[] {
    const result: TimescaleRule[] = [];
    for (const id of this.ruleIds) {
      const edition = this.editionInForce(id, date);
      if (edition) result.push(edition);
    }
    return result;
  }
}

/**
 * The rule set for an authority: the table (default: {@link TIMESCALE_RULES}) with the authority's local standards
 * applied. Statutory rows and national indicators cannot be configured: trying throws RULE_NOT_CONFIGURABLE, since a
 * changed statutory timescale comes as a new edition in the table, not as one authority's setting.
 */
export function resolveRules(
  config: TimescaleConfig = {},
  table: readonly TimescaleRule[] = TIMESCALE_RULES,
  facts: TimelineFactsSpec = DEFAULT_TIMELINE_FACTS,
): TimescaleRuleSet {
  const base = new TimescaleRuleSet(table, facts);
  const settingsById = config.localStandards ?? {};
  const overridden = new Set<string>();
  const result: TimescaleRule[] = [];
  for (const [ruleId, raw] of Object.entries(settingsById)) {
    if (!base.has(ruleId)) throw new TimescaleError('UNKNOWN_RULE', `Configuration names an unknown timescale rule '${ruleId}'.`);
    const editions = base.editionsOf(ruleId);
    const notLocal = editions.find((edition) => edition.standard !== 'local');
    if (notLocal) {
      throw new TimescaleError(
        'RULE_NOT_CONFIGURABLE',
        `'${ruleId}' is ${notLocal.standard === 'statutory' ? 'a statutory timescale' : 'a national indicator'} (${notLocal.source}); only local standards can be configured.`,
      );
    }
    const settings = normaliseSettings(ruleId, raw);
    overridden.add(ruleId);
    result.push(...overlay(editions, settings, config.authority));
  }
  for (const edition of table) if (!overridden.has(edition.id)) result.push(edition);
  return new TimescaleRuleSet(result, facts);
}

interface DatedSetting {
  readonly clock: Duration;
  readonly from: IsoDate;
  readonly source: string | undefined;
}

function normaliseSettings(
  ruleId: string,
  raw: LocalStandardSetting | readonly LocalStandardSetting[],
): readonly (DatedSetting & { readonly explicitFrom: boolean })[] {
  const list: readonly LocalStandardSetting[] = Array.isArray(raw) ? raw : [raw as LocalStandardSetting];
  if (list.length === 0) throw invalidConfig(ruleId, 'give at least one setting');
  const settings = list.map((setting) => {
    if (!isDuration(setting.clock)) throw invalidConfig(ruleId, 'the clock needs a kind and a whole amount above zero');
    if (setting.effectiveFrom !== undefined && !isIsoDate(setting.effectiveFrom)) {
      throw invalidConfig(ruleId, 'effectiveFrom must be a YYYY-MM-DD date');
    }
    if (setting.source !== undefined && (typeof setting.source !== 'string' || setting.source.trim() === '')) {
      throw invalidConfig(ruleId, 'a source, when given, must be text');
    }
    return {
      clock: setting.clock,
      from: setting.effectiveFrom ?? '0001-01-01',
      source: setting.source,
      explicitFrom: setting.effectiveFrom !== undefined,
    };
  });
  settings.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < settings.length; i++) {
    if (settings[i]!.from === settings[i - 1]!.from) throw invalidConfig(ruleId, 'two settings start on the same day');
  }
  return settings;
}

/** Lays dated settings over a local rule's editions, splitting editions where a setting starts. */
function overlay(
  editions: readonly TimescaleRule[],
  settings: readonly (DatedSetting & { readonly explicitFrom: boolean })[],
  authority: string | undefined,
): TimescaleRule[] {
  const result: TimescaleRule[] = [];
  for (const edition of editions) {
    const editionTo = edition.effectiveTo ?? END_OF_TIME;
    // The part of the edition before the first setting keeps the table's default.
    const firstFrom = settings[0]!.from;
    if (edition.effectiveFrom < firstFrom) {
      const to = minDate(editionTo, addDays(firstFrom, -1));
      result.push(withPeriod(edition, edition.effectiveFrom, to));
    }
    settings.forEach((setting, index) => {
      const next = settings[index + 1];
      const settingTo = next ? addDays(next.from, -1) : END_OF_TIME;
      const from = maxDate(edition.effectiveFrom, setting.from);
      const to = minDate(editionTo, settingTo);
      if (from > to) return;
      const { clockVariants: _variants, ...rest } = edition;
      result.push({
        ...withPeriod(rest, from, to),
        edition: `${edition.edition}+local${setting.explicitFrom ? `-${setting.from}` : ''}`,
        clock: setting.clock,
        source: setting.source ?? `Local standard of ${authority ?? 'this authority'} (configured)`,
      });
    });
  }
  return result;
}

function withPeriod(edition: TimescaleRule, from: IsoDate, to: IsoDate): TimescaleRule {
  const { effectiveTo: _to, ...rest } = edition;
  return to === END_OF_TIME ? { ...rest, effectiveFrom: from } : { ...rest, effectiveFrom: from, effectiveTo: to };
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

function invalidConfig(ruleId: string, reason: string): TimescaleError {
  return new TimescaleError('INVALID_TIMESCALE_CONFIG', `Local standard '${ruleId}': ${reason}.`);
}

/** Checks the invariants every table must keep; a broken table fails loudly at start-up, not in a report. */
function validateTable(editions: readonly TimescaleRule[]): void {
  const fail = (message: string): never => {
    throw new TimescaleError('INVALID_RULE_TABLE', message);
  };
  const ids = new Set(editions.map((edition) => edition.id));
  const seen = new Set<string>();
  for (const edition of editions) {
    const label = `${edition.id} (${edition.edition})`;
    if (!edition.id || !edition.edition) fail('Every rule needs an id and an edition.');
    if (seen.has(`${edition.id}\u0000${edition.edition}`)) fail(`${label} appears twice.`);
    seen.add(`${edition.id}\u0000${edition.edition}`);
    if (typeof edition.source !== 'string' || edition.source.trim() === '') fail(`${label} has no source.`);
    if (!edition.name) fail(`${label} has no name.`);
    if (!isIsoDate(edition.effectiveFrom)) fail(`${label}: effectiveFrom is not a date.`);
    if (edition.effectiveTo !== undefined && (!isIsoDate(edition.effectiveTo) || edition.effectiveTo < edition.effectiveFrom)) {
      fail(`${label}: effectiveTo must be a date on or after effectiveFrom.`);
    }
    if (!isDuration(edition.clock)) fail(`${label}: the clock needs a kind and a whole amount above zero.`);
    for (const variant of edition.clockVariants ?? []) {
      if (!isDuration(variant.clock)) fail(`${label}: variant '${variant.label}' has an invalid clock.`);
    }
    if (edition.then !== undefined && !ids.has(edition.then)) fail(`${label}: follow-on '${edition.then}' is not in the table.`);
    if (edition.correlateBy !== undefined && edition.concurrency !== 'parallel') {
      fail(`${label}: correlateBy only makes sense for parallel clocks.`);
    }
  }
  const byId = new Map<string, TimescaleRule[]>();
  for (const edition of editions) byId.set(edition.id, [...(byId.get(edition.id) ?? []), edition]);
  for (const [id, list] of byId) {
    const sorted = [...list].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1]!;
      if ((previous.effectiveTo ?? END_OF_TIME) >= sorted[i]!.effectiveFrom) {
        fail(`${id}: editions '${previous.edition}' and '${sorted[i]!.edition}' overlap.`);
      }
    }
    if (new Set(list.map((edition) => edition.standard)).size > 1) fail(`${id}: all editions must share one standard.`);
  }
}
