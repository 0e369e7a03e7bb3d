import type { BTreeKey } from './btree-compare';
import { compareKeys, lowerBound } from './btree-compare';
import { mergeBucketStates } from './btree-bucket-merge';
import { classRegistry } from './class-registry';
import { cachesOnReuse, Persistent } from './persistent';
import { LazyReference, LazyReferences } from './serializer-lazy-reference';

/**
 * A leaf of a {@link BTree}: up to the tree's `maxBucketSize` sorted keys with their values, and
 * a link to the next bucket in key order. One bucket is one database record.
 *
 * Buckets are the tree's building blocks; use them through `BTree`, which keeps the invariants
 * (sorted keys, no empty bucket except the root, `next` chaining every bucket in order).
 *
 * Concurrent transactions that change different keys of one bucket are merged by
 * {@link BTreeBucket.resolveConflict}, so, say, two sessions created at once do not conflict.
 */
export class BTreeBucket<K extends BTreeKey = BTreeKey, V = unknown> extends Persistent {
  /** The keys, sorted in B-tree order (see `compareKeys`). */
  keys: K[];
  /**
   * The values, `values[i]` belonging to `keys[i]`. A persistent value of a loaded bucket stays a
   * `LazyReference` until {@link valueAt} (or the tree) resolves it: loading a bucket makes no
   * ghost for the values a lookup does not use.
   */
  values: (V | LazyReference)[];
  /** The bucket holding the next keys in order, or null for the last bucket. */
  next: BTreeBucket<K, V> | null;

  /** Makes a bucket holding sorted `keys` and their `values`. */
  constructor(
    keys: K[] = [],
    values: (V | LazyReference)[] = [],
    next: BTreeBucket<K, V> | null = null,
  ) {
    super();
    this.keys = keys;
    this.values = values;
    this.next = next;
  }

  /** How many keys this bucket holds. */
  get size(): number {
    return this.keys.length;
  }

  /** The index of `key`, or -1 when absent. */
  indexOf(key: K): number {
    const index = lowerBound(this.keys, key);
    const found = this.keys[index];
    return found !== undefined && compareKeys(found, key) === 0 ? index : -1;
  }

  /** The value at `index` (which must exist), a persistent one resolved (maybe a ghost). */
  valueAt(index: number): V {
    const value = this.values[index];
    if (!(value instanceof LazyReference)) return value as V;
    const resolved = value.resolve() as V & Persistent;
    // kept in place of the reference, unless it may be kept for this transaction only (then the
    // connection's cache finds it again, or makes a new one in the next transaction)
    if (!cachesOnReuse(resolved.constructor)) this.values[index] = resolved;
    return resolved;
  }

  /** The stored state: the values are a `$lazy` part (see `LazyReference`). */
  override getState(): Record<string, unknown> {
    return { keys: this.keys, values: new LazyReferences(this.values), next: this.next };
  }

  /** Stores `value` under `key`; true when the key is new. */
  set(key: K, value: V): boolean {
    const index = lowerBound(this.keys, key);
    const found = this.keys[index];
    const added = found === undefined || compareKeys(found, key) !== 0;
    if (added) {
      this.keys.splice(index, 0, key);
      this.values.splice(index, 0, value);
    } else {
      this.values[index] = value;
    }
    this.markChanged();
    return added;
  }

  /** Removes `key`; true when it was present. */
  remove(key: K): boolean {
    const index = this.indexOf(key);
    if (index < 0) return false;
    this.keys.splice(index, 1);
    this.values.splice(index, 1);
    this.markChanged();
    return true;
  }

  /**
   * Moves the upper half of the keys into a new bucket linked after this one and returns it; its
   * first key is the separator the parent node needs.
   */
  split(): BTreeBucket<K, V> {
    const half = this.keys.length >>> 1;
    const right = new BTreeBucket(this.keys.splice(half), this.values.splice(half), this.next);
    this.next = right;
    this.markChanged();
    return right;
  }

  /**
   * Moves every entry of `right` — the next bucket in the chain — into this one and takes its
   * place in the chain. `right` is left empty and unlinked, and is written too, so that a
   * concurrent change to it conflicts instead of being lost.
   */
  absorb(right: BTreeBucket<K, V>): void {
    this.keys.push(...right.keys);
    this.values.push(...right.values);
    this.next = right.next;
    right.keys = [];
    right.values = [];
    right.next = null;
    this.markChanged();
    right.markChanged();
  }

  /**
   * Merges two transactions' changes to one bucket (ZODB's bucket conflict resolution): changes
   * to different keys are combined. The states are the JSON-encoded records.
   *
   * @throws ConflictError when both changed the same key (unless both set it, already present,
   * to the same value), when either split, merged or emptied the bucket, or when the states are
   * not bucket states.
   */
  static resolveConflict(old: unknown, committed: unknown, mine: unknown): unknown {
    return mergeBucketStates(old, committed, mine);
  }
}

/** The name `BTreeBucket` is registered under (lazy references to buckets carry it). */
export const BUCKET_CLASS = 'BTreeBucket';

classRegistry.register(BUCKET_CLASS, BTreeBucket);
