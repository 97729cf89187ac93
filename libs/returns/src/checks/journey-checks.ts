import { dateOf, type CollectionYear } from '../collection-year.js';
import type { ChildFacts } from '../child-facts.js';
import type { UnreadableEvent } from '../child-histories.js';
import { finding, type CheckFinding } from './check-rules.js';

export interface JourneyCheckContext {
  readonly year: CollectionYear;
  /** Today, as an ISO date or date-time: nothing may be dated after it. */
  readonly now: string;
  readonly isWorkingDay: (date: string) => boolean;
}

/**
 * The journey's cross-field rules over the facts themselves (dates that precede what they follow, overlaps,
 * conference days), for the children in the returns. The machine refuses these when it records, so they fire on
 * imported or corrected histories and on events it could not replay.
 */
export function checkJourneyFacts(children: readonly ChildFacts[], ctx: JourneyCheckContext, unreadable: readonly UnreadableEvent[] = []): CheckFinding[] {
  const out: CheckFinding[] = [];
  const today = dateOf(ctx.now);
  for (const child of children) {
    const id = child.childId;
    const add = (rule: Parameters<typeof finding>[0], where: string): void => void out.push(finding(rule, id, where));
    for (const issue of child.issues) add('CJE-03', `event ${issue.eventId}: ${issue.reason}`);
    const dob = child.dateOfBirth;
    const neverUnborn = child.expectedDateOfBirth === null;
    const dated: [string, string | null][] = [];
    for (const c of child.contacts) dated.push([`contact ${c.contactId}`, c.receivedOn]);
    for (const [i, e] of child.episodes.entries()) {
      const where = `episode ${e.number} referred ${e.referralDate}`;
      dated.push([where, e.referralDate], [`${where} closure`, e.closedOn]);
      const next = child.episodes[i + 1];
      if (next && (e.closedOn === null || e.closedOn > next.referralDate)) add('J-05', `episode ${next.number} referred ${next.referralDate}`);
      for (const a of e.assessments) {
        const at = `${where}: assessment started ${a.startedOn}`;
        if ((a.completedOn && a.completedOn < a.startedOn) || (a.authorisedOn && a.completedOn && a.authorisedOn < a.completedOn)) add('J-08', at);
        dated.push([at, a.authorisedOn]);
      }
      for (const s of e.s47s) {
        const at = `${where}: strategy discussion ${s.strategyDiscussionOn}`;
        if ((s.startedOn && s.startedOn < s.strategyDiscussionOn) || (s.icpcOn && s.startedOn && s.icpcOn < s.startedOn)) add('J-08', at);
        if (s.icpcOn && !ctx.isWorkingDay(s.icpcOn)) add('J-06', `${at}: conference ${s.icpcOn}`);
        dated.push([at, s.icpcOn]);
      }
      for (const p of e.cinPlans) if (p.endedOn && p.endedOn < p.startedOn) add('J-08', `${where}: CIN plan started ${p.startedOn}`);
      for (const p of e.cpps) if (p.endedOn && p.endedOn < p.startedOn) add('J-08', `${where}: child protection plan started ${p.startedOn}`);
    }
    for (const period of child.periodsOfCare) {
      const where = `period of care from ${period.startedOn}`;
      dated.push([where, period.startedOn], [`${where} end`, period.endedOn]);
      if (dob !== null && period.startedOn < dob) add('J-08', where);
      for (const e of period.episodes) if (e.endedOn && e.endedOn < e.startedOn) add('J-08', `${where}: episode from ${e.startedOn}`);
      for (const m of period.missing) if (m.endedOn && m.endedOn < m.startedOn) add('J-08', `${where}: missing from ${m.startedOn}`);
    }
    for (const [where, on] of dated) {
      if (on === null) continue;
      if (on > today) add('J-08', `${where} (dated in the future)`);
      else if (neverUnborn && dob !== null && on < dob) add('J-08', `${where} (dated before the child's birth)`);
    }
  }
  for (const u of unreadable) out.push(finding('CJE-03', u.childId, `event ${u.eventId}: ${u.reason}`));
  return out;
}
