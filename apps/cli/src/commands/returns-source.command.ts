import { readFileSync } from 'node:fs';
import {
  collectionYear,
  NO_CHARACTERISTICS,
  readAuthorityHistory,
  readCharacteristicsCsv,
  ReturnsError,
  type AuthorityHistory,
  type CharacteristicsSource,
  type CollectionYear,
} from '@cje/returns';
import { WorkingDayCalendar } from '@cje/timescales';
import type { CliContext } from '../cli-command.js';

/** Options every `cje returns` subcommand reads. */
export type ReturnsArgs = Record<string, string | boolean | string[] | undefined>;

export class ReturnsUsageError extends Error {}

export interface ReturnsSubcommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: ReturnsArgs, ctx: CliContext): Promise<number>;
}

const text = (args: ReturnsArgs, name: string): string | undefined => (typeof args[name] === 'string' ? (args[name]) : undefined);

export function yearOption(args: ReturnsArgs): CollectionYear {
  const value = text(args, 'year');
  if (value === undefined) throw new ReturnsUsageError('--year is required: the year the collection starts (2025 for 2025-26)');
  if (!/^\d{4}$/.test(value)) throw new ReturnsUsageError(`--year takes the year the collection starts, e.g. 2025; got '${value}'`);
  return collectionYear(Number(value));
}

export function requiredOption(args: ReturnsArgs, name: string, why: string): string {
  const value = text(args, name);
  if (value === undefined || value === '') throw new ReturnsUsageError(`--${name} is required: ${why}`);
  return value;
}

export const optionalOption = text;

export function characteristicsOption(args: ReturnsArgs): CharacteristicsSource {
  const file = text(args, 'characteristics');
  if (file === undefined) return NO_CHARACTERISTICS;
  try {
    return readCharacteristicsCsv(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof ReturnsError) throw error;
    throw new ReturnsUsageError(`--characteristics: cannot read ${file} (${(error as Error).message})`);
  }
}

/** The returns' notion of "now": the production time the files carry, overridable for reproducible output. */
export function nowOption(args: ReturnsArgs): string {
  const value = text(args, 'generated-at');
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw new ReturnsUsageError(`--generated-at must be an ISO date-time; got '${value}'`);
  return value ?? new Date().toISOString();
}

export const calendar = (): ((date: string) => boolean) => {
  const c = new WorkingDayCalendar();
  return (date) => c.isWorkingDay(date);
};

/** Reads every child's history from the configured store, closing it afterwards. */
export async function loadHistory(ctx: CliContext): Promise<AuthorityHistory> {
  const store = await ctx.openStore();
  try {
    return await readAuthorityHistory(store);
  } finally {
    await store.close();
  }
}
