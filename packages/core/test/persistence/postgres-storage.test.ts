import {
  ConflictError,
  PostgresSnapshotTooOldError,
  PostgresStorage,
  ROOT_OID,
} from '@zoa/core/persistence';
import type { Oid, PostgresStorageOptions, RecordWrite, Tid } from '@zoa/core/persistence';
import { describeStorageContract } from '@zoa/core/testing';
import {
  PG_URL,
  describePg,
  dropSchema,
  runSql,
  testSchemaName,
} from './fixtures/postgres-test-schema';

describePg('PostgresStorage', () => {
  // One process alone: only its own snapshots need protecting, as with SqliteStorage.
  describeStorageContract('PostgresStorage', async () => {
    const schema = testSchemaName();
    const options = { connectionString: PG_URL, schema, poolSize: 4, snapshotWindowSeconds: 0 };
    return {
      storage: await PostgresStorage.open(options),
      reopen: () => PostgresStorage.open(options),
      cleanup: () => dropSchema(schema),
    };
  });

  const schemas: string[] = [];
  const open: PostgresStorage[] = [];

  /** A storage on `schema` (a fresh one by default), closed and dropped after the test. */
  async function storageOn(
    schema = newSchema(),
    options: PostgresStorageOptions = {},
  ): Promise<PostgresStorage> {
    const storage = await PostgresStorage.open({
      connectionString: PG_URL,
      schema,
      poolSize: 4,
      ...options,
    });
    open.push(storage);
    return storage;
  }

  function newSchema(): string {
    const schema = testSchemaName();
    schemas.push(schema);
    return schema;
  }

  afterEach(async () => {
    for (const storage of open.splice(0)) await storage.close();
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });

  function write(oid: Oid, baseSerial: Tid, state: unknown): RecordWrite {
    return { oid, baseSerial, className: 'Thing', state: JSON.stringify(state) };
  }

  async function commit(storage: PostgresStorage, writes: RecordWrite[]): Promise<Tid> {
    const txn = {};
    await storage.tpcBegin(txn);
    try {
      for (const w of writes) storage.store(txn, w);
      await storage.tpcVote(txn);
    } catch (error) {
      await storage.tpcAbort(txn);
      throw error;
    }
    return storage.tpcFinish(txn);
  }

  async function rowsOf(schema: string): Promise<Array<{ oid: number; tid: number }>> {
    const rows = await runSql(
      `SELECT oid::int, tid::int FROM "${schema}".objects ORDER BY oid, tid`,
    );
    return rows as Array<{ oid: number; tid: number }>;
  }

  describe('options', () => {
    it('rejects bad options before connecting', async () => {
      await expect(PostgresStorage.open({ schema: 'Bad-Name' })).rejects.toThrow(TypeError);
      await expect(PostgresStorage.open({ poolSize: 1 })).rejects.toThrow(/poolSize/);
      await expect(PostgresStorage.open({ snapshotWindowSeconds: -1 })).rejects.toThrow(TypeError);
      await expect(PostgresStorage.open({ connectionString: '' })).rejects.toThrow(TypeError);
    });

    it('rejects, and leaves nothing open, when the server cannot be reached', async () => {
      const url = new URL(PG_URL as string);
      url.port = '1'; // nothing listens there
      const opening = PostgresStorage.open({ connectionString: url.toString(), schema: 'x' });
      await expect(opening).rejects.toThrow(/ECONNREFUSED|connect/);
    });

    it('names itself by host, database and schema, without the password', async () => {
      const url = new URL(PG_URL as string);
      url.password = 'secret';
      const schema = newSchema();
      const storage = await storageOn(schema, { connectionString: url.toString() });
      expect(storage.name).toBe(`postgres:${url.host}${url.pathname}/${schema}`);
      expect(storage.name).not.toContain('secret');
    });

    it('refuses a schema whose version it does not know', async () => {
      const schema = newSchema();
      await (await storageOn(schema)).close();
      await runSql(`UPDATE "${schema}".meta SET schema_version = 99`);
      await expect(storageOn(schema)).rejects.toThrow(/schema version 99/);
    });
  });

  describe('pruning', () => {
    it('keeps one row per object when pruning with no snapshot open and window 0', async () => {
      const schema = newSchema();
      const storage = await storageOn(schema, { snapshotWindowSeconds: 0 });
      let serial = 0;
      for (let i = 0; i < 5; i += 1) serial = await commit(storage, [write(1, serial, i)]);
      expect(await rowsOf(schema)).toHaveLength(5);
      expect(await storage.prune()).toBe(4);
      expect(await rowsOf(schema)).toEqual([{ oid: 1, tid: serial }]);
    });

    it('keeps what a snapshot open in this process reads, however old', async () => {
      const schema = newSchema();
      const storage = await storageOn(schema, { snapshotWindowSeconds: 0 });
      let serial = await commit(storage, [write(1, 0, 'old')]);
      const snapshot = await storage.openSnapshot(null);
      serial = await commit(storage, [write(1, serial, 'newer')]);
      serial = await commit(storage, [write(1, serial, 'newest')]);
      expect(await storage.prune()).toBe(0);
      expect(JSON.parse((await storage.load(1, snapshot.tid))!.state)).toBe('old');
      storage.closeSnapshot(snapshot.tid);
      expect(await storage.prune()).toBe(2);
      expect(await rowsOf(schema)).toEqual([{ oid: 1, tid: serial }]);
    });

    it('keeps replaced revisions for the window, for the snapshots of other processes', async () => {
      const schema = newSchema();
      const storage = await storageOn(schema); // default window: 300 s
      let serial = 0;
      for (let i = 0; i < 3; i += 1) serial = await commit(storage, [write(1, serial, i)]);
      expect(await storage.prune()).toBe(0);
      expect(await rowsOf(schema)).toHaveLength(3);
    });

    it('truncates the change log so openSnapshot reports null for a tid before it', async () => {
      const storage = await storageOn(newSchema(), {
        snapshotWindowSeconds: 0,
        changeLogSize: 2,
      });
      const first = await storage.openSnapshot(null);
      storage.closeSnapshot(first.tid);
      let serial = 0;
      for (let i = 0; i < 5; i += 1) serial = await commit(storage, [write(1, serial, i)]);
      await storage.prune();
      const old = await storage.openSnapshot(first.tid);
      expect(old.changed).toBeNull();
      const recent = await storage.openSnapshot(serial - 2);
      expect(recent.changed).toEqual([1]);
      storage.closeSnapshot(old.tid);
      storage.closeSnapshot(recent.tid);
    });
  });

  describe('two instances on one schema (two processes)', () => {
    it('reports the oids another instance committed when a new snapshot opens', async () => {
      const schema = newSchema();
      const a = await storageOn(schema);
      const b = await storageOn(schema);
      const [x, y] = [await a.newOid(), await b.newOid()];
      expect(x).not.toBe(y);
      const tid1 = await commit(a, [write(ROOT_OID, 0, 'root'), write(x, 0, 'x')]);
      const before = await b.openSnapshot(null);
      expect(before.tid).toBe(tid1);
      const tid2 = await commit(a, [write(x, tid1, 'x2'), write(y, 0, 'y')]);
      const after = await b.openSnapshot(before.tid);
      expect(after.tid).toBe(tid2);
      expect(new Set(after.changed)).toEqual(new Set([x, y]));
      expect(JSON.parse((await b.load(x, before.tid))!.state)).toBe('x');
      expect(JSON.parse((await b.load(x, after.tid))!.state)).toBe('x2');
      expect(await b.lastTransaction()).toBe(tid2);
      b.closeSnapshot(before.tid);
      b.closeSnapshot(after.tid);
    });

    it('lets the first committer win when both change one object', async () => {
      const schema = newSchema();
      const a = await storageOn(schema);
      const b = await storageOn(schema);
      const base = await commit(a, [write(ROOT_OID, 0, 0)]);
      const winner = await commit(a, [write(ROOT_OID, base, 'a')]);
      const loser = commit(b, [write(ROOT_OID, base, 'b')]);
      await expect(loser).rejects.toBeInstanceOf(ConflictError);
      await expect(loser).rejects.toMatchObject({
        conflicts: [{ oid: ROOT_OID, baseSerial: base, currentSerial: winner }],
      });
      expect(JSON.parse((await b.load(ROOT_OID))!.state)).toBe('a');
    });

    it('makes the other instance wait for the commit lock until finish', async () => {
      const schema = newSchema();
      const a = await storageOn(schema);
      const b = await storageOn(schema);
      const base = await commit(a, [write(ROOT_OID, 0, 0)]);
      const first = {};
      await a.tpcBegin(first);
      a.store(first, write(ROOT_OID, base, 'a'));
      await a.tpcVote(first);
      let began = false;
      const second = {};
      const secondBegin = b.tpcBegin(second).then(() => {
        began = true;
      });
      for (let i = 0; i < 5; i += 1) await a.lastTransaction(); // round trips to the server
      expect(began).toBe(false);
      const tid = await a.tpcFinish(first);
      await secondBegin;
      b.store(second, write(ROOT_OID, tid, 'b')); // based on what a committed: no conflict
      await b.tpcVote(second);
      expect(await b.tpcFinish(second)).toBe(tid + 1);
    });

    it('fails a load at a snapshot older than what another instance pruned', async () => {
      const schema = newSchema();
      const reader = await storageOn(schema);
      const pruner = await storageOn(schema, { snapshotWindowSeconds: 0 });
      let serial = await commit(pruner, [write(1, 0, 'old')]);
      const snapshot = await reader.openSnapshot(null);
      serial = await commit(pruner, [write(1, serial, 'new')]);
      // The window keeps it for the reader; its own snapshot does not count in the other process.
      expect(JSON.parse((await reader.load(1, snapshot.tid))!.state)).toBe('old');
      expect(await pruner.prune()).toBe(1);
      const error = await reader.load(1, snapshot.tid).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresSnapshotTooOldError);
      expect(error).toBeInstanceOf(ConflictError);
      expect(await reader.load(1, serial)).toMatchObject({ serial });
      reader.closeSnapshot(snapshot.tid);
    });

    it('hands out distinct oids to both instances', async () => {
      const schema = newSchema();
      const a = await storageOn(schema);
      const b = await storageOn(schema);
      const oids = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).newOid()),
      );
      expect(new Set(oids).size).toBe(200);
    });

    it('creates the schema once when two instances open it at the same time', async () => {
      const schema = newSchema();
      const [a, b] = await Promise.all([storageOn(schema), storageOn(schema)]);
      await commit(a, [write(ROOT_OID, 0, 'a')]);
      expect(await b.lastTransaction()).toBe(1);
    });
  });
});
