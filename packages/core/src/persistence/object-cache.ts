import { DETACHED_JAR } from './detached-jar';
import type { Oid } from './interfaces';
import { ROOT_OID } from './interfaces';
import type { Persistent } from './persistent';
import { ghostify, metaOf } from './persistent';

/**
 * The peek in a row — each within the cache's turnover of the one before — at which a ghost is
 * loaded instead. A bucket whose next lookup comes within the turnover with probability p is
 * loaded with probability p² rather than p (the second peek, until 2026-11): a bucket lookups
 * come back to soon is loaded at its third, while most buckets of a large, evenly used tree —
 * whose next lookup mostly comes after the bucket would have left the cache — are never loaded
 * (a loaded bucket is an object the garbage collector copies twice before it is dropped).
 */
export const PEEKS_TO_LOAD = 3;

/**
 * The load in a row — each within the cache's turnover of the one before — at which an object
 * of a class that caches on reuse is cached as usual rather than for its transaction only.
 */
export const LOADS_TO_CACHE = 2;

/**
 * A connection's identity map: one object per oid for as long as anything references it (held
 * weakly), plus the recently used loaded ones held strongly, so that they stay loaded between
 * transactions; {@link trim} turns the least recently used of those into ghosts, approximately:
 * objects are queued in the order they were loaded or written, and one used since (found by
 * {@link use}, or noted by `Persistent._p_accessed`) gets a second chance at the end of the
 * queue instead of becoming a ghost (the CLOCK algorithm: a use costs a flag, not a move). So
 * objects every transaction passes through — a B-tree's inner nodes — stay loaded while objects
 * used once go. Objects of a class that caches on reuse may be cached for one transaction only
 * ({@link rememberForTransaction}). @internal
 */
export class ObjectCache {
  private readonly weak = new Map<Oid, WeakRef<Persistent>>();
  private readonly finalizer = new FinalizationRegistry<Oid>((oid) => {
    if (this.weak.get(oid)?.deref() === undefined) this.weak.delete(oid);
  });
  /** Loaded objects held strongly, most recently used last. */
  private readonly recent = new Map<Oid, Persistent>();
  /** Objects cached for the current transaction only (see {@link rememberForTransaction}). */
  private readonly transactionOnly = new Map<Oid, Persistent>();
  /**
   * The clock of {@link admits}, the cache's turnover: how many objects {@link keep} and
   * {@link rememberForTransaction} were given.
   */
  private clock = 0;
  /**
   * The last peek at each oid peeked at lately (or load, see {@link rememberForTransaction}),
   * `4 * clock + how many in a row` (see {@link admits}), in two generations: a full one becomes
   * the older, and the older is dropped.
   */
  private peeks = new Map<Oid, number>();
  private olderPeeks = new Map<Oid, number>();

  /**
   * The cached object of `oid`, if any. An object kept by {@link keep} is the one cached under its
   * oid, so it is found without `WeakRef.deref()` (which costs: it keeps the target alive until
   * the end of the current job).
   */
  get(oid: Oid): Persistent | undefined {
    return (
      this.recent.get(oid) ??
      (this.transactionOnly.size === 0 ? undefined : this.transactionOnly.get(oid)) ??
      this.weak.get(oid)?.deref()
    );
  }

  /** {@link get}, noting a use of the object found (see {@link trim}). */
  use(oid: Oid): Persistent | undefined {
    const obj = this.get(oid);
    if (obj !== undefined) metaOf(obj).accessed = true;
    return obj;
  }

  /** Caches `obj` weakly as the object of `oid`; loaded objects are also kept by {@link keep}. */
  remember(oid: Oid, obj: Persistent): void {
    if (this.get(oid) !== obj) {
      this.recent.delete(oid); // another object of that oid is not the one to keep any more
      this.weak.set(oid, new WeakRef(obj));
      this.finalizer.register(obj, oid);
    }
  }

  /**
   * Caches `obj`, a new ghost of a class that caches on reuse, as the object of `oid` for the
   * current transaction only — held strongly, without the weak reference that would keep it
   * alive through the garbage collector's young-generation collections (V8 treats weak
   * references as strong there), and let go by {@link endTransaction} — unless it is the
   * {@link LOADS_TO_CACHE}th load of `oid` in a row within `size` objects (see {@link admits}):
   * then it is remembered as usual. Answers whether it is cached for the transaction only.
   */
  rememberForTransaction(oid: Oid, obj: Persistent, size: number): boolean {
    if (this.admits(oid, size, LOADS_TO_CACHE)) {
      this.remember(oid, obj);
      return false;
    }
    this.clock += 1;
    this.transactionOnly.set(oid, obj);
    return true;
  }

  /**
   * Caches `obj` as usual if it was cached for the current transaction only: something that
   * outlives the transaction (a loaded or stored object) now refers to it.
   */
  pin(oid: Oid, obj: Persistent): void {
    if (!this.isTransactionOnly(oid, obj)) return;
    this.transactionOnly.delete(oid);
    this.remember(oid, obj);
    if (metaOf(obj).status !== 'ghost') this.keep(oid, obj);
  }

  /**
   * Lets go of the objects cached for the transaction that ends: each becomes a ghost that
   * cannot be loaded again (see `DETACHED_JAR`), in case something still holds it.
   */
  endTransaction(): void {
    if (this.transactionOnly.size === 0) return;
    for (const obj of this.transactionOnly.values()) {
      if (metaOf(obj).status !== 'ghost') ghostify(obj);
      metaOf(obj).jar = DETACHED_JAR;
    }
    this.transactionOnly.clear();
  }

  /**
   * Holds a loaded object strongly, as the most recently used (not one cached for its
   * transaction only).
   */
  keep(oid: Oid, obj: Persistent): void {
    if (this.isTransactionOnly(oid, obj)) return;
    this.clock += 1;
    metaOf(obj).accessed = false;
    this.recent.delete(oid);
    this.recent.set(oid, obj);
  }

  /**
   * True when the object of `oid`, about to be peeked at, should rather be loaded (admitted to
   * the cache): this peek is the `needed`th at it in a row, each no more than `size` objects
   * kept after the one before — an object looked up that often would have stayed held.
   * Otherwise notes this peek (by oid: the object may have no ghost) and answers false.
   */
  admits(oid: Oid, size: number, needed = PEEKS_TO_LOAD): boolean {
    const last = this.peeks.get(oid) ?? this.olderPeeks.get(oid);
    const inRow =
      last !== undefined && this.clock - Math.floor(last / 4) <= size ? (last % 4) + 1 : 1;
    if (inRow >= needed) {
      this.peeks.delete(oid);
      this.olderPeeks.delete(oid);
      return true;
    }
    if (this.peeks.size >= size) {
      this.olderPeeks = this.peeks;
      this.peeks = new Map();
    }
    this.peeks.set(oid, 4 * this.clock + inRow);
    return false;
  }

  /** Turns the cached object of `oid` into a ghost (its state changed elsewhere). */
  invalidate(oid: Oid): void {
    const obj = this.get(oid);
    if (obj && metaOf(obj).status !== 'ghost') ghostify(obj);
  }

  /** Turns every cached object into a ghost. */
  invalidateAll(): void {
    for (const obj of this.transactionOnly.values()) {
      if (metaOf(obj).status !== 'ghost') ghostify(obj);
    }
    for (const ref of this.weak.values()) {
      const obj = ref.deref();
      if (obj && metaOf(obj).status !== 'ghost') ghostify(obj);
    }
  }

  /**
   * Holds at most `size` objects strongly (the root always): from the front of the queue, an
   * object used since it was queued goes to the back (its use forgotten), any other becomes a
   * ghost, until `size` are left. Each object is passed over at most twice.
   */
  trim(size: number): void {
    const excess = this.recent.size - size;
    if (excess <= 0) return;
    let dropped = 0;
    let budget = 2 * this.recent.size; // the Map's iterator also visits what is moved back
    for (const [oid, obj] of this.recent) {
      if (dropped >= excess || budget === 0) break;
      budget -= 1;
      if (oid === ROOT_OID) continue;
      const meta = metaOf(obj);
      this.recent.delete(oid);
      if (meta.accessed) {
        meta.accessed = false;
        this.recent.set(oid, obj);
        continue;
      }
      if (meta.status === 'saved') ghostify(obj);
      dropped += 1;
    }
  }

  /** True when `obj` is cached as the object of `oid` for the current transaction only. */
  private isTransactionOnly(oid: Oid, obj: Persistent): boolean {
    return this.transactionOnly.size > 0 && this.transactionOnly.get(oid) === obj;
  }
}
