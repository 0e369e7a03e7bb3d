import type { Oid } from './interfaces';
import { ROOT_OID } from './interfaces';
import type { Persistent } from './persistent';
import { ghostify, metaOf } from './persistent';

/**
 * A connection's identity map: one object per oid for as long as anything references it (held
 * weakly), plus the most recently loaded ones held strongly, so that they stay loaded between
 * transactions; {@link trim} turns the oldest of those into ghosts. @internal
 */
export class ObjectCache {
  private readonly weak = new Map<Oid, WeakRef<Persistent>>();
  private readonly finalizer = new FinalizationRegistry<Oid>((oid) => {
    if (this.weak.get(oid)?.deref() === undefined) this.weak.delete(oid);
  });
  /** Loaded objects held strongly, most recently used last. */
  private readonly recent = new Map<Oid, Persistent>();

  /**
   * The cached object of `oid`, if any. An object kept by {@link keep} is the one cached under its
   * oid, so it is found without `WeakRef.deref()` (which costs: it keeps the target alive until
   * the end of the current job).
   */
  get(oid: Oid): Persistent | undefined {
    return this.recent.get(oid) ?? this.weak.get(oid)?.deref();
  }

  /** Caches `obj` weakly as the object of `oid`; loaded objects are also kept by {@link keep}. */
  remember(oid: Oid, obj: Persistent): void {
    if (this.get(oid) !== obj) {
      this.recent.delete(oid); // another object of that oid is not the one to keep any more
      this.weak.set(oid, new WeakRef(obj));
      this.finalizer.register(obj, oid);
    }
  }

  /** Holds a loaded object strongly, as the most recently used. */
  keep(oid: Oid, obj: Persistent): void {
    this.recent.delete(oid);
    this.recent.set(oid, obj);
  }

  /** Turns the cached object of `oid` into a ghost (its state changed elsewhere). */
  invalidate(oid: Oid): void {
    const obj = this.get(oid);
    if (obj && metaOf(obj).status !== 'ghost') ghostify(obj);
  }

  /** Turns every cached object into a ghost. */
  invalidateAll(): void {
    for (const ref of this.weak.values()) {
      const obj = ref.deref();
      if (obj && metaOf(obj).status !== 'ghost') ghostify(obj);
    }
  }

  /** Holds at most `size` objects strongly (the root always); older ones become ghosts. */
  trim(size: number): void {
    const excess = this.recent.size - size;
    if (excess <= 0) return;
    let dropped = 0;
    for (const [oid, obj] of this.recent) {
      if (dropped >= excess) break;
      if (oid === ROOT_OID) continue;
      this.recent.delete(oid);
      if (metaOf(obj).status === 'saved') ghostify(obj);
      dropped += 1;
    }
  }
}
