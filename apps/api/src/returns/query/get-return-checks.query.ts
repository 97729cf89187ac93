import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CheckFinding } from '@cje/returns';
import { AuthorityReturns } from './authority-returns.js';
import type { CheckFindingView, ChildFindingsView, ReturnChecksView, RuleCountView } from './return-checks.view.js';

/** The pre-submission checks for a collection year, a page of children at a time. */
export class GetReturnChecks extends Query<ReturnChecksView> {
  constructor(
    readonly year: number,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

@QueryHandler(GetReturnChecks)
export class GetReturnChecksHandler implements IQueryHandler<GetReturnChecks> {
  constructor(private readonly returns: AuthorityReturns) {}

  async execute({ year, page, pageSize }: GetReturnChecks): Promise<ReturnChecksView> {
    const report = await this.returns.checks(year);
    const byChild = new Map<string, CheckFinding[]>();
    const returnFindings: CheckFindingView[] = [];
    const counts = new Map<string, RuleCountView>();
    for (const f of report.findings) {
      const counted = counts.get(f.ruleId);
      if (counted) counted.count += 1;
      else counts.set(f.ruleId, { ruleId: f.ruleId, source: f.source, severity: f.severity, field: f.field, message: f.message, count: 1 });
      if (f.childId === null) returnFindings.push(view(f));
      else byChild.set(f.childId, [...(byChild.get(f.childId) ?? []), f]);
    }
    // Findings arrive sorted by child, so the pages are stable between calls on an unchanged store.
    const children = [...byChild].slice((page - 1) * pageSize, page * pageSize).map(
      ([childId, findings]): ChildFindingsView => ({
        childId,
        errors: findings.filter((f) => f.severity === 'error').length,
        queries: findings.filter((f) => f.severity === 'query').length,
        findings: findings.map(view),
      }),
    );
    return {
      year: report.year.label,
      childrenChecked: report.childrenChecked,
      errors: report.errors,
      queries: report.queries,
      summary: [...counts.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true })),
      returnFindings,
      childrenWithFindings: byChild.size,
      page,
      pageSize,
      children,
    };
  }
}

function view(f: CheckFinding): CheckFindingView {
  return { ruleId: f.ruleId, source: f.source, severity: f.severity, return: f.return, field: f.field, message: f.message, fix: f.fix, where: f.where };
}
