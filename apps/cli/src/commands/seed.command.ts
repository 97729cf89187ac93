import { isIsoDate } from '@cje/timescales';
import type { AppConfig } from '@cje/runtime';
import type { CliCommand, CliContext } from '../cli-command.js';

const USAGE = 'seed [--store sqlite|postgres] [--years N] [--scale X | --large-county] [--seed S] [--end-date YYYY-MM-DD] [--force] [--json]';
const STORES = ['sqlite', 'postgres'] as const;

/** Loads the configuration from the environment with some settings overridden (`--store`). */
export type LoadConfig = (overrides: Record<string, string>) => AppConfig;

/** What `seed` was asked for, checked. */
export interface SeedRequest {
  readonly store: AppConfig['EVENT_STORE'];
  readonly years: number;
  readonly scale: number | 'large-county';
  readonly seed: string;
  readonly endDate: string | undefined;
  readonly force: boolean;
  readonly json: boolean;
}

class SeedUsageError extends Error {}

/**
 * `cje seed`: fills an empty store with a synthetic authority (libs/testing), decided by the API's own command
 * decision and written in bulk (apps/api/src/demo/bulk-seed.ts). Refuses a store that holds anything; refuses a
 * production configuration unless --force.
 */
export function seedCommand(loadConfig: LoadConfig): CliCommand {
  return {
    name: 'seed',
    summary: 'Fill an empty store with a synthetic authority (demo or test data); prints counts and time',
    usage: USAGE,
    help: `Generates a synthetic local authority (seeded and repeatable: the same options give the same children,
commands and ids) and records it in an empty store. Every command is decided by the API's own decision (access
policy and journey machine), so every event written was accepted by the machine; refused commands are counted and
not written. Match keys for person matching are filed as the API files them. The events are written in batches of
a few thousand per transaction.

Options:
  --store sqlite|postgres  the store to fill (default: EVENT_STORE); SQLITE_FILE or DATABASE_URL say where
  --years N                years of activity up to the end date (default: DEMO_YEARS, 2)
  --scale X                size as a multiple of an average authority, about 20,000 contacts a year
                           (default: DEMO_SCALE, 1)
  --large-county           a large county: 4 times an average authority
  --seed S                 seed of the generation (default: demo)
  --end-date YYYY-MM-DD    the generation's "today" (default: today); nothing is dated after it
  --force                  seed even when NODE_ENV is production (a training or test installation)
  --json                   print the summary as JSON

A store that already holds events is always refused: seeding adds children, it never replaces them.
Exit status: 0 seeded with no command refused, 1 refused (store not empty, production) or some command refused,
2 bad usage.`,
    options: {
      store: { type: 'string' },
      years: { type: 'string' },
      scale: { type: 'string' },
      'large-county': { type: 'boolean' },
      seed: { type: 'string' },
      'end-date': { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(args, ctx, positionals) {
      let config: AppConfig;
      let request: SeedRequest;
      try {
        if (positionals.length > 0) throw new SeedUsageError(`Unexpected '${positionals.join(' ')}'`);
        const store = typeof args.store === 'string' ? storeOption(args.store) : undefined;
        config = loadConfig(store ? { EVENT_STORE: store } : {});
        request = seedRequest(args, config);
      } catch (error) {
        if (!(error instanceof SeedUsageError)) throw error;
        ctx.err(`${error.message}\nUsage: cje ${USAGE}`);
        return 2;
      }
      return runSeed(request, config, ctx);
    },
  };
}

function storeOption(value: string): (typeof STORES)[number] {
  if (!(STORES as readonly string[]).includes(value)) throw new SeedUsageError(`--store takes ${STORES.join(' or ')}; got '${value}'`);
  return value as (typeof STORES)[number];
}

function positiveNumber(value: string, option: string, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new SeedUsageError(`${option} takes a number above 0 and at most ${max}; got '${value}'`);
  return n;
}

/** Checks the options against each other and fills in the configuration's defaults. */
export function seedRequest(args: Record<string, string | boolean | string[] | undefined>, config: AppConfig): SeedRequest {
  const text = (name: string): string | undefined => (typeof args[name] === 'string' ? args[name] : undefined);
  const scaleText = text('scale');
  if (scaleText !== undefined && args['large-county'] === true) throw new SeedUsageError('Give --scale or --large-county, not both');
  const years = text('years');
  const endDate = text('end-date');
  if (endDate !== undefined && !isIsoDate(endDate)) throw new SeedUsageError(`--end-date takes a date as YYYY-MM-DD; got '${String(endDate)}'`);
  const seed = text('seed') ?? 'demo';
  if (seed.trim() === '') throw new SeedUsageError('--seed must not be empty');
  return {
    store: config.EVENT_STORE,
    years: years === undefined ? config.DEMO_YEARS : positiveNumber(years, '--years', 30),
    scale: args['large-county'] === true ? 'large-county' : scaleText === undefined ? config.DEMO_SCALE : positiveNumber(scaleText, '--scale', 100),
    seed,
    endDate,
    force: args.force === true,
    json: args.json === true,
  };
}

async function runSeed(request: SeedRequest, config: AppConfig, ctx: CliContext): Promise<number> {
  if (request.store === 'kurrentdb') {
    ctx.err('cje seed fills SQLite or PostgreSQL (--store sqlite|postgres); KurrentDB is not supported for bulk seeding.');
    return 2;
  }
  if (config.NODE_ENV === 'production' && !request.force) {
    ctx.err('Refused: NODE_ENV is production. Synthetic children do not belong in a live service; for a training or test installation configured as production, add --force.');
    return 1;
  }
  // The API's command side is loaded only here: the other commands do not need it.
  const { openSeeding } = await import('../../../api/src/demo/open-seeding.js');
  const seeding = await openSeeding(config);
  try {
    const head = await seeding.store.headPosition();
    if (head > 0) {
      ctx.err(`Refused: the ${describeStore(config)} already holds ${head} events. Seeding adds a whole synthetic authority and never mixes it into existing records: point SQLITE_FILE or DATABASE_URL at an empty store.`);
      return 1;
    }
    const settings = { seed: request.seed, endDate: request.endDate ?? seeding.today(), years: request.years, scale: request.scale };
    ctx.err(`Seeding ${describeScale(request.scale)} (seed ${settings.seed}, ${settings.years} year${settings.years === 1 ? '' : 's'} to ${settings.endDate}) into the ${describeStore(config)} …`);
    const stats = await seeding.seed(settings, {
      onProgress: (p) => ctx.err(`  ${p.commands.toLocaleString('en-GB')} commands, ${p.events.toLocaleString('en-GB')} events, ${p.children.toLocaleString('en-GB')} children`),
    });
    const summary = {
      store: config.EVENT_STORE,
      seed: settings.seed,
      endDate: settings.endDate,
      years: settings.years,
      scale: settings.scale === 'large-county' ? 4 : settings.scale,
      commands: stats.accepted,
      refused: stats.rejected,
      refusedByCode: stats.rejectedByCode,
      refusals: stats.rejections,
      events: stats.events,
      children: stats.children,
      notYetRecorded: stats.report?.notYetRecorded ?? 0,
      seconds: Math.round(stats.seconds * 10) / 10,
      eventsPerSecond: Math.round(stats.events / Math.max(stats.seconds, 0.001)),
    };
    if (request.json) ctx.out(JSON.stringify(summary));
    else {
      ctx.out(
        `Seeded ${summary.commands.toLocaleString('en-GB')} commands as ${summary.events.toLocaleString('en-GB')} events for ${summary.children.toLocaleString('en-GB')} children in ${summary.seconds} s (${summary.eventsPerSecond.toLocaleString('en-GB')} events/s); ${summary.refused} refused.`,
      );
      for (const r of summary.refusals) ctx.out(`  refused: ${r.type} ${r.commandId} (child ${r.childId}): ${r.code}: ${r.reason}`);
    }
    return summary.refused > 0 ? 1 : 0;
  } finally {
    await seeding.close();
  }
}

function describeStore(config: AppConfig): string {
  return config.EVENT_STORE === 'sqlite' ? `SQLite store ${config.SQLITE_FILE}` : `${config.EVENT_STORE} store`;
}

function describeScale(scale: SeedRequest['scale']): string {
  if (scale === 'large-county') return 'a large county (4 times an average authority)';
  return scale === 1 ? 'an average authority' : `${scale} times an average authority`;
}
