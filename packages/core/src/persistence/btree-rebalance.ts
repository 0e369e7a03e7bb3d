import { BTreeBucket } from './btree-bucket';
import type { BTreeKey } from './btree-compare';
import { loaded } from './btree-cursor';
import type { BTreeChild } from './btree-node';
import { BTreeNode } from './btree-node';

/** One level of the path from the root to a bucket: a node and the child index taken. @internal */
export interface PathStep<K extends BTreeKey, V> {
  node: BTreeNode<K, V>;
  index: number;
}

/** The size limits of one tree. @internal */
export interface BTreeLimits {
  maxBucketSize: number;
  maxNodeSize: number;
}

/**
 * Splits `bucket` when an insert made it overfull, then every node on `path` that overflows in
 * turn. Returns the tree's new root when the root split, else undefined. @internal
 */
export function splitAfterInsert<K extends BTreeKey, V>(
  root: BTreeChild<K, V>,
  bucket: BTreeBucket<K, V>,
  path: readonly PathStep<K, V>[],
  limits: BTreeLimits,
): BTreeChild<K, V> | undefined {
  if (bucket.size <= limits.maxBucketSize) return undefined;
  let right: BTreeChild<K, V> = bucket.split();
  let separator = right.keys[0] as K;
  for (let level = path.length - 1; level >= 0; level -= 1) {
    const { node, index } = path[level] as PathStep<K, V>;
    node.insertChild(index + 1, separator, right);
    if (node.size <= limits.maxNodeSize) return undefined;
    ({ separator, right } = node.split());
  }
  return new BTreeNode<K, V>([separator], [root, right]);
}

/**
 * After a delete, merges an empty or underfull `bucket` into a sibling when they fit in one, then
 * rebalances the nodes above. Returns the tree's new root when the root shrank, else undefined.
 *
 * Keys never move between two live buckets (no borrowing): a merge changes the surviving
 * bucket's `next` and empties the other one, and bucket conflict resolution refuses both, so a
 * concurrent insert cannot land in a bucket its parent no longer routes the key to. @internal
 */
export async function mergeAfterDelete<K extends BTreeKey, V>(
  bucket: BTreeBucket<K, V>,
  path: readonly PathStep<K, V>[],
  limits: BTreeLimits,
): Promise<BTreeChild<K, V> | undefined> {
  const step = path[path.length - 1];
  if (!step || (bucket.size > 0 && bucket.size >= limits.maxBucketSize >>> 2)) return undefined;
  const { node, index } = step;
  const fits = (other: BTreeBucket<K, V>): boolean =>
    bucket.size === 0 || other.size + bucket.size <= limits.maxBucketSize;
  if (index > 0) {
    const left = asBucket(await loaded(node.child(index - 1)));
    if (fits(left)) {
      left.absorb(bucket);
      node.removeChild(index);
      return rebalanceNode(path, path.length - 1, limits);
    }
  }
  if (index + 1 < node.size) {
    const right = asBucket(await loaded(node.child(index + 1)));
    if (fits(right)) {
      bucket.absorb(right);
      node.removeChild(index + 1);
      return rebalanceNode(path, path.length - 1, limits);
    }
  }
  return undefined;
}

/**
 * Keeps internal nodes at least a quarter full (and at least two children): merges an underfull
 * node with a sibling, or moves children over from it. A root left with one child gives way to
 * that child, which is returned.
 */
async function rebalanceNode<K extends BTreeKey, V>(
  path: readonly PathStep<K, V>[],
  level: number,
  limits: BTreeLimits,
): Promise<BTreeChild<K, V> | undefined> {
  const { node } = path[level] as PathStep<K, V>;
  if (level === 0) return node.size === 1 ? node.child(0) : undefined;
  if (node.size >= Math.max(2, limits.maxNodeSize >>> 2)) return undefined;
  const { node: parent, index } = path[level - 1] as PathStep<K, V>;
  const leftIndex = index > 0 ? index - 1 : index;
  const left = index > 0 ? asNode(await loaded(parent.child(index - 1))) : node;
  const right = index > 0 ? node : asNode(await loaded(parent.child(index + 1)));
  const separator = parent.keys[leftIndex] as K;
  if (left.size + right.size <= limits.maxNodeSize) {
    left.absorb(separator, right);
    parent.removeChild(leftIndex + 1);
    return rebalanceNode(path, level - 1, limits);
  }
  const count = Math.abs(left.size - right.size) >>> 1;
  const raised =
    left === node
      ? node.takeFromRight(right, separator, count)
      : node.takeFromLeft(left, separator, count);
  parent.setSeparator(leftIndex, raised);
  return undefined;
}

function asBucket<K extends BTreeKey, V>(child: BTreeChild<K, V>): BTreeBucket<K, V> {
  if (child instanceof BTreeBucket) return child;
  throw new Error('BTree is corrupt: a node where a bucket was expected');
}

function asNode<K extends BTreeKey, V>(child: BTreeChild<K, V>): BTreeNode<K, V> {
  if (child instanceof BTreeNode) return child;
  throw new Error('BTree is corrupt: a bucket where a node was expected');
}
