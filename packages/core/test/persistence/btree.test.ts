import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BTree,
  ConflictError,
  Database,
  MemoryStorage,
  Persistent,
  SqliteStorage,
  TransactionManager,
  classRegistry,
  compareKeys,
} from '@zoa/core/persistence';
import type {
  BTreeKey,
  BTreeOptions,
  BTreeRange,
  Storage,
  Transaction,
  PersistentMapping,
} from '@zoa/core/persistence';
import { checkTree, collect, CountingStorage, seededRandom } from './fixtures/btree-helpers';

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

/** The model's entries in B-tree order, filtered by `range`. */
function modelEntries<V>(
  model: Map<BTreeKey, V>,
  range: BTreeRange<BTreeKey> = {},
): [BTreeKey, V][] {
  const { min, max, excludeMin, excludeMax } = range;
  const out = [...model].filter(([k]) => {
    if (min !== undefined && (excludeMin ? compareKeys(k, min) <= 0 : compareKeys(k, min) < 0))
      return false;
    if (max !== undefined && (excludeMax ? compareKeys(k, max) >= 0 : compareKeys(k, max) > 0))
      return false;
    return true;
  });
  out.sort(([a], [b]) => compareKeys(a, b));
  return range.reverse ? out.reverse() : out;
}

function randomKey(random: () => number, spread: number): BTreeKey {
  const n = Math.floor(random() * spread);
  return random() < 0.5 ? n : `k${n}`;
}

describe('BTree (unattached)', () => {
  it.each<[string, BTreeOptions, number]>([
    ['tiny nodes', { maxBucketSize: 4, maxNodeSize: 4 }, 1],
    ['small nodes', { maxBucketSize: 8, maxNodeSize: 5 }, 2],
    ['default sizes', {}, 3],
  ])(
    'matches a Map model over thousands of random operations with %s',
    async (_, options, seed) => {
      const random = seededRandom(seed);
      const tree = new BTree<BTreeKey, number>(options);
      const model = new Map<BTreeKey, number>();
      for (let op = 0; op < 6000; op += 1) {
        const key = randomKey(random, 1500);
        const dice = random();
        if (dice < 0.5) {
          expect(await tree.set(key, op)).toBe(!model.has(key));
          model.set(key, op);
        } else if (dice < 0.8) {
          expect(await tree.delete(key)).toBe(model.delete(key));
        } else {
          expect(await tree.get(key)).toBe(model.get(key));
          expect(await tree.has(key)).toBe(model.has(key));
        }
        if (op % 500 === 499) {
          await checkTree(tree);
          expect(await collect(tree.entries())).toEqual(modelEntries(model));
        }
      }
      expect(await tree.size()).toBe(model.size);
    },
  );

  it('orders numbers before strings, numbers numerically and strings by UTF-16 code units', async () => {
    const tree = new BTree<BTreeKey, null>({ maxBucketSize: 4, maxNodeSize: 4 });
    const keys: BTreeKey[] = [
      'b',
      'a',
      'B',
      'é',
      'z',
      '😀',
      '\uffff',
      '',
      10,
      -1,
      2.5,
      0,
      1e21,
      -0,
    ];
    for (const key of keys) await tree.set(key, null);
    expect(await collect(tree.keys())).toEqual([
      -1,
      0,
      2.5,
      10,
      1e21,
      '',
      'B',
      'a',
      'b',
      'z',
      'é',
      '😀',
      '\uffff',
    ]);
    expect(await tree.firstKey()).toBe(-1);
    expect(await tree.lastKey()).toBe('\uffff');
    expect(await tree.has(-0)).toBe(true);
    expect(await tree.has('10')).toBe(false);
  });

  it('walks ranges forward and backward like a filtered sorted list', async () => {
    const random = seededRandom(7);
    const tree = new BTree<BTreeKey, number>({ maxBucketSize: 4, maxNodeSize: 4 });
    const model = new Map<BTreeKey, number>();
    for (let i = 0; i < 400; i += 1) {
      const key = randomKey(random, 300);
      await tree.set(key, i);
      model.set(key, i);
    }
    for (let i = 0; i < 300; i += 1) {
      const range: BTreeRange<BTreeKey> = {
        min: random() < 0.8 ? randomKey(random, 320) : undefined,
        max: random() < 0.8 ? randomKey(random, 320) : undefined,
        excludeMin: random() < 0.5,
        excludeMax: random() < 0.5,
        reverse: random() < 0.5,
      };
      const expected = modelEntries(model, range);
      expect(await collect(tree.entries(range))).toEqual(expected);
      expect(await collect(tree.keys(range))).toEqual(expected.map(([k]) => k));
      expect(await collect(tree.values(range))).toEqual(expected.map(([, v]) => v));
      const { reverse: _reverse, ...bounds } = range;
      const forward = modelEntries(model, bounds);
      expect(await tree.firstKey(bounds)).toBe(forward[0]?.[0]);
      expect(await tree.lastKey(bounds)).toBe(forward[forward.length - 1]?.[0]);
    }
  });

  it('deletes down to an empty tree, merging buckets and nodes on the way', async () => {
    const random = seededRandom(11);
    const tree = new BTree<number, number>({ maxBucketSize: 4, maxNodeSize: 4 });
    const keys = Array.from({ length: 1000 }, (_, i) => i);
    for (const key of keys) await tree.set(key, key);
    expect((await checkTree(tree)).depth).toBeGreaterThan(4);
    keys.sort(() => random() - 0.5);
    for (let i = 0; i < keys.length; i += 1) {
      expect(await tree.delete(keys[i] as number)).toBe(true);
      if (i % 50 === 0) await checkTree(tree);
    }
    expect(await checkTree(tree)).toEqual({ depth: 1, buckets: 1, nodes: 0, keys: 0 });
    expect(await tree.size()).toBe(0);
    expect(await collect(tree.keys())).toEqual([]);
    expect(await tree.firstKey()).toBeUndefined();
    expect(await tree.lastKey()).toBeUndefined();
    expect(await tree.delete(1)).toBe(false);
  });

  it('keeps its shape when filled in ascending and in descending order', async () => {
    for (const order of [1, -1]) {
      const tree = new BTree<number, number>({ maxBucketSize: 8, maxNodeSize: 8 });
      for (let i = 0; i < 2000; i += 1) await tree.set(order * i, i);
      const shape = await checkTree(tree);
      expect(shape.keys).toBe(2000);
      expect(shape.depth).toBeLessThanOrEqual(6);
    }
  });

  it('pages through entries with an offset and a limit', async () => {
    const tree = new BTree<number, string>({ maxBucketSize: 4, maxNodeSize: 4 });
    for (let i = 0; i < 100; i += 1) await tree.set(i, `v${i}`);
    expect(await tree.page(0, 3)).toEqual([
      [0, 'v0'],
      [1, 'v1'],
      [2, 'v2'],
    ]);
    expect((await tree.page(37, 5)).map(([k]) => k)).toEqual([37, 38, 39, 40, 41]);
    expect((await tree.page(98, 5)).map(([k]) => k)).toEqual([98, 99]);
    expect(await tree.page(100, 5)).toEqual([]);
    expect(await tree.page(5, 0)).toEqual([]);
    expect((await tree.page(2, 3, { min: 50, reverse: true })).map(([k]) => k)).toEqual([
      97, 96, 95,
    ]);
    await expect(tree.page(-1, 3)).rejects.toThrow(RangeError);
  });

  it('visits every remaining key once when keys are deleted and added while iterating', async () => {
    const tree = new BTree<number, number>({ maxBucketSize: 4, maxNodeSize: 4 });
    for (let i = 0; i < 300; i += 2) await tree.set(i, i);
    const seen: number[] = [];
    for await (const [key] of tree.entries()) {
      seen.push(key);
      if (key % 4 === 0) await tree.delete(key);
      if (key < 1000 && key % 10 === 0) await tree.set(key + 1000, key);
    }
    const original = Array.from({ length: 150 }, (_, i) => i * 2);
    expect(seen.slice(0, 150)).toEqual(original);
    expect(seen.slice(150).every((k) => k >= 1000)).toBe(true);
    await checkTree(tree);
    const reversed: number[] = [];
    for await (const key of tree.keys({ reverse: true, max: 999 })) {
      reversed.push(key);
      await tree.delete(key);
    }
    expect(reversed).toEqual(original.filter((k) => k % 4 !== 0).reverse());
    await checkTree(tree);
  });

  it('refuses keys that are not strings or finite numbers', async () => {
    const tree = new BTree<BTreeKey, number>();
    for (const bad of [Number.NaN, Infinity, null, undefined, {}, [1]]) {
      await expect(tree.set(bad as unknown as BTreeKey, 1)).rejects.toThrow(TypeError);
      await expect(tree.get(bad as unknown as BTreeKey)).rejects.toThrow(TypeError);
    }
    expect(() => new BTree({ maxBucketSize: 2 })).toThrow(RangeError);
  });

  it('insert() stores only absent keys; set() replaces', async () => {
    const tree = new BTree<string, number>();
    expect(await tree.insert('a', 1)).toBe(true);
    expect(await tree.insert('a', 2)).toBe(false);
    expect(await tree.get('a')).toBe(1);
    expect(await tree.set('a', 3)).toBe(false);
    expect(await tree.get('a')).toBe(3);
    expect(await tree.size()).toBe(1);
  });
});

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
      const again = storage.loads;
      expect(await tree.get(1235)).toBe('v1235');
      expect(storage.loads).toBe(again);
    });
    const depth = await withTree(db, async (tree) => (await checkTree(tree)).depth);
    expect(depth).toBeGreaterThanOrEqual(4);
    // the tree record, then one record per level: `depth - 1` nodes and the bucket
    expect(loads).toBe(1 + depth);
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
