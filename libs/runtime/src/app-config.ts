import { readFileSync } from 'node:fs';
import { type TimescaleConfig, TimescaleError, resolveRules } from '@cje/timescales';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsUrl, IsOptional, IsString, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export const STORE_KINDS = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TIMESCALE_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/**
 * Every setting the API reads, all from the environment (secrets never sit in the repository).
 * A bad value stops start-up with a message naming the setting.
 */
export class AppConfig {
  @IsIn(ENVIRONMENTS, { message: `NODE_ENV must be one of ${ENVIRONMENTS.join(', ')}` })
  NODE_ENV: Environment = 'development';

  @Transform(toInt)
  // class-validator checks the decorator nearest the property first.
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @IsInt({ message: 'PORT must be a whole number' })
  PORT = 3000;

  @IsString()
  @MinLength(1, { message: 'HOST must not be empty' })
  HOST = '127.0.0.1';

  @IsIn(STORE_KINDS, { message: `EVENT_STORE must be one of ${STORE_KINDS.join(', ')}` })
  EVENT_STORE: StoreKind = 'sqlite';

  @IsString()
  @MinLength(1, { message: 'SQLITE_FILE must not be empty' })
  SQLITE_FILE = './data/journey.db';

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'postgres')
  @IsString({ message: 'DATABASE_URL is required when EVENT_STORE=postgres' })
  @MinLength(1, { message: 'DATABASE_URL is required when EVENT_STORE=postgres' })
  DATABASE_URL?: string;

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'kurrentdb')
  @IsString({ message: 'KURRENTDB_CONNECTION_STRING is required when EVENT_STORE=kurrentdb' })
  @MinLength(1, { message: 'KURRENTDB_CONNECTION_STRING is required when EVENT_STORE=kurrentdb' })
  KURRENTDB_CONNECTION_STRING?: string;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** OpenID Connect issuer whose keys sign the bearer tokens; required in production. */
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.AUTH_ISSUER !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'AUTH_ISSUER must be the URL of an OpenID Connect issuer (required in production)' })
  AUTH_ISSUER?: string;

  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.AUTH_AUDIENCE !== undefined)
  @IsString({ message: 'AUTH_AUDIENCE is required in production' })
  @MinLength(1, { message: 'AUTH_AUDIENCE is required in production' })
  AUTH_AUDIENCE?: string;

  /** Where the issuer publishes its keys; found through OpenID discovery when not set. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'AUTH_JWKS_URL must be a URL' })
  AUTH_JWKS_URL?: string;

  /**
   * Browser sign-in to the web interface (OpenID Connect authorisation code flow with PKCE): the client registered
   * for it at the issuer. Without it the web interface offers no sign-in in production (the API still works).
   */
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'AUTH_WEB_CLIENT_ID must not be empty' })
  AUTH_WEB_CLIENT_ID?: string;

  /** The client's secret, for a confidential client (from the environment or a secret store, never the repository). */
  @IsOptional()
  @IsString()
  AUTH_WEB_CLIENT_SECRET?: string;

  /** Where the issuer sends the browser back: https://<this service>/app/login/callback. Required with AUTH_WEB_CLIENT_ID. */
  @ValidateIf((c: AppConfig) => c.AUTH_WEB_CLIENT_ID !== undefined || c.AUTH_WEB_REDIRECT_URI !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'AUTH_WEB_REDIRECT_URI must be the URL of /app/login/callback on this service (required with AUTH_WEB_CLIENT_ID)' })
  AUTH_WEB_REDIRECT_URI?: string;

  /** Scopes asked for at browser sign-in; the access token must carry this API's audience, role and team claims. */
  @IsString()
  AUTH_WEB_SCOPE = 'openid profile';

  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'SHUTDOWN_TIMEOUT_MS must not be negative' })
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number' })
  SHUTDOWN_TIMEOUT_MS = 10000;

  /** Outside production, fill an empty store with a synthetic demo authority (`auto`), or never (`off`). */
  @IsIn(['auto', 'off'], { message: 'DEMO_SEED must be auto or off' })
  DEMO_SEED: 'auto' | 'off' = 'auto';

  /** The demo authority's size as a share of an average authority (1 = about 20,000 contacts a year). */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value))
  @Max(4, { message: 'DEMO_SCALE must be between 0.01 and 4' })
  @Min(0.01, { message: 'DEMO_SCALE must be between 0.01 and 4' })
  @IsNumber({}, { message: 'DEMO_SCALE must be a number' })
  DEMO_SCALE = 1;

  @Transform(toInt)
  @Max(10, { message: 'DEMO_YEARS must be between 1 and 10' })
  @Min(1, { message: 'DEMO_YEARS must be between 1 and 10' })
  @IsInt({ message: 'DEMO_YEARS must be a whole number' })
  DEMO_YEARS = 2;

  /** Length of a rate-limit window. */
  @Transform(toInt)
  @Max(3600, { message: 'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600' })
  @Min(1, { message: 'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600' })
  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be a whole number' })
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests one signed-in user may make per window; 0 turns the limit off. Unset: see `rateLimits`. */
  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'RATE_LIMIT_PER_USER must not be negative (0 turns it off)' })
  @IsInt({ message: 'RATE_LIMIT_PER_USER must be a whole number' })
  RATE_LIMIT_PER_USER?: number;

  /** Requests one address may make per window without a valid token (health, sign-in, refused tokens); 0 is off. */
  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'RATE_LIMIT_PER_IP must not be negative (0 turns it off)' })
  @IsInt({ message: 'RATE_LIMIT_PER_IP must be a whole number' })
  RATE_LIMIT_PER_IP?: number;

  /**
   * Secret key of the person-matching HMAC. Unset, the installation keeps using the random salt it stored beside
   * its match keys (as before); set, it stays out of the database, so a copy of the database alone cannot be
   * searched for a named child. Set it before the first record: keys made under another salt no longer match.
   */
  @IsOptional()
  @IsString({ message: 'PERSON_MATCH_SALT must be a string' })
  @MinLength(32, { message: 'PERSON_MATCH_SALT must be at least 32 characters of random secret' })
  PERSON_MATCH_SALT?: string;
  /**
   * Children aged 0–17 living in the authority: the base of every rate per 10,000. The default, 110,000, is the
   * population of an average English authority; set the authority's own figure (ONS mid-year estimate).
   */
  @Transform(toInt)
  @Max(5_000_000, { message: 'CHILD_POPULATION must be between 1 and 5,000,000' })
  @Min(1, { message: 'CHILD_POPULATION must be between 1 and 5,000,000' })
  @IsInt({ message: 'CHILD_POPULATION must be a whole number' })
  CHILD_POPULATION = 110_000;

  /** Whose bank holidays make working days for timescales. */
  @IsIn(TIMESCALE_REGIONS, { message: `TIMESCALE_REGION must be one of ${TIMESCALE_REGIONS.join(', ')}` })
  TIMESCALE_REGION: (typeof TIMESCALE_REGIONS)[number] = 'england-and-wales';

  /**
   * A JSON file with the authority's local standards (visit, supervision and review intervals), e.g.
   * `{ "authority": "Reading", "localStandards": { "cin-visit": { "clock": { "kind": "days", "amount": 20 } } } }`.
   * Unset: the defaults of the rule table. Checked at start-up (statutory timescales cannot be configured).
   */
  @IsOptional()
  @IsString({ message: 'TIMESCALES_CONFIG_FILE must be a file path' })
  @MinLength(1, { message: 'TIMESCALES_CONFIG_FILE must be a file path' })
  TIMESCALES_CONFIG_FILE?: string;

  /**
   * A JSON file with the authority's own targets for the indicators the manager's dashboard charts, e.g.
   * `{ "authority": "Reading", "targets": { "icpcs_within_15_wd": { "value": 90 } } }`. Unset: the national
   * comparators of apps/api/src/web/manager/indicator-targets.ts. Checked when the web interface starts.
   */
  @IsOptional()
  @IsString({ message: 'INDICATOR_TARGETS_FILE must be a file path' })
  @MinLength(1, { message: 'INDICATOR_TARGETS_FILE must be a file path' })
  INDICATOR_TARGETS_FILE?: string;
}

/** Raised when the environment holds a bad setting; its message lists every one. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const OPTIONAL_SETTINGS = [
  'DATABASE_URL',
  'KURRENTDB_CONNECTION_STRING',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_WEB_CLIENT_ID',
  'AUTH_WEB_CLIENT_SECRET',
  'AUTH_WEB_REDIRECT_URI',
  'RATE_LIMIT_PER_USER',
  'RATE_LIMIT_PER_IP',
  'PERSON_MATCH_SALT',
  'TIMESCALES_CONFIG_FILE',
  'INDICATOR_TARGETS_FILE',
];

/** Rate limits in force: per signed-in user and per address, each per window (0 = off). */
export interface RateLimits {
  readonly windowMs: number;
  readonly perUser: number;
  readonly perIp: number;
}

/**
 * Production limits a person at a screen never reaches (10 requests a second on average per user; one address
 * without a token, 2 a second) unless set. Outside production they are off unless set, so load tests and
 * benchmarks that drive thousands of commands as a handful of demo users are not throttled.
 */
export function rateLimits(config: AppConfig): RateLimits {
  const production = config.NODE_ENV === 'production';
  return {
    windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    perUser: config.RATE_LIMIT_PER_USER ?? (production ? 600 : 0),
    perIp: config.RATE_LIMIT_PER_IP ?? (production ? 120 : 0),
  };
}

/** Builds the configuration from environment variables, or throws ConfigError naming each bad setting. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const relevant: Record<string, string> = {};
  for (const key of [...known, ...OPTIONAL_SETTINGS]) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const config = plainToInstance(AppConfig, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false, stopAtFirstError: true });
  const problems = errors.map((e) => Object.values(e.constraints ?? {})[0] ?? `${e.property} is invalid`);
  if (!errors.some((e) => e.property === 'TIMESCALES_CONFIG_FILE')) {
    try {
      loadTimescalesConfig(config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A ConfigError about a setting that names a file: `<SETTING> (<path>): <reason>`. */
export function settingFileError(setting: string, path: string): (reason: string) => ConfigError {
  return (reason) => new ConfigError([`${setting} (${path}): ${reason}`]);
}

/** The JSON a setting's file holds, or a ConfigError naming the setting when it cannot be read or parsed. */
export function readJsonSettingFile(setting: string, path: string): unknown {
  const fail = settingFileError(setting, path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail('is not valid JSON');
  }
}

/**
 * The authority's local timescale standards from TIMESCALES_CONFIG_FILE (none when unset), checked against the rule
 * table: a file that cannot be read, is not JSON, names an unknown rule, tries to change a statutory timescale or
 * gives a bad clock is a ConfigError naming the setting.
 */
export function loadTimescalesConfig(config: AppConfig): TimescaleConfig {
  const path = config.TIMESCALES_CONFIG_FILE;
  if (path === undefined) return {};
  const fail = settingFileError('TIMESCALES_CONFIG_FILE', path);
  const parsed = readJsonSettingFile('TIMESCALES_CONFIG_FILE', path);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('must hold a JSON object');
  const unknown = Object.keys(parsed).find((key) => key !== 'authority' && key !== 'localStandards');
  if (unknown !== undefined) throw fail(`'${unknown}' is not a setting (expected authority, localStandards)`);
  const { authority, localStandards } = parsed as { authority?: unknown; localStandards?: unknown };
  if (authority !== undefined && typeof authority !== 'string') throw fail('authority must be text');
  if (localStandards !== undefined && (typeof localStandards !== 'object' || localStandards === null || Array.isArray(localStandards))) {
    throw fail('localStandards must be an object keyed by rule id');
  }
  const timescales = parsed as TimescaleConfig;
  try {
    resolveRules(timescales);
  } catch (error) {
    if (error instanceof TimescaleError) throw fail(error.message);
    throw error;
  }
  return timescales;
}
