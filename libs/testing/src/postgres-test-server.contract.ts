import pg from 'pg';

/** The PostgreSQL server the integration tests use (override with PG_TEST_URL). Test-only: not part of the build. */
export const PG_TEST_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** CI sets REQUIRE_POSTGRES=1, so a missing server fails there instead of being skipped quietly. */
export const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

/** Whether the test server answers within three seconds. */
export async function postgresReachable(url: string = PG_TEST_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
