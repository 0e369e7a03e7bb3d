/// <reference types="jest" />
import { ROOT_OID } from '../persistence/interfaces';
import {
  commit,
  newOids,
  refsOf,
  stateOf,
  write,
  type ContractContext,
} from './storage-contract-context';

/** The pack, stats, close and durability part of the storage contract. */
export function describeLifecycleContract(ctx: ContractContext): void {
  describe('pack', () => {
    it('removes unreachable objects and keeps reachable ones when packing', async () => {
      const { storage } = ctx;
      const [a = -1, b = -1, c = -1, d = -1] = await newOids(storage, 4);
      const tid = await commit(storage, [
        write(ROOT_OID, 0, { refs: [a] }),
        write(a, 0, { refs: [b] }),
        write(b, 0, { refs: [] }),
        write(c, 0, { refs: [d] }),
        write(d, 0, { refs: [c] }),
      ]);
      expect(await storage.pack(refsOf)).toEqual({ removed: 2 });
      expect(await storage.load(c)).toBeUndefined();
      expect(await storage.load(d)).toBeUndefined();
      for (const oid of [ROOT_OID, a, b]) {
        expect(await storage.load(oid)).toMatchObject({ serial: tid });
      }
      expect((await storage.stats()).objects).toBe(3);
    });

    it('keeps working when transactions and packs follow a pack', async () => {
      const { storage } = ctx;
      const [a = -1, b = -1, e = -1] = await newOids(storage, 3);
      let root = await commit(storage, [
        write(ROOT_OID, 0, { refs: [a] }),
        write(a, 0, { refs: [b] }),
        write(b, 0, {}),
      ]);
      expect(await storage.pack(refsOf)).toEqual({ removed: 0 });
      root = await commit(storage, [write(ROOT_OID, root, { refs: [a, e] }), write(e, 0, {})]);
      expect(await storage.pack(refsOf)).toEqual({ removed: 0 });
      root = await commit(storage, [write(ROOT_OID, root, { refs: [e] })]);
      expect(await storage.pack(refsOf)).toEqual({ removed: 2 });
      const [f = -1] = await newOids(storage, 1);
      expect([a, b, e]).not.toContain(f);
      const tid = await commit(storage, [write(ROOT_OID, root, { refs: [e, f] }), write(f, 0, 1)]);
      expect(tid).toBeGreaterThan(root);
      expect(stateOf(await storage.load(f))).toBe(1);
      expect(await storage.load(a)).toBeUndefined();
      expect((await storage.stats()).objects).toBe(3);
    });

    it('keeps objects an open snapshot can still reach when packing', async () => {
      const { storage } = ctx;
      const [a = -1] = await newOids(storage, 1);
      const tid1 = await commit(storage, [write(ROOT_OID, 0, { refs: [a] }), write(a, 0, 'old')]);
      const snapshot = await storage.openSnapshot(null);
      await commit(storage, [write(ROOT_OID, tid1, { refs: [] })]);
      expect(await storage.pack(refsOf)).toEqual({ removed: 0 });
      expect(stateOf(await storage.load(a, snapshot.tid))).toBe('old');
      expect(stateOf(await storage.load(ROOT_OID, snapshot.tid))).toEqual({ refs: [a] });
      storage.closeSnapshot(snapshot.tid);
      expect(await storage.pack(refsOf)).toEqual({ removed: 1 });
      expect(await storage.load(a)).toBeUndefined();
    });

    it('drops old revisions when packing with no snapshot open', async () => {
      const { storage } = ctx;
      let serial = await commit(storage, [write(ROOT_OID, 0, { refs: [] })]);
      for (let i = 0; i < 5; i += 1) serial = await commit(storage, [write(ROOT_OID, serial, i)]);
      await storage.pack(refsOf);
      const stats = await storage.stats();
      expect(stats.objects).toBe(1);
      expect(stats.records).toBe(1);
      expect(stateOf(await storage.load(ROOT_OID))).toBe(4);
    });
  });

  describe('stats and close', () => {
    it('counts objects, records and bytes when objects are committed', async () => {
      const { storage } = ctx;
      expect(await storage.stats()).toEqual({ objects: 0, records: 0, bytes: 0 });
      const [a = -1] = await newOids(storage, 1);
      await commit(storage, [write(ROOT_OID, 0, 'x'.repeat(1000)), write(a, 0, {})]);
      const stats = await storage.stats();
      expect(stats.objects).toBe(2);
      expect(stats.records).toBeGreaterThanOrEqual(2);
      expect(stats.bytes).toBeGreaterThanOrEqual(1000);
    });

    it('rejects further calls when closed', async () => {
      await commit(ctx.storage, [write(ROOT_OID, 0, {})]);
      await ctx.storage.close();
      await expect(ctx.storage.load(ROOT_OID)).rejects.toThrow();
      await expect(ctx.storage.tpcBegin({})).rejects.toThrow();
    });
  });

  describe('durability (storages whose fixture can reopen)', () => {
    it('keeps committed transactions when reopened', async () => {
      const [a = -1] = await newOids(ctx.storage, 1);
      const tid1 = await commit(ctx.storage, [write(ROOT_OID, 0, { refs: [a] }), write(a, 0, 1)]);
      const tid2 = await commit(ctx.storage, [write(a, tid1, 2)]);
      if (!(await reopen(ctx))) return;
      expect(await ctx.storage.lastTransaction()).toBe(tid2);
      expect(await ctx.storage.load(ROOT_OID)).toMatchObject({ serial: tid1 });
      expect(await ctx.storage.load(a)).toMatchObject({ serial: tid2, className: 'Thing' });
      expect(stateOf(await ctx.storage.load(a))).toBe(2);
    });

    it('drops a voted but unfinished transaction when closed and reopened', async () => {
      const tid = await commit(ctx.storage, [write(ROOT_OID, 0, 'committed')]);
      const [a = -1] = await newOids(ctx.storage, 1);
      const txn = {};
      await ctx.storage.tpcBegin(txn);
      ctx.storage.store(txn, write(ROOT_OID, tid, 'voted only'));
      ctx.storage.store(txn, write(a, 0, 'voted only'));
      await ctx.storage.tpcVote(txn);
      if (!(await reopen(ctx))) return;
      expect(await ctx.storage.lastTransaction()).toBe(tid);
      expect(stateOf(await ctx.storage.load(ROOT_OID))).toBe('committed');
      expect(await ctx.storage.load(a)).toBeUndefined();
      expect(await commit(ctx.storage, [write(ROOT_OID, tid, 'after')])).toBeGreaterThan(tid);
    });

    it('keeps oids and tids growing when reopened', async () => {
      const before = await newOids(ctx.storage, 5);
      const tid = await commit(ctx.storage, [write(before[0] ?? -1, 0, {})]);
      if (!(await reopen(ctx))) return;
      const after = await newOids(ctx.storage, 5);
      expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
      expect(await commit(ctx.storage, [write(ROOT_OID, 0, {})])).toBeGreaterThan(tid);
    });
  });
}

/** Closes the storage and opens it again; false when the fixture cannot. */
async function reopen(ctx: ContractContext): Promise<boolean> {
  if (ctx.fixture.reopen === undefined) return false;
  await ctx.storage.close();
  ctx.storage = await ctx.fixture.reopen();
  return true;
}
