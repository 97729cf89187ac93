import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@cje/event-store';
import { AppConfig } from '@cje/runtime';
import { WorkingDayCalendar } from '@cje/timescales';
import { Clock } from '../children/clock.js';
import { londonDate } from '../children/london-time.js';
import { PersonMatching } from '../children/person-match/person-matching.js';
import { EVENT_STORE } from '../store/event-store.token.js';
import { SEED_THREAD_LIMITS, type SeedProgress, type SeedStatistics } from './bulk-seed.js';
import { seedDemoAuthority, type DemoSeedSettings } from './demo-seed.js';
import type { DemoSeedWorkerData, FromDemoSeedWorker, ToDemoSeedWorker } from './demo-seed-worker.js';

const SEED_THREAD = new URL('./demo-seed-worker.js', import.meta.url);
/**
 * Smaller batches than the command line's: a batch holds the store's write lock while it is written, and a command
 * given through the API meanwhile waits for it. A quarter of the size costs the seed nothing measurable (the writing
 * thread is idle half the time; the generating thread sets the pace).
 */
const API_BATCH_EVENTS = 5000;

/**
 * Outside production, an empty store is filled with a synthetic authority so that a newcomer lands in a working
 * service: two years of an average authority by default (DEMO_SCALE, DEMO_YEARS). Every command is decided by the
 * command side's own decision (access policy, journey machine, envelope; see bulkSeed), so every demo event was
 * accepted by the machine; the events are written in large batches. It runs in the background after start-up, on
 * threads of its own when the API runs from its build, so the API answers meanwhile; the read models catch up
 * behind it. In production it never runs, whatever the settings say.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private thread?: Worker;

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly matching: PersonMatching,
    private readonly clock: Clock,
    private readonly calendar: WorkingDayCalendar,
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
    this.stopping.abort();
    this.thread?.postMessage({ kind: 'stop' } satisfies ToDemoSeedWorker);
    await this.running;
  }

  /** Resolves when seeding has finished (or was not needed); for tests and the CLI. */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async seed(): Promise<void> {
    const { DEMO_YEARS: years, DEMO_SCALE: scale } = this.config;
    const settings: DemoSeedSettings = { seed: 'demo', endDate: londonDate(this.clock.now()), years, scale };
    this.log({ years, scale }, 'seeding a demo authority: the store is empty and this is not production');
    const onProgress = (p: SeedProgress): void => this.log({ commands: p.commands, events: p.events, children: p.children, rejected: p.rejected }, 'seeding demo authority');
    const stats = existsSync(fileURLToPath(SEED_THREAD))
      ? await this.seedOnThread(settings, onProgress)
      : // Running from source (the test runner): the seed shares this thread, a few milliseconds at a time.
        await seedDemoAuthority(settings, {
          store: this.store,
          matching: this.matching,
          now: () => this.clock.now(),
          calendar: this.calendar,
          batchEvents: API_BATCH_EVENTS,
          onProgress,
          signal: this.stopping.signal,
        });
    this.log(
      {
        submitted: stats.submitted,
        accepted: stats.accepted,
        rejected: stats.rejected,
        rejectedByCode: stats.rejectedByCode,
        events: stats.events,
        children: stats.children,
        stoppedEarly: stats.stoppedEarly,
        seconds: Math.round(stats.seconds * 10) / 10,
      },
      stats.stoppedEarly ? 'demo authority partly seeded: the API is shutting down' : 'demo authority seeded',
    );
  }

  private seedOnThread(settings: DemoSeedSettings, onProgress: (progress: SeedProgress) => void): Promise<SeedStatistics> {
    return new Promise<SeedStatistics>((resolve, reject) => {
      const data: DemoSeedWorkerData = { config: { ...this.config }, settings, batchEvents: API_BATCH_EVENTS };
      const thread = new Worker(SEED_THREAD, { workerData: data, resourceLimits: SEED_THREAD_LIMITS });
      this.thread = thread;
      let done = false;
      thread.on('message', (message: FromDemoSeedWorker) => {
        if (message.kind === 'progress') onProgress(message.progress);
        else if (message.kind === 'done') {
          done = true;
          resolve(message.statistics);
        } else reject(Object.assign(new Error('the demo seeding thread failed'), { name: message.name }));
      });
      thread.on('error', reject);
      thread.on('exit', (code) => {
        this.thread = undefined;
        if (!done) reject(new Error(`the demo seeding thread ended (exit status ${code})`));
      });
    });
  }
}
