/// <reference types="jest" />
import { ConflictError } from '../persistence/conflict-error';
import { ROOT_OID } from '../persistence/interfaces';
import {
  commit,
  newOids,
  settle,
  stateOf,
  write,
  type ContractContext,
} from './storage-contract-context';

/** The empty-storage, oid and two-phase commit part of the storage contract. */
export function describeCommitContract(ctx: ContractContext): void {
  describe('when empty', () => {
    it('reports lastTransaction 0 and loads nothing when nothing was committed', async () => {
      expect(await ctx.storage.lastTransaction()).toBe(0);
      expect(await ctx.storage.load(ROOT_OID)).toBeUndefined();
      expect(await ctx.storage.load(1)).toBeUndefined();
    });

    it('hands out distinct oids, never ROOT_OID, when newOid is called repeatedly', async () => {
      const oids = await newOids(ctx.storage, 50);
      expect(new Set(oids).size).toBe(50);
      expect(oids).not.toContain(ROOT_OID);
      await commit(ctx.storage, [write(ROOT_OID, 0, {}), write(oids[0] ?? -1, 0, {})]);
      const more = await newOids(ctx.storage, 50);
      expect(new Set([...oids, ...more]).size).toBe(100);
      expect(more).not.toContain(ROOT_OID);
    });
  });

  describe('two-phase commit', () => {
    it('makes records visible with serial = tid when store, vote and finish succeed', async () => {
      const [a = -1] = await newOids(ctx.storage, 1);
      const big = 'x'.repeat(100_000);
      const tid = await commit(ctx.storage, [
        write(ROOT_OID, 0, { title: 'Zoa ✓ ünïcødé 🚀' }, 'Root'),
        write(a, 0, { big }, 'Folder'),
      ]);
      expect(tid).toBeGreaterThan(0);
      expect(await ctx.storage.lastTransaction()).toBe(tid);
      const root = await ctx.storage.load(ROOT_OID);
      expect(root).toEqual({
        oid: ROOT_OID,
        serial: tid,
        className: 'Root',
        state: JSON.stringify({ title: 'Zoa ✓ ünïcødé 🚀' }),
      });
      expect(await ctx.storage.load(a, tid)).toMatchObject({ serial: tid, className: 'Folder' });
      expect(stateOf(await ctx.storage.load(a))).toEqual({ big });
    });

    it('returns strictly increasing tids when transactions commit one after another', async () => {
      const tids: number[] = [];
      let serial = 0;
      for (let i = 0; i < 10; i += 1) {
        serial = await commit(ctx.storage, [write(ROOT_OID, serial, { i })]);
        tids.push(serial);
        if (i === 4) await abortedTransaction(ctx);
      }
      for (let i = 1; i < tids.length; i += 1) expect(tids[i]).toBeGreaterThan(tids[i - 1] ?? 0);
      expect(await ctx.storage.lastTransaction()).toBe(tids[9]);
    });

    it('keeps the last write when one oid is stored twice in a transaction', async () => {
      const tid = await commit(ctx.storage, [
        write(ROOT_OID, 0, { v: 'first' }, 'A'),
        write(ROOT_OID, 0, { v: 'second' }, 'B'),
      ]);
      const root = await ctx.storage.load(ROOT_OID);
      expect(root).toMatchObject({ serial: tid, className: 'B' });
      expect(stateOf(root)).toEqual({ v: 'second' });
    });

    it('leaves nothing behind when a transaction aborts after store or after vote', async () => {
      const tid = await commit(ctx.storage, [write(ROOT_OID, 0, { v: 1 })]);
      const [a = -1] = await newOids(ctx.storage, 1);
      for (const voteFirst of [false, true]) {
        const txn = {};
        await ctx.storage.tpcBegin(txn);
        ctx.storage.store(txn, write(ROOT_OID, tid, { v: 2 }));
        ctx.storage.store(txn, write(a, 0, { v: 2 }));
        if (voteFirst) await ctx.storage.tpcVote(txn);
        await ctx.storage.tpcAbort(txn);
        expect(await ctx.storage.lastTransaction()).toBe(tid);
        expect(stateOf(await ctx.storage.load(ROOT_OID))).toEqual({ v: 1 });
        expect(await ctx.storage.load(a)).toBeUndefined();
      }
      const next = await commit(ctx.storage, [write(ROOT_OID, tid, { v: 3 }), write(a, 0, {})]);
      expect(next).toBeGreaterThan(tid);
    });

    it('throws ConflictError listing every conflict when base serials are stale', async () => {
      const [a = -1, b = -1, c = -1] = await newOids(ctx.storage, 3);
      const tid1 = await commit(ctx.storage, [write(a, 0, 1), write(b, 0, 1), write(c, 0, 1)]);
      const tid2 = await commit(ctx.storage, [write(a, tid1, 2), write(b, tid1, 2)]);
      const txn = {};
      await ctx.storage.tpcBegin(txn);
      ctx.storage.store(txn, write(a, tid1, 3));
      ctx.storage.store(txn, write(b, tid1, 3));
      ctx.storage.store(txn, write(c, tid1, 3));
      const error: unknown = await ctx.storage.tpcVote(txn).then(
        () => undefined,
        (e: unknown) => e,
      );
      await ctx.storage.tpcAbort(txn);
      expect(error).toBeInstanceOf(ConflictError);
      const conflicts = [...(error as ConflictError).conflicts].sort((x, y) => x.oid - y.oid);
      expect(conflicts).toEqual([
        { oid: a, baseSerial: tid1, currentSerial: tid2 },
        { oid: b, baseSerial: tid1, currentSerial: tid2 },
      ]);
      expect(stateOf(await ctx.storage.load(c))).toBe(1);
      expect(await ctx.storage.lastTransaction()).toBe(tid2);
    });

    it('reports a conflict when a new object (baseSerial 0) reuses an existing oid', async () => {
      const [a = -1] = await newOids(ctx.storage, 1);
      const tid = await commit(ctx.storage, [write(a, 0, 'mine')]);
      const rejected = commit(ctx.storage, [write(a, 0, 'theirs')]);
      await expect(rejected).rejects.toBeInstanceOf(ConflictError);
      await expect(rejected).rejects.toMatchObject({
        conflicts: [{ oid: a, baseSerial: 0, currentSerial: tid }],
      });
      expect(stateOf(await ctx.storage.load(a))).toBe('mine');
    });

    it('commits corrected writes, holding the lock, when voting again after a conflict', async () => {
      const tid1 = await commit(ctx.storage, [write(ROOT_OID, 0, 1)]);
      const tid2 = await commit(ctx.storage, [write(ROOT_OID, tid1, 2)]);
      const txn = {};
      await ctx.storage.tpcBegin(txn);
      ctx.storage.store(txn, write(ROOT_OID, tid1, 'stale'));
      await expect(ctx.storage.tpcVote(txn)).rejects.toBeInstanceOf(ConflictError);
      let otherBegan = false;
      const other = {};
      const otherBegin = ctx.storage.tpcBegin(other).then(() => {
        otherBegan = true;
      });
      await settle();
      expect(otherBegan).toBe(false);
      ctx.storage.store(txn, write(ROOT_OID, tid2, 'resolved'));
      await ctx.storage.tpcVote(txn);
      const tid3 = await ctx.storage.tpcFinish(txn);
      await otherBegin;
      await ctx.storage.tpcAbort(other);
      expect(tid3).toBeGreaterThan(tid2);
      expect(await ctx.storage.load(ROOT_OID)).toMatchObject({ serial: tid3 });
      expect(stateOf(await ctx.storage.load(ROOT_OID))).toBe('resolved');
    });

    it('makes a second tpcBegin wait until the first transaction finishes or aborts', async () => {
      for (const end of ['finish', 'abort'] as const) {
        const first = {};
        await ctx.storage.tpcBegin(first);
        const base = (await ctx.storage.load(ROOT_OID))?.serial ?? 0;
        ctx.storage.store(first, write(ROOT_OID, base, end));
        let secondBegan = false;
        const second = {};
        const secondBegin = ctx.storage.tpcBegin(second).then(() => {
          secondBegan = true;
        });
        await settle();
        expect(secondBegan).toBe(false);
        await ctx.storage.tpcVote(first);
        await settle();
        expect(secondBegan).toBe(false);
        if (end === 'finish') await ctx.storage.tpcFinish(first);
        else await ctx.storage.tpcAbort(first);
        await secondBegin;
        expect(secondBegan).toBe(true);
        // The second transaction sees the first one's outcome.
        const current = (await ctx.storage.load(ROOT_OID))?.serial ?? 0;
        ctx.storage.store(second, write(ROOT_OID, current, 'second'));
        await ctx.storage.tpcVote(second);
        await ctx.storage.tpcFinish(second);
      }
    });

    it('throws when store is called for a transaction that did not begin', async () => {
      expect(() => ctx.storage.store({}, write(ROOT_OID, 0, {}))).toThrow();
      await commit(ctx.storage, [write(ROOT_OID, 0, {})]);
    });
  });
}

async function abortedTransaction(ctx: ContractContext): Promise<void> {
  const txn = {};
  await ctx.storage.tpcBegin(txn);
  ctx.storage.store(txn, write(ROOT_OID, 0, 'never'));
  await ctx.storage.tpcAbort(txn);
}
