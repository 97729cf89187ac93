import type { EventStore } from '@cje/event-store';
import type { AuthorityScale } from '@cje/testing';
import { bulkSeed, type BulkSeedOptions, type PersonMatchFiling, type SeedStatistics } from './bulk-seed.js';
import { demoTeams } from './demo-authority.js';

/** Which synthetic authority to seed: the API's DEMO_* settings, or the CLI's `seed` options. */
export interface DemoSeedSettings {
  /** Seed of the generation (the same seed and end date give the same authority, ids included). */
  readonly seed: string;
  /** The generation's "today" (YYYY-MM-DD): nothing is dated after it. */
  readonly endDate: string;
  readonly years: number;
  /** 1 = an average English authority (about 20,000 contacts a year); 'large-county' = 4. */
  readonly scale: AuthorityScale;
}

export type DemoSeedDependencies = { readonly store: EventStore; readonly matching: PersonMatchFiling } & Omit<
  BulkSeedOptions,
  'store' | 'matching' | 'authority' | 'requestId'
>;

/** Every demo event carries this correlation id, as a command over HTTP carries its request id. */
export const DEMO_SEED_REQUEST_ID = 'demo-seed';

/** The demo authority (demo users in their teams, synthetic colleagues around them) seeded in bulk; see bulkSeed. */
export function seedDemoAuthority(settings: DemoSeedSettings, deps: DemoSeedDependencies): Promise<SeedStatistics> {
  const scale = settings.scale === 'large-county' ? 4 : settings.scale === 'average' ? 1 : settings.scale;
  return bulkSeed({
    ...deps,
    authority: { seed: settings.seed, endDate: settings.endDate, years: settings.years, scale, teams: demoTeams(scale) },
    requestId: DEMO_SEED_REQUEST_ID,
  });
}
