import { OVERDUE_TARGET_P99_MS, type Latency, type ProjectionBenchReport, REBUILD_TARGET_EVENTS_PER_SECOND } from './run-projection-bench.js';

const n = (value: number): string => Math.round(value).toLocaleString('en-GB');
const ms = (l: Latency): string => `p50 ${l.p50} ms, p99 ${l.p99} ms (max ${l.max} ms, ${l.queries} queries)`;

/** The report as a plain-text table: what was measured, the figure, what it means, the target. */
export function projectionBenchTable(report: ProjectionBenchReport): string {
  const rows: Array<[string, string, string, string]> = [
    [
      'county log (generated, appended)',
      `${n(report.events)} events`,
      `${n(report.county.children)} children, ${n(report.county.contacts)} contacts (~${n(report.county.contactsPerYear)} a year), ${report.county.from} to ${report.county.to}; appended in ${report.appendSeconds} s`,
      '',
    ],
    ['raw read of the log (readAll, 1,000 a batch)', `${n(report.rawReadEventsPerSecond)} ev/s`, 'baseline: reading and decoding events, no projection', ''],
    [
      'full rebuild: child-index + case-facts',
      `${n(report.rebuildEventsPerSecond)} ev/s`,
      `stream by stream, as the API builds from zero; ${Math.round(report.rebuildToRawRatio * 100)}% of raw read; runs ${report.rebuildRuns.map(n).join(' / ')}; ${n(report.rebuild.built)} children built whole; peak RSS ${report.rebuild.peakRssMb} MB (the event file mapped by the reader included); read models ${report.rebuild.readModelMb} MB`,
      `>= ${n(REBUILD_TARGET_EVENTS_PER_SECOND)} ev/s ${report.pass.rebuild ? 'PASS' : 'FAIL'}`,
    ],
    ...(report.positionOrderRebuild
      ? [
          [
            'the same rebuild in position order',
            `${n(report.positionOrderRebuild.eventsPerSecond)} ev/s`,
            `for comparison (the build before stream by stream): runs ${report.positionOrderRebuild.runs.map(n).join(' / ')}; ${n(report.positionOrderRebuild.replays)} child replays, ${n(report.positionOrderRebuild.restores)} restores; peak RSS ${report.positionOrderRebuild.peakRssMb} MB`,
            '',
          ] as [string, string, string, string],
        ]
      : []),
    [
      'open deadlines queried',
      n(report.openDeadlines.fromLog + report.openDeadlines.synthetic),
      `${n(report.openDeadlines.fromLog)} from the log + ${n(report.openDeadlines.synthetic)} synthetic; ${n(report.openDeadlines.overdue)} overdue on ${report.openDeadlines.asOf}`,
      '',
    ],
    ['overdue now, whole service, first page of 50', ms(report.overdueService), 'worst first, with the total count', `p99 < ${OVERDUE_TARGET_P99_MS} ms ${report.pass.overdue ? 'PASS' : 'FAIL'}`],
    ['overdue now, whole service, pages 1-20 by cursor', ms(report.overdueServicePaging), '', ''],
    ['overdue now, one team, first page of 50', ms(report.overdueTeam), '', ''],
    ['due in the next 10 working days, whole service', ms(report.dueSoonService), '', ''],
  ];
  const headers: [string, string, string, string] = ['measure', 'result', 'detail', 'target'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
