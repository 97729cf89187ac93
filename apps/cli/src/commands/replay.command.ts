import { describeState } from '@cje/journey';
import { resolveRules, workingDayCalendar } from '@cje/timescales';
import { replayAsAt } from '../../../api/src/audit/replay/as-at.js';
import { isKnownInstant, knownInstant } from '../../../api/src/audit/http/known-instant.js';
import { isChildId } from '../../../api/src/children/child-id.js';
import { isStrictIsoDate } from '../../../api/src/children/dto/date-validators.js';
import { londonDate } from '../../../api/src/children/london-time.js';
import { openDeadlines } from '../../../api/src/children/query/child-deadlines.js';
import type { CliCommand } from '../cli-command.js';

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'Replay one child’s journey from the log as at a date (what had happened by then, as known then)',
  usage: 'replay --child <childId> [--effective YYYY-MM-DD] [--known <date or date-time>] [--json]',
  help: `Folds the child's events with the journey machine, from the log alone, and prints where the journey stood.

Options:
  --child <id>          the child (stream child-<id>)
  --effective <date>    what had happened by the end of this day (effective dates, corrections applied)
  --known <when>        only events and corrections recorded by then: a date (the end of that day in England)
                        or a date-time with its offset, e.g. 2025-03-01T17:00:00Z
  --json                print the replayed state as JSON

"What did we know on 1 March about what had happened by 1 February":
  cje replay --child 0b6c… --effective 2025-02-01 --known 2025-03-01

Exit status: 0 when replayed, 1 when the child has no record, 2 on bad usage.`,
  options: { child: { type: 'string' }, effective: { type: 'string' }, known: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, { openStore, out, err }) {
    const childId = args.child;
    if (typeof childId !== 'string' || !isChildId(childId)) {
      err(`--child <id> is required: letters, digits, _ . - (at most 64).\nUsage: cje ${replayCommand.usage}`);
      return 2;
    }
    const effective = typeof args.effective === 'string' ? args.effective : undefined;
    if (effective !== undefined && !isStrictIsoDate(effective)) {
      err(`--effective must be a date written YYYY-MM-DD, not '${String(args.effective)}'.`);
      return 2;
    }
    const knownText = typeof args.known === 'string' ? args.known : undefined;
    if (knownText !== undefined && !isKnownInstant(knownText)) {
      err(`--known must be a date (YYYY-MM-DD) or a date-time with its offset (e.g. 2025-03-01T17:00:00Z), not '${String(args.known)}'.`);
      return 2;
    }
    const known = knownText === undefined ? undefined : knownInstant(knownText);
    const store = await openStore();
    try {
      const stream = await store.readStream(`child-${childId}`);
      if (stream.length === 0) {
        err(`There is no record of child ${childId} in this store.`);
        return 1;
      }
      const replay = replayAsAt(stream, { effective, known });
      const state = describeState(replay.journey);
      const asOf = effective ?? londonDate(known ?? new Date());
      const deadlines = openDeadlines(replay.journey, asOf, resolveRules(), workingDayCalendar('england-and-wales'));
      const result = {
        childId,
        effective: effective ?? null,
        known: known?.toISOString() ?? null,
        asOf,
        eventsKnown: replay.eventsKnown,
        eventsApplied: replay.eventsApplied,
        revisionKnown: replay.revisionKnown,
        ...state,
        deadlines: deadlines.map((d) => ({ ruleId: d.ruleId, name: d.name, dueOn: d.dueOn, status: d.status })),
        issues: replay.issues,
      };
      if (args.json) {
        out(JSON.stringify(result, null, 2));
        return 0;
      }
      const dates = Object.entries(state.keyDates).filter(([, v]) => v !== null);
      out(
        [
          `Child ${childId} as at ${effective ?? 'today'}${known ? `, as known at ${known.toISOString()}` : ', as known now'}`,
          `  stage:         ${state.stage} (${state.stageLabel})`,
          `  open tracks:   ${state.openTracks.join(', ') || 'none'}`,
          `  events:        ${replay.eventsApplied} replayed of ${replay.eventsKnown} known (up to revision ${replay.revisionKnown})`,
          ...(state.allocation ? [`  allocated to:  ${state.allocation.workerId} (${state.allocation.teamId})`] : []),
          ...(dates.length ? ['  key dates:', ...dates.map(([k, v]) => `    ${k.padEnd(30)} ${v}`)] : []),
          ...(deadlines.length ? [`  deadlines on ${asOf}:`, ...deadlines.map((d) => `    ${d.dueOn} ${d.status.padEnd(8)} ${d.name}`)] : []),
          ...(replay.issues.length ? ['  not replayed:', ...replay.issues.map((i) => `    ${i.type} ${i.eventId}: ${i.reason}`)] : []),
        ].join('\n'),
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
