import type { Oid } from '@zoa/core';

const EMPTY = -1;
const MIN_CAPACITY = 16;
const GOLDEN = 0x9e3779b1;

/**
 * A map from oids to small integers kept off the JavaScript heap: an open-addressing hash table
 * (linear probing, backward-shift deletion) in two typed arrays, so that a million entries cost
 * the garbage collector nothing to scan and no per-entry objects. Keys are oids (non-negative
 * integers up to 2^53); values are int32.
 *
 * @example
 * ```ts
 * const counts = new OidMap();
 * counts.set(7, 2);
 * counts.get(7); // 2
 * counts.get(8); // undefined
 * ```
 */
export class OidMap {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(capacity = MIN_CAPACITY) {
    let size = MIN_CAPACITY;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.values = new Int32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
  }

  /** Entries in the map. */
  get size(): number {
    return this.count;
  }

  /** True when `oid` has a value. */
  has(oid: Oid): boolean {
    return this.indexOf(oid) >= 0;
  }

  /** The value of `oid`, or `undefined`. */
  get(oid: Oid): number | undefined {
    const index = this.indexOf(oid);
    return index < 0 ? undefined : (this.values[index] as number);
  }

  /** Sets the value of `oid` (an int32). */
  set(oid: Oid, value: number): void {
    const { keys, mask } = this;
    let index = this.home(oid);
    for (;;) {
      const key = keys[index] as number;
      if (key === oid) {
        this.values[index] = value;
        return;
      }
      if (key === EMPTY) break;
      index = (index + 1) & mask;
    }
    keys[index] = oid;
    this.values[index] = value;
    this.count += 1;
    if (this.count * 2 > keys.length) this.resize(keys.length * 2);
  }

  /** Removes `oid`; returns whether it was there. */
  delete(oid: Oid): boolean {
    let hole = this.indexOf(oid);
    if (hole < 0) return false;
    const { keys, values, mask } = this;
    // backward-shift deletion: move later entries of the probe run into the hole
    let index = hole;
    for (;;) {
      index = (index + 1) & mask;
      const key = keys[index] as number;
      if (key === EMPTY) break;
      const home = this.home(key);
      // the entry may move back to the hole unless its home lies after the hole (cyclically)
      if (((index - home) & mask) >= ((index - hole) & mask)) {
        keys[hole] = key;
        values[hole] = values[index] as number;
        hole = index;
      }
    }
    keys[hole] = EMPTY;
    this.count -= 1;
    if (keys.length > MIN_CAPACITY && this.count * 8 < keys.length) this.resize(keys.length / 2);
    return true;
  }

  /** The oids in the map, in no particular order; do not change the map while iterating. */
  *oids(): IterableIterator<Oid> {
    const { keys } = this;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as number;
      if (key !== EMPTY) yield key;
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.keys = new Float64Array(MIN_CAPACITY).fill(EMPTY);
    this.values = new Int32Array(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.shift = 32 - Math.log2(MIN_CAPACITY);
    this.count = 0;
  }

  private indexOf(oid: Oid): number {
    const { keys, mask } = this;
    let index = this.home(oid);
    for (;;) {
      const key = keys[index] as number;
      if (key === oid) return index;
      if (key === EMPTY) return -1;
      index = (index + 1) & mask;
    }
  }

  /** Fibonacci hashing of the oid's low and high 32 bits. */
  private home(oid: Oid): number {
    const mixed = Math.imul((oid | 0) ^ Math.imul((oid / 4294967296) | 0, GOLDEN), GOLDEN);
    return (mixed >>> this.shift) & this.mask;
  }

  private resize(size: number): void {
    const { keys, values } = this;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.values = new Int32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.count = 0;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as number;
      if (key !== EMPTY) this.set(key, values[i] as number);
    }
  }
}
