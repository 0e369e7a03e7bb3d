import { ConflictError, ROOT_OID } from '@zoa/core';
import { TemporaryStorage } from '../src/temporary-storage';
import { commit, nodeWrite, serialOf, settle } from './fixtures/storage-helpers';

async function oids(storage: TemporaryStorage, count: number): Promise<number[]> {
  const list: number[] = [];
  for (let i = 0; i < count; i += 1) list.push(await storage.newOid());
  return list;
}

/** Replaces the references of `oid` (its current serial as base). */
async function link(storage: TemporaryStorage, oid: number, refs: number[]): Promise<number> {
  return commit(storage, [nodeWrite(oid, await serialOf(storage, oid), refs)]);
}

describe('TemporaryStorage', () => {
  let storage: TemporaryStorage;

  beforeEach(() => {
    storage = new TemporaryStorage();
  });

  afterEach(async () => {
    await storage.close();
  });

  describe('reference-counting GC', () => {
    it('removes an object and what only it refers to when its last reference goes', async () => {
      const [a = -1, b = -1, c = -1] = await oids(storage, 3);
      await commit(storage, [
        nodeWrite(ROOT_OID, 0, [a]),
        nodeWrite(a, 0, [b]),
        nodeWrite(b, 0, [c]),
        nodeWrite(c, 0),
      ]);
      await link(storage, ROOT_OID, []);
      for (const oid of [a, b, c]) expect(await storage.load(oid)).toBeUndefined();
      expect(storage.metrics()).toMatchObject({
        objects: 1,
        garbageCollected: 3,
        garbagePending: 0,
      });
    });

    it('keeps an unreferenced object while an older snapshot is open, then removes it when it closes', async () => {
      const [a = -1, b = -1] = await oids(storage, 2);
      await commit(storage, [nodeWrite(ROOT_OID, 0, [a]), nodeWrite(a, 0, [b]), nodeWrite(b, 0)]);
      const reader = await storage.openSnapshot(null);
      await link(storage, ROOT_OID, []);
      await link(storage, ROOT_OID, []);
      expect(await storage.load(a, reader.tid)).toBeDefined();
      expect(await storage.load(b, reader.tid)).toBeDefined();
      expect(storage.metrics().garbagePending).toBe(1);
      storage.closeSnapshot(reader.tid);
      await settle();
      expect(await storage.load(a)).toBeUndefined();
      expect(await storage.load(b)).toBeUndefined();
      expect(storage.metrics()).toMatchObject({ objects: 1, garbagePending: 0, openSnapshots: 0 });
    });

    it('never removes the root or objects that were never referenced when many commits follow', async () => {
      const [a = -1, b = -1] = await oids(storage, 2);
      await commit(storage, [nodeWrite(ROOT_OID, 0), nodeWrite(a, 0, [b]), nodeWrite(b, 0)]);
      for (let i = 0; i < 5; i += 1) {
        await commit(storage, [
          nodeWrite(ROOT_OID, await serialOf(storage, ROOT_OID), [], { i }),
          nodeWrite(a, await serialOf(storage, a), [b], { i }),
        ]);
      }
      for (const oid of [ROOT_OID, a, b]) expect(await storage.load(oid)).toBeDefined();
      // b was referenced, so it goes when a drops it; a itself never had a reference and stays
      await link(storage, a, []);
      expect(await storage.load(a)).toBeDefined();
      expect(await storage.load(b)).toBeUndefined();
    });

    it('keeps an object moved between containers when the move is one transaction or two', async () => {
      const [x = -1, y = -1, a = -1, b = -1] = await oids(storage, 4);
      let tid = await commit(storage, [
        nodeWrite(ROOT_OID, 0, [x, y]),
        nodeWrite(x, 0, [a, b]),
        nodeWrite(y, 0),
        nodeWrite(a, 0),
        nodeWrite(b, 0),
      ]);
      // one transaction: drop from x and add to y together (x is written first)
      tid = await commit(storage, [nodeWrite(x, tid, [b]), nodeWrite(y, tid, [a])]);
      // two transactions: add to y, then drop from x
      await commit(storage, [nodeWrite(y, tid, [a, b])]);
      await commit(storage, [nodeWrite(x, tid, [])]);
      expect(await storage.load(a)).toBeDefined();
      expect(await storage.load(b)).toBeDefined();
      expect(storage.metrics().garbageCollected).toBe(0);
    });

    it('keeps a shared object until its last referrer drops it', async () => {
      const [x = -1, y = -1, a = -1] = await oids(storage, 3);
      await commit(storage, [
        nodeWrite(ROOT_OID, 0, [x, y]),
        nodeWrite(x, 0, [a]),
        nodeWrite(y, 0, [a]),
        nodeWrite(a, 0),
      ]);
      await link(storage, x, []);
      expect(await storage.load(a)).toBeDefined();
      await link(storage, y, []);
      expect(await storage.load(a)).toBeUndefined();
    });

    it('keeps an object that a transaction begun before it lost its last reference links again', async () => {
      const [x = -1, a = -1, y = -1] = await oids(storage, 3);
      const tid1 = await commit(storage, [
        nodeWrite(ROOT_OID, 0, [x]),
        nodeWrite(x, 0, [a]),
        nodeWrite(a, 0),
      ]);
      const old = await storage.openSnapshot(null); // a transaction that has seen a
      await link(storage, x, []); // another one drops a
      expect(storage.metrics().garbagePending).toBe(1);
      // the old transaction commits a new container y referring to a
      await commit(storage, [nodeWrite(ROOT_OID, tid1, [x, y]), nodeWrite(y, 0, [a])]);
      storage.closeSnapshot(old.tid);
      await settle();
      await link(storage, x, []);
      expect(await storage.load(a)).toBeDefined();
      expect(storage.metrics()).toMatchObject({ garbagePending: 0, garbageCollected: 0 });
    });

    it('waits for every snapshot that saw a relinked object when it loses its reference again', async () => {
      const [x = -1, y = -1, a = -1] = await oids(storage, 3);
      await commit(storage, [
        nodeWrite(ROOT_OID, 0, [x, y]),
        nodeWrite(x, 0, [a]),
        nodeWrite(y, 0),
        nodeWrite(a, 0),
      ]);
      const first = await storage.openSnapshot(null);
      await link(storage, x, []); // a unreferenced (candidate)
      await link(storage, y, [a]); // a referenced again
      const second = await storage.openSnapshot(null); // sees y -> a
      await link(storage, y, []); // a unreferenced again, after `second`
      storage.closeSnapshot(first.tid);
      await settle();
      await link(storage, x, []);
      expect(await storage.load(a, second.tid)).toBeDefined();
      storage.closeSnapshot(second.tid);
      await settle();
      expect(await storage.load(a)).toBeUndefined();
    });

    it('removes nothing a transaction holding the commit lock refers to when a snapshot closes', async () => {
      const [x = -1, y = -1, a = -1] = await oids(storage, 3);
      const tid = await commit(storage, [
        nodeWrite(ROOT_OID, 0, [x]),
        nodeWrite(x, 0, [a]),
        nodeWrite(a, 0),
      ]);
      const reader = await storage.openSnapshot(null);
      await link(storage, x, []);
      const txn = {};
      await storage.tpcBegin(txn);
      storage.store(txn, nodeWrite(ROOT_OID, tid, [x, y]));
      storage.store(txn, nodeWrite(y, 0, [a]));
      await storage.tpcVote(txn);
      storage.closeSnapshot(reader.tid); // a is ready for removal, but the lock is held
      await settle();
      expect(await storage.load(a)).toBeDefined();
      await storage.tpcFinish(txn);
      await settle();
      expect(await storage.load(a)).toBeDefined();
      expect(storage.metrics().garbagePending).toBe(0);
    });

    it('fails the vote with a ConflictError when a write refers to a removed object', async () => {
      const [x = -1, a = -1] = await oids(storage, 2);
      await commit(storage, [nodeWrite(ROOT_OID, 0, [x]), nodeWrite(x, 0, [a]), nodeWrite(a, 0)]);
      await link(storage, x, []);
      expect(await storage.load(a)).toBeUndefined();
      const stale = commit(storage, [nodeWrite(x, await serialOf(storage, x), [a])]);
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toThrow(`refers to oid ${a}, which no longer exists`);
      // objects written in the same transaction are fine
      const [b = -1] = await oids(storage, 1);
      await commit(storage, [nodeWrite(x, await serialOf(storage, x), [b]), nodeWrite(b, 0)]);
      expect(await storage.load(b)).toBeDefined();
    });
  });

  describe('cycle GC', () => {
    async function orphanCycle(target: TemporaryStorage): Promise<number[]> {
      const [x = -1, c = -1, d = -1] = await oids(target, 3);
      await commit(target, [
        nodeWrite(ROOT_OID, 0, [x]),
        nodeWrite(x, 0, [c]),
        nodeWrite(c, 0, [d]),
        nodeWrite(d, 0, [c]),
      ]);
      await link(target, x, []);
      return [c, d];
    }

    it('leaves a reference cycle to pack when cycleGcEvery is 0', async () => {
      const [c = -1, d = -1] = await orphanCycle(storage);
      expect(await storage.load(c)).toBeDefined();
      expect(await storage.load(d)).toBeDefined();
    });

    it('collects a reference cycle when cycleGcEvery commits have passed', async () => {
      const cyclic = new TemporaryStorage({ cycleGcEvery: 3 });
      const [c = -1, d = -1] = await orphanCycle(cyclic);
      await link(cyclic, ROOT_OID, []);
      await settle();
      expect(await cyclic.load(c)).toBeUndefined();
      expect(await cyclic.load(d)).toBeUndefined();
      // x went by reference counting; c and d (a cycle) by the automatic pack
      expect(cyclic.metrics()).toMatchObject({ objects: 1, garbageCollected: 1, packed: 2 });
      await cyclic.close();
    });

    it('rejects a cycleGcEvery that is not a non-negative integer', () => {
      expect(() => new TemporaryStorage({ cycleGcEvery: -1 })).toThrow(TypeError);
      expect(() => new TemporaryStorage({ cycleGcEvery: 1.5 })).toThrow(TypeError);
    });
  });

  describe('metrics', () => {
    it('reports records, bytes, snapshots and the last transaction when objects are committed', async () => {
      expect(storage.metrics()).toEqual({
        objects: 0,
        records: 0,
        bytes: 0,
        openSnapshots: 0,
        lastTransaction: 0,
        garbagePending: 0,
        garbageCollected: 0,
        packed: 0,
      });
      const [a = -1] = await oids(storage, 1);
      const write = nodeWrite(a, 0, [], { text: 'x'.repeat(500) });
      const tid = await commit(storage, [nodeWrite(ROOT_OID, 0, [a]), write]);
      const reader = await storage.openSnapshot(null);
      await commit(storage, [nodeWrite(a, tid, [], { text: 'y' })]);
      const metrics = storage.metrics();
      expect(metrics).toMatchObject({
        objects: 2,
        records: 3,
        openSnapshots: 1,
        lastTransaction: tid + 1,
      });
      expect(metrics.bytes).toBeGreaterThan(500);
      expect(await storage.stats()).toEqual({ objects: 2, records: 3, bytes: metrics.bytes });
      storage.closeSnapshot(reader.tid);
      await commit(storage, [nodeWrite(ROOT_OID, tid, [a])]);
      expect(storage.metrics()).toMatchObject({ records: 2, openSnapshots: 0 });
    });

    it('is named temporary unless told otherwise', () => {
      expect(storage.name).toBe('temporary');
      expect(new TemporaryStorage({ name: 'sessions' }).name).toBe('sessions');
    });

    it('frees every record when closed', async () => {
      await commit(storage, [nodeWrite(ROOT_OID, 0)]);
      await storage.close();
      expect(storage.metrics()).toMatchObject({ objects: 0, records: 0, bytes: 0 });
    });
  });
});
