import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, runApi, waitForLine } from './support/api-process.js';

/**
 * The API as an operator runs it: the built entry point, configured from the environment, logging JSON lines,
 * answering /health and stopping cleanly on SIGTERM.
 */

describe('the API process', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cje-api-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on SQLite, answers /health, logs JSON without personal data and stops cleanly on SIGTERM', async () => {
    const r = runApi({ PORT: '0', NODE_ENV: 'test', SQLITE_FILE: join(dir, 'journey.db') });
    try {
      const listening = await waitForLine(r, (l) => l.includes('listening'));
      const url = (JSON.parse(listening) as { url: string }).url.replace('[::1]', '127.0.0.1');
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; info: Record<string, { status: string; kind: string }> };
      expect(body.status).toBe('ok');
      expect(body.info.eventStore).toMatchObject({ status: 'up', kind: 'sqlite' });
      expect(existsSync(join(dir, 'journey.db'))).toBe(true);

      await waitForLine(r, (l) => l.includes('"route":"/health"'));
      for (const line of r.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();

      r.proc.kill('SIGTERM');
      expect(await r.exit).toBe(0);
      expect(r.lines.some((l) => l.includes('stopped cleanly'))).toBe(true);
    } finally {
      r.proc.kill('SIGKILL');
    }
  });

  it('refuses to start with a bad setting and names it', async () => {
    const r = runApi({ PORT: '0', EVENT_STORE: 'mongo', SQLITE_FILE: join(dir, 'journey.db') });
    expect(await r.exit).toBe(78);
    expect(r.lines.join('\n')).toContain('EVENT_STORE must be one of sqlite, postgres, kurrentdb');
    expect(existsSync(join(dir, 'journey.db'))).toBe(false);
  });

  it('refuses to start when its store cannot be reached, and says so', async () => {
    const r = runApi({ PORT: '0', EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      const exit = await Promise.race([r.exit, new Promise<'running'>((res) => setTimeout(() => res('running'), 8000))]);
      if (exit !== 'running') {
        expect(exit).not.toBe(0);
        expect(r.lines.join('\n')).toMatch(/failed to start/i);
      } else {
        throw new Error('the API should not run without its store');
      }
    } finally {
      r.proc.kill('SIGKILL');
    }
  });
});
