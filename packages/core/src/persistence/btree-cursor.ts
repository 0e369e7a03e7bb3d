import { BTreeBucket } from './btree-bucket';
import type { BTreeKey } from './btree-compare';
import { lowerBound, upperBound } from './btree-compare';
import type { BTreeChild } from './btree-node';
import type { Persistent } from './persistent';
import type { LazyReference } from './serializer-lazy-reference';

/**
 * Which part of a {@link BTree} to walk, and in which direction. Without `min` the walk starts
 * at the first key, without `max` it ends at the last one; both bounds are inclusive unless
 * excluded.
 */
export interface BTreeRange<K extends BTreeKey> {
  /** The lowest key to visit. */
  min?: K;
  /** The highest key to visit. */
  max?: K;
  /** Leave out `min` itself. */
  excludeMin?: boolean;
  /** Leave out `max` itself. */
  excludeMax?: boolean;
  /** Walk from the highest key down. */
  reverse?: boolean;
}

/**
 * A run of consecutive entries of one bucket, copied, in walking order (persistent values may
 * still be `LazyReference`s). @internal
 */
export interface BucketSlice<K extends BTreeKey, V> {
  keys: K[];
  values: (V | LazyReference)[];
}

/** Where a walk stands: a bucket and an index in it. @internal */
export interface BucketPosition<K extends BTreeKey, V> {
  bucket: BTreeBucket<K, V>;
  index: number;
}

interface Bound<K extends BTreeKey> {
  key: K;
  exclusive: boolean;
}

/** Resolves to `obj` with its state loaded (activates ghosts only). @internal */
export async function loaded<T extends Persistent>(obj: T): Promise<T> {
  if (obj._p_status === 'ghost') await obj.activate();
  return obj;
}

/**
 * The first entry at or after `bound` (after it when exclusive) in the subtree `from`: its bucket
 * and index, or undefined when there is none. Loads one path, plus a neighbour when the bucket the
 * bound leads to holds no key past it. @internal
 */
export async function seekForward<K extends BTreeKey, V>(
  from: BTreeChild<K, V>,
  bound?: Bound<K>,
): Promise<BucketPosition<K, V> | undefined> {
  const node = await loaded(from);
  if (node instanceof BTreeBucket) {
    const keys = node.keys;
    const index = !bound ? 0 : (bound.exclusive ? upperBound : lowerBound)(keys, bound.key);
    return index < keys.length ? { bucket: node, index } : undefined;
  }
  const start = bound ? node.childIndex(bound.key) : 0;
  for (let i = start; i < node.size; i += 1) {
    const found = await seekForward(node.child(i), i === start ? bound : undefined);
    if (found) return found;
  }
  return undefined;
}

/**
 * The last entry at or before `bound` (before it when exclusive) in the subtree `from`: its
 * bucket and the index just past it, or undefined when there is none. @internal
 */
export async function seekBackward<K extends BTreeKey, V>(
  from: BTreeChild<K, V>,
  bound?: Bound<K>,
): Promise<BucketPosition<K, V> | undefined> {
  const node = await loaded(from);
  if (node instanceof BTreeBucket) {
    const keys = node.keys;
    const end = !bound ? keys.length : (bound.exclusive ? lowerBound : upperBound)(keys, bound.key);
    return end > 0 ? { bucket: node, index: end } : undefined;
  }
  const start = bound ? node.childIndex(bound.key) : node.size - 1;
  for (let i = start; i >= 0; i -= 1) {
    const found = await seekBackward(node.child(i), i === start ? bound : undefined);
    if (found) return found;
  }
  return undefined;
}

/**
 * Walks the entries of `range`, one bucket's run at a time. Each run is a copy taken when the
 * walk reaches its bucket, so the tree may be changed while walking: a key present throughout
 * the walk is visited exactly once; a key added or removed meanwhile may or may not be.
 * Forward walks follow the bucket chain; when the bucket just walked changed, and always when
 * walking backwards, the walk finds its place again from the root (`rootOf()`; in memory, since
 * that path is loaded). @internal
 */
export async function* bucketSlices<K extends BTreeKey, V>(
  rootOf: () => BTreeChild<K, V>,
  range: BTreeRange<K>,
): AsyncGenerator<BucketSlice<K, V>, void, undefined> {
  if (range.reverse) {
    yield* backwardSlices(rootOf, range);
    return;
  }
  const { min, max } = range;
  let position = await seekForward(rootOf(), boundOf(min, range.excludeMin));
  while (position) {
    const { bucket, index } = position;
    const keys = bucket.keys;
    let stop = keys.length;
    if (max !== undefined) stop = (range.excludeMax ? lowerBound : upperBound)(keys, max);
    const last = keys[keys.length - 1];
    if (index < stop) {
      yield { keys: keys.slice(index, stop), values: bucket.values.slice(index, stop) };
    }
    if (last === undefined || stop < keys.length) return;
    if (bucket.keys[bucket.keys.length - 1] === last) {
      if (!bucket.next) return;
      position = { bucket: await loaded(bucket.next), index: 0 };
    } else {
      position = await seekForward(rootOf(), { key: last, exclusive: true });
    }
  }
}

async function* backwardSlices<K extends BTreeKey, V>(
  rootOf: () => BTreeChild<K, V>,
  range: BTreeRange<K>,
): AsyncGenerator<BucketSlice<K, V>, void, undefined> {
  const { min, max } = range;
  let position = await seekBackward(rootOf(), boundOf(max, range.excludeMax));
  while (position) {
    const { bucket, index: end } = position;
    const keys = bucket.keys;
    let start = 0;
    if (min !== undefined) start = (range.excludeMin ? upperBound : lowerBound)(keys, min);
    const first = keys[0];
    if (start < end) {
      yield {
        keys: keys.slice(start, end).reverse(),
        values: bucket.values.slice(start, end).reverse(),
      };
    }
    if (first === undefined || start > 0) return;
    position = await seekBackward(rootOf(), { key: first, exclusive: true });
  }
}

function boundOf<K extends BTreeKey>(
  key: K | undefined,
  exclusive?: boolean,
): Bound<K> | undefined {
  return key === undefined ? undefined : { key, exclusive: exclusive === true };
}
