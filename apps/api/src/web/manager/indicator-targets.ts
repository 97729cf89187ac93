import { type AppConfig, readJsonSettingFile, settingFileError } from '@cje/runtime';

/**
 * What the dashboard's indicator charts are measured against. An authority sets its own targets in
 * INDICATOR_TARGETS_FILE; where it sets none, the default is the national comparator: England's figure for the
 * latest year the Department for Education has published (Children in need statistics, reporting year 2025, i.e.
 * the year ending 31 March 2025). The DfE rounds England's totals to the nearest 10: the percentages below are the
 * ones it publishes (tables C1, D7), or worked out from its totals where it publishes counts only (tables C2, C4,
 * counting the duration bands within the timescale). Where no national figure is published for the measure
 * (visits in timescale are a local standard) or none is bundled here, the chart has no target line until the
 * authority sets one.
 */

/** Whether a month meets its target by being at or above it (timeliness), or at or below it (repeat work). */
export type TargetDirection = 'at_least' | 'at_most';

export interface IndicatorTarget {
  readonly value: number;
  readonly direction: TargetDirection;
  /** Where the figure comes from, shown beside the chart. */
  readonly source: string;
}

export interface ChartedIndicator {
  /** The indicator's id in the indicator report (libs/projections indicators.queries.ts). */
  readonly id: string;
  /** Which way is better, for targets an authority sets without saying. */
  readonly direction: TargetDirection;
  readonly nationalComparator?: IndicatorTarget;
}

const CIN_2025 = 'DfE, Children in need, reporting year 2025 (England, year ending 31 March 2025)';

/** The indicators the dashboard charts month by month, in order; all percentages (0–100). */
export const CHARTED_INDICATORS: readonly ChartedIndicator[] = [
  {
    id: 're_referrals_12_months',
    direction: 'at_most',
    nationalComparator: {
      value: 22.6,
      direction: 'at_most',
      source: `England average: 142,900 of 632,830 referrals were within 12 months of a previous referral (${CIN_2025}, table C1)`,
    },
  },
  {
    id: 'assessments_within_45_wd',
    direction: 'at_least',
    nationalComparator: {
      value: 85.7,
      direction: 'at_least',
      source: `England average: 555,820 of 648,830 assessments completed within 45 working days (${CIN_2025}, table C2)`,
    },
  },
  {
    id: 'icpcs_within_15_wd',
    direction: 'at_least',
    nationalComparator: {
      value: 81.4,
      direction: 'at_least',
      source: `England average: 58,670 of 72,100 initial conferences within 15 working days of the start of the section 47 enquiry (${CIN_2025}, table C4)`,
    },
  },
  {
    id: 'cpp_ended_lasting_2_years_plus',
    direction: 'at_most',
    nationalComparator: {
      value: 4.4,
      direction: 'at_most',
      source: `England average: 2,710 of 62,300 child protection plans ending in the year had lasted 2 years or more (${CIN_2025}, table D7)`,
    },
  },
  // Published nationally (DfE table D3) but not bundled here: set the authority's target in INDICATOR_TARGETS_FILE.
  { id: 'cpp_second_or_subsequent', direction: 'at_most' },
  // A local standard (timescales.md): no national figure exists.
  { id: 'cp_visits_in_timescale', direction: 'at_least' },
];

/** One authority's targets, by indicator id: its own where it set them, else the national comparator. */
export class IndicatorTargets {
  private readonly byId: ReadonlyMap<string, IndicatorTarget>;

  constructor(local: Readonly<Record<string, IndicatorTarget | null>> = {}) {
    const byId = new Map<string, IndicatorTarget>();
    for (const indicator of CHARTED_INDICATORS) {
      const own = local[indicator.id];
      if (own === null) continue;
      const target = own ?? indicator.nationalComparator;
      if (target) byId.set(indicator.id, target);
    }
    this.byId = byId;
  }

  /** From INDICATOR_TARGETS_FILE (checked: a bad file stops start-up with a message naming the setting), or the defaults. */
  static from(config: AppConfig): IndicatorTargets {
    return new IndicatorTargets(config.INDICATOR_TARGETS_FILE === undefined ? {} : loadTargetsFile(config.INDICATOR_TARGETS_FILE));
  }

  targetOf(indicatorId: string): IndicatorTarget | undefined {
    return this.byId.get(indicatorId);
  }
}

/** Does `value` meet `target`? */
export function meetsTarget(value: number, target: IndicatorTarget): boolean {
  return target.direction === 'at_least' ? value >= target.value : value <= target.value;
}

/**
 * Reads and checks a targets file: `{ "authority"?: text, "targets": { "<indicator id>": { "value": 0–100,
 * "direction"?: "at_least" | "at_most", "source"?: text } | null } }`. `null` removes the national default.
 */
export function loadTargetsFile(path: string): Record<string, IndicatorTarget | null> {
  return parseTargets(readJsonSettingFile('INDICATOR_TARGETS_FILE', path), settingFileError('INDICATOR_TARGETS_FILE', path));
}

export function parseTargets(parsed: unknown, fail: (reason: string) => Error): Record<string, IndicatorTarget | null> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('must hold a JSON object');
  const unknown = Object.keys(parsed).find((key) => key !== 'authority' && key !== 'targets');
  if (unknown !== undefined) throw fail(`'${unknown}' is not a setting (expected authority, targets)`);
  const { authority, targets } = parsed as { authority?: unknown; targets?: unknown };
  if (authority !== undefined && (typeof authority !== 'string' || authority.trim() === '')) throw fail('authority must be text');
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) throw fail('targets must be an object keyed by indicator id');
  const whose = typeof authority === 'string' ? `${authority.trim()}’s` : 'The authority’s';
  const out: Record<string, IndicatorTarget | null> = {};
  for (const [id, raw] of Object.entries(targets as Record<string, unknown>)) {
    const indicator = CHARTED_INDICATORS.find((i) => i.id === id);
    if (!indicator) throw fail(`'${id}' is not an indicator the dashboard charts (one of ${CHARTED_INDICATORS.map((i) => i.id).join(', ')})`);
    if (raw === null) {
      out[id] = null;
      continue;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw fail(`${id} must be an object with a value, or null for no target`);
    const extra = Object.keys(raw).find((key) => key !== 'value' && key !== 'direction' && key !== 'source');
    if (extra !== undefined) throw fail(`${id}: '${extra}' is not a setting (expected value, direction, source)`);
    const { value, direction, source } = raw as { value?: unknown; direction?: unknown; source?: unknown };
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) throw fail(`${id}: value must be a percentage from 0 to 100`);
    if (direction !== undefined && direction !== 'at_least' && direction !== 'at_most') throw fail(`${id}: direction must be at_least or at_most`);
    if (source !== undefined && (typeof source !== 'string' || source.trim() === '')) throw fail(`${id}: source must be text`);
    out[id] = {
      value,
      direction: direction ?? indicator.direction,
      source: typeof source === 'string' ? source.trim() : `${whose} own target (INDICATOR_TARGETS_FILE)`,
    };
  }
  return out;
}
