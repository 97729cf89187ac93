import type { NewEvent } from '@cje/event-store';
import { type IsoDate, type WorkingDayCalendar, addDays, addYears, fromDayNumber, toDayNumber, weekdayOf, workingDayCalendar } from '@cje/timescales';
import { ChildRecord, type CountyTeams, DEFAULT_TEAMS, type JourneyContext, type PlannedEvent, contactCycle, followUps } from './child-journeys.js';
import { SeededRandom } from './seeded-random.js';

export interface CountyOptions {
  /** Stop once this many events are generated. */
  readonly events: number;
  /** First day of the history. */
  readonly from: IsoDate;
  readonly years: number;
  readonly seed: number;
  /** Contacts per working day; weekends get a third of it. Default: calibrated so `events` span `years`. */
  readonly contactsPerDay?: number;
  readonly teams?: CountyTeams;
  readonly calendar?: WorkingDayCalendar;
}

/** One append: the events one command records for one child. */
export interface CountyAppend {
  readonly streamId: string;
  readonly events: NewEvent[];
  /** The simulated day it is recorded. */
  readonly day: IsoDate;
}

export interface CountySummary {
  readonly events: number;
  readonly children: number;
  readonly contacts: number;
  readonly lastDay: IsoDate;
  readonly contactsPerDay: number;
  readonly byType: ReadonlyMap<string, number>;
}

interface Pending {
  readonly day: number;
  readonly seq: number;
  readonly child: ChildRecord | undefined;
  readonly events: PlannedEvent[];
  readonly index: number;
}

/** A binary min-heap by (day, seq). */
class Agenda {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: Pending): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as Pending, items[parent] as Pending)) break;
      [items[i], items[parent]] = [items[parent] as Pending, items[i] as Pending];
      i = parent;
    }
  }

  pop(): Pending | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l] as Pending, items[m] as Pending)) m = l;
        if (r < items.length && before(items[r] as Pending, items[m] as Pending)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as Pending, items[i] as Pending];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.day < b.day || (a.day === b.day && a.seq < b.seq);
}

/**
 * A county's log, day by day: contacts arrive (a quarter about children already known, once their last journey is
 * over), each child's journey unfolds, and every child's events go out in the order they are recorded, interleaved
 * with everyone else's, as a service's log is. Deterministic for a seed.
 */
export function* countyLog(options: CountyOptions, summary?: (s: CountySummary) => void): Generator<CountyAppend> {
  const calendar = options.calendar ?? workingDayCalendar();
  const random = new SeededRandom(options.seed);
  const ctx: JourneyContext = { random, calendar, teams: options.teams ?? DEFAULT_TEAMS };
  const rate = options.contactsPerDay ?? calibrate(options);
  const first = toDayNumber(options.from);
  const last = toDayNumber(addYears(options.from, options.years)) - 1;
  const agenda = new Agenda();
  const idle: ChildRecord[] = [];
  const byType = new Map<string, number>();
  let seq = 0;
  let children = 0;
  let contacts = 0;
  let emitted = 0;
  let lastDay = options.from;
  // Arrivals are an agenda item of their own, one per day, ahead of that day's events.
  agenda.push({ day: first, seq: seq++, child: undefined, events: [], index: 0 });

  const schedule = (child: ChildRecord, events: PlannedEvent[]): void => {
    const all = [...events, ...followUps(events, child, random)].sort((a, b) => (a.recordOn < b.recordOn ? -1 : a.recordOn > b.recordOn ? 1 : 0));
    const head = all[0];
    if (head === undefined) {
      idle.push(child);
      return;
    }
    agenda.push({ day: toDayNumber(head.recordOn), seq: seq++, child, events: all, index: 0 });
  };

  while (agenda.size > 0 && emitted < options.events) {
    const item = agenda.pop() as Pending;
    if (item.day > last) break;
    if (item.child === undefined) {
      const today = fromDayNumber(item.day);
      const weekday = weekdayOf(today) <= 5;
      const arrivals = random.poisson(weekday ? rate : rate / 3);
      for (let k = 0; k < arrivals; k++) {
        contacts += 1;
        const known = idle.length > 0 && random.chance(0.25) ? idle.splice(random.int(0, idle.length - 1), 1)[0] : undefined;
        if (known !== undefined && known.lastOn < today) {
          schedule(known, contactCycle(known, today, ctx));
          continue;
        }
        if (known !== undefined) idle.push(known);
        children += 1;
        const child = new ChildRecord(`c${children}`, dateOfBirth(random, today), today, random.chance(0.97));
        schedule(child, contactCycle(child, today, ctx));
      }
      agenda.push({ day: item.day + 1, seq: seq++, child: undefined, events: [], index: 0 });
      continue;
    }
    const child = item.child;
    // One command's events go out together.
    const head = item.events[item.index] as PlannedEvent;
    let end = item.index + 1;
    while (end < item.events.length && (item.events[end] as PlannedEvent).command === head.command) end += 1;
    const batch = item.events.slice(item.index, end);
    emitted += batch.length;
    lastDay = head.recordOn;
    for (const event of batch) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    yield { streamId: `child-${child.id}`, day: head.recordOn, events: batch.map(toNewEvent) };
    const next = item.events[end];
    if (next === undefined) idle.push(child);
    else agenda.push({ day: toDayNumber(next.recordOn), seq: seq++, child, events: item.events, index: end });
  }
  summary?.({ events: emitted, children, contacts, lastDay, contactsPerDay: rate, byType });
}

function toNewEvent(event: PlannedEvent): NewEvent {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: event.on,
      actor: event.actor,
      correlationId: event.command,
      causationId: event.command,
      schemaVersion: 1,
      machineVersion: 1,
    },
  };
}

/** Ages at first contact as services see them: a third under five, a quarter teenagers. Never 29 February. */
function dateOfBirth(random: SeededRandom, contactOn: IsoDate): IsoDate {
  const age = random.weighted([[random.int(0, 4), 0.3], [random.int(5, 9), 0.25], [random.int(10, 13), 0.2], [random.int(14, 17), 0.25]]);
  const dob = addDays(addYears(contactOn, -age), -random.int(1, 360));
  return dob.endsWith('-02-29') ? addDays(dob, 1) : dob;
}

/**
 * Contacts per working day that make `events` fill `years`: a small pilot county (one contact a day) measures the
 * events per contact over the same span.
 */
function calibrate(options: CountyOptions): number {
  let pilot: CountySummary | undefined;
  const generator = countyLog({ ...options, events: Number.MAX_SAFE_INTEGER, contactsPerDay: 1, seed: options.seed + 1 }, (s) => {
    pilot = s;
  });
  for (const append of generator) void append;
  const events = pilot?.events ?? 1;
  // A little over: the log stops at `events` exactly, rather than a few short of it on the last day.
  return Math.max(0.05, (options.events / events) * 1.05);
}
