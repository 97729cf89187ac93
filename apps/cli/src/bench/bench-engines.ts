import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresEventStore, SqliteEventStore } from '@cje/event-store';
import { adapterTarget } from './adapter-target.js';
import { APPEND_SINGLE_CONCURRENT, APPEND_SINGLE_ONE_WRITER } from './bench-cases.js';
import type { BenchOptions, EngineName } from './bench-options.js';
import { rawPostgresTarget } from './raw-postgres-target.js';
import { rawSqliteTarget } from './raw-sqlite-target.js';
import type { Subject } from './subject.js';

/** The sides to measure on an engine, and how to put everything away afterwards. */
export type EngineSetup =
  | { readonly subjects: readonly Subject[]; readonly dispose: () => Promise<void> }
  | { readonly skipped: string };

export interface BenchEngine {
  readonly name: EngineName;
  open(options: BenchOptions): Promise<EngineSetup>;
}

const SINGLE_APPEND_CASES = [APPEND_SINGLE_ONE_WRITER, APPEND_SINGLE_CONCURRENT];

/** Disposes every subject even when one fails, then runs `after`. */
function disposeAll(subjects: readonly Subject[], after: () => Promise<void> = async () => undefined): () => Promise<void> {
  return async () => {
    const outcomes = await Promise.allSettled(subjects.map((s) => s.target.dispose()));
    await after();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  };
}

/** Files in a fresh folder; the adapter is measured with group commit (its default) and, for appends, without. */
export const sqliteEngine: BenchEngine = {
  name: 'sqlite',
  async open(options) {
    const dir = mkdtempSync(join(options.dir, 'cje-bench-'));
    const subjects: Subject[] = [];
    try {
      const adapter = (file: string, groupCommit: boolean) => new SqliteEventStore({ filename: join(dir, file), groupCommit, durable: true });
      const grouped = adapter('adapter.db', true);
      const ungrouped = adapter('adapter-no-group.db', false);
      subjects.push({ key: 'adapter', role: 'adapter', variant: '', target: adapterTarget(grouped) });
      subjects.push({
        key: 'adapter-group-commit-off',
        role: 'adapter',
        variant: 'group-commit-off',
        target: adapterTarget(ungrouped),
        onlyCases: SINGLE_APPEND_CASES,
      });
      await grouped.init();
      await ungrouped.init();
      subjects.push({ key: 'raw', role: 'raw', variant: '', target: rawSqliteTarget(join(dir, 'raw.db')) });
    } catch (error) {
      await disposeAll(subjects)().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return { subjects, dispose: disposeAll(subjects, async () => rmSync(dir, { recursive: true, force: true })) };
  },
};

/** Where a connection string points, without its credentials, for messages. */
export function describeServer(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}

async function reachable(connectionString: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (rows[0]?.synchronous_commit !== 'on') return `synchronous_commit is '${rows[0]?.synchronous_commit ?? '?'}', not on: durability would differ`;
    return undefined;
  } catch (error) {
    return `cannot reach PostgreSQL at ${describeServer(connectionString)} (${(error as { code?: string }).code ?? (error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Fresh schemas on the server in DATABASE_URL, dropped afterwards. The adapter's pool and the baseline's have one
 * connection per concurrent writer. The main baseline takes positions from an identity column (nothing serialises
 * writers); a second one, on the single-append cases, uses a gapless counter locked to commit as the adapter does.
 */
export const postgresEngine: BenchEngine = {
  name: 'postgres',
  async open(options) {
    const problem = await reachable(options.databaseUrl);
    if (problem) return { skipped: problem };
    const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
    const connectionString = options.databaseUrl;
    const subjects: Subject[] = [];
    const schemas: string[] = [];
    const cleanUp = async () => {
      for (const schema of schemas) await dropSchema(connectionString, schema);
    };
    try {
      const adapterSchema = `bench_adapter_${tag}`;
      schemas.push(adapterSchema);
      const store = new PostgresEventStore({ connectionString, schema: adapterSchema, poolSize: options.writers });
      subjects.push({ key: 'adapter', role: 'adapter', variant: '', target: adapterTarget(store) });
      await store.init();
      const raw = async (schema: string, gapless: boolean) => {
        schemas.push(schema);
        return rawPostgresTarget({ connectionString, schema, connections: options.writers, gapless });
      };
      subjects.push({ key: 'raw', role: 'raw', variant: '', target: await raw(`bench_raw_${tag}`, false) });
      subjects.push({ key: 'raw-gapless', role: 'raw', variant: 'gapless-counter', target: await raw(`bench_raw_gapless_${tag}`, true), onlyCases: SINGLE_APPEND_CASES });
    } catch (error) {
      await disposeAll(subjects, cleanUp)().catch(() => undefined);
      throw error;
    }
    return { subjects, dispose: disposeAll(subjects, cleanUp) };
  },
};

export const BENCH_ENGINES: readonly BenchEngine[] = [sqliteEngine, postgresEngine];
