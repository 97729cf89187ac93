#!/usr/bin/env node
// `npm run bench:returns`: builds a year's statutory returns for a synthetic large county (4× an average authority)
// from an SQLite store, phase by phase. The table goes to stdout with a JSON summary as its last line; progress to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@cje/event-store';
import {
  annexACsv,
  annexAWorkbook,
  buildAnnexA,
  buildCinCensus,
  buildSsda903,
  checkReturns,
  cinCensusXml,
  collectionYear,
  NO_CHARACTERISTICS,
  readAuthorityHistory,
  ssda903Csv,
} from '@cje/returns';
import { seedStore } from '../../../libs/returns/src/fixtures/seed-store.js';
import { generateSyntheticCounty, isWorkingDay } from './bench-returns/synthetic-county.js';
import { benchEntryPoint } from './bench/bench-main.js';

const USAGE = `Usage: npm run bench:returns -- [--scale <n>] [--seed <n>]
  --scale  size against an average authority (default 4: a large county)
  --seed   generator seed (default 20250401)
Builds the 2025-26 CIN census, SSDA903 files, Annex A (CSV and .xlsx) and the pre-submission checks from a store
holding two years of history (1 April 2024 to 31 March 2026). Target: the returns in under 30 seconds.`;

const BUDGET_SECONDS = 30;

interface Phase {
  readonly phase: string;
  readonly seconds: number;
  readonly note: string;
  readonly counted: boolean;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scale = Number(values.scale ?? '4');
  const seed = Number(values.seed ?? '20250401');
  if (!(scale > 0) || !Number.isInteger(seed)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const phases: Phase[] = [];
  let peakRss = 0;
  const timed = async <T>(phase: string, counted: boolean, run: () => Promise<T> | T, note: (result: T) => string): Promise<T> => {
    progress(`bench:returns: ${phase} …`);
    const started = performance.now();
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    phases.push({ phase, seconds, note: note(result), counted });
    return result;
  };

  const year = collectionYear(2025);
  const dir = mkdtempSync(join(tmpdir(), 'cje-bench-returns-'));
  try {
    const county = await timed('generate events', false, () => generateSyntheticCounty({ scale, start: '2024-04-01', end: year.end, seed }), (c) => `${c.histories.size.toLocaleString('en-GB')} children, ${c.events.toLocaleString('en-GB')} events`);
    const store = new SqliteEventStore({ filename: join(dir, 'county.db'), durable: false });
    await store.init();
    await timed('load the SQLite store', false, () => seedStore(store, county.histories), (n) => `${n.toLocaleString('en-GB')} events appended (not durable; setup only)`);
    county.histories.clear();
    const history = await timed('read the log and fold each child', true, () => readAuthorityHistory(store, { batchSize: 10_000 }), (h) => `${h.eventsRead.toLocaleString('en-GB')} events, ${h.children.length.toLocaleString('en-GB')} children`);
    await store.close();
    const generatedAt = '2026-04-20T12:00:00Z';
    const census = await timed('CIN census (build + XML)', true, () => {
      const c = buildCinCensus(history.children, { year, lea: '999', generatedAt, characteristics: NO_CHARACTERISTICS });
      return { c, xml: cinCensusXml(c) };
    }, ({ c, xml }) => `${c.children.length.toLocaleString('en-GB')} children, ${(xml.length / 1e6).toFixed(1)} MB`);
    const ssda903 = await timed('SSDA903 (build + 11 CSV files)', true, () => {
      const r = buildSsda903(history.children, { year });
      return { r, csv: ssda903Csv(r.rows) };
    }, ({ r }) => `${r.rows.header.length.toLocaleString('en-GB')} children, ${r.rows.episodes.length.toLocaleString('en-GB')} episodes`);
    await timed('Annex A (11 lists, CSV + .xlsx)', true, () => {
      const lists = buildAnnexA(history.children, { asOf: year.end });
      return { lists, csv: annexACsv(lists), book: annexAWorkbook(lists) };
    }, ({ lists, book }) => `${lists.reduce((n, l) => n + l.rows.length, 0).toLocaleString('en-GB')} rows, workbook ${(book.length / 1e6).toFixed(1)} MB`);
    const report = await timed('pre-submission checks', true, () =>
      checkReturns({ year, children: history.children, census: census.c, ssda903: ssda903.r, characteristics: NO_CHARACTERISTICS, now: generatedAt, isWorkingDay, unreadable: history.unreadable }),
    (r) => `${r.errors.toLocaleString('en-GB')} errors, ${r.queries.toLocaleString('en-GB')} queries`);
    void report;

    const returnsSeconds = phases.filter((p) => p.counted).reduce((n, p) => n + p.seconds, 0);
    const pass = returnsSeconds < BUDGET_SECONDS;
    const rows = [['phase', 'seconds', 'counted', 'detail'], ...phases.map((p) => [p.phase, p.seconds.toFixed(2), p.counted ? 'yes' : 'setup', p.note])];
    rows.push(['returns total (read + build + check)', returnsSeconds.toFixed(2), '', `budget ${BUDGET_SECONDS} s: ${pass ? 'PASS' : 'FAIL'}`]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const table = rows.map((r) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
    const summary = {
      bench: 'returns',
      scale,
      year: year.label,
      children: history.children.length,
      events: history.eventsRead,
      seconds: Object.fromEntries(phases.map((p) => [p.phase, Math.round(p.seconds * 100) / 100])),
      returnsSeconds: Math.round(returnsSeconds * 100) / 100,
      budgetSeconds: BUDGET_SECONDS,
      pass,
      peakRssMb: Math.round(peakRss / 1e6),
      machine: { cpus: cpus().length, node: process.versions.node },
    };
    process.stdout.write(
      [
        `Statutory returns for a synthetic county at ${scale}× an average authority, collection year ${year.label} (${cpus().length} CPUs, Node ${process.versions.node})`,
        '',
        table.join('\n'),
        '',
        `Peak resident memory ${summary.peakRssMb} MB. "setup" phases are not part of the budget.`,
        '',
        JSON.stringify(summary),
        '',
      ].join('\n'),
    );
    return pass ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchEntryPoint('bench:returns', main);
