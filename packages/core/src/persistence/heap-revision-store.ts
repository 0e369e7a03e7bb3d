import { ZoaError } from '../errors';
import type { DataRecord, Oid, RevisionStore, Tid } from './interfaces';

/**
 * The default {@link RevisionStore}: the revisions of every object as JavaScript objects, oldest
 * first per oid, with running totals for `stats()`. {@link MemoryStorage} keeps one as
 * `protected revisions` unless its options name another store.
 *
 * @example
 * ```ts
 * const store = new HeapRevisionStore();
 * store.add({ oid: 1, serial: 3, className: 'Folder', state: '{}' });
 * store.at(1, 2); // undefined: the object did not exist at tid 2
 * store.latest(1)?.serial; // 3
 * ```
 */
export class HeapRevisionStore implements RevisionStore {
  private readonly byOid = new Map<Oid, DataRecord[]>();
  private recordCount = 0;
  private byteCount = 0;

  /** Objects with at least one revision. */
  get objects(): number {
    return this.byOid.size;
  }

  /** Revisions kept, old ones included. */
  get records(): number {
    return this.recordCount;
  }

  /** Approximate bytes of class names and states (UTF-16 code units). */
  get bytes(): number {
    return this.byteCount;
  }

  /** True when `oid` has a revision. */
  has(oid: Oid): boolean {
    return this.byOid.has(oid);
  }

  /** The serial of the newest revision of `oid`; `0` when it has none. */
  serialOf(oid: Oid): Tid {
    const list = this.byOid.get(oid);
    return list?.[list.length - 1]?.serial ?? 0;
  }

  /** The newest revision of `oid`. */
  latest(oid: Oid): DataRecord | undefined {
    const list = this.byOid.get(oid);
    return list?.[list.length - 1];
  }

  /** The newest revision of `oid` whose serial is `<= tid`. */
  at(oid: Oid, tid: Tid): DataRecord | undefined {
    const list = this.byOid.get(oid);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i -= 1) {
      const record = list[i];
      if (record !== undefined && record.serial <= tid) return record;
    }
    return undefined;
  }

  /** Every kept revision of `oid`, oldest first. */
  revisionsOf(oid: Oid): readonly DataRecord[] {
    return this.byOid.get(oid) ?? [];
  }

  /** The oids of all objects (a live view: copy it before removing while iterating). */
  oids(): IterableIterator<Oid> {
    return this.byOid.keys();
  }

  /** Appends a revision; its serial must be greater than the object's newest one. */
  add(record: DataRecord): void {
    const list = this.byOid.get(record.oid);
    const last = list?.[list.length - 1];
    if (last !== undefined && last.serial >= record.serial) {
      throw new ZoaError(
        `revision ${record.serial} of oid ${record.oid} is not newer than ${last.serial}`,
      );
    }
    if (list) list.push(record);
    else this.byOid.set(record.oid, [record]);
    this.recordCount += 1;
    this.byteCount += sizeOf(record);
  }

  /**
   * Drops the revisions of `oid` that no reader at `tid` or later can see: every revision older
   * than the one visible at `tid`, or, with `all`, every revision older than `tid`. Returns how
   * many were dropped; the object disappears when none is left.
   */
  dropBefore(oid: Oid, tid: Tid, all = false): number {
    const list = this.byOid.get(oid);
    if (list === undefined) return 0;
    let keepFrom = 0;
    while (keepFrom < list.length && (list[keepFrom]?.serial ?? Infinity) < tid) keepFrom += 1;
    if (!all && (list[keepFrom]?.serial ?? Infinity) > tid && keepFrom > 0) keepFrom -= 1;
    if (keepFrom === 0) return 0;
    for (const record of list.splice(0, keepFrom)) this.forget(record);
    if (list.length === 0) this.byOid.delete(oid);
    return keepFrom;
  }

  /** Removes every revision of `oid`; returns whether it existed. */
  remove(oid: Oid): boolean {
    const list = this.byOid.get(oid);
    if (list === undefined) return false;
    for (const record of list) this.forget(record);
    this.byOid.delete(oid);
    return true;
  }

  private forget(record: DataRecord): void {
    this.recordCount -= 1;
    this.byteCount -= sizeOf(record);
  }
}

function sizeOf(record: DataRecord): number {
  return record.className.length + record.state.length;
}
