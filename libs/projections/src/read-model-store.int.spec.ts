import { ReadModelNotReadyError, TransactionEndedError } from './projection.errors.js';
import { CATALOGUE_TABLE } from './read-model-catalogue.js';
import type { ReadModelTx } from './read-model-store.js';
import type { SqliteReadModelStore } from './sqlite/sqlite-read-model-store.js';
import { type Stores, describeEachEngine, sqliteEngine } from './testing/projection-test-kit.contract.js';

describeEachEngine('read-model store', (engine) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await engine.create();
  });
  afterEach(async () => {
    await stores.dispose();
  });

  /** Publishes a logical table the way a rebuild swap does, so readers can resolve {{t:notes}}. */
  async function publishNotes(physical: string): Promise<void> {
    await stores.readModels.transaction(async (tx) => {
      await tx.exec(`CREATE TABLE ${physical} (id TEXT PRIMARY KEY, body TEXT, big ${tx.dialect === 'postgres' ? 'BIGINT' : 'INTEGER'})`);
      await tx.run(
        `INSERT INTO ${CATALOGUE_TABLE} (logical_name, projection, generation, physical_name) VALUES ('notes', 'notes', 1, ?)
         ON CONFLICT (logical_name) DO UPDATE SET physical_name = excluded.physical_name`,
        [physical],
      );
      tx.catalogueChanged();
    });
  }

  it('writes in a transaction and reads back through the live table name, with the same SQL on both engines', async () => {
    const { readModels } = stores;
    await publishNotes('notes__g1');
    await readModels.transaction(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id, body, big) VALUES (?, ?, ?)', ['a', 'first?', 9_007_199_254_740_000]);
      await tx.run('INSERT INTO {{t:notes}} (id, body, big) VALUES (?, ?, ?)', ['b', null, 2]);
    });
    const rows = await readModels.all<{ id: string; body: string | null; big: number }>('SELECT id, body, big FROM {{t:notes}} ORDER BY id');
    expect(rows).toEqual([
      { id: 'a', body: 'first?', big: 9_007_199_254_740_000 },
      { id: 'b', body: null, big: 2 },
    ]);
    const count = await readModels.get<{ n: number }>("SELECT count(*) AS n FROM {{t:notes}} WHERE body = 'first?' OR id = ?", ['b']);
    expect(count).toEqual({ n: 2 });
    expect(await readModels.get('SELECT id FROM {{t:notes}} WHERE id = ?', ['zzz'])).toBeUndefined();
  });

  it('rolls the whole transaction back when its work throws', async () => {
    const { readModels } = stores;
    await publishNotes('notes__g1');
    await expect(
      readModels.transaction(async (tx) => {
        await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await readModels.all('SELECT id FROM {{t:notes}}')).toEqual([]);
  });

  it('does not let a reader see a transaction that has not committed', async () => {
    const { readModels } = stores;
    await publishNotes('notes__g1');
    const seenDuring = await readModels.transaction(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
      return readModels.all('SELECT id FROM {{t:notes}}');
    });
    expect(seenDuring).toEqual([]);
    expect(await readModels.all('SELECT id FROM {{t:notes}}')).toEqual([{ id: 'a' }]);
  });

  it('refuses a transaction object used after its transaction ended', async () => {
    const { readModels } = stores;
    await publishNotes('notes__g1');
    let kept: ReadModelTx | undefined;
    await readModels.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept?.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['late'])).rejects.toBeInstanceOf(TransactionEndedError);
  });

  it('says a read model is not ready when no projection has published its table', async () => {
    await expect(stores.readModels.all('SELECT * FROM {{t:caseload}}')).rejects.toBeInstanceOf(ReadModelNotReadyError);
  });

  it('follows a swap made by another process: a stale cached table name is reloaded, not reported', async () => {
    const { readModels } = stores;
    await publishNotes('notes__g1');
    await readModels.transaction((tx) => tx.run("INSERT INTO {{t:notes}} (id) VALUES ('old')"));
    expect(await readModels.all('SELECT id FROM {{t:notes}}')).toEqual([{ id: 'old' }]);

    const other = await stores.reopenReadModels();
    await other.transaction(async (tx) => {
      await tx.exec("CREATE TABLE notes__g2 (id TEXT PRIMARY KEY, body TEXT, big INTEGER); INSERT INTO notes__g2 (id) VALUES ('new')");
      await tx.run(`UPDATE ${CATALOGUE_TABLE} SET physical_name = 'notes__g2', generation = 2 WHERE logical_name = 'notes'`);
      await tx.exec('DROP TABLE notes__g1');
    });

    expect(await readModels.all('SELECT id FROM {{t:notes}}')).toEqual([{ id: 'new' }]);
  });
});

describe('SQLite read-model store: staged batches (written on its writer thread)', () => {
  let stores: Stores;
  let readModels: SqliteReadModelStore;
  beforeEach(async () => {
    stores = await sqliteEngine.create();
    readModels = stores.readModels as SqliteReadModelStore;
    await readModels.transaction(async (tx) => {
      await tx.exec('CREATE TABLE notes__g1 (id TEXT PRIMARY KEY, body TEXT, n INTEGER)');
      await tx.run(`INSERT INTO ${CATALOGUE_TABLE} (logical_name, projection, generation, physical_name) VALUES ('notes', 'notes', 1, 'notes__g1')`);
      await tx.run("INSERT INTO notes__g1 (id, n) VALUES ('counter', 0)");
      tx.catalogueChanged();
    });
  });
  afterEach(async () => {
    await stores.dispose();
  });

  const ids = async (): Promise<string[]> => (await readModels.all<{ id: string }>("SELECT id FROM {{t:notes}} WHERE id <> 'counter' ORDER BY id")).map((r) => r.id);

  it('commits a batch after its work returns, in the order staged, and a later batch reads what earlier ones wrote', async () => {
    const first = await readModels.stage(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id, body) VALUES (?, ?)', ['a', 'one']);
      await tx.runRows?.('INSERT INTO {{t:notes}} (id, body) VALUES (?, ?), (?, ?)', [['b', 'two'], ['c', null], ['d', 'four'], ['e', 'five']], 2);
    });
    let seen: string[] = [];
    const second = await readModels.stage(async (tx) => {
      // Waits for the batch staged before: reads never see half of the log's effect.
      seen = (await tx.all<{ id: string }>("SELECT id FROM {{t:notes}} WHERE id <> 'counter' ORDER BY id")).map((r) => r.id);
      await tx.run('UPDATE {{t:notes}} SET body = ? WHERE id = ?', ['TWO', 'b']);
      // Its own writes are not there yet.
      expect(await tx.get('SELECT body FROM {{t:notes}} WHERE id = ?', ['b'])).toEqual({ body: 'two' });
    });
    await Promise.all([first.committed, second.committed]);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await readModels.all('SELECT id, body FROM {{t:notes}} WHERE id IN (?, ?, ?) ORDER BY id', ['a', 'b', 'c'])).toEqual([
      { id: 'a', body: 'one' },
      { id: 'b', body: 'TWO' },
      { id: 'c', body: null },
    ]);
  });

  it('does not say how many rows a staged write changed, and checks an expected count when it commits', async () => {
    let changes: (() => number) | undefined;
    const checked = await readModels.stage(async (tx) => {
      const result = await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
      changes = () => result.changes;
      await tx.runExpecting('UPDATE {{t:notes}} SET n = n + 1 WHERE id = ? AND n = ?', ['counter', 0], 1, () => new Error('counter moved'));
    });
    expect(changes).toThrow(/runExpecting/);
    await checked.committed;
    const refused = await readModels.stage(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['b']);
      // n is 1 by now: nothing matches, so nothing of this batch is kept.
      await tx.runExpecting('UPDATE {{t:notes}} SET n = n + 1 WHERE id = ? AND n = ?', ['counter', 0], 1, () => new Error('counter moved'));
    });
    await expect(refused.committed).rejects.toThrow('counter moved');
    expect(await ids()).toEqual(['a']);
    expect(await readModels.get("SELECT n FROM {{t:notes}} WHERE id = 'counter'")).toEqual({ n: 1 });
  });

  it('keeps nothing of a batch the database refuses, reports the driver error, and goes on with the next one', async () => {
    const refused = await readModels.stage(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
    });
    await expect(refused.committed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    const next = await readModels.stage(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['b']);
    });
    await next.committed;
    expect(await ids()).toEqual(['b']);
  });

  it('hands nothing over when the work throws', async () => {
    await expect(
      readModels.stage(async (tx) => {
        await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['a']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await readModels.transaction((tx) => tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['b']));
    expect(await ids()).toEqual(['b']);
  });

  it('runs a transaction asked for after a staged batch once that batch is in, and closes only after it', async () => {
    const staged = await readModels.stage(async (tx) => {
      for (let i = 0; i < 2000; i++) await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', [`s${String(i).padStart(4, '0')}`]);
    });
    const counted = await readModels.transaction((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM {{t:notes}} WHERE id LIKE 's%'"));
    expect(counted).toEqual({ n: 2000 });
    const last = await readModels.stage(async (tx) => {
      await tx.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['z']);
    });
    await readModels.close();
    await expect(staged.committed).resolves.toBeUndefined();
    await expect(last.committed).resolves.toBeUndefined();
    const again = await stores.reopenReadModels();
    expect(await again.get("SELECT count(*) AS n FROM {{t:notes}} WHERE id = 'z'")).toEqual({ n: 1 });
  });

  it('refuses a staged transaction object used after its work ended', async () => {
    let kept: ReadModelTx | undefined;
    await readModels.stage(async (tx) => {
      kept = tx;
    });
    await expect(kept?.run('INSERT INTO {{t:notes}} (id) VALUES (?)', ['late'])).rejects.toBeInstanceOf(TransactionEndedError);
  });
});
