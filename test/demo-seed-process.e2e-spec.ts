import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@cje/event-store';
import { API_MAIN, type RunningApi, runApi, waitForLine as waitForApiLine } from './support/api-process.js';

/**
 * The quick start as a newcomer runs it: the built API on an empty store, seeding the demo authority on threads of
 * its own while it answers, and stopping cleanly when told to, even half-way through the seed.
 */
const CLI = join(process.cwd(), 'dist/apps/cli/src/main.js');
/** Seeding takes longer than starting: a minute per line waited for. */
const waitForLine = (r: RunningApi, test: (l: string) => boolean): Promise<string> => waitForApiLine(r, test, 60_000);

const seeded = (l: string) => l.includes('"msg":"demo authority');

describe('demo seeding in the API process', () => {
  let dir: string;
  beforeAll(() => {
    for (const built of [API_MAIN, CLI]) if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-demo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds an empty store in the background, answering requests meanwhile, every event accepted', async () => {
    const file = join(dir, 'journey.db');
    const r = runApi({ PORT: '0', NODE_ENV: 'development', SQLITE_FILE: file, DEMO_SCALE: '0.1', DEMO_YEARS: '1' });
    try {
      const listening = await waitForLine(r, (l) => l.includes('listening'));
      await waitForLine(r, (l) => l.includes('seeding a demo authority'));
      const url = (JSON.parse(listening) as { url: string }).url.replace('[::1]', '127.0.0.1');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      // The answer came while the seed was still running.
      expect(r.lines.some(seeded)).toBe(false);

      const done = JSON.parse(await waitForLine(r, seeded)) as Record<string, unknown>;
      expect(done).toMatchObject({ msg: 'demo authority seeded', rejected: 0, stoppedEarly: false });
      expect(done.accepted).toBeGreaterThan(10_000);
      const login = await fetch(`${url}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'hos' }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const store = new SqliteEventStore({ filename: file });
      await store.init();
      try {
        expect(await store.headPosition()).toBe(done.events);
        const [first] = await store.readAll({ maxCount: 1 });
        const child = await fetch(`${url}/children/${first!.metadata.streamId.slice('child-'.length)}`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(child.status).toBe(200);
      } finally {
        await store.close();
      }
      expect(r.lines.some((l) => /"(firstName|lastName)"/.test(l))).toBe(false);

      r.proc.kill('SIGTERM');
      expect(await r.exit).toBe(0);
    } finally {
      r.proc.kill('SIGKILL');
    }
  }, 150_000);

  it('stops half-way through a seed on SIGTERM, leaving whole commands and intact chains', async () => {
    const file = join(dir, 'journey.db');
    const r = runApi({ PORT: '0', NODE_ENV: 'development', SQLITE_FILE: file, DEMO_SCALE: '1', DEMO_YEARS: '2', SHUTDOWN_TIMEOUT_MS: '30000' });
    try {
      await waitForLine(r, (l) => l.includes('seeding a demo authority'));
      // Let a batch or two be written first.
      const until = Date.now() + 60_000;
      while (!existsSync(`${file}-wal`) && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
      await new Promise((res) => setTimeout(res, 3000));
      r.proc.kill('SIGTERM');
      expect(await r.exit).toBe(0);
      const done = JSON.parse(r.lines.find(seeded) ?? '{}') as Record<string, unknown>;
      expect(done).toMatchObject({ msg: 'demo authority partly seeded: the API is shutting down', stoppedEarly: true });
      const verify = spawnSync(process.execPath, [CLI, 'verify'], { env: { PATH: process.env.PATH ?? '', SQLITE_FILE: file }, encoding: 'utf8' });
      expect(verify.stdout).toContain(`INTACT: the whole store: ${String(done.events)} events`);
      expect(verify.status).toBe(0);
    } finally {
      r.proc.kill('SIGKILL');
    }
  }, 150_000);
});
