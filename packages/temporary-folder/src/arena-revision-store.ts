import { ZoaError, type DataRecord, type Oid, type RevisionStore, type Tid } from '@zoa/core';
import { ByteArena } from './byte-arena';
import { OidMap } from './oid-map';

const NO_LOCATION = -1;
const NONE: readonly DataRecord[] = Object.freeze([]);

/**
 * The temporary storage's {@link RevisionStore}: revisions kept off the JavaScript heap, so that a
 * million sessions add almost nothing for the garbage collector to scan or copy. States live as
 * UTF-8 in a `ByteArena`; each revision is a *slot* — a row of typed arrays holding its
 * serial, class, location and the slot of the object's next older revision (kept while open
 * snapshots need it); an `OidMap` finds an object's newest slot. Records are built on each
 * read (a load decodes the state from UTF-8).
 *
 * @example
 * ```ts
 * const storage = new MemoryStorage({ revisions: new ArenaRevisionStore() });
 * ```
 */
export class ArenaRevisionStore implements RevisionStore {
  private readonly newest = new OidMap();
  private readonly arena: ByteArena;
  private serials = new Float64Array(1024);
  private locations = new Float64Array(1024).fill(NO_LOCATION);
  private classIds = new Int32Array(1024);
  /** Per slot: the slot of the next older revision of the same object, or -1. */
  private previous = new Int32Array(1024);
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  private nextSlot = 0;
  private readonly classNames: string[] = [];
  private readonly classIdOf = new Map<string, number>();
  private recordCount = 0;
  private byteCount = 0;

  constructor(options: { segmentSize?: number } = {}) {
    this.arena = new ByteArena(
      {
        locationOf: (slot) => this.locations[slot] ?? NO_LOCATION,
        moved: (slot, location) => {
          this.locations[slot] = location;
        },
      },
      options.segmentSize,
    );
  }

  get objects(): number {
    return this.newest.size;
  }

  get records(): number {
    return this.recordCount;
  }

  /** UTF-8 bytes of the states plus the class names' lengths. */
  get bytes(): number {
    return this.byteCount;
  }

  has(oid: Oid): boolean {
    return this.newest.has(oid);
  }

  serialOf(oid: Oid): Tid {
    const slot = this.newest.get(oid);
    return slot === undefined ? 0 : (this.serials[slot] as number);
  }

  latest(oid: Oid): DataRecord | undefined {
    const slot = this.newest.get(oid);
    return slot === undefined ? undefined : this.record(oid, slot);
  }

  at(oid: Oid, tid: Tid): DataRecord | undefined {
    let slot = this.newest.get(oid) ?? -1;
    while (slot >= 0 && (this.serials[slot] as number) > tid) slot = this.previous[slot] as number;
    return slot < 0 ? undefined : this.record(oid, slot);
  }

  revisionsOf(oid: Oid): readonly DataRecord[] {
    const records: DataRecord[] = [];
    for (let slot = this.newest.get(oid) ?? -1; slot >= 0; slot = this.previous[slot] as number) {
      records.push(this.record(oid, slot));
    }
    return records.length === 0 ? NONE : records.reverse();
  }

  oids(): IterableIterator<Oid> {
    return this.newest.oids();
  }

  add(record: DataRecord): void {
    const { oid, serial } = record;
    const previous = this.newest.get(oid) ?? -1;
    if (previous >= 0 && (this.serials[previous] as number) >= serial) {
      throw new ZoaError(
        `revision ${serial} of oid ${oid} is not newer than ${this.serials[previous]}`,
      );
    }
    const slot = this.takeSlot();
    this.serials[slot] = serial;
    this.classIds[slot] = this.classIdFor(record.className);
    this.previous[slot] = previous;
    this.locations[slot] = this.arena.write(slot, record.state);
    this.newest.set(oid, slot);
    this.recordCount += 1;
    this.byteCount += this.sizeOf(slot);
  }

  dropBefore(oid: Oid, tid: Tid, all = false): number {
    const newest = this.newest.get(oid);
    if (newest === undefined) return 0;
    // serials fall from the newest on: keep those >= tid and, unless `all`, the one a reader at
    // tid sees when none is exactly at tid
    let kept = -1;
    let slot = newest;
    while (slot >= 0 && (this.serials[slot] as number) >= tid) {
      kept = slot;
      slot = this.previous[slot] as number;
    }
    if (slot >= 0 && !all && (kept < 0 || (this.serials[kept] as number) !== tid)) {
      kept = slot;
      slot = this.previous[slot] as number;
    }
    let dropped = 0;
    for (let next: number; slot >= 0; slot = next) {
      next = this.previous[slot] as number;
      this.freeSlot(slot);
      dropped += 1;
    }
    if (kept < 0) this.newest.delete(oid);
    else this.previous[kept] = -1;
    return dropped;
  }

  remove(oid: Oid): boolean {
    const newest = this.newest.get(oid);
    if (newest === undefined) return false;
    for (let slot = newest, next: number; slot >= 0; slot = next) {
      next = this.previous[slot] as number;
      this.freeSlot(slot);
    }
    this.newest.delete(oid);
    return true;
  }

  private record(oid: Oid, slot: number): DataRecord {
    return {
      oid,
      serial: this.serials[slot] as number,
      className: this.classNameAt(slot),
      state: this.arena.read(this.locations[slot] as number),
    };
  }

  private sizeOf(slot: number): number {
    return this.classNameAt(slot).length + this.arena.lengthAt(this.locations[slot] as number);
  }

  private classNameAt(slot: number): string {
    return this.classNames[this.classIds[slot] as number] as string;
  }

  private classIdFor(className: string): number {
    let id = this.classIdOf.get(className);
    if (id === undefined) {
      id = this.classNames.length;
      this.classNames.push(className);
      this.classIdOf.set(className, id);
    }
    return id;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) {
      this.freeCount -= 1;
      return this.freeSlots[this.freeCount] as number;
    }
    if (this.nextSlot === this.serials.length) this.growSlots();
    const slot = this.nextSlot;
    this.nextSlot += 1;
    return slot;
  }

  private freeSlot(slot: number): void {
    this.recordCount -= 1;
    const location = this.locations[slot] as number;
    this.locations[slot] = NO_LOCATION;
    // the same size as sizeOf, with the length the arena reads anyway to free the entry
    this.byteCount -= this.classNameAt(slot).length + this.arena.release(location);
    if (this.freeCount === this.freeSlots.length) {
      this.freeSlots = grown(this.freeSlots, this.freeSlots.length * 2);
    }
    this.freeSlots[this.freeCount] = slot;
    this.freeCount += 1;
  }

  private growSlots(): void {
    const size = this.serials.length * 2;
    this.serials = grown(this.serials, size);
    this.locations = grown(this.locations, size).fill(NO_LOCATION, this.locations.length);
    this.classIds = grown(this.classIds, size);
    this.previous = grown(this.previous, size);
  }
}

function grown<T extends Float64Array | Int32Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}
