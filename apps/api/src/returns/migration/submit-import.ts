import type { CommandBus } from '@nestjs/cqrs';
import type { JourneyCommand } from '@cje/journey';
import type { ImportPlan, NotImported, PlannedChild } from '@cje/returns';
import type { Principal } from '../../auth/principal.js';
import { RecordJourneyCommand } from '../../children/command/record-journey-command.js';
import { RecordNewChildContact } from '../../children/command/record-new-child-contact.js';
import { ApiError } from '../../http/api-error.js';

export interface ImportSubmission {
  readonly childrenImported: number;
  /** Commands the machine recorded now. */
  readonly accepted: number;
  /** Commands whose id was recorded by an earlier import: nothing new was written. */
  readonly alreadyRecorded: number;
  /** Records the machine refused at submission, and those left out because an earlier command of the child was refused. */
  readonly refused: readonly NotImported[];
}

/**
 * Submits a planned import through the command bus, exactly as the API's routes do: the executor loads the child,
 * authorises the principal, decides with the journey and appends. Every event carries the plan's correlation id
 * (`migration:<system>:<digest of the files>`) and the command's deterministic id, so a second run of the same files
 * is answered from the store and records nothing twice.
 *
 * A child's commands are submitted in order and stop at the first refusal: what follows was planned on the history
 * the refused command would have made.
 */
export async function submitImport(commandBus: CommandBus, plan: ImportPlan, user: Principal): Promise<ImportSubmission> {
  let accepted = 0;
  let alreadyRecorded = 0;
  let childrenImported = 0;
  const refused: NotImported[] = [];
  for (const child of plan.children) {
    let anyRecorded = false;
    for (const [index, command] of child.commands.entries()) {
      try {
        const outcome = await submitOne(commandBus, child, command, index === 0, user);
        if (outcome.replayed) alreadyRecorded += 1;
        else accepted += 1;
        anyRecorded = true;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const record = sourceOf(child, command);
        refused.push({ record, reason: `${error.code}: ${error.detail}` });
        for (const later of child.commands.slice(index + 1)) {
          refused.push({ record: sourceOf(child, later), reason: `Not imported because ${record.item} (${record.file}) was refused` });
        }
        break;
      }
    }
    if (anyRecorded) childrenImported += 1;
  }
  return { childrenImported, accepted, alreadyRecorded, refused };
}

function submitOne(commandBus: CommandBus, child: PlannedChild, command: JourneyCommand, first: boolean, user: Principal) {
  const requestId = child.correlationId;
  if (first && command.type === 'RecordContact') {
    // The front door's own path (POST /children): the record is opened by whoever may open records. The source
    // holds no names, so person matching has nothing to match on; the legacy id is the child id.
    return commandBus.execute(
      new RecordNewChildContact({
        childId: child.childId,
        commandId: command.commandId,
        occurredAt: command.occurredAt,
        data: command.data,
        identity: {},
        confirmNewChild: true,
        user,
        requestId,
      }),
    );
  }
  return commandBus.execute(
    new RecordJourneyCommand({
      type: command.type,
      childId: child.childId,
      commandId: command.commandId,
      occurredAt: command.occurredAt,
      data: command.data,
      user,
      requestId,
      ...(first ? { newChild: true } : {}),
    }),
  );
}

function sourceOf(child: PlannedChild, command: JourneyCommand) {
  return child.migration.sources[command.commandId] ?? { file: 'plan', childId: child.childId, item: `${command.type} on ${command.occurredAt}` };
}
