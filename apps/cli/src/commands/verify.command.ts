import { type EventStore, type IntegrityReport } from '@cje/event-store';
import type { CliCommand } from '../cli-command.js';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Recompute the hash chains of one child or of the whole store; exit 1 when anything was altered',
  usage: 'verify [--child <childId> | --stream <streamId>] [--json]',
  help: `Checks that no event was changed, deleted or reordered since it was written.
Each stream's events form a SHA-256 chain; the whole log must have no holes in its order.

Options:
  --child <id>     verify one child's record (stream child-<id>)
  --stream <id>    verify one stream by its id
  --json           print the full report as JSON

Exit status: 0 when every chain is intact, 1 when a problem was found, 2 on bad usage.`,
  options: { child: { type: 'string' }, stream: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, { openStore, out }) {
    const streamId = typeof args.child === 'string' ? `child-${args.child}` : typeof args.stream === 'string' ? args.stream : undefined;
    const store: EventStore = await openStore();
    try {
      const report = streamId ? await store.verifyStream(streamId) : await store.verifyAll();
      if (args.json) out(JSON.stringify(report, null, 2));
      else out(describe(report, streamId));
      return report.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};

function describe(report: IntegrityReport, streamId: string | undefined): string {
  const scope = streamId ? `stream ${streamId}` : 'the whole store';
  const head = `${report.ok ? 'INTACT' : 'ALTERED'}: ${scope}: ${report.eventsChecked} events in ${report.streamsChecked} streams checked`;
  if (report.ok) return head;
  const lines = report.problems.map(
    (p) => `  - ${p.kind} in ${p.streamId || '(global order)'}${p.revision !== null ? ` at revision ${p.revision}` : ''}${p.position !== null ? ` (position ${p.position})` : ''}: ${p.detail}`,
  );
  return [head, `${report.problems.length} problem(s):`, ...lines].join('\n');
}
