import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built API running as its own process on a fresh embedded SQLite store. */
export interface ApiProcess {
  readonly url: URL;
  readonly dir: string;
  /** CPU time the API process has used so far (user + system, ms), where the platform tells (Linux). */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

const MAIN = fileURLToPath(new URL('../../../../api/src/main.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ApiProcessOptions {
  /** Let the API seed its demo authority into the empty store, as `npm start` does. Default: off. */
  readonly demoSeed?: boolean;
  /** Flags for the API's node, before any in BENCH_API_NODE_ARGS. */
  readonly nodeArgs?: readonly string[];
}

/**
 * Starts `dist/apps/api/src/main.js` (run `npm run build` first) with the development login on, durable SQLite
 * (the default: synchronous=FULL, group commit), and its JSON logs going to a file (`dir`/api.log) as they would in
 * production.
 */
export async function startApiProcess(logLevel: string, options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cje-bench-api-'));
  const port = await freePort();
  const logFile = join(dir, 'api.log');
  const log = openSync(logFile, 'a');
  // BENCH_API_NODE_ARGS passes flags to the API's node (e.g. --cpu-prof to see where the time goes).
  const nodeArgs = [...(options.nodeArgs ?? []), ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    // No demo data unless asked: seeding an average authority would compete with a load being measured.
    env: { ...process.env, NODE_ENV: 'development', DEMO_SEED: options.demoSeed ? 'auto' : 'off', EVENT_STORE: 'sqlite', SQLITE_FILE: join(dir, 'journey.db'), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: logLevel },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = new URL(`http://127.0.0.1:${port}`);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
      await stop();
      throw new Error(`the API exited (${child.exitCode}) before answering:\n${tail}`);
    }
    try {
      if ((await fetch(new URL('/health', url))).ok) return { url, dir, stop, cpuMs: () => processCpuMs(child.pid) };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the API did not answer /health within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
