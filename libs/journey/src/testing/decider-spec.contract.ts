import { decide, type DecideContext } from '../decide.js';
import type { JourneyCommand } from '../journey-command.js';
import type { JourneyEvent, JourneyEventDraft } from '../journey-event.js';
import { emptyJourney, evolve, fold, type JourneyState } from '../journey-state.js';
import type { RejectionCode } from '../rejection.js';
import { CTX } from './journey-fixtures.contract.js';

/**
 * Given-When-Then for the journey decider.
 *   given(...commands or events)  history, built by deciding each command (it must be accepted) or taking events as recorded
 *   .when(command)
 *   .then(...expected events)      each a type, or a type with the data fields that matter
 *   .thenRejected(code, reason)    reason: a substring or pattern of the social worker's message
 */
export type ExpectedEvent = JourneyEventDraft['type'] | { readonly type: JourneyEventDraft['type']; readonly data?: Readonly<Record<string, unknown>>; readonly occurredAt?: string };

/** Applies accepted drafts the way the app does: ids derived from the command id. */
export function record(state: JourneyState, commandId: string, drafts: readonly JourneyEventDraft[]): JourneyState {
  return evolve(state, drafts.map((d, i) => ({ ...d, id: `${commandId}:${i}` })));
}

export function historyOf(steps: readonly (JourneyCommand | JourneyEvent)[], ctx: DecideContext = CTX): JourneyState {
  let state = emptyJourney();
  for (const s of steps) {
    if ('commandId' in s) {
      const result = decide(state, s, ctx);
      if (!result.ok) throw new Error(`Given step ${s.type} was rejected: ${result.rejection.code} ${result.rejection.reason}`);
      state = record(state, s.commandId, result.events);
    } else {
      state = evolve(state, [s]);
    }
  }
  return state;
}

export function given(...steps: (JourneyCommand | JourneyEvent)[]) {
  return {
    withContext(ctx: DecideContext) {
      return whenStep(historyOf(steps, ctx), ctx);
    },
    ...whenStep(historyOf(steps), CTX),
    state: () => historyOf(steps),
  };
}

function whenStep(state: JourneyState, ctx: DecideContext) {
  return {
    when(command: JourneyCommand) {
      const result = decide(state, command, ctx);
      return {
        then(...expected: ExpectedEvent[]): JourneyState {
          if (!result.ok) throw new Error(`Expected events but was rejected: ${result.rejection.code} ${result.rejection.reason}`);
          expect(result.events.map((e) => e.type)).toEqual(expected.map((x) => (typeof x === 'string' ? x : x.type)));
          expected.forEach((x, i) => {
            if (typeof x === 'string') return;
            const actual = result.events[i]!;
            if (x.data) expect(actual.data).toMatchObject(x.data);
            if (x.occurredAt) expect(actual.occurredAt).toBe(x.occurredAt);
          });
          const next = record(state, command.commandId, result.events);
          // The journey the decision hands back is the one evolving the events gives.
          expect(result.next.value).toEqual(next.value);
          expect(result.next.context).toEqual(next.context);
          expect(result.next.events.map((e) => e.id)).toEqual(next.events.map((e) => e.id));
          expect(result.next.issues).toEqual(next.issues);
          // Every accepted history must replay to the same journey.
          expect(next.issues).toEqual([]);
          expect(fold(next.events).context).toEqual(next.context);
          return next;
        },
        thenRejected(code: RejectionCode, reason?: string | RegExp): void {
          if (result.ok) throw new Error(`Expected rejection ${code} but got ${result.events.map((e) => e.type).join(', ')}`);
          expect(result.rejection.code).toBe(code);
          if (typeof reason === 'string') expect(result.rejection.reason).toContain(reason);
          else if (reason) expect(result.rejection.reason).toMatch(reason);
        },
      };
    },
  };
}
