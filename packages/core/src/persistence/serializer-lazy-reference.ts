import type { Oid } from './interfaces';
import type { Persistent } from './persistent';

/**
 * A reference decoded without making its object yet: the oid and class of a reference that a
 * `$lazy` part holds directly (see {@link LazyReferences}), and the loader's way to make the
 * object. Loading a B-tree bucket or node makes one per value or child instead of a ghost per
 * value or child (a ghost costs an identity-map entry, a weak reference and a finalizer
 * registration, and most of them are never used), so a lookup makes only the object it follows.
 *
 * Their holders resolve them before handing values out (`resolveLazy`). The encoder writes one
 * back as it was loaded when its connection made it (`isFrom`), else resolves it, so a written
 * record refers to the same objects (and an export maps them like any other reference); one met
 * outside a `LazyReferences` part is written as a `$lazy` part of its own, so it loads lazily
 * again.
 *
 * @example
 * ```ts
 * const child = node.children[i];
 * const target = resolveLazy(child); // the cached object, or a ghost of it
 * ```
 */
export class LazyReference {
  constructor(
    readonly oid: Oid,
    readonly className: string,
    private readonly resolver: (oid: Oid, className: string, once?: boolean) => Persistent,
  ) {}

  /**
   * The referenced object: the loader's cached one, or a new ghost of it — for a use within the
   * current transaction: one whose class caches on reuse may live only that long (see
   * `Persistent.cacheOnReuse`); a holder keeps the reference, not the object, or refers to the
   * object in a state it stores (which caches it as usual).
   */
  resolve(): Persistent {
    return this.resolver(this.oid, this.className, true);
  }

  /**
   * True when `resolver` made this reference (a connection asks whether a reference is one of
   * its own before writing it back as it was loaded, without making a ghost for it). @internal
   */
  isFrom(resolver: (oid: Oid, className: string, once?: boolean) => Persistent): boolean {
    return this.resolver === resolver;
  }
}

/**
 * Marks a part of a state whose references may load lazily: the part itself when it is a
 * persistent object, or the items of an array that are persistent objects (not references nested
 * deeper). The encoder writes it as `{"$lazy": <the part, encoded>}`, which `referencesIn` walks
 * like any other part; the decoder gives {@link LazyReference}s for those references. A holder of
 * such a part must resolve what it reads from it with {@link resolveLazy}.
 *
 * @example
 * ```ts
 * class Slot extends Persistent {
 *   target: Persistent | LazyReference | null = null;
 *   override getState() {
 *     return { target: new LazyReferences(this.target) };
 *   }
 *   get(): Persistent | null {
 *     return resolveLazy(this.target);
 *   }
 * }
 * ```
 */
export class LazyReferences {
  constructor(readonly value: unknown) {}
}

/**
 * `value`, or the object it refers to when it is a {@link LazyReference} (a ghost when not loaded
 * yet: activate it before reading it).
 *
 * @example
 * ```ts
 * const session = resolveLazy(entry[1]);
 * ```
 */
export function resolveLazy<T>(value: T | LazyReference): T {
  return value instanceof LazyReference ? (value.resolve() as T) : value;
}
