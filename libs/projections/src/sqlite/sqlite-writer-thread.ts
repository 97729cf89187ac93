import type { Worker } from 'node:worker_threads';
import { closeSqliteThread, startSqliteThread, whenSqliteThreadGone } from '@cje/event-store';
import { ReadModelStoreUnavailableError } from '../projection.errors.js';
import type { SqlValue } from '../read-model-store.js';

/** A staged operation: run one statement with parameters (and, optionally, the number of rows it must change). */
export const RUN = 0;
/** A staged operation: execute a parameterless text (DDL, several statements). */
export const EXEC = 1;

/** A staged operation: run one statement per so many rows over a list of rows (`runRows`). */
export const RUN_ROWS = 2;

/** `[RUN, text, parameters, expected changes?]`, `[EXEC, text]` or `[RUN_ROWS, text, rows, rows per statement]`. */
export type WriteOp =
  | readonly [typeof RUN, number, readonly SqlValue[]]
  | readonly [typeof RUN, number, readonly SqlValue[], number]
  | readonly [typeof EXEC, number]
  | readonly [typeof RUN_ROWS, number, readonly (readonly SqlValue[])[], number];

export type WriterReply =
  | { readonly ok: true }
  | { readonly ok: false; readonly mismatch: { readonly op: number; readonly changes: number } }
  | { readonly ok: false; readonly error: { readonly name: string; readonly code: string | undefined; readonly message: string } };

export interface WriterThreadOptions {
  readonly filename: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
  /** `wal_autocheckpoint` of the writer's connection. */
  readonly checkpointPages: number;
}

/**
 * The writer thread's code (CommonJS, evaluated): its own connection to the file, one transaction per message. The
 * operations arrive as one JSON text, which crosses threads as a flat string (cheaper to send than the arrays
 * themselves) and is parsed here, off the caller's thread.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const options = workerData.options;
const db = new Database(options.filename, { timeout: options.busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = ' + options.synchronous);
db.pragma('cache_size = -32768');
db.pragma('wal_autocheckpoint = ' + options.checkpointPages);
const statements = new Map();
function statement(sql) {
  let prepared = statements.get(sql);
  if (prepared === undefined) {
    if (statements.size >= 2000) statements.clear();
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}
function commit(texts, json) {
  const ops = JSON.parse(json);
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      const sql = texts[op[1]];
      if (op[0] === 1) {
        db.exec(sql);
        continue;
      }
      if (op[0] === 2) {
        const rows = op[2];
        const size = op[3];
        const prepared = statement(sql);
        for (let r = 0; r < rows.length; r += size) {
          const params = [];
          for (let k = r; k < r + size; k++) {
            const row = rows[k];
            for (let c = 0; c < row.length; c++) params.push(row[c]);
          }
          // Spread: the driver reads arguments much faster than the elements of one array argument.
          prepared.run(...params);
        }
        continue;
      }
      const { changes } = statement(sql).run(op[2]);
      if (op.length > 3 && changes !== op[3]) {
        db.exec('ROLLBACK');
        return { ok: false, mismatch: { op: i, changes } };
      }
    }
    db.exec('COMMIT');
    return { ok: true };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  let reply;
  try {
    reply = commit(message.texts, message.ops);
  } catch (error) {
    statements.clear();
    reply = {
      ok: false,
      error: {
        name: typeof error?.name === 'string' ? error.name : 'Error',
        code: typeof error?.code === 'string' ? error.code : undefined,
        message: typeof error?.message === 'string' ? error.message : String(error),
      },
    };
  }
  parentPort.postMessage({ id: message.id, reply });
});
`;

/**
 * A thread that commits staged batches to the read-model file through a connection of its own, one at a time, in
 * the order given. Started on first use; if it dies, what was waiting fails and the next batch starts a new one.
 */
export class SqliteWriterThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor(private readonly options: WriterThreadOptions) {}

  commit(texts: readonly string[], ops: string): Promise<WriterReply> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<WriterReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Held while a batch is being written, so the process waits for it; let go when idle.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, texts, ops });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await closeSqliteThread(worker);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startSqliteThread(WRITER_SOURCE, { options: this.options });
    worker.on('message', ({ id, reply }: { id: number; reply: WriterReply }) => {
      const waiter = this.waiting.get(id);
      if (!waiter) return;
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      waiter.resolve(reply);
    });
    whenSqliteThreadGone(worker, (cause) => {
      if (this.worker === worker) this.worker = undefined;
      const error = new ReadModelStoreUnavailableError(`the read-model writer thread ${cause}`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    this.worker = worker;
    return worker;
  }
}
