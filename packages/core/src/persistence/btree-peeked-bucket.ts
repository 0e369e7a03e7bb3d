import type { BTreeKey } from './btree-compare';
import { compareKeys } from './btree-compare';
import { compareStringAt, itemStart, nextItemStart, startsString, valueEnd } from './json-scan';
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
    /** Where the keys are in the state's JSON text: they are compared there, not parsed. */
    private readonly keys: [text: string, at: number] | undefined,
    private readonly values: PeekedItems | readonly (V | LazyReference)[],
  ) {}

  /** The entries of a bucket's peeked state (its values a `$lazy` array, as `BTreeBucket` stores them). */
  static of<K extends BTreeKey, V>(state: PeekedState): PeekedBucket<K, V> {
    const values = state.lazyItems('values') ?? ((state.get('values') ?? []) as V[]);
    return new PeekedBucket<K, V>(state.arrayText('keys'), values);
  }

  indexOf(key: K): number {
    return this.keys === undefined ? -1 : indexInText(this.keys[0], this.keys[1], key);
  }

  valueAt(index: number): V {
    const values = this.values;
    const value = values instanceof PeekedItems ? values.at(index) : values[index];
    return resolveLazy(value as V | LazyReference);
  }
}

/**
 * The index of `key` among the sorted keys of the JSON array that starts at `at` in `text`, or
 * -1: compared in the text, so that a lookup makes no string of the keys it passes over (a key
 * with an escape, or a number, is parsed).
 */
function indexInText(text: string, at: number, key: BTreeKey): number {
  let index = 0;
  for (let start = itemStart(text, at, 0); start >= 0; start = nextItemStart(text, start)) {
    const end = valueEnd(text, start);
    const order =
      typeof key === 'string' && startsString(text, start)
        ? compareStringAt(text, start, end, key)
        : compareKeys(JSON.parse(text.slice(start, end)) as BTreeKey, key);
    if (order === 0) return index;
    if (order > 0) return -1; // sorted: the key would have come before
    index += 1;
  }
  return -1;
}
