import { buildCinCensus, buildSsda903, checkReturns, formatCheckReport } from '@cje/returns';
import { calendar, characteristicsOption, loadHistory, nowOption, optionalOption, ReturnsUsageError, yearOption, type ReturnsSubcommand } from './returns-source.command.js';

const DEFAULT_LIMIT = 500;

export const returnsCheckCommand: ReturnsSubcommand = {
  name: 'check',
  summary: 'Pre-submission checks (DfE CIN and 903 rules, the journey’s rules) per child; exit 1 when any error',
  usage: 'returns check --year <YYYY> [--json] [--limit <n>] [--characteristics <file.csv>]',
  async run(args, ctx) {
    const year = yearOption(args);
    const limitText = optionalOption(args, 'limit');
    if (limitText !== undefined && !/^\d+$/.test(limitText)) throw new ReturnsUsageError(`--limit takes a whole number; got '${limitText}'`);
    const characteristics = characteristicsOption(args);
    const now = nowOption(args);
    const history = await loadHistory(ctx);
    const census = buildCinCensus(history.children, { year, lea: '000', generatedAt: now, characteristics });
    const ssda903 = buildSsda903(history.children, { year, characteristics });
    const report = checkReturns({ year, children: history.children, census, ssda903, characteristics, now, isWorkingDay: calendar(), unreadable: history.unreadable });
    if (args.json) ctx.out(JSON.stringify({ year: year.label, errors: report.errors, queries: report.queries, childrenChecked: report.childrenChecked, findings: report.findings }, null, 2));
    // A county's first run can hold tens of thousands of findings: the text shows the first few hundred, --json all.
    else ctx.out(formatCheckReport(report, { limit: limitText === undefined ? DEFAULT_LIMIT : Number(limitText) }));
    return report.errors > 0 ? 1 : 0;
  },
};
