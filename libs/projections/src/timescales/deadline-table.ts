import type { IsoDate } from '@cje/timescales';
import { type ChildKey, type FactRow, FactTable } from '../indicators/fact-table.js';
import type { CaseOwner } from '../caseloads/caseload-facts.js';
import type { ClockChange, TrackedClock } from './deadline-tracker.js';

/**
 * One row per clock of one rule for one child (a "rule instance"): when it started and why, when it is due, and
 * when it was met or stopped, on effective dates. Status is not stored: it depends on the day asked about, so queries
 * compute it from `asOf` (open, overdue, met, met late, stopped). Rows are kept "as of the end of time": a clock
 * started by a birthday still to come is here already, and a query about an earlier day ignores it.
 *
 * `team` and `worker_id` are the child's current owner, kept on open clocks only (null once closed): the overdue and
 * due-soon lists read them through one partial index of open clocks; anything about closed clocks joins the caseload
 * table instead. Every index costs every visit two b-tree writes (in when the next clock opens, out when it is met),
 * so there are two: open clocks, and clocks by the day they closed.
 */
export const DEADLINE_TABLE = new FactTable(
  'deadline',
  [
    { name: 'child_id', type: 'key' },
    { name: 'clock_key', type: 'key' },
    { name: 'rule_id', type: 'key', required: true },
    { name: 'edition', type: 'text', required: true },
    { name: 'clock_variant', type: 'text' },
    { name: 'started_on', type: 'date', required: true },
    { name: 'started_by_type', type: 'text', required: true },
    { name: 'started_by_id', type: 'text' },
    { name: 'due_on', type: 'date', required: true },
    { name: 'met_on', type: 'date' },
    { name: 'met_by_id', type: 'text' },
    { name: 'met_recorded_at', type: 'text' },
    { name: 'stopped_on', type: 'date' },
    { name: 'stopped_by_id', type: 'text' },
    { name: 'closed_on', type: 'date' },
    { name: 'team', type: 'key' },
    { name: 'worker_id', type: 'key' },
  ],
  ['child_id', 'clock_key'],
  [
    // Open clocks by due date, with the owner in the index: the service's list reads it in order; a team's or a
    // worker's reads it in order too, filtering on the index alone (a team holds a good share of the open clocks).
    'CREATE INDEX {{t:deadline}}_open ON {{t:deadline}} (due_on, team, worker_id, child_id, clock_key) WHERE closed_on IS NULL',
    // Met or stopped, by the day: rates per period (met rows) and clocks still open on a past day (closed since).
    'CREATE INDEX {{t:deadline}}_closed ON {{t:deadline}} (closed_on) WHERE closed_on IS NOT NULL',
  ],
);

/** Column positions of a deadline row (see the columns above). */
const CLOCK_KEY = 1;
const CLOSED_ON = 14;
const TEAM = 15;
const WORKER_ID = 16;

/** A child's open clocks as stored: the rows that follow the child to a new owner. */
export const SELECT_OPEN_CLOCKS_SQL = `${DEADLINE_TABLE.selectByChildSql} AND closed_on IS NULL`;

export function clockKeyOf(row: FactRow): string {
  return row[CLOCK_KEY] as string;
}

export function isOpenClockRow(row: FactRow): boolean {
  return row[CLOSED_ON] === null;
}

/** An open clock's row with the child's current owner (whose lists it shows in), or the same row when unchanged. */
export function withOwner(row: FactRow, owner: CaseOwner | undefined): FactRow {
  const team = owner?.team ?? null;
  const workerId = owner?.workerId ?? null;
  if (row[TEAM] === team && row[WORKER_ID] === workerId) return row;
  const moved = [...row];
  moved[TEAM] = team;
  moved[WORKER_ID] = workerId;
  return moved;
}

export function openClockRow(childId: string, clock: TrackedClock, owner: CaseOwner): FactRow {
  return [
    childId,
    clock.key,
    clock.rule.id,
    clock.rule.edition,
    clock.clockVariant ?? null,
    clock.startedOn,
    clock.startedByType,
    clock.startedById ?? null,
    clock.dueOn,
    null,
    null,
    null,
    null,
    null,
    null,
    owner.team,
    owner.workerId,
  ];
}

/** The row of a clock once met or stopped: closing dates set, owner columns cleared (they are kept on open clocks). */
export function closedClockRow(change: ClockChange & { kind: 'met' | 'stopped' }, open: FactRow): FactRow {
  const met = change.kind === 'met';
  return [
    open[0] ?? null,
    open[1] ?? null,
    open[2] ?? null,
    open[3] ?? null,
    open[4] ?? null,
    open[5] ?? null,
    open[6] ?? null,
    open[7] ?? null,
    open[8] ?? null,
    met ? change.on : null,
    met ? (change.eventId ?? null) : null,
    met ? change.recordedAt || null : null,
    met ? null : change.on,
    met ? null : (change.eventId ?? null),
    change.on,
    null,
    null,
  ];
}

/** The rows a run of clock changes leaves, for comparing with what is stored after a replay. */
export function foldClockChanges(childId: string, changes: readonly ClockChange[], owner: CaseOwner, into: Map<ChildKey, FactRow>): void {
  for (const change of changes) {
    // The child's rows by clock key (DEADLINE_TABLE.childKeyOf).
    const key = change.clock.key;
    if (change.kind === 'opened') into.set(key, openClockRow(childId, change.clock, owner));
    else into.set(key, closedClockRow(change, into.get(key) ?? openClockRow(childId, change.clock, owner)));
  }
}

export type DeadlineStatus = 'open' | 'overdue' | 'met' | 'met_late' | 'stopped';

/** Where a clock stood on `asOf`: met or stopped only counts once it had happened by then. */
export function statusOn(row: { dueOn: IsoDate; metOn: IsoDate | null; stoppedOn: IsoDate | null }, asOf: IsoDate): DeadlineStatus {
  if (row.metOn !== null && row.metOn <= asOf) return row.metOn <= row.dueOn ? 'met' : 'met_late';
  if (row.stoppedOn !== null && row.stoppedOn <= asOf) return 'stopped';
  return row.dueOn < asOf ? 'overdue' : 'open';
}
