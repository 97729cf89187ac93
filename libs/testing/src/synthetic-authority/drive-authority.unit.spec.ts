import { driveAuthority, type SubmitResult } from './drive-authority.js';
import type { GeneratedCommand } from './generated-command.js';

const actor = { userId: 'sw.north', role: 'SOCIAL_WORKER', team: 'north' };
const generated = (childId: string, n: number): GeneratedCommand => ({
  command: { type: 'RecordCinVisit', commandId: `cmd-${childId}-${n}`, childId, occurredAt: '2025-03-03', actor, data: { childSeen: true, seenAlone: false } },
  recordedAt: `2025-03-03T10:${String(n).padStart(2, '0')}:00Z`,
  newChild: null,
  events: [{ type: 'CinVisitMade', data: { childSeen: true, seenAlone: false }, occurredAt: '2025-03-03', machineVersion: 1 }],
});

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('driveAuthority', () => {
  it('Given a submitter that refuses some commands, Then it counts accepted and rejected by code, with the first rejections by id', async () => {
    const commands = [generated('a', 1), generated('b', 2), generated('a', 3), generated('c', 4)];
    const answers: SubmitResult[] = [
      { ok: true },
      { ok: false, code: 'ILLEGAL_TRANSITION', reason: 'No plan is open' },
      { ok: true },
      { ok: false, code: 'ILLEGAL_TRANSITION', reason: 'No plan is open' },
    ];
    let i = 0;
    const statistics = await driveAuthority(commands, async () => answers[i++]!);
    expect(statistics).toMatchObject({ submitted: 4, accepted: 2, rejected: 2, rejectedByCode: { ILLEGAL_TRANSITION: 2 } });
    expect(statistics.rejections.map((r) => r.commandId)).toEqual(['cmd-b-2', 'cmd-c-4']);
  });

  it('Given one command at a time, Then commands are submitted in the order given', async () => {
    const order: string[] = [];
    const commands = [generated('a', 1), generated('b', 2), generated('a', 3)];
    await driveAuthority(commands, async (g) => {
      order.push(g.command.commandId);
      await tick();
      return { ok: true };
    });
    expect(order).toEqual(['cmd-a-1', 'cmd-b-2', 'cmd-a-3']);
  });

  it('Given several in flight, Then one child’s commands still go one after another in order while other children overlap', async () => {
    const started: string[] = [];
    const running = new Set<string>();
    let overlapSeen = false;
    const commands = [generated('a', 1), generated('a', 2), generated('b', 3), generated('a', 4), generated('c', 5)];
    const statistics = await driveAuthority(
      commands,
      async (g) => {
        const child = g.command.childId;
        expect(running.has(child)).toBe(false);
        running.add(child);
        if (running.size > 1) overlapSeen = true;
        started.push(g.command.commandId);
        await tick();
        await tick();
        running.delete(child);
        return { ok: true };
      },
      { concurrency: 3 },
    );
    expect(statistics.accepted).toBe(5);
    expect(started.filter((id) => id.startsWith('cmd-a'))).toEqual(['cmd-a-1', 'cmd-a-2', 'cmd-a-4']);
    expect(overlapSeen).toBe(true);
  });

  it('Given a submitter that fails (not a refusal), Then the drive stops with that error', async () => {
    const commands = [generated('a', 1), generated('b', 2)];
    await expect(
      driveAuthority(commands, async () => {
        throw new Error('store unavailable');
      }),
    ).rejects.toThrow('store unavailable');
    await expect(
      driveAuthority(
        commands,
        async () => {
          throw new Error('store unavailable');
        },
        { concurrency: 2 },
      ),
    ).rejects.toThrow('store unavailable');
  });

  it('Given an async source, Then it is drained and progress is reported', async () => {
    async function* source(): AsyncGenerator<GeneratedCommand> {
      for (let n = 1; n <= 5; n++) yield generated('a', n);
    }
    const progress: number[] = [];
    const statistics = await driveAuthority(source(), async () => ({ ok: true }), { progressEvery: 2, onProgress: (s) => progress.push(s.submitted) });
    expect(statistics.submitted).toBe(5);
    expect(progress).toEqual([2, 4]);
  });
});
