import type { ResourceManager } from '@zoa/core/persistence';
import {
  Connection,
  Database,
  MemoryStorage,
  PersistentMapping,
  ROOT_OID,
  Transaction,
} from '@zoa/core/persistence';

/** A resource manager recording its calls; `sync` steps answer without a promise. */
function resource(
  name: string,
  calls: string[],
  options: { sync?: boolean; changes?: boolean; failAt?: string } = {},
): ResourceManager {
  const step = (label: string) => (): void | Promise<void> => {
    calls.push(`${name}.${label}`);
    if (options.failAt === label) {
      if (options.sync) throw new Error(`${name} ${label} failed`);
      return Promise.reject(new Error(`${name} ${label} failed`));
    }
    return options.sync ? undefined : Promise.resolve();
  };
  return {
    sortKey: name,
    tpcBegin: step('tpcBegin'),
    commit: step('commit'),
    tpcVote: step('tpcVote'),
    tpcFinish: step('tpcFinish'),
    tpcAbort: step('tpcAbort'),
    abort: step('abort'),
    hasChanges: () => options.changes !== false,
    commitReadOnly: () => {
      calls.push(`${name}.commitReadOnly`);
    },
    release: () => {
      calls.push(`${name}.release`);
    },
  };
}

describe('Transaction.commit', () => {
  it('runs two-phase commit over resources whose steps answer with or without promises', async () => {
    const calls: string[] = [];
    const txn = new Transaction();
    txn.join(resource('b', calls, { sync: true }));
    txn.join(resource('a', calls));
    await txn.commit();
    expect(calls).toEqual([
      'a.tpcBegin',
      'b.tpcBegin',
      'a.commit',
      'b.commit',
      'a.tpcVote',
      'b.tpcVote',
      'a.tpcFinish',
      'b.tpcFinish',
      'a.release',
      'b.release',
    ]);
    expect(txn.status).toBe('committed');
  });

  it('commits read-only resources apart, between writers, in sort order', async () => {
    const calls: string[] = [];
    const txn = new Transaction();
    txn.join(resource('c', calls, { sync: true }));
    txn.join(resource('b', calls, { changes: false }));
    txn.join(resource('a', calls, { sync: true }));
    await txn.commit();
    expect(calls).toEqual([
      'b.commitReadOnly',
      'a.tpcBegin',
      'c.tpcBegin',
      'a.commit',
      'c.commit',
      'a.tpcVote',
      'c.tpcVote',
      'a.tpcFinish',
      'c.tpcFinish',
      'a.release',
      'b.release',
      'c.release',
    ]);
  });

  it('aborts every resource when a step throws without a promise', async () => {
    const calls: string[] = [];
    const txn = new Transaction();
    txn.join(resource('a', calls, { sync: true }));
    txn.join(resource('b', calls, { sync: true, failAt: 'tpcVote' }));
    txn.join(resource('c', calls, { changes: false }));
    await expect(txn.commit()).rejects.toThrow('b tpcVote failed');
    expect(calls.filter((call) => /Abort|abort/.test(call))).toEqual([
      'a.tpcAbort',
      'b.tpcAbort',
      'c.abort',
    ]);
    expect(txn.status).toBe('aborted');
  });

  it('calls abort, not tpcAbort, on a resource whose tpcBegin failed', async () => {
    const calls: string[] = [];
    const txn = new Transaction();
    txn.join(resource('a', calls, { sync: true }));
    txn.join(resource('b', calls, { failAt: 'tpcBegin' }));
    await expect(txn.commit()).rejects.toThrow('b tpcBegin failed');
    expect(calls.filter((call) => /Abort|abort/.test(call))).toEqual(['a.tpcAbort', 'b.abort']);
  });
});

describe('Transaction.connect', () => {
  it('answers without a promise when the storage opens snapshots without one', async () => {
    const db = await Database.open(new MemoryStorage(), { name: 'connect-test' });
    try {
      const txn = new Transaction();
      const connection = txn.connect(db);
      expect(connection).toBeInstanceOf(Connection);
      expect(txn.connect(db)).toBe(connection);
      expect(await txn.open(db)).toBe(connection);
      const root = await (connection as Connection).root();
      expect(root).toBeInstanceOf(PersistentMapping);
      expect((connection as Connection).getNow(ROOT_OID)).toBe(root);
      await txn.commit();
    } finally {
      await db.close();
    }
  });

  it('rejects when the database is closed, and throws when the transaction is over', async () => {
    const db = await Database.open(new MemoryStorage(), { name: 'closed-test' });
    await db.close();
    const txn = new Transaction();
    await expect(txn.connect(db)).rejects.toThrow('is closed');
    await txn.abort();
    expect(() => txn.connect(db)).toThrow('Transaction is aborted');
  });
});
