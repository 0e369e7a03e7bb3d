import type { BTreeKey } from './btree-compare';
import { compareKeys } from './btree-compare';
import { ConflictError } from './conflict-error';

/**
 * The JSON-encoded state of a `BTreeBucket`, as conflict resolution sees it. `values` is wrapped
 * as `{"$lazy": [...]}` (buckets decode their values lazily, see `LazyReference`), or a bare array
 * in states written before that.
 */
export interface BucketState {
  keys: BTreeKey[];
  values: unknown[] | { $lazy: unknown[] };
  /** The encoded reference to the next bucket, or null. */
  next: unknown;
  [other: string]: unknown;
}

/** A bucket state with its values unwrapped. */
interface PlainBucketState extends BucketState {
  values: unknown[];
}

interface Entry {
  value: unknown;
  json: string;
}

/**
 * Three-way merge of bucket states: applies both transactions' changes when they touch different
 * keys, in the manner of ZODB's `Bucket._p_resolveConflict`.
 *
 * Refuses (throws {@link ConflictError}) when:
 * - both changed the same key — inserted, deleted or set it — except when both set a key present
 *   before to the same value (two inserts or two deletes of one key would count twice in the
 *   tree's `Length`);
 * - either changed `next`: a split or a merge moved keys between buckets, and the parent node
 *   changed too, so a merged bucket could hold keys its parent no longer routes to it;
 * - either emptied the bucket, or the merge would: an empty bucket is removed from its tree;
 * - a state is not a bucket state.
 */
export function mergeBucketStates(old: unknown, committed: unknown, mine: unknown): BucketState {
  const o = asBucketState(old);
  const c = asBucketState(committed);
  const m = asBucketState(mine);
  if (json(o.next) !== json(c.next) || json(o.next) !== json(m.next)) {
    throw refuse('the bucket was split or merged by both transactions or one of them');
  }
  if (o.keys.length > 0 && (c.keys.length === 0 || m.keys.length === 0)) {
    throw refuse('the bucket was emptied, that is removed from its tree');
  }
  const oldEntries = entriesOf(o);
  const committedEntries = entriesOf(c);
  const myEntries = entriesOf(m);
  const keys = unionOfKeys(o.keys, c.keys, m.keys);
  const merged: PlainBucketState = { ...m, keys: [], values: [] };
  for (const key of keys) {
    const before = oldEntries.get(key);
    const theirs = committedEntries.get(key);
    const ours = myEntries.get(key);
    let kept: Entry | undefined;
    if (same(before, theirs)) kept = ours;
    else if (same(before, ours)) kept = theirs;
    else if (before && theirs && ours && theirs.json === ours.json) kept = ours;
    else throw refuse(`both transactions changed the key ${JSON.stringify(key)}`);
    if (kept) {
      merged.keys.push(key);
      merged.values.push(kept.value);
    }
  }
  if (merged.keys.length === 0 && o.keys.length > 0) {
    throw refuse('the merged bucket would be empty');
  }
  return isLazyPart((mine as Record<string, unknown>).values)
    ? { ...merged, values: { $lazy: merged.values } }
    : merged;
}

/** True for a `{"$lazy": [...]}` part (see `LazyReferences`). */
function isLazyPart(value: unknown): value is { $lazy: unknown[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 && keys[0] === '$lazy' && Array.isArray((value as { $lazy: unknown }).$lazy)
  );
}

function asBucketState(state: unknown): PlainBucketState {
  if (state === null || typeof state !== 'object') throw refuse('not a bucket state');
  const record = state as Record<string, unknown>;
  const { keys } = record;
  const values = isLazyPart(record.values) ? record.values.$lazy : record.values;
  if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) {
    throw refuse('not a bucket state');
  }
  for (const key of keys) {
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) {
      throw refuse('not a bucket state');
    }
  }
  return { ...record, keys: keys as BTreeKey[], values, next: record.next ?? null };
}

function entriesOf(state: PlainBucketState): Map<BTreeKey, Entry> {
  const entries = new Map<BTreeKey, Entry>();
  state.keys.forEach((key, i) => {
    const value = state.values[i];
    entries.set(key, { value, json: json(value) });
  });
  return entries;
}

function unionOfKeys(...lists: BTreeKey[][]): BTreeKey[] {
  const all = new Set<BTreeKey>();
  for (const list of lists) for (const key of list) all.add(key);
  return [...all].sort(compareKeys);
}

function same(a: Entry | undefined, b: Entry | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.json === b.json;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

function refuse(reason: string): ConflictError {
  return new ConflictError(`BTree bucket conflict: ${reason}`);
}
