/**
 * A key of a {@link BTree}: a finite number or a string.
 *
 * Keys sort in one fixed order, the same in memory, on disk and in conflict resolution:
 * - every number sorts before every string;
 * - numbers sort numerically (`-0` and `0` are the same key; `NaN` and the infinities are refused);
 * - strings sort by UTF-16 code units, as JavaScript's `<` does — not by locale, so `'B' < 'a'`
 *   and `'é'` sorts after `'z'`.
 */
export type BTreeKey = string | number;

/** Compares two keys in B-tree order: negative, zero or positive, like `Array#sort`'s callback. */
export function compareKeys(a: BTreeKey, b: BTreeKey): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === 'number' ? -1 : 1;
}

/**
 * Checks that `key` can be a B-tree key.
 *
 * @throws TypeError when `key` is neither a string nor a finite number.
 */
export function assertKey(key: unknown): asserts key is BTreeKey {
  if (typeof key === 'string') return;
  if (typeof key === 'number' && Number.isFinite(key)) return;
  const shown = typeof key === 'number' ? String(key) : typeof key;
  throw new TypeError(`A BTree key must be a string or a finite number, not ${shown}`);
}

/** The first index of sorted `keys` whose key is `>= key` (`keys.length` when none is). */
export function lowerBound(keys: readonly BTreeKey[], key: BTreeKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid] as BTreeKey, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of sorted `keys` whose key is `> key` (`keys.length` when none is). */
export function upperBound(keys: readonly BTreeKey[], key: BTreeKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid] as BTreeKey, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
