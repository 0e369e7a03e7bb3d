import { randomInt } from 'node:crypto';
import { inspect } from 'node:util';
import { classRegistry, Persistent } from '@zoa/core';
import type { Clock, TransientObjectHost } from './interfaces';
import { systemClock } from './interfaces';
import type { JsonValue } from './json-value';
import { copyJsonValue } from './json-value';
import { KeyError } from './key-error';
import type { StoredEntry } from './merge-transient-states';
import { mergeTransientStates } from './merge-transient-states';
import { displayKey } from '../browser-id/display-key';

/** `lastAccessed` is rewritten at most once per this many ms (Zope's WRITEGRANULARITY). */
const WRITE_GRANULARITY_MS = 30_000;

/** Options of {@link TransientObject} when made outside a container. */
export interface TransientObjectOptions {
  /** The clock used until a container hands the object out (default: the system clock). */
  clock?: Clock;
}

interface Entry {
  value: JsonValue;
  /** The key was read (in this object's memory) before this value was written. */
  readFirst: boolean;
}

interface Volatile {
  _v_host?: TransientObjectHost;
  _v_clock?: Clock;
  _v_reads?: Set<string> | 'all';
}

/**
 * Session data (Zope's `TransientObject`): a mapping of plain JSON-like values with a unique id,
 * its container key (the browser id), and created / last accessed / last modified times in epoch
 * ms from its container's clock.
 *
 * Reading and writing are synchronous: a container hands objects out activated. Every mutator sets
 * the last modified time. Values are copied on `set`; a value changed in place afterwards must be
 * set again to be stored (Zope's contract; dev mode reports a forgotten one at commit).
 * Concurrent changes merge key by key ({@link TransientObject.resolveConflict}).
 *
 * @example
 * ```ts
 * const session = await container.newOrExisting(browserId);
 * const cart = (session.get('cart') as string[] | null) ?? [];
 * session.set('cart', [...cart, 'book']);
 * String(session); // 'id: 1700000000123456789, key: …, content keys: ["cart"]'
 * await session.invalidate(); // removed from the container; isValid() is now false
 * ```
 */
export class TransientObject extends Persistent {
  /**
   * A session is used by one request now and then: among many, one loaded for a request is kept
   * for that request's transaction only (see `Persistent.cacheOnReuse`). Get it again in each
   * request (`ctx.session()`, the container): one kept past its request cannot be used.
   */
  static override readonly cacheOnReuse: boolean = true;

  private id: string;
  private key: string;
  private created: number;
  private lastAccessed: number;
  private lastModified: number | null;
  private invalid: boolean;
  private data: Map<string, Entry>;
  /** The container timeslice of its last touch (undefined until a container holds it). */
  private timeslice: number | undefined;

  /**
   * Makes session data for container key `key` (usually through a container's `new` or
   * `newOrExisting`, which also store it).
   *
   * @throws TypeError when `key` is not a string.
   */
  constructor(key: string, options: TransientObjectOptions = {}) {
    super();
    if (typeof key !== 'string') throw new TypeError('key is not a string type');
    if (options.clock) setVolatile(this, '_v_clock', options.clock);
    const now = this.now();
    this.id = `${Math.floor(now / 1000)}${String(randomInt(10_000_000_000)).padStart(10, '0')}`;
    this.key = key;
    this.created = now;
    this.lastAccessed = now;
    this.lastModified = null;
    this.invalid = false;
    this.data = new Map();
    this.timeslice = undefined;
  }

  /** The unique id of this object (not the container key). */
  getId(): string {
    return this.id;
  }

  /** The key this object is stored under in its container (the browser id). */
  getContainerKey(): string {
    return this.key;
  }

  /** When it was made, epoch ms. */
  getCreated(): number {
    return this.created;
  }

  /** When its container last handed it out, epoch ms (precise to 30 s: write clustering). */
  getLastAccessed(): number {
    return this.lastAccessed;
  }

  /** Records an access now — unless the last recorded one is less than 30 s old (no write). */
  setLastAccessed(): void {
    const now = this.now();
    if (this.lastAccessed + WRITE_GRANULARITY_MS < now) {
      this.lastAccessed = now;
      this.markChanged();
    }
  }

  /**
   * The timeslice of the container holding it that it was last touched in (see
   * `timesliceOf`), or undefined before a container touched it. @internal
   */
  getTimeslice(): number | undefined {
    return this.timeslice;
  }

  /**
   * Records a touch in `slice` (the container's current timeslice): a write only when the slice
   * changes, at most once per timeslice. The container keeps the last touch here rather than in
   * its index, so that a touch rewrites this small record, not a bucket of the index. @internal
   */
  setTimeslice(slice: number): void {
    if (this.timeslice !== slice) {
      this.timeslice = slice;
      this.markChanged();
    }
  }

  /** When a mutator last ran, epoch ms; null until the first write. */
  getLastModified(): number | null {
    return this.lastModified;
  }

  /** Records a modification now. */
  setLastModified(): void {
    this.lastModified = this.now();
    this.markChanged();
  }

  /**
   * Removes this object from its container (which fires the delete notification) and marks it
   * invalid; afterwards {@link isValid} is false. Doing it twice does nothing.
   */
  async invalidate(): Promise<void> {
    if (this.invalid) return;
    const host = volatile(this)._v_host;
    if (host) await host.removeInvalidated(this.key, this);
    this.invalid = true;
    this.markChanged();
  }

  /** False once {@link invalidate} was called. */
  isValid(): boolean {
    return !this.invalid;
  }

  /** The value under `key`, or `defaultValue` (null) when there is none. */
  get(key: string, defaultValue: unknown = null): unknown {
    const entry = this.data.get(this.read(key));
    return entry === undefined ? defaultValue : entry.value;
  }

  /**
   * The value under `key`.
   *
   * @throws KeyError when there is none.
   */
  getItem(key: string): unknown {
    const entry = this.data.get(this.read(key));
    if (entry === undefined)
      throw new KeyError(`No key ${JSON.stringify(key)} in session data`, key);
    return entry.value;
  }

  /** True when there is a value under `key`. */
  has(key: string): boolean {
    return this.data.has(this.read(key));
  }

  /**
   * Stores a copy of `value` under `key`.
   *
   * @throws CannotStoreError when `value` is not a plain JSON-like value (see `JsonValue`).
   */
  set(key: string, value: unknown): void {
    checkKey(key);
    this.data.set(key, { value: copyJsonValue(value, key), readFirst: this.wasRead(key) });
    this.setLastModified();
  }

  /**
   * Removes the value under `key`.
   *
   * @throws KeyError when there is none.
   */
  delete(key: string): void {
    checkKey(key);
    if (!this.data.delete(key)) {
      throw new KeyError(`No key ${JSON.stringify(key)} in session data`, key);
    }
    this.setLastModified();
  }

  /** The keys, in the order they were first set. */
  keys(): string[] {
    this.readAll();
    return [...this.data.keys()];
  }

  /** The values, in key order. */
  values(): unknown[] {
    this.readAll();
    return Array.from(this.data.values(), (entry) => entry.value);
  }

  /** The `[key, value]` pairs, in key order. */
  items(): [string, unknown][] {
    this.readAll();
    return Array.from(this.data, ([key, entry]) => [key, entry.value]);
  }

  /** Removes every value. */
  clear(): void {
    this.data.clear();
    this.setLastModified();
  }

  /**
   * Stores every pair of `values` (an object's own keys, or a Map), all or nothing.
   *
   * @throws CannotStoreError when a value is not a plain JSON-like value (nothing is stored).
   */
  update(values: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): void {
    const pairs =
      values instanceof Map
        ? [...(values as ReadonlyMap<string, unknown>)]
        : Object.keys(values).map(
            (key) => [key, (values as Record<string, unknown>)[key]] as const,
          );
    const copies = pairs.map(([key, value]) => {
      checkKey(key);
      return [key, copyJsonValue(value, key)] as const;
    });
    for (const [key, value] of copies) {
      this.data.set(key, { value, readFirst: this.wasRead(key) });
    }
    this.setLastModified();
  }

  /** Shows the id, the container key and the content keys — never the values. */
  override toString(): string {
    // the key is a browser id: shown as a keyed hash, never as itself (S-23)
    return `id: ${this.id}, key: ${displayKey(this.key)}, content keys: ${JSON.stringify([...this.data.keys()])}`;
  }

  /** `console.log` and `util.inspect` show {@link toString}, never the values. */
  [inspect.custom](): string {
    return `TransientObject { ${this.toString()} }`;
  }

  /** The stored state: times, ids and `data` as `[key, value]` pairs (see `StoredEntry`). */
  override getState(): Record<string, unknown> {
    const data: StoredEntry[] = [];
    for (const [key, entry] of this.data) {
      data.push(entry.readFirst ? [key, entry.value, 1] : [key, entry.value]);
    }
    const state: Record<string, unknown> = {
      id: this.id,
      key: this.key,
      created: this.created,
      lastAccessed: this.lastAccessed,
      lastModified: this.lastModified,
      data,
    };
    if (this.invalid) state.invalid = true;
    if (this.timeslice !== undefined) state.timeslice = this.timeslice;
    return state;
  }

  /** Restores a state made by {@link getState} (when loaded: forgets which keys were read). */
  override setState(state: Record<string, unknown>): void {
    this.id = String(state.id);
    this.key = String(state.key);
    this.created = Number(state.created);
    this.lastAccessed = Number(state.lastAccessed);
    this.lastModified = typeof state.lastModified === 'number' ? state.lastModified : null;
    this.invalid = state.invalid === true;
    this.timeslice = typeof state.timeslice === 'number' ? state.timeslice : undefined;
    this.data = new Map();
    for (const entry of (state.data ?? []) as StoredEntry[]) {
      this.data.set(entry[0], { value: entry[1] as JsonValue, readFirst: entry[2] === 1 });
    }
    setVolatile(this, '_v_reads', undefined);
  }

  /**
   * Merges concurrent changes key by key, invalidation winning (see `mergeTransientStates`).
   *
   * @throws ConflictError when both changed one key in a way that cannot be merged safely.
   */
  static resolveConflict(old: unknown, committed: unknown, mine: unknown): unknown {
    return mergeTransientStates(old, committed, mine);
  }

  /** The time on the container's clock (or this object's own before a container has it). */
  private now(): number {
    const v = volatile(this);
    return v._v_host ? v._v_host.now() : (v._v_clock ?? systemClock)();
  }

  /** Notes that `key` was read, so a later write of it is a read-modify-write. */
  private read(key: string): string {
    checkKey(key);
    const reads = volatile(this)._v_reads;
    if (reads === undefined) setVolatile(this, '_v_reads', new Set([key]));
    else if (reads !== 'all') reads.add(key);
    return key;
  }

  private readAll(): void {
    setVolatile(this, '_v_reads', 'all');
  }

  private wasRead(key: string): boolean {
    const reads = volatile(this)._v_reads;
    return reads === 'all' || (reads !== undefined && reads.has(key));
  }
}

classRegistry.register('TransientObject', TransientObject);

/** Links `item` to the container that hands it out: its clock, and removal on invalidate. @internal */
export function attachTransientObject(item: TransientObject, host: TransientObjectHost): void {
  if (volatile(item)._v_host !== host) setVolatile(item, '_v_host', host);
}

function volatile(item: TransientObject): Volatile {
  return item as unknown as Volatile;
}

/** Volatile state is a non-enumerable property: never stored, and kept when the object is ghosted. */
function setVolatile<K extends keyof Volatile>(
  item: TransientObject,
  name: K,
  value: Volatile[K],
): void {
  Object.defineProperty(item, name, {
    value,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError('A session data key must be a string');
}
