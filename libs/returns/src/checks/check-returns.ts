import type { CharacteristicsSource } from '../child-characteristics.js';
import type { ChildFacts } from '../child-facts.js';
import type { UnreadableEvent } from '../child-histories.js';
import type { CinCensus } from '../cin/cin-census.js';
import type { CollectionYear } from '../collection-year.js';
import type { Ssda903Return } from '../ssda903/ssda903.js';
import type { CheckFinding } from './check-rules.js';
import { checkCinCensus } from './cin-checks.js';
import { checkJourneyFacts } from './journey-checks.js';
import { checkSsda903 } from './ssda903-checks.js';

export interface ReturnsCheckInput {
  readonly year: CollectionYear;
  readonly children: readonly ChildFacts[];
  readonly census: CinCensus;
  readonly ssda903: Ssda903Return;
  readonly characteristics: CharacteristicsSource;
  readonly now: string;
  readonly isWorkingDay: (date: string) => boolean;
  readonly unreadable?: readonly UnreadableEvent[];
}

export interface ReturnsCheckReport {
  readonly year: CollectionYear;
  readonly findings: readonly CheckFinding[];
  readonly errors: number;
  readonly queries: number;
  /** Children in either return. */
  readonly childrenChecked: number;
}

/** Runs every pre-submission rule over both returns and the facts behind them; findings sorted by child, severity, rule. */
export function checkReturns(input: ReturnsCheckInput): ReturnsCheckReport {
  const inReturns = new Set([...input.census.children.map((c) => c.laChildId), ...input.ssda903.rows.header.map((h) => h.CHILD)]);
  const children = input.children.filter((c) => inReturns.has(c.childId));
  const findings = [
    ...checkCinCensus(input.census, { year: input.year, isWorkingDay: input.isWorkingDay, characteristics: input.characteristics }),
    ...checkSsda903(input.ssda903, { year: input.year, characteristics: input.characteristics }),
    ...checkJourneyFacts(children, { year: input.year, now: input.now, isWorkingDay: input.isWorkingDay }, input.unreadable ?? []),
  ];
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.childId ?? ''}|${f.ruleId}|${f.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort(
    (a, b) =>
      (a.childId ?? '').localeCompare(b.childId ?? '') ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }) ||
      a.where.localeCompare(b.where),
  );
  return {
    year: input.year,
    findings: unique,
    errors: unique.filter((f) => f.severity === 'error').length,
    queries: unique.filter((f) => f.severity === 'query').length,
    childrenChecked: inReturns.size,
  };
}

/** The report as text for a person: per child, each finding with its rule, field and how to fix it. */
export function formatCheckReport(report: ReturnsCheckReport, options: { readonly limit?: number } = {}): string {
  const lines = [
    `Pre-submission checks, collection year ${report.year.label}: ${report.childrenChecked} children in the returns, ${report.errors} error(s), ${report.queries} query(ies).`,
  ];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let shown = 0;
  let current: string | null | undefined;
  for (const f of report.findings) {
    if (shown >= limit) break;
    if (f.childId !== current) {
      current = f.childId;
      lines.push('', f.childId === null ? 'Whole return:' : `Child ${f.childId}:`);
    }
    const source = f.source === 'DfE CIN' ? 'CIN rule' : f.source === 'DfE 903' ? '903 rule' : f.source === 'journey' ? 'journey rule' : 'engine';
    lines.push(`  ${f.severity.toUpperCase()} ${source} ${f.ruleId} [${f.field}] ${f.message} (${f.where})`, `      fix: ${f.fix}`);
    shown++;
  }
  if (report.findings.length > shown) lines.push('', `… ${report.findings.length - shown} more finding(s) not shown (use --json for all).`);
  return lines.join('\n');
}
