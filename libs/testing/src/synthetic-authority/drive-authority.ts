import type { JourneyCommandType } from '@cje/journey';
import type { GeneratedCommand } from './generated-command.js';

/** What the real command path answered: accepted, or refused with a stable code and a readable reason. */
export type SubmitResult = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly reason: string };
export type SubmitCommand = (generated: GeneratedCommand) => Promise<SubmitResult>;

export interface DriveOptions {
  /**
   * Commands in flight at once (default 1: strictly in `recordedAt` order). Above 1, a child's commands still go
   * one after another in order, but different children's overlap, so the submitter must take each command's own
   * `recordedAt` as its clock rather than a shared one.
   */
  readonly concurrency?: number;
  /** Called every `progressEvery` submissions (default 10,000) with the figures so far. */
  readonly onProgress?: (statistics: DriveStatistics) => void;
  readonly progressEvery?: number;
}

export interface DriveRejection {
  readonly commandId: string;
  readonly childId: string;
  readonly type: JourneyCommandType;
  readonly code: string;
  readonly reason: string;
}

export interface DriveStatistics {
  submitted: number;
  accepted: number;
  rejected: number;
  readonly rejectedByCode: Record<string, number>;
  /** The first rejections (at most 20), ids only: enough to find what went wrong without personal data. */
  readonly rejections: DriveRejection[];
}

const SAMPLES = 20;

/**
 * Submits every generated command through `submit` (the application's command handler, which decides and appends)
 * and counts what was accepted and what was refused, by code. A submitter that throws stops the drive: that is a
 * fault of the store or the wiring, not a refusal.
 */
export async function driveAuthority(
  commands: Iterable<GeneratedCommand> | AsyncIterable<GeneratedCommand>,
  submit: SubmitCommand,
  options: DriveOptions = {},
): Promise<DriveStatistics> {
  const statistics: DriveStatistics = { submitted: 0, accepted: 0, rejected: 0, rejectedByCode: {}, rejections: [] };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const every = Math.max(1, options.progressEvery ?? 10_000);
  const count = (generated: GeneratedCommand, result: SubmitResult): void => {
    statistics.submitted++;
    if (result.ok) statistics.accepted++;
    else {
      statistics.rejected++;
      statistics.rejectedByCode[result.code] = (statistics.rejectedByCode[result.code] ?? 0) + 1;
      if (statistics.rejections.length < SAMPLES) {
        const c = generated.command;
        statistics.rejections.push({ commandId: c.commandId, childId: c.childId, type: c.type, code: result.code, reason: result.reason });
      }
    }
    if (options.onProgress && statistics.submitted % every === 0) options.onProgress(statistics);
  };

  if (concurrency === 1) {
    for await (const generated of commands) count(generated, await submit(generated));
    return statistics;
  }

  const lastOfChild = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  for await (const generated of commands) {
    while (running.size >= concurrency) await Promise.race(running);
    if (failures.length > 0) break;
    const childId = generated.command.childId;
    const before = lastOfChild.get(childId);
    const task: Promise<void> = (async () => {
      if (before) await before;
      count(generated, await submit(generated));
    })()
      .catch((error: unknown) => {
        failures.push(error);
      })
      .finally(() => {
        running.delete(task);
        if (lastOfChild.get(childId) === task) lastOfChild.delete(childId);
      });
    running.add(task);
    lastOfChild.set(childId, task);
  }
  await Promise.all(running);
  if (failures.length > 0) throw failures[0];
  return statistics;
}
