import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BTree,
  BTreeNode,
  ConflictError,
  Database,
  LazyReference,
  MemoryStorage,
  Persistent,
  SqliteStorage,
  TransactionManager,
  classRegistry,
} from '@zoa/core/persistence';
import type {
  BTreeChild,
  BTreeKey,
  BTreeOptions,
  Storage,
  Transaction,
  PersistentMapping,
  BTreeBucket,
} from '@zoa/core/persistence';
import {
  checkTree,
  collect,
  CountingStorage,
  rootOf,
  modelEntries,
  seededRandom,
} from './fixtures/btree-helpers';

class Item extends Persistent {
  title: string;

  constructor(title: string) {
    super();
    this.title = title;
  }
}
classRegistry.register('BTreeTestItem', Item);

const tm = new TransactionManager();
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-btree-'));
  tempDirs.push(dir);
  return path.join(dir, 'Data.sqlite');
}

interface Setup {
  storage: Storage;
  /** A fresh storage over the same data (the first one may be closed by then). */
  reopen(): Storage;
}

describe.each<[string, () => Setup]>([
  [
    'MemoryStorage',
    () => {
      const storage = new MemoryStorage();
      return { storage, reopen: () => storage };
    },
  ],
  [
    'SqliteStorage',
    () => {
      const file = tempFile();
      return {
        storage: new SqliteStorage({ path: file }),
        reopen: () => new SqliteStorage({ path: file }),
      };
    },
  ],
])('BTree in a database (%s)', (kind, makeSetup) => {
  const openDbs: Database[] = [];
  afterEach(async () => {
    for (const db of openDbs.splice(0)) await db.close();
  });

  async function open(storage: Storage): Promise<Database> {
    const db = await Database.open(storage, { devChecks: true });
    openDbs.push(db);
    return db;
  }

  /** Runs `work` on the tree stored under `tree` in the root. */
  function withTree<T>(
    db: Database,
    work: (tree: BTree<BTreeKey, unknown>) => Promise<T>,
  ): Promise<T> {
    return tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      return work(root.get('tree') as BTree<BTreeKey, unknown>);
    });
  }

  async function treeIn(txn: Transaction, db: Database): Promise<BTree<BTreeKey, unknown>> {
    const root = await (await txn.open(db)).root<PersistentMapping>();
    return root.get('tree') as BTree<BTreeKey, unknown>;
  }

  async function build(
    db: Database,
    keys: BTreeKey[],
    options: BTreeOptions,
    batch = 500,
  ): Promise<void> {
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      root.set('tree', new BTree(options));
    });
    for (let i = 0; i < keys.length; i += batch) {
      await withTree(db, async (tree) => {
        for (const key of keys.slice(i, i + batch)) await tree.set(key, `v${key}`);
      });
    }
  }

  it('stores a tree and reloads it in a new transaction and in a newly opened database', async () => {
    const setup = makeSetup();
    let db = await open(setup.storage);
    const random = seededRandom(21);
    const keys = Array.from({ length: 3000 }, () => Math.floor(random() * 1e6));
    const model = new Map<BTreeKey, unknown>(keys.map((k) => [k, `v${k}`]));
    await build(db, keys, { maxBucketSize: 16, maxNodeSize: 8 });
    await withTree(db, async (tree) => {
      for (const key of keys.slice(0, 500)) {
        await tree.delete(key);
        model.delete(key);
      }
    });
    const check = async (database: Database, fresh: boolean): Promise<void> => {
      await withTree(database, async (tree) => {
        if (fresh) expect(tree._p_status).toBe('ghost');
        await checkTree(tree);
        expect(await collect(tree.entries())).toEqual(modelEntries(model));
        expect(await tree.size()).toBe(model.size);
      });
    };
    await check(db, false);
    if (kind === 'SqliteStorage') {
      await db.close();
      openDbs.splice(openDbs.indexOf(db), 1);
    }
    db = await open(setup.reopen());
    await check(db, true);
  });

  it('loads only the nodes on the path of a lookup', async () => {
    const setup = makeSetup();
    const keys = Array.from({ length: 2000 }, (_, i) => i);
    const first = await open(setup.storage);
    await build(first, keys, { maxBucketSize: 8, maxNodeSize: 6 });
    if (kind === 'SqliteStorage') {
      openDbs.splice(openDbs.indexOf(first), 1);
      await first.close();
    }
    const storage = new CountingStorage(setup.reopen());
    const db = await open(storage);
    let loads = 0;
    await tm.run(async (txn) => {
      const tree = await treeIn(txn, db);
      const before = storage.loads;
      expect(await tree.get(1234)).toBe('v1234');
      loads = storage.loads - before;
      // the bucket was only peeked at: the next lookups in it read it again, the third in a row
      // keeps it (used again soon: see peekState), so the one after that loads nothing
      const again = storage.loads;
      expect(await tree.get(1235)).toBe('v1235');
      expect(await tree.get(1233)).toBe('v1233');
      expect(storage.loads).toBe(again + 2);
      expect(await tree.get(1234)).toBe('v1234');
      expect(storage.loads).toBe(again + 2);
    });
    const depth = await withTree(db, async (tree) => (await checkTree(tree)).depth);
    expect(depth).toBeGreaterThanOrEqual(4);
    // the tree record, then one record per level: `depth - 1` nodes and the bucket
    expect(loads).toBe(1 + depth);
  });

  it('peeks at a bucket a lookup reaches once, and loads it when lookups come back to it soon', async () => {
    const setup = makeSetup();
    const first = await open(setup.storage);
    await build(
      first,
      Array.from({ length: 200 }, (_, i) => i),
      { maxBucketSize: 8, maxNodeSize: 8 },
    );
    if (kind === 'SqliteStorage') {
      openDbs.splice(openDbs.indexOf(first), 1);
      await first.close();
    }
    const db = await open(setup.reopen());
    const bucketOf = (
      tree: BTree<BTreeKey, unknown>,
      key: number,
    ): BTreeBucket<BTreeKey, unknown> => {
      let node = rootOf(tree);
      while (node instanceof BTreeNode) node = node.child(node.childIndex(key));
      return node;
    };
    await withTree(db, async (tree) => {
      expect(await tree.get(42)).toBe('v42');
      expect(await tree.has(100)).toBe(true);
      expect(await tree.get(999)).toBeUndefined();
      // read, not kept: what the lookups decoded is garbage now
      expect(bucketOf(tree, 42)._p_status).toBe('ghost');
    });
    await withTree(db, async (tree) => {
      expect(await tree.get(42)).toBe('v42'); // soon again: still read, not kept
      expect(bucketOf(tree, 42)._p_status).toBe('ghost');
      expect(await tree.get(43)).toBe('v43'); // the third lookup in a row: loaded and kept
      expect(bucketOf(tree, 42)._p_status).toBe('saved');
    });
  });

  it('keeps the inner nodes that every lookup passes through loaded in a small cache', async () => {
    const setup = makeSetup();
    const keys = Array.from({ length: 6000 }, (_, i) => i);
    const first = await open(setup.storage);
    await build(first, keys, { maxBucketSize: 8, maxNodeSize: 16 });
    const { nodes, buckets } = await withTree(first, (tree) => checkTree(tree));
    const nodeOids = await withTree(first, async (tree) => {
      const oids = new Set<number>();
      const visit = async (node: BTreeChild<BTreeKey, unknown>): Promise<void> => {
        if (!(node instanceof BTreeNode)) return;
        await node.activate();
        oids.add(node._p_oid as number);
        for (let i = 0; i < node.size; i += 1) await visit(node.child(i));
      };
      await visit(rootOf(tree));
      return oids;
    });
    if (kind === 'SqliteStorage') {
      openDbs.splice(openDbs.indexOf(first), 1);
      await first.close();
    }
    class NodeCounting extends CountingStorage {
      nodeLoads = 0;
      override load(oid: number, at?: number): ReturnType<CountingStorage['load']> {
        if (nodeOids.has(oid)) this.nodeLoads += 1;
        return super.load(oid, at);
      }
    }
    const storage = new NodeCounting(setup.reopen());
    // room for every inner node and some buckets, far from all of them
    const db = await Database.open(storage, { cacheSize: 4 * nodes });
    openDbs.push(db);
    expect(nodeOids.size).toBe(nodes);
    expect(buckets).toBeGreaterThan(6 * nodes);
    const random = seededRandom(11);
    const lookups = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 1) {
        const key = Math.floor(random() * keys.length);
        await withTree(db, async (tree) => expect(await tree.get(key)).toBe(`v${key}`));
      }
    };
    await lookups(8 * nodes); // every inner node loaded; loaded buckets push the others out
    storage.reset();
    storage.nodeLoads = 0;
    await lookups(1000);
    // Only buckets: the nodes on the path stay loaded, as every lookup uses them. (Forgetting
    // objects in the order they were loaded, the cache loaded the nodes again and again.)
    expect(storage.nodeLoads).toBe(0);
    expect(storage.loads).toBeLessThanOrEqual(1000);
  });

  it('writes a few records per insert, however big the tree', async () => {
    const setup = makeSetup();
    const counting = new CountingStorage(setup.storage);
    const db = await open(counting);
    const random = seededRandom(5);
    const keys = Array.from({ length: 4000 }, () => `s${Math.floor(random() * 1e9)}`);
    await build(db, keys, { maxBucketSize: 16, maxNodeSize: 16 }, 1000);
    const depth = await withTree(db, async (tree) => (await checkTree(tree)).depth);
    expect(depth).toBeGreaterThanOrEqual(3);
    const writes: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await withTree(db, async (tree) => tree.set(`t${Math.floor(random() * 1e9)}`, i));
      writes.push(counting.lastCommitWrites);
    }
    const mean = writes.reduce((a, b) => a + b, 0) / writes.length;
    // the bucket and the Length counter; now and then a new bucket and the parent node(s) too
    expect(Math.min(...writes)).toBe(2);
    expect(mean).toBeLessThan(2.6);
    expect(Math.max(...writes)).toBeLessThanOrEqual(depth + 3);
  });

  it('moves an entry without writing the size counter when the size does not change', async () => {
    const keys = Array.from({ length: 400 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const options = { maxBucketSize: 16, maxNodeSize: 16 };
    // the same moves as move() and as delete() + set() on two equal trees: the same buckets
    // and nodes change, but only delete() + set() writes the Length counter
    const moves: [string, string][] = [
      ['k0005', 'k0395x'],
      ['k0100', 'k0100x'],
      ['k0300', 'k0010x'],
    ];
    const writes = { move: [] as number[], deleteSet: [] as number[] };
    for (const way of ['move', 'deleteSet'] as const) {
      const counting = new CountingStorage(makeSetup().storage);
      const db = await open(counting);
      await build(db, keys, options, 400);
      for (const [from, to] of moves) {
        await withTree(db, async (tree) => {
          if (way === 'move') await tree.move(from, to, `moved ${from}`);
          else {
            await tree.delete(from);
            await tree.set(to, `moved ${from}`);
          }
        });
        writes[way].push(counting.lastCommitWrites);
      }
      await withTree(db, async (tree) => {
        expect(await tree.size()).toBe(400);
        expect(await tree.get('k0005')).toBeUndefined();
        expect(await tree.get('k0395x')).toBe('moved k0005');
        await checkTree(tree);
      });
    }
    expect(writes.move).toEqual(writes.deleteSet.map((n) => n - 1));
    expect(Math.min(...writes.move)).toBe(1); // a move within one bucket
  });

  it('writes the size counter when a move lands on a present key', async () => {
    const counting = new CountingStorage(makeSetup().storage);
    const db = await open(counting);
    await build(db, ['a', 'b', 'c'], {});
    await withTree(db, async (tree) => expect(await tree.move('a', 'b', 'merged')).toBe(false));
    expect(counting.lastCommitWrites).toBe(2); // the bucket and the counter
    await withTree(db, async (tree) => {
      expect(await tree.size()).toBe(2);
      expect(await collect(tree.entries())).toEqual([
        ['b', 'merged'],
        ['c', 'vc'],
      ]);
    });
  });

  it('stores persistent values and hands them out activated', async () => {
    const db = await open(makeSetup().storage);
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      const tree = new BTree<string, Item>();
      root.set('tree', tree);
      for (let i = 0; i < 200; i += 1) await tree.set(`item${i}`, new Item(`Item ${i}`));
    });
    await withTree(db, async (tree) => {
      const item = (await tree.get('item7')) as Item;
      expect(item).toBeInstanceOf(Item);
      expect(item._p_status).toBe('saved');
      expect(item.title).toBe('Item 7');
      const page = await tree.page(10, 2);
      expect(page.map(([, v]) => (v as Item).title)).toEqual(['Item 107', 'Item 108']);
      const titles: string[] = [];
      for await (const value of tree.values({ max: 'item11' })) titles.push((value as Item).title);
      const expected = Array.from({ length: 200 }, (_, i) => `item${i}`)
        .filter((k) => k <= 'item11')
        .sort()
        .map((k) => `Item ${k.slice(4)}`);
      expect(titles).toEqual(expected);
    });
  });

  it('makes no ghost for the values and children a lookup does not use', async () => {
    const setup = makeSetup();
    const first = await open(setup.storage);
    await tm.run(async (txn) => {
      const root = await (await txn.open(first)).root<PersistentMapping>();
      const tree = new BTree<string, Item>({ maxBucketSize: 8, maxNodeSize: 8 });
      root.set('tree', tree);
      for (let i = 0; i < 100; i += 1) {
        await tree.set(`item${String(i).padStart(3, '0')}`, new Item(`Item ${i}`));
      }
    });
    if (kind === 'SqliteStorage') {
      openDbs.splice(openDbs.indexOf(first), 1);
      await first.close();
    }
    const db = await open(setup.reopen());
    await withTree(db, async (tree) => {
      // the first lookups only peek at the bucket, and make no ghost of it; the third in a row
      // loads it (see peekState)
      const lookUp = async (): Promise<void> =>
        expect(((await tree.get('item042')) as Item).title).toBe('Item 42');
      await lookUp();
      const top = (tree as unknown as { root: BTreeNode<string, Item> }).root;
      /** Whether the node above the bucket of item042 still holds it as a lazy reference. */
      const bucketUnresolved = (): boolean => {
        let node = top;
        for (;;) {
          const index = node.childIndex('item042');
          if (node.lazyChild(index)?.className === 'BTreeBucket') return true;
          const child = node.child(index);
          if (!(child instanceof BTreeNode)) return false;
          node = child;
        }
      };
      expect(bucketUnresolved()).toBe(true);
      await lookUp();
      expect(bucketUnresolved()).toBe(true);
      await lookUp();
      expect(bucketUnresolved()).toBe(false);
      const unresolved = top.children.filter((child) => child instanceof LazyReference);
      expect(unresolved).toHaveLength(top.children.length - 1);
      let node: BTreeNode<string, Item> | BTreeBucket<string, Item> = top;
      while (node instanceof BTreeNode) node = node.child(node.childIndex('item042'));
      const resolved = node.values.filter((value) => !(value instanceof LazyReference));
      expect(resolved).toHaveLength(1);
      // the bucket written back with values still lazy keeps them all
      await tree.set('item042b', new Item('Item 42b'));
    });
    await withTree(db, async (tree) => {
      const titles: string[] = [];
      for await (const value of tree.values()) titles.push((value as Item).title);
      expect(titles).toHaveLength(101);
      expect(titles.slice(41, 45)).toEqual(['Item 41', 'Item 42', 'Item 42b', 'Item 43']);
    });
  });

  describe('concurrent transactions', () => {
    async function twoWriters(
      db: Database,
      first: (tree: BTree<BTreeKey, unknown>) => Promise<unknown>,
      second: (tree: BTree<BTreeKey, unknown>) => Promise<unknown>,
    ): Promise<void> {
      const t1 = tm.begin();
      const t2 = tm.begin();
      await first(await treeIn(t1, db));
      await second(await treeIn(t2, db));
      await t1.commit();
      try {
        await t2.commit();
      } finally {
        await t2.abort();
      }
    }

    it('merges inserts of different keys into one bucket: both survive', async () => {
      const db = await open(makeSetup().storage);
      const keys = Array.from({ length: 100 }, (_, i) => i * 10);
      await build(db, keys, { maxBucketSize: 64, maxNodeSize: 16 });
      await twoWriters(
        db,
        (tree) => tree.set(501, 'first'),
        (tree) => tree.set(502, 'second'),
      );
      await withTree(db, async (tree) => {
        expect(await tree.get(501)).toBe('first');
        expect(await tree.get(502)).toBe('second');
        expect(await tree.size()).toBe(102);
        await checkTree(tree);
      });
      // a delete and an update of other keys of the same bucket merge too
      await twoWriters(
        db,
        (tree) => tree.delete(510),
        (tree) => tree.set(520, 'changed'),
      );
      await withTree(db, async (tree) => {
        expect(await tree.has(510)).toBe(false);
        expect(await tree.get(520)).toBe('changed');
        expect(await tree.size()).toBe(101);
      });
    });

    it('refuses inserts of the same key with a ConflictError', async () => {
      const db = await open(makeSetup().storage);
      await build(db, [1, 2, 3], {});
      await expect(
        twoWriters(
          db,
          (tree) => tree.set('same', 'first'),
          (tree) => tree.set('same', 'second'),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await withTree(db, async (tree) => {
        expect(await tree.get('same')).toBe('first');
        expect(await tree.size()).toBe(4);
      });
    });

    it('refuses a merge when the other transaction split the bucket, and succeeds on retry', async () => {
      const db = await open(makeSetup().storage);
      const keys = Array.from({ length: 16 }, (_, i) => i * 10);
      await build(db, keys, { maxBucketSize: 16, maxNodeSize: 16 });
      await expect(
        twoWriters(
          db,
          (tree) => tree.set(55, 'splits'),
          (tree) => tree.set(65, 'same bucket'),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await withTree(db, (tree) => tree.set(65, 'retried'));
      await withTree(db, async (tree) => {
        expect(await tree.get(55)).toBe('splits');
        expect(await tree.get(65)).toBe('retried');
        expect((await checkTree(tree)).buckets).toBe(2);
      });
    });

    it('commits inserts into different buckets, merging only the Length counter', async () => {
      const db = await open(makeSetup().storage);
      const keys = Array.from({ length: 200 }, (_, i) => i * 10);
      await build(db, keys, { maxBucketSize: 16, maxNodeSize: 16 });
      await twoWriters(
        db,
        (tree) => tree.set(5, 'low'),
        (tree) => tree.set(1995, 'high'),
      );
      await withTree(db, async (tree) => {
        expect(await tree.size()).toBe(202);
        await checkTree(tree);
      });
    });

    it('refuses a merge into a bucket the other transaction removed', async () => {
      const db = await open(makeSetup().storage);
      const keys = Array.from({ length: 40 }, (_, i) => i);
      await build(db, keys, { maxBucketSize: 8, maxNodeSize: 8 });
      // the first empties the last buckets, which are merged away; the second adds to one
      await expect(
        twoWriters(
          db,
          async (tree) => {
            for (let k = 20; k < 40; k += 1) await tree.delete(k);
          },
          (tree) => tree.set(38.5, 'orphan?'),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await withTree(db, async (tree) => {
        expect(await tree.has(38.5)).toBe(false);
        expect(await tree.size()).toBe(20);
        await checkTree(tree);
      });
    });
  });
});
