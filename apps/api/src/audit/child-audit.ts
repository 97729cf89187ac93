import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, IntegrityReport, RecordedEvent } from '@cje/event-store';
import { describeState } from '@cje/journey';
import { TimescaleRuleSet, WorkingDayCalendar } from '@cje/timescales';
import { type ChildAccessFacts, canExportSubjectAccess, canReadChildHistory, type Decision } from '../auth/access-policy.js';
import { ForbiddenError } from '../auth/auth.errors.js';
import type { Principal } from '../auth/principal.js';
import { accessFactsOf, childExists, type ChildRecord } from '../children/child-record.js';
import { ChildRecords } from '../children/child-records.js';
import { Clock } from '../children/clock.js';
import { londonDate } from '../children/london-time.js';
import { openDeadlines } from '../children/query/child-deadlines.js';
import { ChildNotFoundError } from '../http/api-error.js';
import { EVENT_STORE } from '../store/event-store.token.js';
import type { AccessLogEntry } from './access-log/access-log-entry.js';
import { AccessLog } from './access-log/access-log.js';
import type { DeadlineView } from '../children/dto/child-view.dto.js';
import type { AsAtView, HistoryView, SubjectAccessView } from './http/audit-views.dto.js';
import { replayAsAt } from './replay/as-at.js';
import { caseHistory, type HistoryOrder } from './replay/case-history.js';

/** Answers an access decision the way every child route does: hidden → 404, refused → 403. */
function enforce(decision: Decision, childId: string): void {
  if (decision.allowed) return;
  if (decision.hide) throw new ChildNotFoundError(childId);
  throw new ForbiddenError(decision.reason);
}

/** The auditor's reads of one child, all from the log: history, replay as at a date, the subject access export. */
@Injectable()
export class ChildAudit {
  constructor(
    private readonly records: ChildRecords,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
    private readonly rules: TimescaleRuleSet,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  async history(childId: string, user: Principal, order: HistoryOrder): Promise<HistoryView> {
    const { stream } = await this.visibleStream(childId, user, canReadChildHistory);
    const history = caseHistory(stream, order);
    return { childId, revision: history.revision, order, entries: [...history.entries] };
  }

  async asAt(childId: string, user: Principal, effective: string | undefined, known: Date | undefined): Promise<AsAtView> {
    const { stream } = await this.visibleStream(childId, user, canReadChildHistory);
    const replay = replayAsAt(stream, { effective, known });
    const asOf = effective ?? londonDate(known ?? this.clock.now());
    const described = describeState(replay.journey);
    return {
      childId,
      effective: effective ?? null,
      known: known ? known.toISOString() : null,
      asOf,
      eventsKnown: replay.eventsKnown,
      eventsApplied: replay.eventsApplied,
      revisionKnown: replay.revisionKnown,
      ...described,
      openTracks: [...described.openTracks],
      allocation: described.allocation ? { ...described.allocation } : null,
      keyDates: { ...described.keyDates },
      deadlines: this.deadlines(replay.journey, asOf),
      issues: replay.issues.map((i) => ({ eventId: i.eventId, type: i.type, code: i.code, reason: i.reason })),
      incomplete: described.incomplete || replay.issues.length > 0,
    };
  }

  /**
   * Everything held about the child. The export is logged before the access log is read, so it lists itself; if it
   * cannot be logged, nothing is exported (503).
   */
  async subjectAccess(childId: string, user: Principal, requestId: string): Promise<SubjectAccessView> {
    const { record, stream } = await this.visibleStream(childId, user, canExportSubjectAccess);
    const logged = await this.accessLog.record({ userId: user.userId, role: user.role, team: user.team, childId, view: 'subject-access', requestId });
    const [accessLog, integrity] = await Promise.all([this.wholeAccessLog(childId), this.store.verifyStream(record.streamId)]);
    const described = describeState(record.journey);
    const asOf = londonDate(this.clock.now());
    return {
      childId,
      exportedAt: logged.at,
      exportedBy: { userId: user.userId, role: user.role, team: user.team },
      current: {
        revision: record.revision,
        owningTeam: accessFactsOf(record).owningTeam,
        ...described,
        deadlines: this.deadlines(record.journey, asOf),
      },
      history: [...caseHistory(stream).entries],
      events: stream.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
      accessLog,
      integrity: { ...integrity, problems: [...integrity.problems] },
    };
  }

  /** The child's stream, once the caller may see it (the decision made on the record as it stands now). */
  async visibleStream(childId: string, user: Principal, decide: (user: Principal, facts: ChildAccessFacts) => Decision): Promise<{ record: ChildRecord; stream: RecordedEvent[] }> {
    const record = await this.records.load(childId);
    if (!childExists(record)) throw new ChildNotFoundError(childId);
    enforce(decide(user, accessFactsOf(record)), childId);
    return { record, stream: await this.store.readStream(record.streamId) };
  }

  /** One child's hash chain (auditors and the head of service, who see every child). */
  async verifyChild(childId: string, user: Principal): Promise<{ streamId: string; report: IntegrityReport }> {
    const record = await this.records.load(childId);
    const report = await this.store.verifyStream(record.streamId);
    // A stream whose events were all deleted still has its head: it verifies as altered, not as missing.
    if (!childExists(record) && report.streamsChecked === 0) throw new ChildNotFoundError(childId);
    enforce(canReadChildHistory(user, { owningTeam: childExists(record) ? accessFactsOf(record).owningTeam : '' }), childId);
    return { streamId: record.streamId, report };
  }

  private async wholeAccessLog(childId: string): Promise<AccessLogEntry[]> {
    const entries: AccessLogEntry[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await this.accessLog.byChild(childId, { before, limit: 500 });
      entries.push(...page.entries);
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    return entries.reverse();
  }

  private deadlines(journey: ChildRecord['journey'], asOf: string): DeadlineView[] {
    return openDeadlines(journey, asOf, this.rules, this.calendar).map((d) => ({
      key: d.key,
      ruleId: d.ruleId,
      name: d.name,
      standard: d.standard,
      source: d.source,
      startedOn: d.startedOn,
      startedBy: { type: d.startedBy.type, eventId: d.startedBy.eventId, on: d.startedBy.on },
      dueOn: d.dueOn,
      status: d.status,
      daysOverdue: d.daysOverdue,
      workingDaysOverdue: d.workingDaysOverdue,
      breached: d.breached,
    }));
  }
}
