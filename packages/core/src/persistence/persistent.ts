import type { Oid, Tid } from './interfaces';
import type { PeekedState } from './peeked-state';
import type { LazyReference } from './serializer-lazy-reference';

/** What a {@link Persistent} object needs from the connection that loaded it. */
export interface PersistentJar {
  /** Records that `obj` changed in the current unit of work. */
  register(obj: Persistent): void;
  /** Loads the state of a ghost. */
  setstate(obj: Persistent): Promise<void>;
  /** Notes a use of a loaded object (see {@link Persistent._p_accessed}). */
  accessed?(obj: Persistent): void;
  /** The stored state of a ghost without loading it, or undefined (see {@link peekState}). */
  peekState?(obj: Persistent): PeekedState | undefined | Promise<PeekedState | undefined>;
  /** {@link peekState} of a referenced object that may have no ghost yet. */
  peekReferenced?(ref: LazyReference): PeekedState | undefined | Promise<PeekedState | undefined>;
}

/**
 * Life-cycle status of a persistent object:
 * - `unsaved`: constructed in memory, not (yet) stored;
 * - `ghost`: known by oid, state not loaded (call {@link Persistent.activate});
 * - `saved`: loaded and unchanged;
 * - `changed`: loaded and marked changed in this unit of work.
 */
export type PersistentStatus = 'unsaved' | 'ghost' | 'saved' | 'changed';

/** Bookkeeping kept out of the object's own (stored) properties. @internal */
export interface PersistentMeta {
  oid: Oid | undefined;
  serial: Tid;
  jar: PersistentJar | undefined;
  status: PersistentStatus;
  /** Used since its connection's cache last passed it over (see `ObjectCache.trim`). */
  accessed: boolean;
  /** State as loaded, kept only when the database runs dev checks. */
  loadedState?: string | undefined;
}

const META = Symbol('zoa.persistent');

/** Property names never stored: `_v_` (volatile) and `_p_` prefixes, and the parent link. */
export function isStoredPropertyName(name: string): boolean {
  return !name.startsWith('_v_') && !name.startsWith('_p_') && name !== '__parent__';
}

/**
 * Base class of every object kept in a Zoa database, in the manner of ZODB's `Persistent`.
 *
 * An object's own enumerable properties are its state (except `_v_*` volatile ones and
 * `__parent__`). Mutators must call {@link markChanged} — assigning a property or changing a
 * nested array or Map in place is not noticed otherwise (dev mode reports such objects at commit).
 * Objects work unattached (plain construction) and become persistent once reachable from a
 * stored object at commit. A *ghost* is an object whose state is not loaded yet: containers hand
 * out activated objects; call {@link activate} before reading a raw reference.
 *
 * @example
 * ```ts
 * class Counter extends Persistent {
 *   value = 0;
 *   increment(): void {
 *     this.value += 1;
 *     this.markChanged();
 *   }
 * }
 * classRegistry.register('Counter', Counter);
 * ```
 */
export abstract class Persistent {
  /**
   * True for a class whose objects are each used in one transaction now and then, and seldom
   * in two close together — a session among many. One such object that a transaction reaches
   * through a `LazyReference` (a B-tree value, say) is kept for that transaction only, unless
   * it was loaded not long before (within the cache's turnover): at its end the connection lets
   * it go, so that it costs the garbage collector nothing more. One loaded again soon, or held
   * by another loaded or stored object, is cached as usual. Code must not keep such an object
   * past its transaction: using it afterwards fails with an error that says to get it again.
   */
  static readonly cacheOnReuse: boolean = false;

  constructor() {
    // the bookkeeping first, before any state: see `ghostify`
    void this[META];
  }

  /** Per-object bookkeeping, non-enumerable so it is never part of the state. @internal */
  get [META](): PersistentMeta {
    const meta: PersistentMeta = {
      oid: undefined,
      serial: 0,
      jar: undefined,
      status: 'unsaved',
      accessed: false,
      // every field from the start, so that V8 keeps them in the object itself: one added later
      // costs a separate property array per object (40 bytes the garbage collector copies)
      loadedState: undefined,
    };
    Object.defineProperty(this, META, { value: meta, enumerable: false, writable: true });
    return meta;
  }

  /** The object id, once stored. */
  get _p_oid(): Oid | undefined {
    return this[META].oid;
  }

  /** The id of the transaction that last wrote this object (0 when never stored). */
  get _p_serial(): Tid {
    return this[META].serial;
  }

  /** The connection that loaded or stored this object. */
  get _p_jar(): PersistentJar | undefined {
    return this[META].jar;
  }

  /** The object's life-cycle status. */
  get _p_status(): PersistentStatus {
    return this[META].status;
  }

  /** True when the object is changed and not yet committed. */
  get _p_changed(): boolean {
    return this[META].status === 'changed';
  }

  /**
   * Marks the object changed so the current unit of work stores it. A no-op for objects not
   * attached to a database.
   *
   * @throws Error when the object is a ghost (activate it first: its state is not loaded).
   */
  markChanged(): void {
    const meta = this[META];
    if (meta.status === 'saved') {
      meta.status = 'changed';
      meta.jar?.register(this);
    } else if (meta.status === 'ghost') {
      throw new Error(`${this.describe()} is a ghost: call activate() before changing it`);
    }
  }

  /**
   * Notes a use of this object, as ZODB's `_p_accessed`: its connection's cache holds the most
   * recently used objects loaded and turns the least recently used into ghosts first. Loading,
   * writing and following a reference are uses already; call it where a loaded object is used
   * again through a reference followed earlier (a B-tree's descent does, for every node it
   * passes), so that what every transaction passes through stays loaded.
   */
  _p_accessed(): void {
    const meta = this[META];
    if (meta.status !== 'unsaved') meta.jar?.accessed?.(this);
  }

  /** Loads the state of a ghost; resolves to the object itself. */
  async activate(): Promise<this> {
    const meta = this[META];
    if (meta.status === 'ghost' && meta.jar) await meta.jar.setstate(this);
    return this;
  }

  /**
   * The state to store: own enumerable properties except volatile ones. Override (together with
   * {@link setState}) to store a different shape.
   */
  getState(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const name of Object.keys(this)) {
      if (isStoredPropertyName(name)) state[name] = (this as Record<string, unknown>)[name];
    }
    return state;
  }

  /** Restores a state produced by {@link getState} (safe for any key, `__proto__` included). */
  setState(state: Record<string, unknown>): void {
    for (const name of Object.keys(state)) {
      Object.defineProperty(this, name, {
        value: state[name],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }

  /** How error messages name this object; tree items override it with their path. */
  describe(): string {
    const oid = this[META].oid;
    return `${this.constructor.name}${oid === undefined ? ' (unsaved)' : ` (oid ${oid})`}`;
  }
}

/**
 * True when objects of `cls` (a class, or the constructor of an object) cache on reuse (see
 * {@link Persistent.cacheOnReuse}). @internal
 */
export function cachesOnReuse(cls: unknown): boolean {
  return (cls as { cacheOnReuse?: unknown } | undefined)?.cacheOnReuse === true;
}

/** Reads the bookkeeping of a persistent object. @internal */
export function metaOf(obj: Persistent): PersistentMeta {
  return obj[META];
}

/**
 * The stored state of the ghost `obj` for a one-off read, leaving it a ghost — so that what a
 * lookup decodes is garbage soon after, not an object the cache keeps (and the garbage
 * collector copies); only the parts the lookup asks for are decoded (see `PeekedState`) — or
 * undefined when it should be loaded instead: it is not a ghost, or its connection saw it peeked
 * at recently (used again soon, it is worth keeping). A B-tree peeks at the buckets its lookups
 * end in. @internal
 */
export function peekState(
  obj: Persistent,
): PeekedState | undefined | Promise<PeekedState | undefined> {
  const meta = obj[META];
  if (meta.status !== 'ghost') return undefined;
  return meta.jar?.peekState?.(obj);
}

/**
 * {@link peekState} of the object that `ref`, a lazy reference in the state of the loaded object
 * `holder`, names — without making a ghost of it when it has none: a lookup that reaches a bucket
 * once leaves nothing behind (a ghost, like a loaded object, is something the garbage collector
 * copies). Undefined when the object should be resolved and loaded instead. @internal
 */
export function peekReferenced(
  holder: Persistent,
  ref: LazyReference,
): PeekedState | undefined | Promise<PeekedState | undefined> {
  return holder[META].jar?.peekReferenced?.(ref);
}

/**
 * Drops the loaded state of `obj` — its enumerable own properties — turning it into a ghost that
 * reloads on activation. Properties go in the reverse of the order they were added, so that V8
 * steps back along the object's hidden classes: deleting any other first turns the object into a
 * dictionary (about 0.9 KB more per ghost, which the garbage collector copies, and slower
 * property access once it is loaded again). Non-enumerable properties (volatile ones defined
 * with `defineProperty`) stay: they are taken off with the rest and put back. @internal
 */
export function ghostify(obj: Persistent): void {
  const target = obj as unknown as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(obj);
  let kept: [string, PropertyDescriptor][] | undefined;
  for (let i = names.length - 1; i >= 0; i -= 1) {
    const name = names[i] as string;
    if (!Object.prototype.propertyIsEnumerable.call(obj, name)) {
      const descriptor = Object.getOwnPropertyDescriptor(obj, name) as PropertyDescriptor;
      if (!descriptor.configurable) continue;
      (kept ??= []).push([name, descriptor]);
    }
    delete target[name];
  }
  if (kept !== undefined) {
    for (let i = kept.length - 1; i >= 0; i -= 1) {
      const [name, descriptor] = kept[i] as [string, PropertyDescriptor];
      Object.defineProperty(obj, name, descriptor);
    }
  }
  const meta = obj[META];
  meta.status = 'ghost';
  meta.loadedState = undefined;
}
