import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Actor, JourneyStep } from './journeys.js';

export interface CommandAnswer {
  readonly status: number;
  readonly childId: string | undefined;
  readonly body: string;
}

/**
 * A keep-alive HTTP client for the command API: one connection per request in flight, as a busy front end would
 * hold them. Plain `node:http` so the client costs the shared CPUs as little as possible.
 */
export class CommandClient {
  private readonly agent: Agent;
  private readonly tokens = new Map<Actor, string>();

  constructor(
    private readonly baseUrl: URL,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  async signIn(actor: Actor, userId: string): Promise<void> {
    const answer = await this.post('/auth/dev-login', undefined, { userId });
    if (answer.status !== 200) throw new Error(`signing in as ${userId} answered ${answer.status}: ${answer.body}`);
    this.tokens.set(actor, (JSON.parse(answer.body) as { accessToken: string }).accessToken);
  }

  /** Sends one journey step (a fresh command id each time); for the opening contact, answers the new child's id. */
  async give(step: JourneyStep, childId: string | undefined): Promise<CommandAnswer> {
    const path = step.path === '' ? '/children' : `/children/${childId ?? ''}/${step.path}`;
    const answer = await this.post(path, this.tokens.get(step.as), { commandId: randomUUID(), ...step.body });
    const opened = step.path === '' && answer.status === 201 ? (JSON.parse(answer.body) as { childId: string }).childId : childId;
    return { ...answer, childId: opened };
  }

  close(): void {
    this.agent.destroy();
  }

  private post(path: string, token: string | undefined, body: unknown): Promise<{ status: number; body: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
