import type { EngineName } from './bench-options.js';
import { APPEND_SINGLE_CONCURRENT, APPEND_SINGLE_ONE_WRITER } from './bench-cases.js';

/** What a measurement must reach to pass; shown in the table's target column. */
export interface Goal {
  readonly text: string;
  passes(adapter: number, raw: number): boolean;
}

function goal(minPerSecond: number | null, minShareOfRaw: number): Goal {
  const parts = [...(minPerSecond === null ? [] : [`>=${minPerSecond.toLocaleString('en-GB')}/s`]), `>=${Math.round(minShareOfRaw * 100)}% raw`];
  return {
    text: parts.join(' & '),
    passes: (adapter, raw) => (minPerSecond === null || adapter >= minPerSecond) && raw > 0 && adapter / raw >= minShareOfRaw,
  };
}

const GOALS: Readonly<Record<EngineName, Readonly<Record<string, Goal>>>> = {
  sqlite: {
    [APPEND_SINGLE_ONE_WRITER]: goal(3000, 0.7),
    [APPEND_SINGLE_CONCURRENT]: goal(3000, 0.7),
    'read-stream': goal(100_000, 0.5),
    'read-all': goal(100_000, 0.5),
    'catch-up': goal(100_000, 0.5),
  },
  postgres: {
    [APPEND_SINGLE_CONCURRENT]: goal(null, 0.5),
  },
};

/** The goal of a case on an engine, if it has one. */
export function goalFor(engine: EngineName, caseId: string): Goal | undefined {
  return GOALS[engine][caseId];
}
