import { writeFileSync } from 'node:fs';
import { buildCinCensus, cinCensusXml } from '@cje/returns';
import { characteristicsOption, loadHistory, nowOption, optionalOption, requiredOption, yearOption, type ReturnsSubcommand } from './returns-source.command.js';

export const returnsCinCommand: ReturnsSubcommand = {
  name: 'cin',
  summary: 'Children in need census XML (2025-26 structure) for a collection year',
  usage: 'returns cin --year <YYYY> --lea <NNN> [--out <file.xml>] [--characteristics <file.csv>]',
  async run(args, ctx) {
    const year = yearOption(args);
    const lea = requiredOption(args, 'lea', 'the three-digit local authority code the census carries');
    const history = await loadHistory(ctx);
    const census = buildCinCensus(history.children, { year, lea, generatedAt: nowOption(args), characteristics: characteristicsOption(args) });
    const xml = cinCensusXml(census);
    const out = optionalOption(args, 'out');
    if (out === undefined) ctx.out(xml.trimEnd());
    else {
      writeFileSync(out, xml);
      ctx.err(`CIN census ${year.label}: ${census.children.length} children, ${census.children.reduce((n, c) => n + c.cinDetails.length, 0)} episodes written to ${out}`);
    }
    if (history.unreadable.length > 0) ctx.err(`${history.unreadable.length} event(s) could not be read and were left out: run \`cje returns check\` for the list`);
    return 0;
  },
};
