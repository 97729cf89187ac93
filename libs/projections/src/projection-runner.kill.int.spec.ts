import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type RecordedEvent, SqliteEventStore } from '@cje/event-store';
import { type ChildIndexRow, appendMixedEvents, expectedChildIndex, tempDir } from './testing/projection-test-kit.contract.js';

const WORKER = fileURLToPath(new URL('./testing/runner-worker.mjs', import.meta.url));
const BATCH = 50;

interface Generation {
  projection: string;
  generation: number;
  version: number;
  position: number;
  role: string;
  tables: string;
}

/**
 * How the tally writes: every event within the runner's transaction, or kept for the batch and written by `flush`
 * with its catch-up batches staged (committed on the store's writer thread while the next one is applied).
 */
type Writes = 'transactions' | 'staged';
let writes: Writes = 'transactions';

function startWorker(mode: 'run' | 'complete', eventsFile: string, readModelsFile: string, tallyVersion: number): { child: ChildProcess; output: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [WORKER, mode, eventsFile, readModelsFile, String(BATCH), String(tallyVersion), writes], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = exited.then(() => `${stdout}${stderr}`);
  return { child, output, exited };
}

/** The stored generations of a read-model file, read as a restarted process would find them. */
function generations(file: string): Generation[] {
  if (!existsSync(file)) return [];
  const db = new Database(file);
  try {
    const known = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'rm_checkpoints'").get() as { n: number };
    if (known.n === 0) return [];
    return db
      .prepare('SELECT projection, generation, version, position, role, tables FROM rm_checkpoints ORDER BY projection, generation')
      .all() as Generation[];
  } finally {
    db.close();
  }
}

/** How far the event-tally generations of `version` have got. */
function tallyProgress(file: string, version = 1): number {
  try {
    return Math.max(
      0,
      ...generations(file)
        .filter((g) => g.projection === 'event-tally' && g.version === version && g.role !== 'retired')
        .map((g) => g.position),
    );
  } catch {
    // The child may hold the write lock at this instant; ask again on the next poll.
    return 0;
  }
}

/**
 * Every generation a crash left behind (live or half-built) holds exactly the effect of the events up to its own
 * checkpoint: nothing missing, nothing applied twice.
 */
function expectEveryGenerationMatchesItsCheckpoint(file: string, log: readonly RecordedEvent[]): void {
  const db = new Database(file);
  try {
    for (const g of generations(file).filter((row) => row.role !== 'retired')) {
      const applied = log.filter((e) => e.metadata.position <= g.position);
      if (g.projection === 'event-tally') {
        const sums = db.prepare(`SELECT sum(events) AS events, sum(position_sum) AS positions FROM ${g.tables}`).get() as {
          events: number | null;
          positions: number | null;
        };
        expect({ generation: g.generation, events: sums.events ?? 0, positions: sums.positions ?? 0 }).toEqual({
          generation: g.generation,
          events: g.position,
          positions: (g.position * (g.position + 1)) / 2,
        });
      } else {
        const rows = db
          .prepare(`SELECT child_id, team, worker_id, last_event_type, last_occurred_at, event_count, last_position FROM ${g.tables} ORDER BY child_id`)
          .all() as ChildIndexRow[];
        expect(rows).toEqual(expectedChildIndex(applied));
      }
    }
  } finally {
    db.close();
  }
}

function liveModel(file: string): { children: unknown[]; tally: unknown[] } {
  const db = new Database(file);
  try {
    const table = (logical: string): string =>
      (db.prepare('SELECT physical_name FROM rm_catalogue WHERE logical_name = ?').get(logical) as { physical_name: string }).physical_name;
    return {
      children: db.prepare(`SELECT * FROM ${table('child_index')} ORDER BY child_id`).all(),
      tally: db.prepare(`SELECT * FROM ${table('event_tally')} ORDER BY stream_id`).all(),
    };
  } finally {
    db.close();
  }
}

/** Runs a worker and SIGKILLs it once the tally of `tallyVersion` has passed a random position in [from, to). */
async function killAtRandomPoint(eventsFile: string, readModelsFile: string, tallyVersion: number, from: number, to: number): Promise<number> {
  const target = from + Math.floor(Math.random() * Math.max(1, to - from));
  const { child, exited } = startWorker('run', eventsFile, readModelsFile, tallyVersion);
  while (tallyProgress(readModelsFile, tallyVersion) < target) {
    if (child.exitCode !== null) throw new Error(`the worker ended on its own (${child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  await exited;
  return target;
}

/** Kills a worker `rounds` times, once in each successive slice of (start, end), checking the files after each kill. */
async function killRepeatedly(
  files: { events: string; readModels: string },
  tallyVersion: number,
  start: number,
  end: number,
  rounds: number,
  log: () => Promise<RecordedEvent[]>,
): Promise<void> {
  const slice = (end - start) / rounds;
  for (let round = 0; round < rounds; round++) {
    const from = Math.max(tallyProgress(files.readModels, tallyVersion) + 1, Math.floor(start + round * slice));
    await killAtRandomPoint(files.events, files.readModels, tallyVersion, from, Math.floor(start + (round + 1) * slice));
    expectEveryGenerationMatchesItsCheckpoint(files.readModels, await log());
  }
}

async function runToCompletion(eventsFile: string, readModelsFile: string, tallyVersion: number): Promise<void> {
  const { output, exited } = startWorker('complete', eventsFile, readModelsFile, tallyVersion);
  const code = await exited;
  const text = await output;
  if (code !== 0 || !text.includes('complete')) throw new Error(`worker failed (${code}): ${text}`);
}

describe('projection runner killed with SIGKILL (separate OS processes, SQLite)', () => {
  it.each<Writes>(['transactions', 'staged'])(
    'resumes after every kill and ends with exactly the read model a clean build from zero gives (%s)',
    async (kind) => {
      writes = kind;
      const dir = tempDir();
      const eventsFile = join(dir, 'events.db');
      const killed = join(dir, 'killed-read-models.db');
      const clean = join(dir, 'clean-read-models.db');
      const store = new SqliteEventStore({ filename: eventsFile, durable: false });
      await store.init();
      try {
        const files = { events: eventsFile, readModels: killed };
        const log = (): Promise<RecordedEvent[]> => store.readAll();
        const firstPart = await appendMixedEvents(store, 12_000, { children: 300 });

        // Killed while building the read models for the first time (each projection catching up on its own).
        await killRepeatedly(files, 1, 0, firstPart - 200, 3, log);

        // Killed while the shared loop applies a backlog to the live generations.
        await runToCompletion(eventsFile, killed, 1);
        const secondPart = await appendMixedEvents(store, 8_000, { children: 400, seed: 99, prefix: 'second' });
        await killRepeatedly(files, 1, firstPart, secondPart - 200, 3, log);

        // Killed while rebuilding after a version change, with the old generation still live.
        await runToCompletion(eventsFile, killed, 1);
        await killRepeatedly(files, 2, 0, secondPart - 200, 3, log);

        await runToCompletion(eventsFile, killed, 2);
        await runToCompletion(eventsFile, clean, 2);
        const afterKills = liveModel(killed);
        expect(afterKills).toEqual(liveModel(clean));
        expect(afterKills.children).toEqual(expectedChildIndex(await log()));
        expect(generations(killed).map((g) => [g.projection, g.version, g.position, g.role])).toEqual([
          ['child-index', 1, secondPart, 'live'],
          ['event-tally', 2, secondPart, 'live'],
        ]);
      } finally {
        await store.close();
      }
    },
    240_000,
  );
});
