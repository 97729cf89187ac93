import Database from 'better-sqlite3';
import type { Tamperer } from '../contract/event-store.contract.js';

/**
 * Edits an SQLite event store file through a connection of its own, the way someone with file access could, so the
 * contract tests can prove verification notices. Test-only.
 */
export function sqliteTamperer(filename: string): Tamperer {
  const edit = (work: (db: Database.Database) => void): Promise<void> => {
    const db = new Database(filename, { fileMustExist: true, timeout: 10_000 });
    try {
      db.transaction(() => work(db)).immediate();
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  const mustChangeOne = (changes: number, what: string): void => {
    if (changes !== 1) throw new Error(`tampering failed: ${what} matched ${changes} rows`);
  };
  return {
    changeData: (streamId, revision, newData) =>
      edit((db) => {
        const { changes } = db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(JSON.stringify(newData), streamId, revision);
        mustChangeOne(changes, `${streamId}@${revision}`);
      }),
    deleteEvent: (streamId, revision) =>
      edit((db) => {
        const { changes } = db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(streamId, revision);
        mustChangeOne(changes, `${streamId}@${revision}`);
      }),
    // Swaps both revision and position, so the stream and the global log both read the two events in swapped order.
    swapRevisions: (streamId, a, b) =>
      edit((db) => {
        const positionOf = db.prepare<[string, number], number>('SELECT position FROM events WHERE stream_id = ? AND revision = ?').pluck(true);
        const pa = positionOf.get(streamId, a);
        const pb = positionOf.get(streamId, b);
        if (pa === undefined || pb === undefined) throw new Error(`tampering failed: ${streamId} has no revision ${a} or ${b}`);
        const move = db.prepare('UPDATE events SET revision = ?, position = ? WHERE stream_id = ? AND revision = ?');
        move.run(-1, -pa, streamId, a);
        move.run(a, pa, streamId, b);
        move.run(b, pb, streamId, -1);
      }),
  };
}
