import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ConcurrencyError, type EventStore } from '@cje/event-store';
import type { JourneyEventDraft } from '@cje/journey';
import { WorkingDayCalendar } from '@cje/timescales';
import { EVENT_STORE } from '../../store/event-store.token.js';
import { ChildJourneyAdvanced } from '../child-journey-advanced.event.js';
import { childExists, summarise, withRecordedEvents, type ChildRecord } from '../child-record.js';
import { ChildRecords } from '../child-records.js';
import { Clock } from '../clock.js';
import { KeyedLock } from '../keyed-lock.js';
import type { CommandOutcome } from './command-outcome.js';
import type { JourneyCommandRequest } from './journey-command-request.js';
import { admitCommand, decideCommand, eventsOfCommand } from './journey-decision.js';

/** How often a command is decided again when another writer moved the stream first. */
export const MAX_ATTEMPTS = 5;
/** Shape version of the envelope this build writes (defined with the rest of the decision). */
export { SCHEMA_VERSION } from './journey-decision.js';

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
      const earlier = admitCommand(request, record);
      if (earlier) return earlier;
      // The journey after them is evolved from the stored events once appended (with their recording times).
      const drafts = decideCommand(request, record.journey, this.clock.now(), this.calendar).events;
      try {
        return await this.commit(request, record, drafts);
      } catch (error) {
        const retry = error instanceof ConcurrencyError && request.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  private async commit(request: JourneyCommandRequest, record: ChildRecord, drafts: readonly JourneyEventDraft[]): Promise<CommandOutcome> {
    const events = eventsOfCommand(request, drafts);
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
