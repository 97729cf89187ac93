import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from './command-outcome.js';
import { JourneyCommandExecutor } from './journey-command-executor.js';
import type { JourneyCommandRequest } from './journey-command-request.js';

/** A journey command on an existing child (every route under /children/:childId/). */
export class RecordJourneyCommand extends Command<CommandOutcome> {
  constructor(readonly request: JourneyCommandRequest) {
    super();
  }
}

@CommandHandler(RecordJourneyCommand)
export class RecordJourneyCommandHandler implements ICommandHandler<RecordJourneyCommand> {
  constructor(private readonly executor: JourneyCommandExecutor) {}

  execute(command: RecordJourneyCommand): Promise<CommandOutcome> {
    return this.executor.execute(command.request);
  }
}
