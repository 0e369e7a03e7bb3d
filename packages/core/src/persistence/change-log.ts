import type { Oid, Tid } from './interfaces';

interface Entry {
  readonly tid: Tid;
  readonly oids: readonly Oid[];
}

const NONE: readonly Oid[] = Object.freeze([]);
/** Up to this many oids, duplicates are found by a scan rather than a Set. */
const SMALL = 64;

/**
 * The oids written by the most recent transactions, so `openSnapshot(since)` can tell what
 * changed; it keeps the last `limit` transactions and answers `null` for anything older.
 *
 * @example
 * ```ts
 * const log = new ChangeLog(1000);
 * log.add(1, [0, 3]);
 * log.changedSince(0, 1); // [0, 3]
 * ```
 */
export class ChangeLog {
  private entries: Entry[] = [];
  /** Every transaction with a tid above the floor is in the log. */
  private floor: Tid;

  constructor(
    private readonly limit: number,
    floor: Tid = 0,
  ) {
    this.floor = floor;
  }

  /** Records that transaction `tid` (greater than every earlier one) wrote `oids`. */
  add(tid: Tid, oids: readonly Oid[]): void {
    this.entries.push({ tid, oids });
    if (this.entries.length > this.limit * 2) {
      const dropped = this.entries.length - this.limit;
      this.floor = this.entries[dropped - 1]?.tid ?? this.floor;
      this.entries = this.entries.slice(dropped);
    }
  }

  /**
   * The distinct oids written after `since` up to `upTo`, or null when the log starts later.
   * The answer may be the log's own array (when one transaction is in the range): read it only.
   */
  changedSince(since: Tid, upTo: Tid): readonly Oid[] | null {
    if (since >= upTo) return NONE;
    if (since < this.floor) return null;
    const entries = this.entries;
    let end = entries.length;
    while (end > 0 && (entries[end - 1] as Entry).tid > upTo) end -= 1;
    let start = end;
    while (start > 0 && (entries[start - 1] as Entry).tid > since) start -= 1;
    if (end - start === 1) return (entries[start] as Entry).oids;
    let total = 0;
    for (let i = start; i < end; i += 1) total += (entries[i] as Entry).oids.length;
    if (total > SMALL) {
      const changed = new Set<Oid>();
      for (let i = end - 1; i >= start; i -= 1) {
        for (const oid of (entries[i] as Entry).oids) changed.add(oid);
      }
      return [...changed];
    }
    const changed: Oid[] = [];
    for (let i = end - 1; i >= start; i -= 1) {
      for (const oid of (entries[i] as Entry).oids) if (!changed.includes(oid)) changed.push(oid);
    }
    return changed;
  }
}
