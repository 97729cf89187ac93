import type { BenchCase } from './bench-cases.js';
import type { BenchOptions, EngineName } from './bench-options.js';
import { goalFor } from './goals.js';
import type { Measurement } from './measure-cases.js';
import { ratio } from './stats.js';
import { type Subject, takesPart } from './subject.js';

/** One line of the table and of the JSON results. */
export interface ResultRow {
  readonly engine: EngineName;
  /** Case id, with the variant after a colon for a variant's row (`append-single-1-writer:group-commit-off`). */
  readonly case: string;
  readonly label: string;
  readonly unit: string;
  readonly adapter: number | null;
  readonly raw: number | null;
  readonly ratio: number | null;
  readonly target: string | null;
  readonly pass: boolean | null;
  /** Why nothing was measured (engine unreachable). */
  readonly skipped?: string;
}

/**
 * One row per case comparing the main adapter with the main baseline (goals apply there), then one per variant,
 * compared with the other side's main subject. Variants carry no goal: they are there to be compared with.
 */
export function resultRows(
  engine: EngineName,
  cases: readonly BenchCase[],
  subjects: readonly Subject[],
  measurements: readonly Measurement[],
  options: BenchOptions,
): ResultRow[] {
  const medianOf = (caseId: string, key: string | undefined): number | null =>
    measurements.find((m) => m.caseId === caseId && m.subjectKey === key)?.median ?? null;
  const main = (role: Subject['role']) => subjects.find((s) => s.role === role && s.variant === '');
  const rows: ResultRow[] = [];
  for (const c of cases) {
    const adapter = medianOf(c.id, main('adapter')?.key);
    const raw = medianOf(c.id, main('raw')?.key);
    const goal = goalFor(engine, c.id);
    rows.push({
      engine,
      case: c.id,
      label: c.label(options),
      unit: c.unit,
      adapter,
      raw,
      ratio: ratio(adapter, raw),
      target: goal?.text ?? null,
      pass: goal && adapter !== null && raw !== null ? goal.passes(adapter, raw) : null,
    });
    for (const variant of subjects.filter((s) => s.variant !== '' && takesPart(s, c.id))) {
      const other = variant.role === 'adapter' ? raw : adapter;
      const own = medianOf(c.id, variant.key);
      const [a, r] = variant.role === 'adapter' ? [own, other] : [other, own];
      rows.push({
        engine,
        case: `${c.id}:${variant.variant}`,
        label: `${c.label(options)} [${variant.role === 'adapter' ? 'adapter' : 'raw'} ${variant.variant}]`,
        unit: c.unit,
        adapter: a,
        raw: r,
        ratio: ratio(a, r),
        target: null,
        pass: null,
      });
    }
  }
  return rows;
}

/** Rows saying an engine was not measured, and why, so the table and the JSON still show it. */
export function skippedRows(engine: EngineName, cases: readonly BenchCase[], reason: string, options: BenchOptions): ResultRow[] {
  return cases.map((c) => ({
    engine,
    case: c.id,
    label: c.label(options),
    unit: c.unit,
    adapter: null,
    raw: null,
    ratio: null,
    target: goalFor(engine, c.id)?.text ?? null,
    pass: null,
    skipped: reason,
  }));
}
