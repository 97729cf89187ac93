import type { CommandBenchOptions } from './commands-options.js';
import type { FoldResult } from './fold-bench.js';
import { summarise, type LatencySummary } from './latency.js';
import type { LoadResult } from './load.js';

export const TARGETS = { commandsPerSecond: 1000, p99Ms: 25, foldMedianMs: 5 } as const;

/** CPU time spent per command, by the API process and by the load generator (ms; null where not measurable). */
export interface CpuPerCommand {
  readonly serverMs: number | null;
  readonly clientMs: number;
}

export interface PhaseSummary {
  readonly commands: number;
  readonly errors: number;
  readonly seconds: number;
  readonly commandsPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly cpuPerCommand: CpuPerCommand;
}

export interface ResultLine {
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string | null;
  readonly pass: boolean | null;
}

export interface CommandBenchReport {
  readonly bench: 'commands';
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly store: string;
  readonly children: number;
  readonly concurrency: number;
  readonly offeredRate: number;
  readonly throughput: PhaseSummary;
  readonly atTargetRate: PhaseSummary;
  readonly fold: FoldResult;
  readonly results: readonly ResultLine[];
  readonly pass: boolean;
}

const round = (value: number, places = 1): number => Math.round(value * 10 ** places) / 10 ** places;

export function phaseSummary(load: LoadResult, cpu: { serverMs: number | null; clientMs: number }): PhaseSummary {
  const latency = summarise(load.latenciesMs);
  const perCommand = (ms: number) => round(ms / Math.max(1, load.commands), 3);
  return {
    cpuPerCommand: { serverMs: cpu.serverMs === null ? null : perCommand(cpu.serverMs), clientMs: perCommand(cpu.clientMs) },
    commands: load.commands,
    errors: load.errors,
    seconds: round(load.elapsedMs / 1000, 2),
    commandsPerSecond: Math.round((load.commands * 1000) / load.elapsedMs),
    latencyMs: { p50: round(latency.p50, 2), p95: round(latency.p95, 2), p99: round(latency.p99, 2), max: round(latency.max, 2) },
  };
}

export function commandBenchReport(
  options: CommandBenchOptions,
  machine: { cpus: number; node: string },
  throughput: PhaseSummary,
  atTargetRate: PhaseSummary,
  fold: FoldResult,
): CommandBenchReport {
  const noErrors = throughput.errors === 0 && atTargetRate.errors === 0;
  const results: ResultLine[] = [
    {
      measure: `throughput, ${options.concurrency} in flight`,
      value: throughput.commandsPerSecond,
      unit: 'commands/s',
      target: `>=${TARGETS.commandsPerSecond.toLocaleString('en-GB')}/s`,
      pass: throughput.commandsPerSecond >= TARGETS.commandsPerSecond && noErrors,
    },
    { measure: `  latency p50 at saturation`, value: throughput.latencyMs.p50, unit: 'ms', target: null, pass: null },
    { measure: `  latency p95 at saturation`, value: throughput.latencyMs.p95, unit: 'ms', target: null, pass: null },
    { measure: `  latency p99 at saturation`, value: throughput.latencyMs.p99, unit: 'ms', target: null, pass: null },
    ...(throughput.cpuPerCommand.serverMs === null
      ? []
      : [{ measure: `  API process CPU per command`, value: throughput.cpuPerCommand.serverMs, unit: 'ms', target: null, pass: null }]),
    { measure: `  load generator CPU per command`, value: throughput.cpuPerCommand.clientMs, unit: 'ms', target: null, pass: null },
    { measure: `at ${options.rate.toLocaleString('en-GB')} commands/s offered: achieved`, value: atTargetRate.commandsPerSecond, unit: 'commands/s', target: null, pass: null },
    { measure: `  latency p50`, value: atTargetRate.latencyMs.p50, unit: 'ms', target: null, pass: null },
    { measure: `  latency p95`, value: atTargetRate.latencyMs.p95, unit: 'ms', target: null, pass: null },
    {
      measure: `  latency p99`,
      value: atTargetRate.latencyMs.p99,
      unit: 'ms',
      target: `<${TARGETS.p99Ms} ms`,
      pass: atTargetRate.latencyMs.p99 < TARGETS.p99Ms && atTargetRate.commandsPerSecond >= options.rate * 0.95 && noErrors,
    },
    { measure: `fold ${fold.events} events (median of ${fold.runs})`, value: round(fold.medianMs, 2), unit: 'ms', target: `<${TARGETS.foldMedianMs} ms`, pass: fold.medianMs < TARGETS.foldMedianMs },
    { measure: `  fold ${fold.events} events (fastest)`, value: round(fold.minMs, 2), unit: 'ms', target: null, pass: null },
  ];
  return {
    bench: 'commands',
    machine,
    store: 'sqlite (durable: WAL, synchronous=FULL, group commit)',
    children: options.children,
    concurrency: options.concurrency,
    offeredRate: options.rate,
    throughput,
    atTargetRate,
    fold,
    results,
    pass: results.every((r) => r.pass !== false),
  };
}

const HEADERS = ['measure', 'value', 'unit', 'target', 'pass'] as const;

/** A plain-text table, one line per measure. */
export function formatCommandTable(report: CommandBenchReport): string {
  const rows = report.results.map((r) => [
    r.measure,
    r.unit === 'commands/s' ? Math.round(r.value).toLocaleString('en-GB') : r.value.toFixed(r.value < 1 ? 3 : 2),
    r.unit,
    r.target ?? '',
    r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
