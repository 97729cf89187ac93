import { effectiveEvents, type JourneyState } from '@cje/journey';
import { evaluateDeadlines, type Deadline, type TimelineEvent, type TimescaleRuleSet, type WorkingDayCalendar } from '@cje/timescales';

/** Deadlines still running for the child as of a day (open, or overdue), judged on the history with corrections applied. */
export function openDeadlines(journey: JourneyState, asOf: string, rules: TimescaleRuleSet, calendar: WorkingDayCalendar): Deadline[] {
  const timeline: TimelineEvent[] = effectiveEvents(journey.events).events.map((event) => ({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data,
  }));
  const dateOfBirth = journey.context.child.dateOfBirth ?? undefined;
  return evaluateDeadlines({ timeline, asOf, rules, calendar, dateOfBirth }).filter((d) => d.status === 'open' || d.status === 'overdue');
}
