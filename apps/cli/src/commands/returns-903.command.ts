import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSsda903, ssda903Csv } from '@cje/returns';
import { characteristicsOption, loadHistory, requiredOption, yearOption, type ReturnsSubcommand } from './returns-source.command.js';

export const returns903Command: ReturnsSubcommand = {
  name: '903',
  summary: 'SSDA903 CSV files (header, episodes, reviews, uasc, oc2, oc3, ad1, placed_for_adoption, previous_permanence, missing, social_worker)',
  usage: 'returns 903 --year <YYYY> --out <dir> [--characteristics <file.csv>]',
  async run(args, ctx) {
    const year = yearOption(args);
    const dir = requiredOption(args, 'out', 'the folder the eleven CSV files are written to');
    const history = await loadHistory(ctx);
    const ret = buildSsda903(history.children, { year, characteristics: characteristicsOption(args) });
    mkdirSync(dir, { recursive: true });
    for (const [name, csv] of Object.entries(ssda903Csv(ret.rows))) writeFileSync(join(dir, name), csv);
    ctx.out(`SSDA903 ${year.label}: ${ret.rows.header.length} children, ${ret.rows.episodes.length} episodes, ${ret.rows.reviews.length} reviews written to ${dir}`);
    return 0;
  },
};
