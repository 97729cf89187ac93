import { performance } from 'node:perf_hooks';
import type { CommandClient } from './command-client.js';
import { journeyFor, type JourneyStep } from './journeys.js';

export interface LoadResult {
  readonly commands: number;
  readonly errors: number;
  /** A few refused answers, to say what went wrong. */
  readonly errorSamples: readonly string[];
  readonly elapsedMs: number;
  readonly latenciesMs: readonly number[];
}

interface ChildRun {
  readonly steps: readonly JourneyStep[];
  next: number;
  childId: string | undefined;
}

class Tally {
  commands = 0;
  errors = 0;
  readonly errorSamples: string[] = [];
  readonly latenciesMs: number[] = [];

  /** Records one answer; false when the child cannot go on (its record was not opened or a step was refused). */
  record(status: number, body: string, latencyMs: number): boolean {
    this.commands += 1;
    this.latenciesMs.push(latencyMs);
    if (status === 200 || status === 201) return true;
    this.errors += 1;
    if (this.errorSamples.length < 5) this.errorSamples.push(`${status} ${body.slice(0, 300)}`);
    return false;
  }

  result(elapsedMs: number): LoadResult {
    return { commands: this.commands, errors: this.errors, errorSamples: this.errorSamples, elapsedMs, latenciesMs: this.latenciesMs };
  }
}

const childRuns = (children: readonly number[], runId: string): ChildRun[] => children.map((i) => ({ steps: journeyFor(i, runId), next: 0, childId: undefined }));

/**
 * Closed loop, for throughput: `concurrency` workers, each driving one child's journey at a time, step after step,
 * so `concurrency` commands are always in flight.
 */
export async function saturate(client: CommandClient, children: readonly number[], runId: string, concurrency: number): Promise<LoadResult> {
  const runs = childRuns(children, runId);
  const tally = new Tally();
  let nextChild = 0;
  const worker = async (): Promise<void> => {
    for (let run = runs[nextChild++]; run; run = runs[nextChild++]) {
      for (const step of run.steps) {
        const sent = performance.now();
        const answer = await client.give(step, run.childId);
        run.childId = answer.childId;
        if (!tally.record(answer.status, answer.body, performance.now() - sent)) break;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tally.result(performance.now() - started);
}

/**
 * Open loop, for latency at a given load: commands are due at `rate` per second whatever the server does, each
 * child's steps one after another, at most `maxInFlight` at once. A command's latency runs from when it was due, so
 * time spent waiting behind a slow server counts (no coordinated omission).
 */
export async function atRate(client: CommandClient, children: readonly number[], runId: string, rate: number, maxInFlight: number): Promise<LoadResult> {
  const runs = childRuns(children, runId);
  const total = runs.reduce((n, r) => n + r.steps.length, 0);
  const tally = new Tally();
  const ready: ChildRun[] = [];
  let started = 0;
  const startNextChild = () => {
    const run = runs[started++];
    if (run) ready.push(run);
  };
  for (let i = 0; i < maxInFlight * 2; i++) startNextChild();

  let inFlight = 0;
  let scheduled = 0;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finished: Promise<void>[] = [];
  const interval = 1000 / rate;
  const t0 = performance.now();

  while (scheduled < total) {
    const due = t0 + scheduled * interval;
    const now = performance.now();
    if (now < due) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - now - 0.5)));
      continue;
    }
    const run = ready.shift();
    if (!run || inFlight >= maxInFlight) {
      if (run) ready.unshift(run);
      if (!run && started >= runs.length && inFlight === 0) break; // every child stopped early
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const step = run.steps[run.next];
    if (!step) continue;
    scheduled += 1;
    inFlight += 1;
    finished.push(
      client.give(step, run.childId).then((answer) => {
        inFlight -= 1;
        run.childId = answer.childId;
        const ok = tally.record(answer.status, answer.body, performance.now() - due);
        run.next += 1;
        if (ok && run.next < run.steps.length) ready.push(run);
        else {
          if (!ok) scheduled += run.steps.length - run.next;
          startNextChild();
        }
        signal();
      }),
    );
  }
  await Promise.all(finished);
  return tally.result(performance.now() - t0);
}
