/// <reference types="jest" />
import { ROOT_OID } from '../persistence/interfaces';
import { commit, newOids, stateOf, write, type ContractContext } from './storage-contract-context';

/** The MVCC part of the storage contract: snapshots, loads at a tid, changed oids. */
export function describeSnapshotContract(ctx: ContractContext): void {
  describe('snapshots', () => {
    it('keeps loading old revisions of every object when later transactions commit', async () => {
      const { storage } = ctx;
      const [a = -1, b = -1, c = -1] = await newOids(storage, 3);
      const tid1 = await commit(storage, [write(ROOT_OID, 0, 1), write(a, 0, 1), write(b, 0, 1)]);
      const snapshot = await storage.openSnapshot(null);
      expect(snapshot.tid).toBe(tid1);
      expect(stateOf(await storage.load(a, snapshot.tid))).toBe(1);
      const tid2 = await commit(storage, [write(a, tid1, 2), write(b, tid1, 2), write(c, 0, 2)]);
      const tid3 = await commit(storage, [write(a, tid2, 3), write(ROOT_OID, tid1, 3)]);
      // Loaded before, loaded for the first time, and created later:
      expect(stateOf(await storage.load(a, snapshot.tid))).toBe(1);
      expect(stateOf(await storage.load(b, snapshot.tid))).toBe(1);
      expect(stateOf(await storage.load(ROOT_OID, snapshot.tid))).toBe(1);
      expect(await storage.load(c, snapshot.tid)).toBeUndefined();
      expect(await storage.load(b, snapshot.tid)).toMatchObject({ serial: tid1 });
      // The latest revisions:
      expect(await storage.load(a)).toMatchObject({ serial: tid3 });
      expect(stateOf(await storage.load(b))).toBe(2);
      storage.closeSnapshot(snapshot.tid);
    });

    it('returns the newest revision with serial <= at when load is given a tid', async () => {
      const { storage } = ctx;
      const [a = -1] = await newOids(storage, 1);
      await commit(storage, [write(ROOT_OID, 0, 'root')]);
      const held = await storage.openSnapshot(null);
      const tid1 = await commit(storage, [write(a, 0, 1)]);
      const tid2 = await commit(storage, [write(ROOT_OID, held.tid, 'other')]);
      const tid3 = await commit(storage, [write(a, tid1, 3)]);
      expect(await storage.load(a, held.tid)).toBeUndefined();
      expect(await storage.load(a, tid1)).toMatchObject({ serial: tid1 });
      expect(await storage.load(a, tid2)).toMatchObject({ serial: tid1 });
      expect(await storage.load(a, tid3)).toMatchObject({ serial: tid3 });
      expect(stateOf(await storage.load(a, tid2))).toBe(1);
      storage.closeSnapshot(held.tid);
    });

    it('reports the oids changed since a tid when openSnapshot is given one', async () => {
      const { storage } = ctx;
      const [a = -1, b = -1, c = -1] = await newOids(storage, 3);
      const tid1 = await commit(storage, [write(ROOT_OID, 0, 0), write(a, 0, 0), write(b, 0, 0)]);
      const first = await storage.openSnapshot(null);
      expect(first).toEqual({ tid: tid1, changed: null });
      const tid2 = await commit(storage, [write(a, tid1, 1)]);
      await commit(storage, [write(c, 0, 1), write(a, tid2, 2)]);
      const second = await storage.openSnapshot(tid1);
      if (second.changed !== null) {
        expect(new Set(second.changed)).toEqual(new Set([a, c]));
      }
      const third = await storage.openSnapshot(second.tid);
      expect(third.tid).toBe(second.tid);
      expect(third.changed ?? []).toEqual([]);
      for (const s of [first, second, third]) storage.closeSnapshot(s.tid);
    });

    it('keeps other snapshots intact when one closes and pruning may happen', async () => {
      const { storage } = ctx;
      const [a = -1] = await newOids(storage, 1);
      let serial = await commit(storage, [write(a, 0, 1)]);
      const s1 = await storage.openSnapshot(null);
      serial = await commit(storage, [write(a, serial, 2)]);
      const s2 = await storage.openSnapshot(s1.tid);
      serial = await commit(storage, [write(a, serial, 3)]);
      storage.closeSnapshot(s1.tid);
      serial = await commit(storage, [write(a, serial, 4)]);
      expect(stateOf(await storage.load(a, s2.tid))).toBe(2);
      const s3 = await storage.openSnapshot(s2.tid);
      storage.closeSnapshot(s2.tid);
      serial = await commit(storage, [write(a, serial, 5)]);
      expect(stateOf(await storage.load(a, s3.tid))).toBe(4);
      expect(stateOf(await storage.load(a))).toBe(5);
      storage.closeSnapshot(s3.tid);
      await commit(storage, [write(a, serial, 6)]);
      expect(stateOf(await storage.load(a))).toBe(6);
    });

    it('counts two snapshots at one tid separately when both are open', async () => {
      const { storage } = ctx;
      const [a = -1] = await newOids(storage, 1);
      const tid1 = await commit(storage, [write(a, 0, 1)]);
      const x = await storage.openSnapshot(null);
      const y = await storage.openSnapshot(null);
      expect(y.tid).toBe(x.tid);
      storage.closeSnapshot(x.tid);
      const tid2 = await commit(storage, [write(a, tid1, 2)]);
      await commit(storage, [write(a, tid2, 3)]);
      expect(stateOf(await storage.load(a, y.tid))).toBe(1);
      storage.closeSnapshot(y.tid);
    });
  });
}
