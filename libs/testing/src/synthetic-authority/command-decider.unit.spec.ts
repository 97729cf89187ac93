import { decide, type JourneyCommandType } from '@cje/journey';
import { workingDayCalendar } from '@cje/timescales';
import type { CommandDecider } from './command-decider.js';
import { generateAuthority } from './generate-authority.js';
import type { GeneratedCommand } from './generated-command.js';

const calendar = workingDayCalendar();
const isWorkingDay = (date: string): boolean => calendar.isWorkingDay(date);
interface Call {
  readonly type: JourneyCommandType;
  readonly newChild: boolean;
  readonly childId: string;
  readonly commandId: string;
}

const OPTIONS = { seed: 'decider', endDate: '2026-03-31', years: 0.25, scale: 0.03, openCasesAtStart: false } as const;

/** The journey's own decision, as the generation makes it without a decider, counting what it is asked. */
function journeyDecider(calls: Call[], refuse?: JourneyCommandType): CommandDecider {
  return (state, command, moment) => {
    calls.push({ type: command.type, newChild: moment.newChild, childId: command.childId, commandId: command.commandId });
    if (command.type === refuse) return { ok: false, code: 'NOT_HERE', reason: `${refuse} is refused in this test` };
    const result = decide(state, command, { now: moment.recordedAt, isWorkingDay });
    return result.ok ? result : { ok: false, code: result.rejection.code, reason: result.rejection.reason };
  };
}

describe('generateAuthority with a decider of its own', () => {
  const plain: GeneratedCommand[] = [...generateAuthority(OPTIONS)];

  it('Given a decider that decides as the journey does, Then the commands are the same and each was decided once, in order', () => {
    const calls: Call[] = [];
    const decided = [...generateAuthority({ ...OPTIONS, decide: journeyDecider(calls) })];
    expect(JSON.stringify(decided)).toBe(JSON.stringify(plain));
    // Every yielded command was decided once (a few more are decided but recorded after the end date: not yet typed up),
    // and a child's commands are yielded in the order they were decided.
    const decidedAt = new Map(calls.map((c, i) => [c.commandId, i]));
    expect(decidedAt.size).toBe(calls.length);
    const lastOfChild = new Map<string, number>();
    for (const { command } of decided) {
      const at = decidedAt.get(command.commandId);
      expect(at).toBeDefined();
      expect(at!).toBeGreaterThan(lastOfChild.get(command.childId) ?? -1);
      lastOfChild.set(command.childId, at!);
    }
    const newChildren = calls.filter((c) => c.newChild);
    expect(newChildren.length).toBe(new Set(calls.map((c) => c.childId)).size);
    expect(newChildren.every((c) => c.type === 'RecordContact')).toBe(true);
    for (const g of decided) expect(g.events.length).toBeGreaterThan(0);
  });

  it('Given a decider that refuses a kind of command, Then none is yielded, the report counts them, and the rest still follows the journey', () => {
    const calls: Call[] = [];
    const authority = generateAuthority({ ...OPTIONS, decide: journeyDecider(calls, 'RecordSupervision') });
    const decided = [...authority];
    const refused = calls.filter((c) => c.type === 'RecordSupervision').length;
    expect(refused).toBeGreaterThan(0);
    expect(decided.some((g) => g.command.type === 'RecordSupervision')).toBe(false);
    expect(authority.report?.refusedByDecide).toEqual({ NOT_HERE: refused });
    expect(authority.report?.refusalSamples[0]).toEqual({ type: 'RecordSupervision', code: 'NOT_HERE', reason: 'RecordSupervision is refused in this test' });
    expect(decided.length).toBeGreaterThan(plain.length * 0.5);
  });

  it('Then each yielded command carries the events it was accepted with', () => {
    const { command, events } = plain.find((g) => g.command.type === 'RecordMashDecision')!;
    expect(events.map((e) => e.type)).toEqual(['MashDecisionMade']);
    expect(events[0]?.occurredAt).toBe(command.occurredAt);
  });
});
