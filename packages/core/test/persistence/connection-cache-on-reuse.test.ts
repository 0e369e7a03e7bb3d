import {
  BTree,
  Database,
  LazyReferences,
  MemoryStorage,
  Persistent,
  TransactionManager,
  classRegistry,
  resolveLazy,
} from '@zoa/core/persistence';
import type { LazyReference, Storage, Transaction } from '@zoa/core/persistence';

/** Used by one transaction now and then, like a session: kept for that transaction only. */
class Visit extends Persistent {
  static override readonly cacheOnReuse: boolean = true;
  count = 0;

  add(): void {
    this.count += 1;
    this.markChanged();
  }
}
classRegistry.register('CacheOnReuseTestVisit', Visit);

class Plain extends Persistent {
  count = 0;
}
classRegistry.register('CacheOnReuseTestPlain', Plain);

/** Holds `items` in a `$lazy` part (they load as lazy references) and `direct` as it is. */
class Holder extends Persistent {
  items: (Persistent | LazyReference)[] = [];
  direct: Persistent | null = null;

  override getState(): Record<string, unknown> {
    return { items: new LazyReferences(this.items), direct: this.direct };
  }

  override setState(state: Record<string, unknown>): void {
    this.items = state.items as (Persistent | LazyReference)[];
    this.direct = state.direct as Persistent | null;
  }

  /** Item `i`, activated: resolved for this use only, as a B-tree lookup does. */
  async item<T extends Persistent>(i: number): Promise<T> {
    return (await resolveLazy(this.items[i] as T | LazyReference).activate()) as T;
  }
}
classRegistry.register('CacheOnReuseTestHolder', Holder);

const tm = new TransactionManager();
const detached = /was loaded for a transaction that has ended/;

/** A storage whose root holds two visits and a plain object lazily. */
async function seeded(): Promise<Storage> {
  const storage = new MemoryStorage();
  const db = await Database.open(storage, { name: 'seed', rootFactory: () => new Holder() });
  await tm.run(async (txn) => {
    const root = await (await txn.open(db)).root<Holder>();
    root.items = [new Visit(), new Visit(), new Plain()];
    root.markChanged();
  });
  return storage;
}

/** A new database on `storage`: nothing cached yet. */
function fresh(storage: Storage): Promise<Database> {
  return Database.open(storage, { name: 'fresh' });
}

function inTxn<T>(db: Database, work: (root: Holder, txn: Transaction) => Promise<T>) {
  return tm.run(async (txn) => work(await (await txn.open(db)).root<Holder>(), txn));
}

describe('Persistent.cacheOnReuse (a connection keeps some objects for one transaction)', () => {
  it('lets go of one reached through a lazy reference when its transaction ends', async () => {
    const db = await fresh(await seeded());
    const first = await inTxn(db, async (root) => {
      const visit = await root.item<Visit>(0);
      expect(await root.item<Visit>(0)).toBe(visit); // one object per oid within the transaction
      expect(visit.count).toBe(0);
      return visit;
    });
    expect(first._p_status).toBe('ghost');
    await expect(first.activate()).rejects.toThrow(detached);
    // a later transaction gets a new object of that oid
    const second = await inTxn(db, (root) => root.item<Visit>(0));
    expect(second).not.toBe(first);
    expect(second.count).toBe(0);
  });

  it('caches one loaded again within the cache turnover as usual', async () => {
    const db = await fresh(await seeded());
    await inTxn(db, (root) => root.item<Visit>(0)); // first load: for its transaction only
    const second = await inTxn(db, (root) => root.item<Visit>(0)); // second: cached
    const third = await inTxn(db, (root) => root.item<Visit>(0));
    expect(third).toBe(second);
    expect(second._p_status).toBe('saved');
  });

  it('lets go of it only after the transaction, and stores its changes', async () => {
    const storage = await seeded();
    const db = await fresh(storage);
    const visit = await inTxn(db, async (root) => {
      const found = await root.item<Visit>(1);
      found.add();
      return found;
    });
    await expect(visit.activate()).rejects.toThrow(detached);
    const other = await fresh(storage);
    expect(await inTxn(other, async (root) => (await root.item<Visit>(1)).count)).toBe(1);
  });

  it('lets go of it when its transaction aborts', async () => {
    const db = await fresh(await seeded());
    const txn = tm.begin();
    const root = await (await txn.open(db)).root<Holder>();
    const visit = await root.item<Visit>(0);
    await txn.abort();
    await expect(visit.activate()).rejects.toThrow(detached);
  });

  it('caches one that a stored state now refers to (written in the transaction)', async () => {
    const db = await fresh(await seeded());
    const visit = await inTxn(db, async (root) => {
      const found = await root.item<Visit>(0);
      root.direct = found;
      root.markChanged();
      return found;
    });
    expect(visit._p_status).toBe('saved');
    expect(await inTxn(db, async (root) => root.direct)).toBe(visit);
    expect(await inTxn(db, (root) => root.item<Visit>(0))).toBe(visit);
  });

  it('caches one that a loaded state refers to directly', async () => {
    const storage = await seeded();
    const seedDb = await fresh(storage);
    await inTxn(seedDb, async (root) => {
      root.direct = await root.item<Visit>(1);
      root.markChanged();
    });
    const db = await fresh(storage);
    // the root's state holds it (not lazily): reached through the lazy item too, it stays
    const visit = await inTxn(db, (root) => root.item<Visit>(1));
    expect(await inTxn(db, async (root) => root.direct)).toBe(visit);
    await expect(visit.activate()).resolves.toBe(visit);
  });

  it('keeps one a B-tree hands out for its transaction only, its bucket loaded or not', async () => {
    const storage = new MemoryStorage();
    const seed = await Database.open(storage, {
      name: 'btree',
      rootFactory: () => new BTree<number, Visit>({ maxBucketSize: 4 }),
    });
    await tm.run(async (txn) => {
      const tree = await (await txn.open(seed)).root<BTree<number, Visit>>();
      for (let i = 0; i < 40; i += 1) await tree.set(i, new Visit());
    });
    const db = await fresh(storage);
    const lookUp = (key: number) =>
      tm.run(async (txn) => (await (await txn.open(db)).root<BTree<number, Visit>>()).get(key));
    // lookups of a missing key next to 3 bring its bucket in: loaded at the third
    for (let i = 0; i < 3; i += 1) expect(await lookUp(3.5)).toBeUndefined();
    for (const key of [3, 30]) {
      // 3 from the loaded bucket, 30 from a bucket peeked at
      const visit = (await lookUp(key)) as Visit;
      await expect(visit.activate()).rejects.toThrow(detached);
    }
    const again = await lookUp(3); // loaded again soon: cached as usual from now on
    expect(await lookUp(3)).toBe(again);
  });

  it('caches objects of other classes as usual', async () => {
    const db = await fresh(await seeded());
    const plain = await inTxn(db, (root) => root.item<Plain>(2));
    expect(await inTxn(db, (root) => root.item<Plain>(2))).toBe(plain);
    expect(plain._p_status).toBe('saved');
  });

  it('refuses one kept past its transaction in a new state, saying to get it again', async () => {
    const db = await fresh(await seeded());
    const stale = await inTxn(db, (root) => root.item<Visit>(0));
    await expect(
      inTxn(db, async (root) => {
        root.direct = stale;
        root.markChanged();
      }),
    ).rejects.toThrow(detached);
    // nothing was stored: the root still refers to no visit directly
    expect(await inTxn(db, async (root) => root.direct)).toBeNull();
  });

  it('refuses a change to one kept past its transaction', async () => {
    const db = await fresh(await seeded());
    const stale = await inTxn(db, (root) => root.item<Visit>(0));
    expect(() => stale.add()).toThrow(/is a ghost/);
  });
});
