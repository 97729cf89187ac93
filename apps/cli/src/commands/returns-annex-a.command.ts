import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { annexACsv, annexAWorkbook, buildAnnexA } from '@cje/returns';
import { characteristicsOption, loadHistory, nowOption, optionalOption, requiredOption, ReturnsUsageError, type ReturnsSubcommand } from './returns-source.command.js';

export const returnsAnnexACommand: ReturnsSubcommand = {
  name: 'annex-a',
  summary: 'Ofsted ILACS Annex A lists 1–11 as CSV files and one .xlsx workbook',
  usage: 'returns annex-a --out <dir> [--as-of <YYYY-MM-DD>] [--months <n>] [--characteristics <file.csv>]',
  async run(args, ctx) {
    const dir = requiredOption(args, 'out', 'the folder the lists and the workbook are written to');
    const asOf = optionalOption(args, 'as-of') ?? nowOption(args).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new ReturnsUsageError(`--as-of takes a date YYYY-MM-DD; got '${asOf}'`);
    const monthsText = optionalOption(args, 'months') ?? '6';
    if (!/^\d{1,2}$/.test(monthsText) || Number(monthsText) < 1) throw new ReturnsUsageError(`--months takes a whole number of months; got '${monthsText}'`);
    const history = await loadHistory(ctx);
    const lists = buildAnnexA(history.children, { asOf, months: Number(monthsText), characteristics: characteristicsOption(args) });
    mkdirSync(dir, { recursive: true });
    for (const [name, csv] of Object.entries(annexACsv(lists))) writeFileSync(join(dir, name), csv);
    writeFileSync(join(dir, `annex-a-${asOf}.xlsx`), annexAWorkbook(lists));
    ctx.out(`Annex A as at ${asOf}: ${lists.map((l) => `list ${l.number} ${l.rows.length}`).join(', ')}; written to ${dir}`);
    for (const l of lists) if (l.note) ctx.out(`  list ${l.number}: ${l.note}`);
    return 0;
  },
};
