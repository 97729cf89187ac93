import { addMonths, fromDayNumber, isIsoDate, toDayNumber } from '@cje/timescales';
import type { CommandDecider } from './command-decider.js';
import type { Seed } from './seeded-random.js';

/** What a team does in the authority; it decides which cases the generator gives it. */
export type TeamKind = 'front-door' | 'casework' | 'children-in-care' | 'leaving-care';

export interface AuthorityTeam {
  readonly id: string;
  /** Social workers (role SOCIAL_WORKER). */
  readonly workers: readonly string[];
  /** Team managers (role TEAM_MANAGER): they allocate, supervise and authorise. Without any, the head of service does. */
  readonly managers?: readonly string[];
  /**
   * Inferred from the id when absent: `mash`/`front`/`door`/`triage` → front door; `care`/`cic`/`lac`/`cla` →
   * children in care; `leav` → leaving care; anything else → casework (locality safeguarding).
   */
  readonly kind?: TeamKind;
}

export type AuthorityScale = 'average' | 'large-county' | number;

export interface AuthorityOptions {
  readonly seed: Seed;
  /** The generation's "today" (ISO date): nothing is dated or recorded after it. */
  readonly endDate: string;
  /** Years of full activity ending at `endDate` (the window starts the day after the same date `years` earlier). Default 2. */
  readonly years?: number;
  /** `average` (1), `large-county` (4) or a multiplier of the average authority's volumes. Default `average`. */
  readonly scale?: AuthorityScale;
  /** The authority's teams and users. Default: a synthetic structure sized for the scale (see `defaultTeams`). */
  readonly teams?: readonly AuthorityTeam[];
  /** Acts where a team has no manager. Default `{ userId: 'hos', team: 'service' }`. */
  readonly headOfService?: { readonly userId: string; readonly team: string };
  /**
   * Children aged 0–17 living in the authority, for rates per 10,000. When `scale` is absent the volumes follow
   * it (an average authority has about 80,000 children); otherwise it is only reported. Default 80,000 × scale.
   */
  readonly population?: number;
  /**
   * Give the authority the children who were already looked after, on child protection plans or care leavers when
   * the window opens, each with the history that brought them there (which starts before the window). Default true:
   * without them the looked-after population is far too small after only a few years.
   */
  readonly openCasesAtStart?: boolean;
  /**
   * Decides each command in place of the journey's `decide` with the recording time as now (see CommandDecider): a
   * seeder passes its command path's decision so that each command is decided once. The commands generated are the
   * same either way as long as the decider accepts what `decide` accepts.
   */
  readonly decide?: CommandDecider;
}

export interface ResolvedTeam {
  readonly id: string;
  readonly kind: TeamKind;
  readonly workers: readonly string[];
  readonly managers: readonly string[];
}

/** The options with every default applied, as the generation uses them. */
export interface AuthoritySettings {
  readonly seed: Seed;
  readonly endDate: string;
  readonly windowStart: string;
  readonly years: number;
  /** Multiplier of the average authority's yearly volumes. */
  readonly scale: number;
  readonly population: number;
  readonly teams: readonly ResolvedTeam[];
  readonly headOfService: { readonly userId: string; readonly team: string };
  readonly openCasesAtStart: boolean;
  /** The decider given, or null: the journey's `decide` with the recording time as now. */
  readonly decide: CommandDecider | null;
}

/** Children aged 0–17 in an average English authority: about 12.2 million across 153 authorities. */
export const AVERAGE_CHILD_POPULATION = 80_000;

export class AuthorityOptionsError extends Error {
  readonly code = 'INVALID_AUTHORITY_OPTIONS';
}

export function inferTeamKind(id: string): TeamKind {
  const name = id.toLowerCase();
  if (/mash|front|door|triage/.test(name)) return 'front-door';
  if (/leav/.test(name)) return 'leaving-care';
  if (/care|cic|lac|cla/.test(name)) return 'children-in-care';
  return 'casework';
}

function scaleOf(scale: AuthorityScale | undefined, population: number | undefined): number {
  if (scale === undefined) return population !== undefined ? population / AVERAGE_CHILD_POPULATION : 1;
  if (scale === 'average') return 1;
  if (scale === 'large-county') return 4;
  return scale;
}

/**
 * A structure like a real authority's, sized for about 18 open cases per worker: a front door, locality
 * safeguarding teams, children in care teams and a leaving care team. Ids are synthetic (`sw.locality-2.5`).
 */
export function defaultTeams(scale: number): ResolvedTeam[] {
  const team = (id: string, kind: TeamKind, workers: number, managers: number): ResolvedTeam => ({
    id,
    kind,
    workers: Array.from({ length: Math.max(1, workers) }, (_, i) => `sw.${id}.${i + 1}`),
    managers: Array.from({ length: Math.max(1, managers) }, (_, i) => `tm.${id}.${i + 1}`),
  });
  const localities = Math.max(1, Math.round(6 * scale));
  const inCare = Math.max(1, Math.round(2 * scale));
  return [
    team('mash', 'front-door', Math.round(10 * scale), Math.round(2 * scale)),
    ...Array.from({ length: localities }, (_, i) => team(`locality-${i + 1}`, 'casework', 14, 1)),
    ...Array.from({ length: inCare }, (_, i) => team(`children-in-care-${i + 1}`, 'children-in-care', 14, 1)),
    team('leaving-care', 'leaving-care', Math.round(8 * scale), 1),
  ];
}

export function resolveAuthorityOptions(options: AuthorityOptions): AuthoritySettings {
  if (!isIsoDate(options.endDate)) throw new AuthorityOptionsError('endDate must be an ISO date (YYYY-MM-DD)');
  const years = options.years ?? 2;
  if (!(years > 0 && years <= 30)) throw new AuthorityOptionsError('years must be more than 0 and at most 30');
  const scale = scaleOf(options.scale, options.population);
  if (!(scale > 0 && scale <= 100)) throw new AuthorityOptionsError('scale must be more than 0 and at most 100');
  const teams = options.teams
    ? options.teams.map((t) => ({ id: t.id, kind: t.kind ?? inferTeamKind(t.id), workers: [...t.workers], managers: [...(t.managers ?? [])] }))
    : defaultTeams(scale);
  if (!teams.some((t) => t.workers.length > 0)) throw new AuthorityOptionsError('at least one team needs a worker');
  // The window's first day: two years to 31 March 2026 run from 1 April 2024 (two whole financial years).
  const wholeYears = Math.floor(years);
  const yearsBack = toDayNumber(addMonths(options.endDate, -12 * wholeYears));
  const windowStart = fromDayNumber(yearsBack + 1 - Math.round((years - wholeYears) * 365.25));
  return {
    seed: options.seed,
    endDate: options.endDate,
    windowStart,
    years,
    scale,
    population: Math.round(options.population ?? AVERAGE_CHILD_POPULATION * scale),
    teams,
    headOfService: options.headOfService ?? { userId: 'hos', team: 'service' },
    openCasesAtStart: options.openCasesAtStart ?? true,
    decide: options.decide ?? null,
  };
}
