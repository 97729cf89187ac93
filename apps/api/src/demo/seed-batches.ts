import type { StreamAppend } from '@cje/event-store';
import { generateAuthority, type AuthorityOptions, type CommandDecider, type DriveRejection, type GenerationReport } from '@cje/testing';
import { workingDayCalendar, type WorkingDayCalendar } from '@cje/timescales';
import { canOpenRecord } from '../auth/access-policy.js';
import type { Principal } from '../auth/principal.js';
import { childStreamId } from '../children/child-id.js';
import type { ChildRecord, RecordedCommand } from '../children/child-record.js';
import type { JourneyCommandRequest } from '../children/command/journey-command-request.js';
import { admitCommand, decideCommand, eventsOfCommand } from '../children/command/journey-decision.js';
import { personIdentityOf, type PersonIdentity } from '../children/person-match/match-key.js';
import { ApiError } from '../http/api-error.js';
import { principalFor } from './demo-authority.js';

export interface SeedBatchOptions {
  /** The synthetic authority to seed (its decider is the seed's own: see produceSeedBatches). */
  readonly authority: Omit<AuthorityOptions, 'decide'>;
  /** Correlation id of every event, as the request id of a command over HTTP. */
  readonly requestId: string;
  /** The command side's clock: the journey refuses effective dates after it. */
  readonly now: () => Date;
  /** Default: the calendar the API's command side decides with (England and Wales). */
  readonly calendar?: WorkingDayCalendar;
  /** Events per batch (one `appendBatch`, one transaction). */
  readonly batchEvents: number;
}

/** A new child's record, for its person-match key: the names stay in memory and are never written or logged. */
export interface NewChildIdentity {
  readonly childId: string;
  readonly identity: PersonIdentity;
}

/** What one transaction writes: appends with their exact expected revisions, and the new children among them. */
export interface SeedBatch {
  readonly appends: StreamAppend[];
  readonly newChildren: NewChildIdentity[];
  commands: number;
  events: number;
  /** Commands refused so far in the whole seed (for progress reports). */
  rejectedSoFar: number;
}

export interface ProductionStatistics {
  rejected: number;
  readonly rejectedByCode: Record<string, number>;
  /** The first refusals (at most 20), ids only. */
  readonly rejections: DriveRejection[];
  stoppedEarly: boolean;
  /** What the generation made: volumes by type, open cases at the start, commands left as not yet typed up. */
  report: GenerationReport | null;
}

export interface ProductionControl {
  /** Checked between commands: true ends the production after the batch under way. */
  stopped(): boolean;
  /** Longest stretch of work before the event loop gets a turn, so an API in the same thread answers. */
  readonly sliceMs: number;
}

const SAMPLES = 20;
const NO_COMMANDS: ReadonlyMap<string, RecordedCommand> = new Map();

/** What the seed knows of a child between its commands; the journey itself is the generation's fold. */
interface SeededChild {
  /** Team of whoever opened the record: the owning team while the case is unallocated. */
  readonly team: string;
  /** Last revision decided (the generation may decide commands it never yields: work not yet typed up). */
  decided: number;
  /** Last revision put in a batch. */
  written: number;
}

/**
 * Generates the synthetic authority and decides each of its commands exactly as the command side decides one
 * (`admitCommand`, `decideCommand`, `eventsOfCommand`: access policy, the journey's `decide` as of `now`, the same
 * envelope, ids and correlation), handing the accepted commands' events to `emit` in batches of about
 * `batchEvents` events. The seed is the generation's decider (`AuthorityOptions.decide`): the generation already
 * holds each child's journey, folded from exactly the events decided here, so nothing is loaded or folded again and
 * each command is decided once. A refused command is counted (like driveAuthority counts it) and never written; the
 * generation's story for that child adapts. Framework-free, so it runs in a worker thread as well as in the API's.
 */
export async function produceSeedBatches(options: SeedBatchOptions, emit: (batch: SeedBatch) => Promise<void>, control: ProductionControl): Promise<ProductionStatistics> {
  const { requestId } = options;
  const calendar = options.calendar ?? workingDayCalendar('england-and-wales');
  const statistics: ProductionStatistics = { rejected: 0, rejectedByCode: {}, rejections: [], stoppedEarly: false, report: null };
  const children = new Map<string, SeededChild>();
  const requestOf = (command: Parameters<CommandDecider>[1], user: Principal, newChild: boolean): JourneyCommandRequest => ({
    type: command.type,
    childId: command.childId,
    commandId: command.commandId,
    occurredAt: command.occurredAt,
    data: command.data,
    user,
    requestId,
    ...(newChild ? { newChild: true } : {}),
  });

  const decider: CommandDecider = (journey, command, moment) => {
    const user = principalFor(command.actor);
    const known = children.get(command.childId);
    try {
      // The new-child path's own check, before person matching and the executor (RecordNewChildContactHandler).
      if (moment.newChild) {
        const opening = canOpenRecord(user);
        if (!opening.allowed) throw new ApiError(403, 'FORBIDDEN', opening.reason);
      }
      const record: ChildRecord = {
        childId: command.childId,
        streamId: childStreamId(command.childId),
        revision: known?.decided ?? -1,
        position: 0,
        journey,
        firstRecordedByTeam: known?.team ?? null,
        commands: NO_COMMANDS,
      };
      const request = requestOf(command, user, moment.newChild);
      // Never an earlier outcome: the generation's command ids are new, and seeding runs on an empty store.
      admitCommand(request, record);
      const { events: drafts, next } = decideCommand(request, journey, options.now(), calendar);
      if (known) known.decided += drafts.length;
      else children.set(command.childId, { team: user.team, decided: drafts.length - 1, written: -1 });
      return { ok: true, events: drafts, next };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      statistics.rejected++;
      statistics.rejectedByCode[error.code] = (statistics.rejectedByCode[error.code] ?? 0) + 1;
      if (statistics.rejections.length < SAMPLES) {
        statistics.rejections.push({ commandId: command.commandId, childId: command.childId, type: command.type, code: error.code, reason: error.detail });
      }
      return { ok: false, code: error.code, reason: error.detail };
    }
  };

  const emptyBatch = (): SeedBatch => ({ appends: [], newChildren: [], commands: 0, events: 0, rejectedSoFar: 0 });
  let batch = emptyBatch();
  const flush = async (): Promise<void> => {
    if (batch.commands === 0) return;
    const full = batch;
    full.rejectedSoFar = statistics.rejected;
    batch = emptyBatch();
    await emit(full);
  };

  const authority = generateAuthority({ ...options.authority, decide: decider });
  const commands = authority[Symbol.iterator]();
  let sliceStart = performance.now();
  for (let next = commands.next(); next.done !== true; next = commands.next()) {
    const generated = next.value;
    const { command } = generated;
    const child = children.get(command.childId);
    if (!child) throw new Error('the generation yielded a command the seed never decided');
    const events = eventsOfCommand(requestOf(command, principalFor(command.actor), generated.newChild !== null), generated.events);
    batch.appends.push({ streamId: childStreamId(command.childId), events, expectedRevision: child.written < 0 ? 'no_stream' : child.written });
    child.written += events.length;
    batch.commands++;
    batch.events += events.length;
    if (generated.newChild !== null && command.type === 'RecordContact') {
      const names = { firstName: generated.newChild.firstName ?? undefined, lastName: generated.newChild.lastName };
      batch.newChildren.push({ childId: command.childId, identity: personIdentityOf(command.data, names) });
    }
    if (batch.events >= options.batchEvents) await flush();
    if (performance.now() - sliceStart >= control.sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    if (control.stopped()) {
      statistics.stoppedEarly = true;
      break;
    }
  }
  await flush();
  statistics.report = authority.report;
  return statistics;
}
