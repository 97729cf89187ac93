import { type CommitOutcome, GroupCommitter } from './sqlite-group-commit.js';

/** A commit that records each group it is given and answers each item doubled, or fails the items named "bad". */
function recordingCommitter(options: { grouped?: boolean; maxGroupSize?: number } = {}) {
  const groups: string[][] = [];
  const committer = new GroupCommitter<string, string>(
    (items) => {
      groups.push([...items]);
      return items.map((item): CommitOutcome<string> => (item.startsWith('bad') ? { ok: false, error: new Error(`${item} refused`) } : { ok: true, value: item + item }));
    },
    { grouped: options.grouped ?? true, maxGroupSize: options.maxGroupSize ?? 100 },
  );
  return { committer, groups };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('commits everything submitted in the same turn as one group, in order of submission', async () => {
    const { committer, groups } = recordingCommitter();
    const results = await Promise.all(['a', 'b', 'c'].map((item) => committer.submit(item)));
    expect(results).toEqual(['aa', 'bb', 'cc']);
    expect(groups).toEqual([['a', 'b', 'c']]);
  });

  it('lets callers several awaits deep join the group of the same turn', async () => {
    const { committer, groups } = recordingCommitter();
    const deep = async (item: string): Promise<string> => {
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
      return committer.submit(item);
    };
    await Promise.all([committer.submit('first'), deep('later')]);
    expect(groups).toEqual([['first', 'later']]);
  });

  it('settles nothing before the group is committed', async () => {
    const { committer, groups } = recordingCommitter();
    let settled = false;
    const pending = committer.submit('a').then(() => (settled = true));
    await Promise.resolve();
    expect(groups).toEqual([]);
    expect(settled).toBe(false);
    await pending;
    expect(settled).toBe(true);
  });

  it('gives a sequential writer a group of its own for every item', async () => {
    const { committer, groups } = recordingCommitter();
    for (const item of ['a', 'b', 'c']) await committer.submit(item);
    expect(groups).toEqual([['a'], ['b'], ['c']]);
  });

  it('rejects only the item whose outcome failed', async () => {
    const { committer } = recordingCommitter();
    const outcomes = await Promise.allSettled(['a', 'bad-1', 'c'].map((item) => committer.submit(item)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['aa', 'bad-1 refused', 'cc']);
  });

  it('rejects every item of a group whose commit throws, and carries on with the next group', async () => {
    let failing = true;
    const committer = new GroupCommitter<string, string>(
      (items) => {
        if (failing) throw new Error('disk full');
        return items.map((item) => ({ ok: true, value: item }));
      },
      { grouped: true, maxGroupSize: 100 },
    );
    const outcomes = await Promise.allSettled([committer.submit('a'), committer.submit('b')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    failing = false;
    await expect(committer.submit('c')).resolves.toBe('c');
  });

  it('splits a burst larger than the group size over several commits', async () => {
    const { committer, groups } = recordingCommitter({ maxGroupSize: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => committer.submit(item)));
    expect(groups).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('commits each item at once, in the call, when grouping is off', async () => {
    const { committer, groups } = recordingCommitter({ grouped: false });
    const both = [committer.submit('a'), committer.submit('b')];
    expect(groups).toEqual([['a'], ['b']]);
    expect(await Promise.all(both)).toEqual(['aa', 'bb']);
  });

  it('flush() commits what is waiting straight away, and the scheduled turn finds nothing left', async () => {
    const { committer, groups } = recordingCommitter();
    const pending = [committer.submit('a'), committer.submit('b')];
    committer.flush();
    expect(groups).toEqual([['a', 'b']]);
    expect(await Promise.all(pending)).toEqual(['aa', 'bb']);
    await nextTurn();
    expect(groups).toEqual([['a', 'b']]);
  });
});
