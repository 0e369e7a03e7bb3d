import type { BTreeKey } from './btree-compare';
import { compareKeys, lowerBound } from './btree-compare';
import type { PeekedState } from './peeked-state';
import { PeekedItems } from './peeked-state';
import type { LazyReference } from './serializer-lazy-reference';
import { resolveLazy } from './serializer-lazy-reference';

/** What a lookup reads of a bucket: a loaded `BTreeBucket`, or a {@link PeekedBucket}. */
export interface BucketEntries<K extends BTreeKey, V> {
  /** The index of `key`, or -1 when absent. */
  indexOf(key: K): number;
  /** The value at `index` (which must exist), a persistent one resolved (maybe a ghost). */
  valueAt(index: number): V;
}

/**
 * The entries of a B-tree bucket read from its peeked state (see `peekState`), for one lookup:
 * not attached to any connection, garbage after the lookup. Of the values, only the one a lookup
 * reads is decoded. @internal
 *
 * @example
 * ```ts
 * const bucket = PeekedBucket.of<string, number>(state);
 * const index = bucket.indexOf('b');
 * const value = index < 0 ? undefined : bucket.valueAt(index);
 * ```
 */
export class PeekedBucket<K extends BTreeKey, V> implements BucketEntries<K, V> {
  private constructor(
    private readonly keys: readonly K[],
    private readonly values: PeekedItems | readonly (V | LazyReference)[],
  ) {}

  /** The entries of a bucket's peeked state (its values a `$lazy` array, as `BTreeBucket` stores them). */
  static of<K extends BTreeKey, V>(state: PeekedState): PeekedBucket<K, V> {
    const keys = (state.get('keys') ?? []) as K[];
    const values = state.lazyItems('values') ?? ((state.get('values') ?? []) as V[]);
    return new PeekedBucket<K, V>(keys, values);
  }

  indexOf(key: K): number {
    const index = lowerBound(this.keys, key);
    const found = this.keys[index];
    return found !== undefined && compareKeys(found, key) === 0 ? index : -1;
  }

  valueAt(index: number): V {
    const values = this.values;
    const value = values instanceof PeekedItems ? values.at(index) : values[index];
    return resolveLazy(value as V | LazyReference);
  }
}
