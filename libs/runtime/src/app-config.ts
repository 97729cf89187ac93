import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsUrl, IsOptional, IsString, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export const STORE_KINDS = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

  @IsOptional()
  @Transform(toInt)
  @Min(0, { message: 'SHUTDOWN_TIMEOUT_MS must not be negative' })
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number' })
  SHUTDOWN_TIMEOUT_MS = 10000;
}

/** Raised when the environment holds a bad setting; its message lists every one. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const OPTIONAL_SETTINGS = ['DATABASE_URL', 'KURRENTDB_CONNECTION_STRING', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'];

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
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => Object.values(e.constraints ?? {})[0] ?? `${e.property} is invalid`));
  }
  return config;
}
