import { ReadModelNotReadyError, TransactionEndedError } from './projection.errors.js';
import { CATALOGUE_TABLE } from './read-model-catalogue.js';
import type { ReadModelTx } from './read-model-store.js';
import { type Stores, describeEachEngine } from './testing/projection-test-kit.contract.js';

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
