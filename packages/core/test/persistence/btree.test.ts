import { BTree } from '@zoa/core/persistence';
import type { BTreeKey, BTreeOptions, BTreeRange } from '@zoa/core/persistence';
import { checkTree, collect, modelEntries, seededRandom } from './fixtures/btree-helpers';

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

  it('move() matches a Map model (delete + set) over thousands of random moves', async () => {
    const random = seededRandom(21);
    const tree = new BTree<BTreeKey, number>({ maxBucketSize: 4, maxNodeSize: 4 });
    const model = new Map<BTreeKey, number>();
    for (let i = 0; i < 300; i += 1) {
      await tree.set(i, i);
      model.set(i, i);
    }
    for (let op = 0; op < 4000; op += 1) {
      const from = randomKey(random, 600);
      const to = randomKey(random, 600);
      const added = !model.has(to) || from === to;
      model.delete(from);
      expect(await tree.move(from, to, op)).toBe(added);
      model.set(to, op);
      if (op % 400 === 399) {
        await checkTree(tree);
        expect(await collect(tree.entries())).toEqual(modelEntries(model));
        expect(await tree.size()).toBe(model.size);
      }
    }
  });

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
