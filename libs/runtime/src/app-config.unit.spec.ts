import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, EVENT_STORE: 'sqlite', SQLITE_FILE: './data/journey.db', LOG_LEVEL: 'info' });
  });

  it('reads numbers and choices from strings', () => {
    expect(loadConfig({ PORT: '8080', EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h/db' })).toMatchObject({ PORT: 8080, EVENT_STORE: 'postgres' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE must be one of sqlite, postgres, kurrentdb'],
    [{ EVENT_STORE: 'postgres' }, 'DATABASE_URL is required when EVENT_STORE=postgres'],
    [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_CONNECTION_STRING is required when EVENT_STORE=kurrentdb'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, test, production'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'x', EVENT_STORE: 'y' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe('loadConfig in production', () => {
  it('requires an OpenID Connect issuer and audience', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('AUTH_ISSUER must be the URL of an OpenID Connect issuer');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('AUTH_AUDIENCE is required in production');
    expect(loadConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'https://login.example.gov.uk/realms/csc', AUTH_AUDIENCE: 'journey' }).AUTH_ISSUER).toBe(
      'https://login.example.gov.uk/realms/csc',
    );
  });
});
