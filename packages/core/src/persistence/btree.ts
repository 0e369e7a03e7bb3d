import { BTreeBucket, BUCKET_CLASS } from './btree-bucket';
import type { BTreeKey } from './btree-compare';
import { assertKey } from './btree-compare';
import type { BTreeRange, BucketSlice } from './btree-cursor';
import { bucketSlices, loaded } from './btree-cursor';
import type { BTreeChild } from './btree-node';
import { BTreeNode } from './btree-node';
import type { BucketEntries } from './btree-peeked-bucket';
import { PeekedBucket } from './btree-peeked-bucket';
import type { PathStep } from './btree-rebalance';
import { mergeAfterDelete, splitAfterInsert } from './btree-rebalance';
import { classRegistry } from './class-registry';
import { Length } from './length';
import { peekReferenced, peekState, Persistent } from './persistent';
import type { LazyReference } from './serializer-lazy-reference';
import { resolveLazy } from './serializer-lazy-reference';

/** Options of {@link BTree}; fixed when the tree is made (they are stored with it). */
export interface BTreeOptions {
  /** Entries per bucket before it splits (default 64; at least 4). */
  maxBucketSize?: number;
  /** Children per internal node before it splits (default 128; at least 4). */
  maxNodeSize?: number;
}

/**
 * A persistent sorted mapping made of many small records, in the manner of ZODB's `OOBTree`:
 * a million keys are some 20,000 buckets of up to 64 entries under a few internal nodes, a
 * lookup loads only the nodes on its path, and an insert writes its bucket and the {@link Length}
 * counter — plus, when a bucket splits, the new bucket and the parent node. The tree's own
 * record changes only when the root splits or shrinks. Concurrent inserts into one bucket merge
 * (see `BTreeBucket.resolveConflict`).
 *
 * Keys are strings or finite numbers, in one fixed order: numbers before strings, numbers
 * numerically, strings by UTF-16 code units (see `compareKeys`). Values are any storable values,
 * persistent objects included; those are handed out activated.
 *
 * Works unattached (all in memory) and attached (reachable from a stored object). Do not mutate
 * the tree from two async tasks at once within one transaction: each method must finish before
 * the next one starts.
 *
 * @example
 * ```ts
 * await tm.run(async (txn) => {
 *   const root = await (await txn.open(db)).root<PersistentMapping>();
 *   const users = new BTree<string, User>();
 *   root.set('users', users);
 *   await users.set('alice', new User('Alice'));
 *   await users.get('alice'); // the User, activated
 *   for await (const [id, user] of users.entries({ min: 'a', max: 'b', excludeMax: true })) {
 *     console.log(id, user.name);
 *   }
 *   await users.size(); // 1
 * });
 * ```
 */
export class BTree<K extends BTreeKey = BTreeKey, V = unknown> extends Persistent {
  private root: BTreeChild<K, V>;
  private readonly counter: Length;
  private readonly maxBucketSize: number;
  private readonly maxNodeSize: number;

  /**
   * Makes an empty tree.
   *
   * @throws RangeError when a size option is not an integer of at least 4.
   */
  constructor(options: BTreeOptions = {}) {
    super();
    this.maxBucketSize = checkSize('maxBucketSize', options.maxBucketSize ?? 64);
    this.maxNodeSize = checkSize('maxNodeSize', options.maxNodeSize ?? 128);
    this.root = new BTreeBucket<K, V>();
    this.counter = new Length();
  }

  /**
   * The value stored under `key` (activated when persistent), or undefined. A bucket not in
   * memory is read without being kept (see `peekState`) until lookups come back to it soon.
   */
  async get(key: K): Promise<V | undefined> {
    assertKey(key);
    const bucket = await this.lookup(key);
    const index = bucket.indexOf(key);
    if (index < 0) return undefined;
    const value = bucket.valueAt(index);
    // awaits only a ghost: a hit in memory costs no extra promise
    if (value instanceof Persistent && value._p_status === 'ghost') await value.activate();
    return value as V;
  }

  /** True when `key` is present. */
  async has(key: K): Promise<boolean> {
    assertKey(key);
    return (await this.lookup(key)).indexOf(key) >= 0;
  }

  /**
   * Stores `value` under `key`, replacing any value there; true when the key is new.
   *
   * @throws TypeError when `key` is not a string or a finite number.
   */
  async set(key: K, value: V): Promise<boolean> {
    assertKey(key);
    const path: PathStep<K, V>[] = [];
    const bucket = await this.descend(key, path);
    const added = bucket.set(key, value);
    if (added) await this.changeSize(1, bucket, path);
    return added;
  }

  /** Stores `value` under `key` only when `key` is absent (ZODB's `insert`); true when stored. */
  async insert(key: K, value: V): Promise<boolean> {
    assertKey(key);
    const path: PathStep<K, V>[] = [];
    const bucket = await this.descend(key, path);
    if (bucket.indexOf(key) >= 0) return false;
    bucket.set(key, value);
    await this.changeSize(1, bucket, path);
    return true;
  }

  /**
   * Moves the entry under `from` to `to`, with `value` (a delete and a set in one): when `from`
   * was present and `to` absent, the size does not change and its counter is not written, so
   * concurrent moves in one tree do not all conflict on it. True when `to` is new.
   *
   * @example
   * ```ts
   * await timeline.move('0000017|alice', '0000018|alice', 0); // alice's slice 17 → 18
   * ```
   */
  async move(from: K, to: K, value: V): Promise<boolean> {
    assertKey(from);
    assertKey(to);
    const fromPath: PathStep<K, V>[] = [];
    const fromBucket = await this.descend(from, fromPath);
    const removed = fromBucket.remove(from);
    if (removed) await this.restructure(-1, fromBucket, fromPath);
    const toPath: PathStep<K, V>[] = [];
    const toBucket = await this.descend(to, toPath);
    const added = toBucket.set(to, value);
    if (added) await this.restructure(1, toBucket, toPath);
    const delta = (added ? 1 : 0) - (removed ? 1 : 0);
    if (delta !== 0) await this.count(delta);
    return added;
  }

  /** Removes `key`; true when it was present. */
  async delete(key: K): Promise<boolean> {
    assertKey(key);
    const path: PathStep<K, V>[] = [];
    const bucket = await this.descend(key, path);
    if (!bucket.remove(key)) return false;
    await this.changeSize(-1, bucket, path);
    return true;
  }

  /** How many keys the tree holds (read from its `Length` counter: one small record). */
  async size(): Promise<number> {
    await loaded(this);
    return (await loaded(this.counter)).value;
  }

  /** The keys in `range`, in order (see {@link BTreeRange}). */
  async *keys(range: BTreeRange<K> = {}): AsyncGenerator<K, void, undefined> {
    for await (const slice of this.slices(range)) yield* slice.keys;
  }

  /** The values in `range`, in key order; persistent values are activated. */
  async *values(range: BTreeRange<K> = {}): AsyncGenerator<V, void, undefined> {
    for await (const slice of this.slices(range)) {
      for (const value of slice.values) yield activated(value);
    }
  }

  /**
   * The `[key, value]` pairs in `range`, in key order; persistent values are activated. The tree
   * may be changed while iterating: keys present throughout are visited exactly once, keys added
   * or removed meanwhile may or may not be.
   */
  async *entries(range: BTreeRange<K> = {}): AsyncGenerator<[K, V], void, undefined> {
    for await (const slice of this.slices(range)) {
      for (let i = 0; i < slice.keys.length; i += 1) {
        yield [slice.keys[i] as K, await activated(slice.values[i] as V | LazyReference)];
      }
    }
  }

  /** Iterates the entries, like {@link entries} without a range. */
  [Symbol.asyncIterator](): AsyncGenerator<[K, V], void, undefined> {
    return this.entries();
  }

  /** The lowest key (in `range`, when given), or undefined when there is none. */
  async firstKey(range: Omit<BTreeRange<K>, 'reverse'> = {}): Promise<K | undefined> {
    for await (const key of this.keys(range)) return key;
    return undefined;
  }

  /** The highest key (in `range`, when given), or undefined when there is none. */
  async lastKey(range: Omit<BTreeRange<K>, 'reverse'> = {}): Promise<K | undefined> {
    for await (const key of this.keys({ ...range, reverse: true })) return key;
    return undefined;
  }

  /**
   * Up to `limit` entries of `range` after skipping `offset` of them, for listings. Skipping
   * counts whole buckets without activating their values, so it costs one bucket load per ~50
   * skipped entries; for deep paging prefer a range starting after the last key seen.
   *
   * @throws RangeError when `offset` or `limit` is not a non-negative integer.
   */
  async page(offset: number, limit: number, range: BTreeRange<K> = {}): Promise<[K, V][]> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) {
      throw new RangeError('BTree.page needs non-negative integer offset and limit');
    }
    const out: [K, V][] = [];
    let skip = offset;
    if (limit === 0) return out;
    for await (const { keys, values } of this.slices(range)) {
      if (skip >= keys.length) {
        skip -= keys.length;
        continue;
      }
      for (let i = skip; i < keys.length && out.length < limit; i += 1) {
        out.push([keys[i] as K, await activated(values[i] as V | LazyReference)]);
      }
      skip = 0;
      if (out.length >= limit) break;
    }
    return out;
  }

  // --- internals --------------------------------------------------------------------------------

  private async *slices(range: BTreeRange<K>): AsyncGenerator<BucketSlice<K, V>, void, undefined> {
    await loaded(this);
    if (range.min !== undefined) assertKey(range.min);
    if (range.max !== undefined) assertKey(range.max);
    yield* bucketSlices(() => this.root, range);
  }

  /**
   * Loads the path to the bucket whose key range holds `key`, recording it in `path`, and
   * returns the bucket activated — or, for a lookup (`peek`), maybe a ghost, or the node and
   * index of a bucket that has no ghost yet, which {@link lookup} reads.
   */
  private async descend(key: K, path: PathStep<K, V>[]): Promise<BTreeBucket<K, V>>;
  private async descend(key: K, path: undefined, peek: true): Promise<Reached<K, V>>;
  private async descend(key: K, path?: PathStep<K, V>[], peek = false): Promise<Reached<K, V>> {
    // `await` only for ghosts: a lookup in memory then costs no promise per level; every node
    // passed is used, so that the cache keeps the inner nodes all lookups share
    if (this._p_status === 'ghost') await this.activate();
    else this._p_accessed();
    let current = this.root;
    if (current._p_status === 'ghost') await current.activate();
    else current._p_accessed();
    while (current instanceof BTreeNode) {
      const index = current.childIndex(key);
      if (peek && current.lazyChild(index)?.className === BUCKET_CLASS) {
        return { node: current, index };
      }
      path?.push({ node: current, index });
      current = current.child(index);
      if (current._p_status !== 'ghost') current._p_accessed();
      else if (!peek || current instanceof BTreeNode) await current.activate();
    }
    return current;
  }

  /**
   * The entries of the bucket whose key range holds `key`, for a lookup. A bucket not in memory
   * is peeked at — an unattached copy of its state, garbage after the lookup, and no ghost made
   * for a bucket that has none — or, when its connection would rather keep it, loaded.
   */
  private async lookup(key: K): Promise<BucketEntries<K, V>> {
    const reached = await this.descend(key, undefined, true);
    if (reached instanceof BTreeBucket) {
      if (reached._p_status !== 'ghost') return reached;
      const peeking = peekState(reached);
      const state = peeking instanceof Promise ? await peeking : peeking;
      return state === undefined ? reached.activate() : PeekedBucket.of<K, V>(state);
    }
    const { node, index } = reached;
    const peeking = peekReferenced(node, node.lazyChild(index) as LazyReference);
    const state = peeking instanceof Promise ? await peeking : peeking;
    if (state !== undefined) return PeekedBucket.of<K, V>(state);
    const bucket = node.child(index);
    if (bucket._p_status !== 'ghost') bucket._p_accessed();
    return bucket.activate() as Promise<BTreeBucket<K, V>>;
  }

  /** Counts an insert or delete in `bucket`, then splits or merges what needs it. */
  private async changeSize(
    delta: 1 | -1,
    bucket: BTreeBucket<K, V>,
    path: PathStep<K, V>[],
  ): Promise<void> {
    await this.count(delta);
    await this.restructure(delta, bucket, path);
  }

  private async count(delta: number): Promise<void> {
    if (this.counter._p_status === 'ghost') await this.counter.activate();
    this.counter.change(delta);
  }

  /** Splits `bucket` after an insert, or merges it after a delete, when it needs it. */
  private async restructure(
    delta: 1 | -1,
    bucket: BTreeBucket<K, V>,
    path: PathStep<K, V>[],
  ): Promise<void> {
    const limits = { maxBucketSize: this.maxBucketSize, maxNodeSize: this.maxNodeSize };
    const newRoot =
      delta > 0
        ? splitAfterInsert(this.root, bucket, path, limits)
        : await mergeAfterDelete(bucket, path, limits);
    if (newRoot) {
      this.root = newRoot;
      this.markChanged();
    }
  }
}

classRegistry.register('BTree', BTree);

/** What a lookup's descent reaches: a bucket, or where a bucket without a ghost is referenced. */
type Reached<K extends BTreeKey, V> = BTreeBucket<K, V> | { node: BTreeNode<K, V>; index: number };

function checkSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 4) {
    throw new RangeError(`BTree option ${name} must be an integer of at least 4, not ${value}`);
  }
  return value;
}

async function activated<V>(lazy: V | LazyReference): Promise<V> {
  const value = resolveLazy(lazy);
  if (value instanceof Persistent && value._p_status === 'ghost') await value.activate();
  return value;
}
