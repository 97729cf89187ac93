import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@cje/runtime';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { DEMO_USERS } from '../../apps/api/src/auth/demo-users.js';
import { TokenVerifier } from '../../apps/api/src/auth/token-verifier.js';
import { createRootLogger } from '../../apps/api/src/logging/json-logger.js';

export interface TestApp {
  app: INestApplication;
  url: string;
  dir: string;
  /** Every JSON log line the app wrote. */
  logs: string[];
  /** A bearer token for a demo user. */
  tokenFor(userId: string): Promise<string>;
  /** fetch against the app with a demo user's token (or none). */
  request(path: string, init?: RequestInit & { as?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Boots the real application in-process on a temporary SQLite store and a free port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'cje-e2e-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', SQLITE_FILE: join(dir, 'journey.db'), LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(config, createRootLogger(config.LOG_LEVEL, sink));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = new Map<string, string>();
  const tokenFor = async (userId: string) => {
    let token = tokens.get(userId);
    if (!token) {
      const user = DEMO_USERS.find((u) => u.userId === userId);
      if (!user) throw new Error(`no demo user ${userId}`);
      token = await app.get(TokenVerifier).issueDevelopmentToken(user);
      tokens.set(userId, token);
    }
    return token;
  };
  return {
    app,
    url,
    dir,
    logs,
    tokenFor,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.as) headers.set('authorization', `Bearer ${await tokenFor(init.as)}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${url}${path}`, { ...init, headers, body });
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
