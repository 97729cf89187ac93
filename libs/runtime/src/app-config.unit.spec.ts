import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadTimescalesConfig, rateLimits } from './app-config.js';

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

describe('rate limits', () => {
  it('are off outside production unless set, so benchmarks are not throttled', () => {
    expect(rateLimits(loadConfig({}))).toEqual({ windowMs: 60_000, perUser: 0, perIp: 0 });
  });

  it('apply production defaults a person at a screen never reaches', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'https://login.example.gov.uk', AUTH_AUDIENCE: 'journey' });
    expect(rateLimits(config)).toEqual({ windowMs: 60_000, perUser: 600, perIp: 120 });
  });

  it('read each limit and the window from the environment; 0 turns a limit off', () => {
    expect(rateLimits(loadConfig({ RATE_LIMIT_PER_USER: '30', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_WINDOW_SECONDS: '10' }))).toEqual({ windowMs: 10_000, perUser: 30, perIp: 0 });
    const config = loadConfig({ NODE_ENV: 'production', AUTH_ISSUER: 'https://login.example.gov.uk', AUTH_AUDIENCE: 'journey', RATE_LIMIT_PER_USER: '0' });
    expect(rateLimits(config).perUser).toBe(0);
  });

  it.each([
    [{ RATE_LIMIT_PER_USER: '-1' }, 'RATE_LIMIT_PER_USER must not be negative'],
    [{ RATE_LIMIT_PER_IP: 'lots' }, 'RATE_LIMIT_PER_IP must be a whole number'],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, 'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600'],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the person-matching salt', () => {
  it('is unset by default: the installation keeps its stored salt', () => {
    expect(loadConfig({}).PERSON_MATCH_SALT).toBeUndefined();
  });

  it('comes from the environment when set, and must be a long secret', () => {
    const salt = 'f'.repeat(64);
    expect(loadConfig({ PERSON_MATCH_SALT: salt }).PERSON_MATCH_SALT).toBe(salt);
    expect(() => loadConfig({ PERSON_MATCH_SALT: 'short' })).toThrow('PERSON_MATCH_SALT must be at least 32 characters');
  });
});

describe('demo data settings', () => {
  it('seeds a small demo authority by default and can be turned off', () => {
    expect(loadConfig({})).toMatchObject({ DEMO_SEED: 'auto', DEMO_SCALE: 1, DEMO_YEARS: 2 });
    expect(loadConfig({ DEMO_SEED: 'off', DEMO_SCALE: '0.1', DEMO_YEARS: '3' })).toMatchObject({ DEMO_SEED: 'off', DEMO_SCALE: 0.1, DEMO_YEARS: 3 });
  });

  it.each([
    [{ DEMO_SEED: 'yes' }, 'DEMO_SEED must be auto or off'],
    [{ DEMO_SCALE: 'big' }, 'DEMO_SCALE must be a number'],
    [{ DEMO_SCALE: '9' }, 'DEMO_SCALE must be between 0.01 and 4'],
    [{ DEMO_YEARS: '0' }, 'DEMO_YEARS must be between 1 and 10'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('timescale and population settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cje-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('defaults to an average authority’s 0–17 population, England and Wales bank holidays, no local standards', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ CHILD_POPULATION: 110_000, TIMESCALE_REGION: 'england-and-wales' });
    expect(config.TIMESCALES_CONFIG_FILE).toBeUndefined();
    expect(loadTimescalesConfig(config)).toEqual({});
  });

  it('reads the population, the region and a file of local standards', () => {
    const path = file('reading.json', JSON.stringify({ authority: 'Reading', localStandards: { 'cin-visit': { clock: { kind: 'days', amount: 20 } } } }));
    const config = loadConfig({ CHILD_POPULATION: '38500', TIMESCALE_REGION: 'scotland', TIMESCALES_CONFIG_FILE: path });
    expect(config).toMatchObject({ CHILD_POPULATION: 38_500, TIMESCALE_REGION: 'scotland' });
    expect(loadTimescalesConfig(config)).toEqual({ authority: 'Reading', localStandards: { 'cin-visit': { clock: { kind: 'days', amount: 20 } } } });
  });

  it.each([
    [{ CHILD_POPULATION: 'many' }, 'CHILD_POPULATION must be a whole number'],
    [{ CHILD_POPULATION: '0' }, 'CHILD_POPULATION must be between 1 and 5,000,000'],
    [{ TIMESCALE_REGION: 'wales' }, 'TIMESCALE_REGION must be one of england-and-wales, scotland, northern-ireland'],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['missing.json', null, 'cannot be read (ENOENT)'],
    ['broken.json', '{ "localStandards": ', 'is not valid JSON'],
    ['list.json', '[]', 'must hold a JSON object'],
    ['typo.json', '{ "localStandard": {} }', "'localStandard' is not a setting"],
    ['unknown-rule.json', '{ "localStandards": { "home-visit": { "clock": { "kind": "days", "amount": 5 } } } }', "unknown timescale rule 'home-visit'"],
    ['statutory.json', '{ "localStandards": { "icpc": { "clock": { "kind": "working_days", "amount": 20 } } } }', 'only local standards can be configured'],
    ['bad-clock.json', '{ "localStandards": { "cin-visit": { "clock": { "kind": "days", "amount": 0 } } } }', 'the clock needs a kind and a whole amount above zero'],
  ])('refuses a local standards file (%s) at start-up, naming the setting', (name, text, reason) => {
    const path = text === null ? join(dir, name) : file(name, text);
    try {
      loadConfig({ TIMESCALES_CONFIG_FILE: path });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([expect.stringContaining(`TIMESCALES_CONFIG_FILE (${path}): `)]);
      expect((e as ConfigError).message).toContain(reason);
    }
  });
});
