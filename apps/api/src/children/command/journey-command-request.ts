import type { JourneyCommandDataMap, JourneyCommandType } from '@cje/journey';
import type { Principal } from '../../auth/principal.js';

/** A journey command as it arrives over HTTP, after validation: the executor adds the actor, time and calendar. */
export interface JourneyCommandRequest<T extends JourneyCommandType = JourneyCommandType> {
  readonly type: T;
  readonly childId: string;
  readonly commandId: string;
  readonly occurredAt: string;
  readonly data: JourneyCommandDataMap[T];
  readonly user: Principal;
  /** The HTTP request id: every event of the command carries it as its correlation id. */
  readonly requestId: string;
  /** From `If-Match`: the revision the client saw. When the stream has moved on the command is refused, not retried. */
  readonly expectedRevision?: number;
  /** The command starts a new child's record (POST /children): the stream must not exist yet. */
  readonly newChild?: boolean;
}
