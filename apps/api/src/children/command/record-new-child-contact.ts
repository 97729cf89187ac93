import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JourneyCommandDataMap } from '@cje/journey';
import { canOpenRecord, canSeeChild } from '../../auth/access-policy.js';
import type { Principal } from '../../auth/principal.js';
import { ApiError } from '../../http/api-error.js';
import { childIdForCommand } from '../child-id.js';
import { accessFactsOf, childExists } from '../child-record.js';
import { ChildRecords } from '../child-records.js';
import { personIdentityOf } from '../person-match/match-key.js';
import { PersonMatching } from '../person-match/person-matching.js';
import type { CommandOutcome } from './command-outcome.js';
import { JourneyCommandExecutor } from './journey-command-executor.js';
import type { JourneyCommandRequest } from './journey-command-request.js';

export interface NewChildContactRequest {
  /** The client's id for the child; the server makes one when it is absent. */
  readonly childId?: string;
  readonly commandId: string;
  readonly occurredAt: string;
  readonly data: JourneyCommandDataMap['RecordContact'];
  /** For person matching only; never recorded. */
  readonly identity: { readonly firstName?: string; readonly lastName?: string };
  /** The caller has seen the possible matches and says this is a different child. */
  readonly confirmNewChild: boolean;
  readonly user: Principal;
  readonly requestId: string;
}

/** POST /children: a contact about a child with no record yet, after person matching. */
export class RecordNewChildContact extends Command<CommandOutcome> {
  constructor(readonly request: NewChildContactRequest) {
    super();
  }
}

@CommandHandler(RecordNewChildContact)
export class RecordNewChildContactHandler implements ICommandHandler<RecordNewChildContact> {
  constructor(
    private readonly executor: JourneyCommandExecutor,
    private readonly records: ChildRecords,
    private readonly matching: PersonMatching,
  ) {}

  async execute({ request }: RecordNewChildContact): Promise<CommandOutcome> {
    const opening = canOpenRecord(request.user);
    if (!opening.allowed) throw new ApiError(403, 'FORBIDDEN', opening.reason);
    const childId = request.childId ?? childIdForCommand(request.commandId);
    const command: JourneyCommandRequest<'RecordContact'> = {
      type: 'RecordContact',
      childId,
      commandId: request.commandId,
      occurredAt: request.occurredAt,
      data: request.data,
      user: request.user,
      requestId: request.requestId,
      newChild: true,
    };
    // A retried command answers what its first attempt recorded, whatever has been filed since.
    if (childExists(await this.records.load(childId))) return this.executor.execute(command);

    const key = this.matching.keyOf(personIdentityOf(request.data, request.identity));
    if (key === null) return this.executor.execute(command);
    return this.matching.withMatches(key, async (matches, file) => {
      if (!request.confirmNewChild) {
        const visible = await this.visibleTo(request.user, matches.filter((id) => id !== childId));
        if (visible.length > 0) {
          throw new ApiError(
            409,
            'POSSIBLE_DUPLICATE_CHILD',
            `This child may already have a record: ${visible.length === 1 ? 'one record shares' : `${visible.length} records share`} the surname, date of birth and first initial. Record the contact on that record, or send confirmNewChild: true if this is a different child.`,
            { matchingChildIds: visible },
          );
        }
      }
      await file(childId);
      return this.executor.execute(command);
    });
  }

  /** Matches the caller may know about; others are never disclosed, not even that they exist. */
  private async visibleTo(user: Principal, childIds: readonly string[]): Promise<string[]> {
    const visible: string[] = [];
    for (const id of childIds) {
      const record = await this.records.load(id);
      if (childExists(record) && canSeeChild(user, accessFactsOf(record)).allowed) visible.push(id);
    }
    return visible;
  }
}
