import { eventHash, type RecordedEvent } from '@cje/event-store';
import { decide, emptyJourney, evolve, type JourneyActor, type JourneyCommand, type JourneyState } from '@cje/journey';
import { CTX } from '../../../../../libs/journey/src/testing/journey-fixtures.contract.js';

/** A command as a worker gave it: what, when it happened, when the system recorded it, and who. Test-only. */
export interface RecordedStep {
  readonly command: JourneyCommand;
  /** System time of recording (ISO 8601). */
  readonly recordedAt: string;
  readonly actor?: { readonly userId: string; readonly role: string; readonly team: string };
}

/**
 * Builds a child's stream the way the command side records it: each command decided on the history so far (it must
 * be accepted), its events given ids `<commandId>:<n>`, revisions, positions, recordedAt and a real hash chain.
 */
export function recordedStream(childId: string, steps: readonly RecordedStep[]): RecordedEvent[] {
  const streamId = `child-${childId}`;
  const stream: RecordedEvent[] = [];
  let state: JourneyState = emptyJourney();
  for (const step of steps) {
    const result = decide(state, step.command, CTX);
    if (!result.ok) throw new Error(`${step.command.type} was refused: ${result.rejection.reason}`);
    const actor = step.actor ?? fromJourneyActor(step.command.actor);
    result.events.forEach((draft, index) => {
      const revision = stream.length;
      const metadata = {
        occurredAt: draft.occurredAt,
        actor,
        correlationId: `req-${step.command.commandId}`,
        causationId: step.command.commandId,
        schemaVersion: 1,
        machineVersion: draft.machineVersion,
      };
      const id = `${step.command.commandId}:${index}`;
      const prevHash = stream.at(-1)?.metadata.hash ?? '';
      const hash = eventHash({ id, type: draft.type, data: draft.data, streamId, revision, recordedAt: step.recordedAt, metadata }, prevHash);
      stream.push({
        id,
        type: draft.type,
        data: draft.data,
        metadata: { ...metadata, streamId, revision, position: revision + 1, recordedAt: step.recordedAt, prevHash, hash },
      });
    });
    state = evolve(state, result.events.map((d, i) => ({ ...d, id: `${step.command.commandId}:${i}`, recordedAt: step.recordedAt })));
  }
  return stream;
}

function fromJourneyActor(actor: JourneyActor) {
  return { userId: actor.userId, role: actor.role.toLowerCase(), team: actor.team };
}
