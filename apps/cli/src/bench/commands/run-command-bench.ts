import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type ApiProcess, startApiProcess } from './api-process.js';
import { CommandClient } from './command-client.js';
import type { CommandBenchOptions } from './commands-options.js';
import { commandBenchReport, phaseSummary, type CommandBenchReport } from './commands-report.js';
import { measureFold } from './fold-bench.js';
import { atRate, saturate, type LoadResult } from './load.js';

function reportRefusals(load: LoadResult, progress: (line: string) => void): void {
  if (load.errors > 0) progress(`  ${load.errors} commands refused, e.g.:\n    ${load.errorSamples.join('\n    ')}`);
}

/** Runs a phase and says how much CPU the API and this process spent on it. */
async function measured(api: ApiProcess, phase: () => Promise<LoadResult>): Promise<[LoadResult, { serverMs: number | null; clientMs: number }]> {
  const serverBefore = api.cpuMs();
  const clientBefore = process.cpuUsage();
  const load = await phase();
  const client = process.cpuUsage(clientBefore);
  const serverAfter = api.cpuMs();
  const serverMs = serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore;
  return [load, { serverMs, clientMs: (client.user + client.system) / 1000 }];
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/**
 * Warm-up, then two measured phases on fresh children against one API process: throughput (closed loop) and latency
 * at the target rate (open loop); then the fold, in this process.
 */
export async function runCommandBench(options: CommandBenchOptions, progress: (line: string) => void): Promise<CommandBenchReport> {
  progress('starting the API (dist/apps/api/src/main.js) on a temporary SQLite store');
  const api = await startApiProcess(options.logLevel);
  const client = new CommandClient(api.url, options.concurrency);
  const runId = randomUUID().slice(0, 8);
  try {
    await client.signIn('worker', 'sw.north');
    await client.signIn('manager', 'tm.north');
    progress(`warming up with ${options.warmupChildren} children`);
    const warm = await saturate(client, range(0, options.warmupChildren), runId, options.concurrency);
    if (warm.errors > 0) throw new Error(`warm-up commands were refused:\n${warm.errorSamples.join('\n')}`);

    progress(`throughput: ${options.children} children, ${options.concurrency} requests in flight`);
    const [saturated, saturatedCpu] = await measured(api, () => saturate(client, range(10_000, options.children), runId, options.concurrency));
    reportRefusals(saturated, progress);
    const throughput = phaseSummary(saturated, saturatedCpu);
    progress(`  ${throughput.commands} commands in ${throughput.seconds} s: ${throughput.commandsPerSecond}/s, p99 ${throughput.latencyMs.p99} ms`);

    progress(`latency: ${options.children} more children at ${options.rate} commands/s offered (at most ${options.concurrency} in flight)`);
    const [paced, pacedCpu] = await measured(api, () => atRate(client, range(20_000, options.children), runId, options.rate, options.concurrency));
    reportRefusals(paced, progress);
    const atTarget = phaseSummary(paced, pacedCpu);
    progress(`  ${atTarget.commands} commands in ${atTarget.seconds} s: ${atTarget.commandsPerSecond}/s, p99 ${atTarget.latencyMs.p99} ms`);

    progress(`fold: a ${options.foldEvents}-event stream, ${options.foldRuns} runs`);
    const fold = measureFold(options.foldEvents, options.foldRuns);
    return commandBenchReport(options, { cpus: availableParallelism(), node: process.version }, throughput, atTarget, fold);
  } finally {
    client.close();
    await api.stop();
  }
}
