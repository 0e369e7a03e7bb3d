import { classRegistry } from './class-registry';
import { Persistent } from './persistent';

/**
 * A persistent mapping stored as one record: fine for tens or hundreds of keys; use `BTree` for
 * large ones. Values may be any storable value, persistent objects included.
 *
 * @example
 * ```ts
 * const root = await conn.root<PersistentMapping>();
 * root.set('count', 1);
 * ```
 */
export class PersistentMapping<V = unknown> extends Persistent {
  private data = new Map<string, V>();

  /** The value stored under `key`. */
  get(key: string): V | undefined {
    return this.data.get(key);
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.data.has(key);
  }

  /** Stores `value` under `key`. */
  set(key: string, value: V): this {
    this.data.set(key, value);
    this.markChanged();
    return this;
  }

  /** Removes `key`; true when it was present. */
  delete(key: string): boolean {
    const had = this.data.delete(key);
    if (had) this.markChanged();
    return had;
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this.data.keys()];
  }

  /** How many keys. */
  get size(): number {
    return this.data.size;
  }
}

classRegistry.register('PersistentMapping', PersistentMapping);
