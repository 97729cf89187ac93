import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** The built API's entry point (`npm run build` first; `npm test` does). */
export const API_MAIN = join(process.cwd(), 'dist/apps/api/src/main.js');

/** The built API running as its own process, with every line it has written so far (stdout and stderr). */
export interface RunningApi {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  readonly exit: Promise<number | null>;
}

/** Starts the built API with only PATH and `env` in its environment, as an operator would configure it. */
export function runApi(env: Record<string, string>): RunningApi {
  const proc = spawn(process.execPath, [API_MAIN], { env: { PATH: process.env.PATH ?? '', ...env } });
  const lines: string[] = [];
  let buffer = '';
  const collect = (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.length > 0));
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, lines, exit };
}

/** The first line the API wrote that passes `test`, waiting up to `ms`; fails with everything it wrote. */
export async function waitForLine(r: RunningApi, test: (l: string) => boolean, ms = 20_000): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = r.lines.find(test);
    if (found) return found;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no matching line; output was:\n${r.lines.join('\n')}`);
}
