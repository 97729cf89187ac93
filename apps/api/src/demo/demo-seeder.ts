import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@cje/event-store';
import { AppConfig } from '@cje/runtime';
import { driveAuthority, generateAuthority, type GeneratedCommand, type SubmitResult } from '@cje/testing';
import { DEMO_USERS } from '../auth/demo-users.js';
import { isRole, type Principal } from '../auth/principal.js';
import { RecordJourneyCommand } from '../children/command/record-journey-command.js';
import { RecordNewChildContact } from '../children/command/record-new-child-contact.js';
import { ApiError } from '../http/api-error.js';
import { EVENT_STORE } from '../store/event-store.token.js';
import { demoTeams } from './demo-authority.js';

/**
 * Outside production, an empty store is filled with a synthetic authority so that a newcomer lands in a working
 * service. Every command goes through the same command bus and executor as the API's routes, so every demo event
 * was accepted by the journey machine. It runs in the background after start-up; the API answers meanwhile.
 * In production it never runs, whatever the settings say.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopping = false;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private readonly logger = new Logger('DemoSeeder');

  /** Counts and settings only: never a child's details. */
  private log(fields: Record<string, unknown>, message: string): void {
    this.logger.log({ ...fields, msg: message });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV !== 'development' || this.config.DEMO_SEED === 'off') return;
    if ((await this.store.headPosition()) > 0) return;
    this.running = this.seed().catch((e: unknown) => this.log({ error: e instanceof Error ? e.name : 'unknown' }, 'demo data could not be seeded'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Resolves when seeding has finished (or was not needed); for tests and the CLI. */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async seed(): Promise<void> {
    const started = Date.now();
    const endDate = new Date().toISOString().slice(0, 10);
    const authority = generateAuthority({ seed: 'demo', endDate, years: this.config.DEMO_YEARS, scale: this.config.DEMO_SCALE, teams: demoTeams() });
    this.log({ years: this.config.DEMO_YEARS, scale: this.config.DEMO_SCALE }, 'seeding a demo authority: the store is empty and this is not production');
    const stats = await driveAuthority(authority, (g) => (this.stopping ? Promise.resolve(stopped) : this.submit(g)), {
      concurrency: 8,
      progressEvery: 5000,
      onProgress: (s) => this.log({ submitted: s.submitted, accepted: s.accepted }, 'seeding demo authority'),
    });
    this.log({ submitted: stats.submitted, accepted: stats.accepted, rejected: stats.rejected, seconds: Math.round((Date.now() - started) / 1000) }, 'demo authority seeded');
  }

  private async submit(g: GeneratedCommand): Promise<SubmitResult> {
    const { command } = g;
    const user = principalFor(command.actor);
    try {
      if (g.newChild) {
        await this.commandBus.execute(
          new RecordNewChildContact({
            childId: command.childId,
            commandId: command.commandId,
            occurredAt: command.occurredAt,
            data: command.data as never,
            identity: { firstName: g.newChild.firstName ?? undefined, lastName: g.newChild.lastName },
            confirmNewChild: true,
            user,
            requestId: 'demo-seed',
          }),
        );
      } else {
        await this.commandBus.execute(
          new RecordJourneyCommand({ type: command.type, childId: command.childId, commandId: command.commandId, occurredAt: command.occurredAt, data: command.data, user, requestId: 'demo-seed' }),
        );
      }
      return { ok: true };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, code: e.code, reason: e.detail };
      throw e;
    }
  }
}

const stopped: SubmitResult = { ok: false, code: 'STOPPED', reason: 'the API is shutting down' };

function principalFor(actor: { userId: string; role: string; team: string }): Principal {
  const known = DEMO_USERS.find((u) => u.userId === actor.userId);
  if (known) return known;
  const role = actor.role.toLowerCase();
  if (!isRole(role)) throw new Error(`the demo authority names an unknown role ${actor.role}`);
  return { userId: actor.userId, role, team: actor.team, displayName: actor.userId };
}
