import type { BTreeBucket } from './btree-bucket';
import type { BTreeKey } from './btree-compare';
import { upperBound } from './btree-compare';
import { classRegistry } from './class-registry';
import { Persistent } from './persistent';
import { LazyReference, LazyReferences, resolveLazy } from './serializer-lazy-reference';

/** A child of a {@link BTreeNode}: another node, or a bucket at the bottom level. */
export type BTreeChild<K extends BTreeKey, V> = BTreeNode<K, V> | BTreeBucket<K, V>;

/**
 * An internal node of a {@link BTree}: `children.length - 1` sorted separator keys and the
 * children between them. Child `i` holds the keys `k` with `keys[i - 1] <= k < keys[i]`. One node
 * is one database record; children load lazily, one per level on the path of a lookup.
 *
 * Nodes are the tree's building blocks; use them through `BTree`. They have no conflict
 * resolution: two transactions that both change a node's children conflict, and one retries.
 */
export class BTreeNode<K extends BTreeKey = BTreeKey, V = unknown> extends Persistent {
  /** The separator keys, sorted. */
  keys: K[];
  /**
   * The children, one more than the separators. In a loaded node each stays a `LazyReference`
   * until {@link child} resolves it: loading a node makes no ghost for the children a lookup
   * does not follow.
   */
  children: (BTreeChild<K, V> | LazyReference)[];

  /** Makes a node from separators and the children between them. */
  constructor(keys: K[], children: (BTreeChild<K, V> | LazyReference)[]) {
    super();
    if (children.length !== keys.length + 1) {
      throw new Error('A BTreeNode needs exactly one child more than it has separator keys');
    }
    this.keys = keys;
    this.children = children;
  }

  /** How many children this node has. */
  get size(): number {
    return this.children.length;
  }

  /** The index of the child whose key range holds `key`. */
  childIndex(key: K): number {
    return upperBound(this.keys, key);
  }

  /** The child at `index` (which must exist), resolved (maybe a ghost). */
  child(index: number): BTreeChild<K, V> {
    const child = this.children[index];
    if (child === undefined) throw new RangeError(`BTreeNode has no child ${index}`);
    const resolved = resolveLazy(child);
    if (resolved !== child) this.children[index] = resolved;
    return resolved;
  }

  /** The child at `index` as a `LazyReference` when it was never resolved, else undefined. */
  lazyChild(index: number): LazyReference | undefined {
    const child = this.children[index];
    return child instanceof LazyReference ? child : undefined;
  }

  /** The stored state: the children are a `$lazy` part (see `LazyReference`). */
  override getState(): Record<string, unknown> {
    return { keys: this.keys, children: new LazyReferences(this.children) };
  }

  /** Inserts `child` at `index` (>= 1), `separator` being its lowest key. */
  insertChild(index: number, separator: K, child: BTreeChild<K, V>): void {
    this.keys.splice(index - 1, 0, separator);
    this.children.splice(index, 0, child);
    this.markChanged();
  }

  /** Replaces the separator at `index` (after the children moved between two siblings). */
  setSeparator(index: number, key: K): void {
    this.keys[index] = key;
    this.markChanged();
  }

  /** Removes the child at `index` (>= 1) and the separator before it. */
  removeChild(index: number): void {
    this.keys.splice(index - 1, 1);
    this.children.splice(index, 1);
    this.markChanged();
  }

  /** Moves the upper half of the children into a new node; returns it and its separator. */
  split(): { separator: K; right: BTreeNode<K, V> } {
    const half = this.children.length >>> 1;
    const children = this.children.splice(half);
    const [separator, ...keys] = this.keys.splice(half - 1);
    this.markChanged();
    return { separator: separator as K, right: new BTreeNode(keys, children) };
  }

  /**
   * Moves every child of `right`, the next sibling, into this node, `separator` (the parent's
   * key between them) coming down between the two runs. `right` is left empty and written.
   */
  absorb(separator: K, right: BTreeNode<K, V>): void {
    this.keys.push(separator, ...right.keys);
    this.children.push(...right.children);
    right.keys = [];
    right.children = [];
    this.markChanged();
    right.markChanged();
  }

  /**
   * Moves the last `count` children of `left`, the previous sibling, to the front of this node.
   * `separator` is the parent's key between them; returns the parent's new separator.
   */
  takeFromLeft(left: BTreeNode<K, V>, separator: K, count: number): K {
    const keep = left.children.length - count;
    const moved = left.keys.splice(keep - 1);
    const raised = moved.shift() as K;
    this.keys.unshift(...moved, separator);
    this.children.unshift(...left.children.splice(keep));
    this.markChanged();
    left.markChanged();
    return raised;
  }

  /**
   * Moves the first `count` children of `right`, the next sibling, to the end of this node.
   * `separator` is the parent's key between them; returns the parent's new separator.
   */
  takeFromRight(right: BTreeNode<K, V>, separator: K, count: number): K {
    const moved = right.keys.splice(0, count);
    const raised = moved.pop() as K;
    this.keys.push(separator, ...moved);
    this.children.push(...right.children.splice(0, count));
    this.markChanged();
    right.markChanged();
    return raised;
  }
}

classRegistry.register('BTreeNode', BTreeNode);
