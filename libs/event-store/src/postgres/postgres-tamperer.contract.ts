import type pg from 'pg';
import { canonicalJson } from '../canonical-json.js';
import type { Tamperer } from '../contract/event-store.contract.js';

/**
 * Edits the tables with plain SQL, the way someone with database access could, so the contract tests can prove
 * verification notices. Test-only.
 */
export function postgresTamperer(pool: pg.Pool, schema: string): Tamperer {
  const events = `"${schema}".events`;
  const edit = async (work: (client: pg.PoolClient) => Promise<void>): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const mustChangeOne = (result: pg.QueryResult, what: string): void => {
    if (result.rowCount !== 1) throw new Error(`tampering failed: ${what} matched ${result.rowCount ?? 0} rows`);
  };
  return {
    changeData: (streamId, revision, newData) =>
      edit(async (client) => {
        const result = await client.query(`UPDATE ${events} SET data = $3 WHERE stream_id = $1 AND revision = $2`, [streamId, revision, canonicalJson(newData)]);
        mustChangeOne(result, `${streamId}@${revision}`);
      }),
    deleteEvent: (streamId, revision) =>
      edit(async (client) => {
        mustChangeOne(await client.query(`DELETE FROM ${events} WHERE stream_id = $1 AND revision = $2`, [streamId, revision]), `${streamId}@${revision}`);
      }),
    // Swaps both revision and position, so the stream and the global log both read the two events in swapped order.
    swapRevisions: (streamId, a, b) =>
      edit(async (client) => {
        const positionOf = async (revision: number): Promise<string> => {
          const { rows } = await client.query<{ position: string }>(`SELECT position::text AS position FROM ${events} WHERE stream_id = $1 AND revision = $2`, [streamId, revision]);
          const position = rows[0]?.position;
          if (position === undefined) throw new Error(`tampering failed: ${streamId} has no revision ${revision}`);
          return position;
        };
        const pa = await positionOf(a);
        const pb = await positionOf(b);
        const move = (toRevision: number, toPosition: string, fromRevision: number): Promise<pg.QueryResult> =>
          client.query(`UPDATE ${events} SET revision = $1, position = $2 WHERE stream_id = $3 AND revision = $4`, [toRevision, toPosition, streamId, fromRevision]);
        await move(-1, `-${pa}`, a);
        await move(a, pa, b);
        await move(b, pb, -1);
      }),
  };
}
