import type { NewEvent } from '@cje/event-store';
import { appendInOrder, planAppends } from './append-plan.js';

const shape = (plan: ReturnType<typeof planAppends>) => plan.map((p) => [p.streamId, p.events.length, p.expectedRevision]);

describe('planAppends', () => {
  it('fills streams of 100 events one after another, each append expecting the revision the last one left', () => {
    const plan = planAppends('run', 250, 50);
    expect(shape(plan)).toEqual([
      ['run-stream-0', 50, -1],
      ['run-stream-0', 50, 49],
      ['run-stream-1', 50, -1],
      ['run-stream-1', 50, 49],
      ['run-stream-2', 50, -1],
    ]);
  });

  it('gives each batch larger than a stream a stream of its own', () => {
    expect(shape(planAppends('big', 300, 150))).toEqual([
      ['big-stream-0', 150, -1],
      ['big-stream-1', 150, -1],
    ]);
  });

  it('runs the plan in order, each append with its expected revision, and answers the events written', async () => {
    const calls: [string, number, number][] = [];
    const append = async (streamId: string, events: readonly NewEvent[], expected: number) => void calls.push([streamId, events.length, expected]);
    expect(await appendInOrder(append, planAppends('run', 150, 50))).toBe(150);
    expect(calls).toEqual([
      ['run-stream-0', 50, -1],
      ['run-stream-0', 50, 49],
      ['run-stream-1', 50, -1],
    ]);
  });

  it('stops issuing appends once its time is up', async () => {
    const append = async () => undefined;
    expect(await appendInOrder(append, planAppends('late', 10, 1), performance.now() - 1)).toBe(0);
  });

  it('uses every event once, with ids unique to the prefix', () => {
    const ids = planAppends('p', 120, 7).flatMap((p) => p.events.map((e) => e.id));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(ids.every((id) => id.startsWith('p-'))).toBe(true);
  });
});
