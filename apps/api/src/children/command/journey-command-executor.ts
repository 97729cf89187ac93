import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ConcurrencyError, type EventStore, type NewEvent } from '@cje/event-store';
import { decide, MACHINE_VERSION, type JourneyCommand, type JourneyEventDraft } from '@cje/journey';
import { WorkingDayCalendar } from '@cje/timescales';
import { canActOnChild, canSeeChild } from '../../auth/access-policy.js';
import { ApiError, ChildNotFoundError } from '../../http/api-error.js';
import { EVENT_STORE } from '../../store/event-store.token.js';
import { ChildJourneyAdvanced } from '../child-journey-advanced.event.js';
import { accessFactsOf, childExists, summarise, withRecordedEvents, type ChildRecord, type RecordedCommand } from '../child-record.js';
import { ChildRecords } from '../child-records.js';
import { Clock } from '../clock.js';
import { journeyActor, storeActor } from '../journey-actor.js';
import { KeyedLock } from '../keyed-lock.js';
import { londonDateTime } from '../london-time.js';
import { rejectionProblem } from '../rejection-problem.js';
import type { CommandOutcome } from './command-outcome.js';
import type { JourneyCommandRequest } from './journey-command-request.js';

/** How often a command is decided again when another writer moved the stream first. */
export const MAX_ATTEMPTS = 5;
/** Shape version of the envelope this build writes. */
export const SCHEMA_VERSION = 1;

/**
 * Runs one journey command against a child's stream: load (through the cache), authorise, answer a repeated
 * command id with its original result, decide, append at the revision the decision was made on. When another writer
 * got there first the command is decided again on the newer history, a few times at most; a client that sent
 * If-Match asked to decide for itself, so it gets the conflict instead.
 */
@Injectable()
export class JourneyCommandExecutor {
  private readonly perChild = new KeyedLock();

  constructor(
    private readonly records: ChildRecords,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: WorkingDayCalendar,
    private readonly eventBus: EventBus,
  ) {}

  /**
   * Commands about one child run one at a time in this process: they would only conflict otherwise. Writers in
   * other processes are caught by the revision check on append, and the command is decided again.
   */
  execute(request: JourneyCommandRequest): Promise<CommandOutcome> {
    return this.perChild.run(request.childId, () => this.decideAndRecord(request));
  }

  private async decideAndRecord(request: JourneyCommandRequest): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const record = await this.records.load(request.childId);
      const earlier = this.admit(request, record);
      if (earlier) return earlier;
      const drafts = this.decide(request, record);
      try {
        return await this.commit(request, record, drafts);
      } catch (error) {
        const retry = error instanceof ConcurrencyError && request.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  /** Authorises the command on this record; answers the original outcome when the command id was recorded before. */
  private admit(request: JourneyCommandRequest, record: ChildRecord): CommandOutcome | undefined {
    if (!childExists(record)) {
      // A new child's record is authorised by whoever opens it (canOpenRecord); any other command needs a child.
      if (request.newChild) return undefined;
      throw new ChildNotFoundError(request.childId);
    }
    const facts = accessFactsOf(record);
    const earlier = record.commands.get(request.commandId);
    if (request.newChild) {
      const seen = canSeeChild(request.user, facts);
      if (earlier && seen.allowed) return { ...outcomeOf(record.childId, earlier), replayed: true };
      throw new ApiError(409, 'CHILD_ID_IN_USE', 'A child record with this id exists already. Leave childId out to have one made, or record the contact on the existing record.');
    }
    const decision = canActOnChild(request.user, facts, request.type);
    if (!decision.allowed) {
      if (decision.hide) throw new ChildNotFoundError(request.childId);
      throw new ApiError(403, 'FORBIDDEN', decision.reason);
    }
    if (earlier) return { ...outcomeOf(record.childId, earlier), replayed: true };
    if (request.expectedRevision !== undefined && request.expectedRevision !== record.revision) {
      throw new ApiError(409, 'WRONG_EXPECTED_REVISION', 'Someone else changed this record since you loaded it. Nothing you sent was saved: reload and try again.', {
        expectedRevision: request.expectedRevision,
        actualRevision: record.revision,
      });
    }
    return undefined;
  }

  private decide(request: JourneyCommandRequest, record: ChildRecord): readonly JourneyEventDraft[] {
    const command = {
      type: request.type,
      commandId: request.commandId,
      childId: request.childId,
      occurredAt: request.occurredAt,
      actor: journeyActor(request.user),
      data: request.data,
    } as JourneyCommand;
    const result = decide(record.journey, command, {
      now: londonDateTime(this.clock.now()),
      isWorkingDay: (date) => this.calendar.isWorkingDay(date),
    });
    if (!result.ok) throw rejectionProblem(result.rejection, request.type);
    return result.events;
  }

  private async commit(request: JourneyCommandRequest, record: ChildRecord, drafts: readonly JourneyEventDraft[]): Promise<CommandOutcome> {
    const events: NewEvent[] = drafts.map((draft, index) => ({
      id: `${request.commandId}:${index}`,
      type: draft.type,
      data: draft.data,
      metadata: {
        occurredAt: draft.occurredAt,
        actor: storeActor(request.user),
        correlationId: request.requestId,
        causationId: request.commandId,
        schemaVersion: SCHEMA_VERSION,
        machineVersion: MACHINE_VERSION,
      },
    }));
    const result = await this.store.append(record.streamId, events, {
      expectedRevision: childExists(record) ? record.revision : 'no_stream',
    });
    // For a concurrent repeat of the same command the store answers the events first recorded: report those.
    const last = result.events.at(-1)?.metadata;
    const outcome: CommandOutcome = {
      childId: record.childId,
      commandId: request.commandId,
      revision: last?.revision ?? result.nextExpectedRevision,
      position: last?.position ?? result.position,
      events: result.events.map(summarise),
      replayed: result.idempotentReplay,
    };
    if (!result.idempotentReplay) {
      this.records.remember(withRecordedEvents(record, result.events));
      this.eventBus.publish(new ChildJourneyAdvanced(outcome));
    }
    return outcome;
  }
}

function outcomeOf(childId: string, recorded: RecordedCommand): Omit<CommandOutcome, 'replayed'> {
  return { childId, commandId: recorded.commandId, revision: recorded.revision, position: recorded.position, events: recorded.events };
}
