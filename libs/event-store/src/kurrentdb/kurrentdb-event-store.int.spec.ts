import { randomUUID } from 'node:crypto';
import { describeEventStoreContract, type ContractTarget } from '../contract/event-store.contract.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

/**
 * The shared contract against a real KurrentDB, e.g.
 *   KURRENTDB_CONNECTION_STRING='kurrentdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=false'
 * Every store gets its own random stream prefix, so runs share a database without seeing each other's events and
 * nothing needs cleaning up (KurrentDB streams are not deleted by the tests).
 */
const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

const target: ContractTarget = {
  // Positions are commit positions in KurrentDB's transaction log: unique and increasing, not 1, 2, 3…
  gaplessPositions: false,
  // KurrentDB offers no way to change or remove a single stored event behind the store's back.
  tamperable: false,
  // No transaction across streams: each append of a batch is atomic, the batch is not.
  atomicBatches: false,
  async create(options) {
    const store = new KurrentDbEventStore({
      connectionString: connectionString ?? '',
      streamPrefix: `contract-${randomUUID().slice(0, 8)}:`,
      ...options,
    });
    await store.init();
    return { store, dispose: () => store.close() };
  },
};

describeEventStoreContract(
  'KurrentDB',
  connectionString ? target : { skip: 'KURRENTDB_CONNECTION_STRING is not set: no KurrentDB server on this machine' },
);
