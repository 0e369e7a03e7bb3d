import type { Oid, Tid } from './interfaces';

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
  private entries: Array<{ readonly tid: Tid; readonly oids: readonly Oid[] }> = [];
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

  /** The distinct oids written after `since` up to `upTo`, or null when the log starts later. */
  changedSince(since: Tid, upTo: Tid): Oid[] | null {
    if (since >= upTo) return [];
    if (since < this.floor) return null;
    const changed = new Set<Oid>();
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      const entry = this.entries[i];
      if (entry === undefined || entry.tid <= since) break;
      if (entry.tid <= upTo) for (const oid of entry.oids) changed.add(oid);
    }
    return [...changed];
  }
}
