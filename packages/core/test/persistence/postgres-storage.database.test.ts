// Two PostgresStorage instances on one schema behave like two processes: each has its own
// Database and connections, and they meet only in PostgreSQL.
import type { PersistentMapping, Transaction } from '@zoa/core/persistence';
import {
  ConflictError,
  Database,
  PostgresStorage,
  TransactionManager,
} from '@zoa/core/persistence';
import { PG_URL, describePg, dropSchema, testSchemaName } from './fixtures/postgres-test-schema';

describePg('PostgresStorage with Database and Connection on two instances', () => {
  let schema: string;
  let databases: Database[];
  const tm = new TransactionManager();

  beforeEach(async () => {
    schema = testSchemaName();
    databases = [];
    for (const name of ['one', 'two']) {
      const storage = await PostgresStorage.open({ connectionString: PG_URL, schema, poolSize: 4 });
      databases.push(await Database.open(storage, { name, devChecks: false }));
    }
  });

  afterEach(async () => {
    for (const db of databases) await db.close();
    await dropSchema(schema);
  });

  const rootIn = async (txn: Transaction, db: Database) =>
    (await txn.open(db)).root<PersistentMapping>();
  const rootOf = async (db: Database) => tm.run((txn) => rootIn(txn, db));

  it('shows each instance the root the first one created', async () => {
    const [one, two] = databases as [Database, Database];
    const [rootOne, rootTwo] = [await rootOf(one), await rootOf(two)];
    expect(rootOne._p_oid).toBe(0);
    expect(rootTwo._p_serial).toBe(rootOne._p_serial);
  });

  it('sees the other instance’s change in the next transaction, through the change log', async () => {
    const [one, two] = databases as [Database, Database];
    // The second instance caches the root first, so only invalidation can show the change.
    expect(await tm.run(async (txn) => (await rootIn(txn, two)).get('greeting'))).toBe(undefined);
    await tm.run(async (txn) => {
      const root = await (await txn.open(one)).root<PersistentMapping<string>>();
      root.set('greeting', 'hello from one');
    });
    const seen = await tm.run(async (txn) => {
      const root = await (await txn.open(two)).root<PersistentMapping<string>>();
      return root.get('greeting');
    });
    expect(seen).toBe('hello from one');
  });

  it('keeps a transaction’s snapshot while the other instance commits', async () => {
    const [one, two] = databases as [Database, Database];
    await tm.run(async (txn) => (await rootIn(txn, one)).set('n', 1));
    const reader = tm.begin();
    const before = await (await reader.open(two)).root<PersistentMapping<number>>();
    expect(before.get('n')).toBe(1);
    await tm.run(async (txn) => (await rootIn(txn, one)).set('n', 2));
    expect(before.get('n')).toBe(1);
    await reader.abort();
    const after = await tm.run(async (txn) => (await rootIn(txn, two)).get('n'));
    expect(after).toBe(2);
  });

  it('raises ConflictError for the second of two instances writing one object', async () => {
    const [one, two] = databases as [Database, Database];
    const first = tm.begin();
    const second = tm.begin();
    (await (await first.open(one)).root<PersistentMapping>()).set('who', 'one');
    (await (await second.open(two)).root<PersistentMapping>()).set('who', 'two');
    await first.commit();
    await expect(second.commit()).rejects.toBeInstanceOf(ConflictError);
    expect(await tm.run(async (txn) => (await rootIn(txn, two)).get('who'))).toBe('one');
  });

  it('counts exactly when 20 concurrent transactions on two instances increment one counter', async () => {
    const [one, two] = databases as [Database, Database];
    await tm.run(async (txn) => (await rootIn(txn, one)).set('count', 0));
    let retries = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tm.run(
          async (txn) => {
            const root = await rootIn(txn, i % 2 === 0 ? one : two);
            root.set('count', (root.get('count') as number) + 1);
          },
          { retries: 100, maxBackoffMs: 20, onRetry: () => (retries += 1) },
        ),
      ),
    );
    for (const db of [one, two]) {
      expect(await tm.run(async (txn) => (await rootIn(txn, db)).get('count'))).toBe(20);
    }
    expect(retries).toBeGreaterThan(0); // they did collide
  });
});
