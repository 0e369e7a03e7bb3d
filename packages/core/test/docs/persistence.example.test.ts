// The snippets of docs/persistence.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PersistentMapping } from '@zoa/core/persistence';
import {
  BTree,
  classRegistry,
  ConflictError,
  Database,
  MemoryStorage,
  Persistent,
  SqliteStorage,
  TransactionManager,
} from '@zoa/core/persistence';

// #region define-class
type CounterState = { value: number; history: number[] };

class Counter extends Persistent {
  value = 0;
  history: number[] = [];

  increment(): void {
    this.value += 1;
    this.history = [...this.history, this.value]; // re-assign, or push + markChanged()
    this.markChanged();
  }

  /** Two concurrent increments both count: old + both deltas. States are JSON. */
  static resolveConflict(old: CounterState, committed: CounterState, mine: CounterState) {
    const value = committed.value + mine.value - old.value;
    return { value, history: [...committed.history, value] };
  }
}
classRegistry.register('Counter', Counter);
// #endregion define-class

// #region cache-on-reuse
/** One per visitor, used by one request now and then: not worth keeping loaded. */
class Visit extends Persistent {
  static override readonly cacheOnReuse = true;
  pages = 0;
}
classRegistry.register('Visit', Visit);
// #endregion cache-on-reuse

describe('docs/persistence.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-doc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the unit-of-work example', async () => {
    const file = path.join(dir, 'Data.sqlite');
    // #region unit-of-work
    const db = await Database.open(new SqliteStorage({ path: file }));
    const tm = new TransactionManager();

    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      root.set('counter', new Counter()); // reachable from the root: stored at commit
    });

    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping<Counter>>();
      const counter = await root.get('counter')!.activate(); // load the ghost
      counter.increment();
    });
    // #endregion unit-of-work
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping<Counter>>();
      const counter = await root.get('counter')!.activate();
      expect(counter.value).toBe(1);
    });

    // #region conflicts
    const first = tm.begin();
    const second = tm.begin();
    for (const txn of [first, second]) {
      const root = await (await txn.open(db)).root<PersistentMapping<Counter>>();
      (await root.get('counter')!.activate()).increment();
    }
    await first.commit();
    await second.commit(); // resolved by Counter.resolveConflict instead of a ConflictError
    // #endregion conflicts
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping<Counter>>();
      const counter = await root.get('counter')!.activate();
      expect(counter.value).toBe(3);
      expect(counter.history).toEqual([1, 2, 3]);
    });
    expect(ConflictError).toBeDefined();
    await db.close();
  });

  it('runs the object cache example', async () => {
    const tm = new TransactionManager();
    const storage = new MemoryStorage();
    const seed = await Database.open(storage);
    await tm.run(async (txn) => {
      const root = await (await txn.open(seed)).root<PersistentMapping<Counter>>();
      for (const key of ['hot', 'cold', ...Array.from({ length: 10 }, (_, i) => `c${i}`)]) {
        root.set(key, new Counter());
      }
    });
    const seen = new Map<string, Counter>();
    // #region object-cache
    const db = await Database.open(storage, { cacheSize: 2 }); // objects kept loaded, at most
    for (let i = 0; i < 10; i += 1) {
      await tm.run(async (txn) => {
        const root = await (await txn.open(db)).root<PersistentMapping<Counter>>();
        const hot = await root.get('hot')!.activate();
        hot._p_accessed(); // used again through a reference the cache does not see: a use
        const cold = await root.get('cold')!.activate(); // the same, but no use noted
        await root.get(`c${i}`)!.activate(); // used once
        seen.set('hot', hot).set('cold', cold);
      });
    }
    // #endregion object-cache
    expect(seen.get('hot')!._p_status).toBe('saved'); // still loaded
    expect(seen.get('cold')!._p_status).toBe('ghost'); // forgotten like the one-off objects
  });

  it('runs the cacheOnReuse example', async () => {
    const tm = new TransactionManager();
    const storage = new MemoryStorage();
    const seed = await Database.open(storage);
    await tm.run(async (txn) => {
      const root = await (await txn.open(seed)).root<PersistentMapping<BTree<string, Visit>>>();
      const visits = new BTree<string, Visit>();
      await visits.set('alice', new Visit());
      root.set('visits', visits);
    });
    const db = await Database.open(storage, { name: 'site' });
    // #region cache-on-reuse-use
    const visit = await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping<BTree<string, Visit>>>();
      const visits = await root.get('visits')!.activate();
      const found = (await visits.get('alice'))!; // a B-tree value: reached lazily
      found.pages += 1;
      found.markChanged(); // stored at commit, like any change
      return found;
    });
    await expect(visit.activate()).rejects.toThrow('get it again'); // kept past its transaction
    // #endregion cache-on-reuse-use
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping<BTree<string, Visit>>>();
      const visits = await root.get('visits')!.activate();
      expect((await visits.get('alice'))!.pages).toBe(1);
    });
  });
});
