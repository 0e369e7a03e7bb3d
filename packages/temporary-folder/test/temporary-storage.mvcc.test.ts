import type { PersistentMapping } from '@zoa/core';
import { ConflictError, Database, TransactionManager } from '@zoa/core';
import { TemporaryStorage } from '../src/temporary-storage';
import { Leaf, MergingMapping, testRegistry } from './fixtures/persistent-classes';
import { settle } from './fixtures/storage-helpers';

const registry = testRegistry();
const tm = new TransactionManager();

/** A promise that resolves once `count` callers have arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) open();
    return opened;
  };
}

describe('TemporaryStorage', () => {
  let db: Database;

  beforeEach(async () => {
    db = await Database.open(new TemporaryStorage(), { registry, devChecks: true, poolSize: 64 });
  });

  afterEach(async () => {
    await db.close();
  });

  async function rootOf(txn: ReturnType<TransactionManager['begin']>): Promise<PersistentMapping> {
    return (await txn.open(db)).root<PersistentMapping>();
  }

  describe('MVCC through a Database', () => {
    it('keeps all 50 keys when 50 concurrent transactions write into one conflict-resolving object', async () => {
      await tm.run(async (txn) => {
        (await rootOf(txn)).set('shared', new MergingMapping());
      });
      const resolve = jest.spyOn(MergingMapping, 'resolveConflict');
      const allHaveRead = barrier(50);
      const writers = Array.from({ length: 50 }, (_, i) =>
        tm.run(
          async (txn) => {
            const shared = (await rootOf(txn)).get('shared') as MergingMapping;
            await shared.activate();
            expect(shared.keys()).toEqual([]); // everyone read the same, empty snapshot
            await allHaveRead();
            shared.set(`key-${i}`, i);
          },
          { retries: 0 },
        ),
      );
      await Promise.all(writers);
      expect(resolve).toHaveBeenCalledTimes(49);
      resolve.mockRestore();
      await tm.run(async (txn) => {
        const shared = (await rootOf(txn)).get('shared') as MergingMapping;
        await shared.activate();
        expect(shared.keys().sort()).toEqual(
          Array.from({ length: 50 }, (_, i) => `key-${i}`).sort(),
        );
        for (let i = 0; i < 50; i += 1) expect(shared.get(`key-${i}`)).toBe(i);
      });
    });

    it('raises a ConflictError when two transactions change one object without a resolver', async () => {
      await tm.run(async (txn) => {
        (await rootOf(txn)).set('leaf', new Leaf(0));
      });
      const bothHaveRead = barrier(2);
      const results = await Promise.allSettled(
        [1, 2].map((value) =>
          tm.run(
            async (txn) => {
              const leaf = (await (await rootOf(txn)).get('leaf')) as Leaf;
              await leaf.activate();
              await bothHaveRead();
              leaf.set(value);
            },
            { retries: 0 },
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    });

    it('raises a ConflictError when the resolver refuses to merge the same key changed twice', async () => {
      await tm.run(async (txn) => {
        (await rootOf(txn)).set('shared', new MergingMapping());
      });
      const bothHaveRead = barrier(2);
      const results = await Promise.allSettled(
        ['mine', 'theirs'].map((value) =>
          tm.run(
            async (txn) => {
              const shared = (await rootOf(txn)).get('shared') as MergingMapping;
              await shared.activate();
              await bothHaveRead();
              shared.set('same', value);
            },
            { retries: 0 },
          ),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    });

    it('gives every reader one consistent snapshot when writers commit between its loads', async () => {
      await tm.run(async (txn) => {
        const root = await rootOf(txn);
        root.set('a', new Leaf(50));
        root.set('b', new Leaf(50));
      });
      let transfers = 0;
      const writer = (async () => {
        for (let i = 0; i < 40; i += 1) {
          await tm.run(async (txn) => {
            const root = await rootOf(txn);
            const a = await (root.get('a') as Leaf).activate();
            const b = await (root.get('b') as Leaf).activate();
            const amount = (i % 7) - 3;
            a.set((a.value as number) - amount);
            b.set((b.value as number) + amount);
          });
          transfers += 1;
          await settle();
        }
      })();
      let sawCommitsMeanwhile = 0;
      const readers = Array.from({ length: 10 }, async (_, r) => {
        for (let i = 0; i < 8; i += 1) {
          await tm.run(async (txn) => {
            const root = await rootOf(txn);
            const before = transfers;
            const a = await (root.get('a') as Leaf).activate();
            for (let k = 0; k <= r % 3; k += 1) await settle();
            const b = await (root.get('b') as Leaf).activate();
            if (transfers > before) sawCommitsMeanwhile += 1;
            expect((a.value as number) + (b.value as number)).toBe(100);
          });
        }
      });
      await Promise.all([writer, ...readers]);
      expect(transfers).toBe(40);
      expect(sawCommitsMeanwhile).toBeGreaterThan(10);
    });
  });

  describe('GC through a Database', () => {
    it('removes objects unreachable from the root without a pack when a transaction drops them', async () => {
      await tm.run(async (txn) => {
        const tree = new MergingMapping();
        for (let i = 0; i < 20; i += 1) tree.set(`leaf-${i}`, new Leaf(i));
        const root = await rootOf(txn);
        root.set('tree', tree);
        root.set('kept', new Leaf('kept'));
      });
      expect((await db.storage.stats()).objects).toBe(23);
      await tm.run(async (txn) => {
        (await rootOf(txn)).delete('tree');
      });
      await settle();
      expect((await db.storage.stats()).objects).toBe(2);
      await tm.run(async (txn) => {
        const kept = await ((await rootOf(txn)).get('kept') as Leaf).activate();
        expect(kept.value).toBe('kept');
      });
    });

    it('lets a transaction that began before a removal load what it saw when another commits it', async () => {
      await tm.run(async (txn) => {
        const tree = new MergingMapping();
        for (let i = 0; i < 5; i += 1) tree.set(`leaf-${i}`, new Leaf(i));
        (await rootOf(txn)).set('tree', tree);
      });
      const reader = tm.begin();
      const tree = (await rootOf(reader)).get('tree') as MergingMapping;
      await tm.run(async (txn) => {
        (await rootOf(txn)).delete('tree');
      });
      await settle();
      await tree.activate();
      for (let i = 0; i < 5; i += 1) {
        const leaf = await (tree.get(`leaf-${i}`) as Leaf).activate();
        expect(leaf.value).toBe(i);
      }
      expect((await db.storage.stats()).objects).toBe(7);
      await reader.abort();
      await settle();
      expect((await db.storage.stats()).objects).toBe(1);
    });
  });
});
