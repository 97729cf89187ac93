import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type EventStore, SqliteEventStore } from '@cje/event-store';
import { DEADLINE_TABLE, type SqlValue, SqliteReadModelStore, deadlinesDueSoon, overdueDeadlines } from '@cje/projections';
import { type IsoDate, addDays, resolveRules, workingDayCalendar } from '@cje/timescales';
import { percentile } from '../commands/latency.js';
import { median } from '../stats.js';
import { CHILDREN_IN_CARE_TEAM, DEFAULT_TEAMS } from './child-journeys.js';
import { type CountySummary, countyLog } from './county-generator.js';
import type { ProjectionBenchOptions } from './projection-bench-options.js';
import { type RebuildOrder, type RebuildResult, rebuildInOwnProcess } from './rebuild-process.js';

export const REBUILD_TARGET_EVENTS_PER_SECOND = 50_000;
export const OVERDUE_TARGET_P99_MS = 50;

export interface Latency {
  readonly queries: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface ProjectionBenchReport {
  readonly events: number;
  readonly county: { readonly children: number; readonly contacts: number; readonly from: IsoDate; readonly to: IsoDate; readonly contactsPerYear: number };
  readonly appendSeconds: number;
  readonly rawReadEventsPerSecond: number;
  readonly rebuildEventsPerSecond: number;
  readonly rebuildRuns: readonly number[];
  readonly rebuildToRawRatio: number;
  readonly rebuild: { readonly built: number; readonly peakRssMb: number; readonly readModelMb: number };
  /** The same rebuild in position order (every event stepped on the children's state kept in memory), same run. */
  readonly positionOrderRebuild:
    | { readonly eventsPerSecond: number; readonly runs: readonly number[]; readonly stepped: number; readonly replays: number; readonly restores: number; readonly peakRssMb: number }
    | undefined;
  readonly openDeadlines: { readonly fromLog: number; readonly synthetic: number; readonly overdue: number; readonly asOf: IsoDate };
  readonly overdueService: Latency;
  readonly overdueServicePaging: Latency;
  readonly overdueTeam: Latency;
  readonly dueSoonService: Latency;
  readonly pass: { readonly rebuild: boolean; readonly overdue: boolean };
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly seconds: number;
}

function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { queries: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Appends the county's log in recording order, a window of commands at a time (they share group commits). */
async function appendCounty(events: EventStore, options: ProjectionBenchOptions, progress: (line: string) => void): Promise<CountySummary> {
  let summary: CountySummary | undefined;
  const log = countyLog({ events: options.events, from: options.from, years: options.years, seed: options.seed }, (s) => {
    summary = s;
  });
  let window: Promise<unknown>[] = [];
  let written = 0;
  let reported = 0;
  for (const append of log) {
    window.push(events.append(append.streamId, append.events, { expectedRevision: 'any' }));
    written += append.events.length;
    if (window.length >= 256) {
      await Promise.all(window);
      window = [];
      if (written - reported >= 100_000) {
        reported = written;
        progress(`  appended ${written.toLocaleString('en-GB')} events (${append.day})`);
      }
    }
  }
  await Promise.all(window);
  if (!summary) throw new Error('the county generator did not finish');
  return summary;
}

async function rawRead(events: EventStore): Promise<number> {
  let after = 0;
  let count = 0;
  const started = performance.now();
  for (;;) {
    const batch = await events.readAll({ after, maxCount: 1000 });
    const last = batch[batch.length - 1];
    if (!last) break;
    count += batch.length;
    after = last.metadata.position;
  }
  return (count * 1000) / (performance.now() - started);
}

/**
 * The whole benchmark: a county's log generated into a temporary SQLite event store, the raw read of that log as the
 * baseline, full rebuilds of every read model the API runs, then "overdue now" and "due soon" queries.
 */
export async function runProjectionBench(options: ProjectionBenchOptions, progress: (line: string) => void): Promise<ProjectionBenchReport> {
  const started = performance.now();
  const dir = mkdtempSync(join(options.dir, 'cje-bench-projections-'));
  const eventsFile = join(dir, 'journey.db');
  const events = new SqliteEventStore({ filename: eventsFile, durable: false });
  await events.init();
  try {
    progress(`generating ${options.events.toLocaleString('en-GB')} events over ${options.years} years from ${options.from} into ${dir}`);
    let county: CountySummary | undefined;
    const appendMs = await timed(async () => {
      county = await appendCounty(events, options, progress);
    });
    if (!county) throw new Error('no county');
    const head = await events.headPosition();
    progress(`  ${head.toLocaleString('en-GB')} events, ${county.children.toLocaleString('en-GB')} children, last day ${county.lastDay} (${Math.round(appendMs / 1000)} s)`);

    const raws: number[] = [];
    for (let i = 0; i < options.rawReads; i++) {
      raws.push(await rawRead(events));
      progress(`raw read ${i + 1}/${options.rawReads}: ${Math.round(raws[raws.length - 1] ?? 0).toLocaleString('en-GB')} events/s`);
    }

    const rebuilds: number[] = [];
    const positionRuns: number[] = [];
    let positionResult: RebuildResult | undefined;
    let last: { file: string; result: RebuildResult } | undefined;
    // Interleaved, so that both orders see the same machine: stream, position, stream, …
    const plan: RebuildOrder[] = [];
    for (let i = 0; i < Math.max(options.rebuilds, options.positionRebuilds); i++) {
      if (i < options.rebuilds) plan.push('stream');
      if (i < options.positionRebuilds) plan.push('position');
    }
    for (const [i, order] of plan.entries()) {
      const file = join(dir, `read-models-${i}.db`);
      // Each rebuild in a process of its own, as the API runs one when it starts: nothing of the generation above,
      // the raw reads or the rebuild before (its cache of children above all) is in its heap.
      const result = await rebuildInOwnProcess(eventsFile, file, options.cacheSize, order);
      if (result.events !== head) throw new Error(`the rebuild read ${result.events} events, not ${head}`);
      const rate = (head * 1000) / result.ms;
      progress(
        `rebuild ${order === 'stream' ? 'stream by stream' : 'in position order'}: ${Math.round(rate).toLocaleString('en-GB')} events/s (${Math.round(result.ms / 100) / 10} s; ${order === 'stream' ? `${result.stats.built} children built whole` : `replays ${result.stats.replays}, restores ${result.stats.restores}`})`,
      );
      if (order === 'position') {
        positionRuns.push(rate);
        positionResult = result;
        removeDatabase(file);
        continue;
      }
      rebuilds.push(rate);
      if (last) removeDatabase(last.file);
      last = { file, result };
    }
    if (!last) throw new Error('no rebuild ran');
    const readModels = new SqliteReadModelStore({ filename: last.file });
    await readModels.init();
    // The database's own size (pages in use), whether or not the last batches have been copied back from the
    // write-ahead log into the file yet.
    const pages = await readModels.get<{ bytes: number }>('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
    const readModelMb = Math.round(Number(pages?.bytes ?? 0) / 1e5) / 10;

    // Open deadlines as of the county's last day, topped up with synthetic ones to the size asked for.
    const asOf = county.lastDay;
    const fromLog = Number((await readModels.get<{ n: number }>('SELECT count(*) AS n FROM {{t:deadline}} WHERE closed_on IS NULL AND started_on <= ?', [asOf]))?.n ?? 0);
    const synthetic = Math.max(0, options.openDeadlines - fromLog);
    if (synthetic > 0) await topUp(readModels, synthetic, asOf);
    const overdue = Number((await readModels.get<{ n: number }>('SELECT count(*) AS n FROM {{t:deadline}} WHERE closed_on IS NULL AND due_on < ?', [asOf]))?.n ?? 0);
    progress(`open deadlines on ${asOf}: ${fromLog.toLocaleString('en-GB')} from the log + ${synthetic.toLocaleString('en-GB')} synthetic; ${overdue.toLocaleString('en-GB')} overdue`);

    const context = { rules: resolveRules(), calendar: workingDayCalendar() };
    const teams = [...DEFAULT_TEAMS.localities, CHILDREN_IN_CARE_TEAM];
    const sample = async (work: (i: number) => Promise<unknown>): Promise<Latency> => {
      for (let i = 0; i < 10; i++) await work(i);
      const samples: number[] = [];
      for (let i = 0; i < options.queries; i++) samples.push(await timed(() => work(i)));
      return latency(samples);
    };
    const overdueService = await sample(() => overdueDeadlines(readModels, context, { asOf, scope: {}, limit: 50 }));
    let cursor: string | undefined;
    const overdueServicePaging = await sample(async (i) => {
      if (i % 20 === 0) cursor = undefined;
      const page = await overdueDeadlines(readModels, context, { asOf, scope: {}, limit: 50, ...(cursor ? { cursor } : {}) });
      cursor = page.nextCursor ?? undefined;
    });
    const overdueTeam = await sample((i) => overdueDeadlines(readModels, context, { asOf, scope: { team: teams[i % teams.length] }, limit: 50 }));
    const dueSoonService = await sample(() => deadlinesDueSoon(readModels, context, { asOf, workingDays: 10, scope: {}, limit: 50 }));
    await readModels.close();

    const raw = median(raws);
    const rebuild = median(rebuilds);
    return {
      events: head,
      county: {
        children: county.children,
        contacts: county.contacts,
        from: options.from,
        to: county.lastDay,
        contactsPerYear: Math.round((county.contactsPerDay * 5 + (county.contactsPerDay / 3) * 2) * 52),
      },
      appendSeconds: Math.round(appendMs / 100) / 10,
      rawReadEventsPerSecond: Math.round(raw),
      rebuildEventsPerSecond: Math.round(rebuild),
      rebuildRuns: rebuilds.map(Math.round),
      rebuildToRawRatio: Math.round((rebuild / raw) * 1000) / 1000,
      rebuild: { built: last.result.stats.built, peakRssMb: Math.round(last.result.peakRss / 1e6), readModelMb },
      positionOrderRebuild: positionResult
        ? {
            eventsPerSecond: Math.round(median(positionRuns)),
            runs: positionRuns.map(Math.round),
            stepped: positionResult.stats.stepped,
            replays: positionResult.stats.replays,
            restores: positionResult.stats.restores,
            peakRssMb: Math.round(positionResult.peakRss / 1e6),
          }
        : undefined,
      openDeadlines: { fromLog, synthetic, overdue, asOf },
      overdueService,
      overdueServicePaging,
      overdueTeam,
      dueSoonService,
      pass: { rebuild: rebuild >= REBUILD_TARGET_EVENTS_PER_SECOND, overdue: overdueService.p99 < OVERDUE_TARGET_P99_MS },
      machine: { cpus: availableParallelism(), node: process.version },
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Synthetic open clocks spread over teams, workers and due dates (about two thirds already overdue). */
async function topUp(readModels: SqliteReadModelStore, count: number, asOf: IsoDate): Promise<void> {
  const teams = [...DEFAULT_TEAMS.localities, CHILDREN_IN_CARE_TEAM];
  const rules = ['cp-visit', 'cin-visit', 'case-supervision', 'lac-visit', 'next-lac-review', 'cin-plan-review'];
  for (let done = 0; done < count; ) {
    const batch = Math.min(10_000, count - done);
    await readModels.transaction(async (tx) => {
      for (let i = 0; i < batch; i++) {
        const n = done + i;
        const team = teams[n % teams.length] as string;
        const due = addDays(asOf, ((n * 7919) % 300) - 180);
        const row: SqlValue[] = [
          `synthetic-${n}`,
          `${rules[n % rules.length] as string}:synthetic-${n}`,
          rules[n % rules.length] as string,
          'default',
          null,
          addDays(due, -14),
          'ChildProtectionPlanStarted',
          `synthetic-${n}`,
          due,
          null,
          null,
          null,
          null,
          null,
          null,
          team,
          `${team}-w${(n % DEFAULT_TEAMS.workersPerTeam) + 1}`,
        ];
        await tx.run(DEADLINE_TABLE.upsertSql, row);
      }
    });
    done += batch;
  }
}
