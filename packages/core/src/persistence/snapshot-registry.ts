import type { Tid } from './interfaces';

/**
 * The open snapshots of a storage, counted per tid, so it knows which old revisions readers may
 * still need.
 *
 * @example
 * ```ts
 * const snapshots = new SnapshotRegistry();
 * snapshots.open(7);
 * snapshots.oldest(); // 7
 * snapshots.close(7);
 * snapshots.oldest(); // undefined
 * ```
 */
export class SnapshotRegistry {
  /** Readers at tids other than {@link newest}. */
  private readonly counts = new Map<Tid, number>();
  /**
   * The newest tid a reader opened at, counted apart: nearly every transaction reads the newest
   * state, so opening and closing it is two field updates instead of a Map insert and delete.
   */
  private newest: Tid = -Infinity;
  private newestCount = 0;

  /** Registers one reader at `tid`. */
  open(tid: Tid): void {
    if (tid === this.newest) {
      this.newestCount += 1;
    } else if (tid > this.newest) {
      if (this.newestCount > 0) this.counts.set(this.newest, this.newestCount);
      this.newest = tid;
      this.newestCount = 1;
    } else {
      this.counts.set(tid, (this.counts.get(tid) ?? 0) + 1);
    }
  }

  /** Ends one reader at `tid`; returns false when none was open there (the call is then ignored). */
  close(tid: Tid): boolean {
    if (tid === this.newest) {
      if (this.newestCount === 0) return false;
      this.newestCount -= 1;
      return true;
    }
    const count = this.counts.get(tid);
    if (count === undefined) return false;
    if (count > 1) this.counts.set(tid, count - 1);
    else this.counts.delete(tid);
    return true;
  }

  /** The tid of the oldest open snapshot, or undefined when none is open. */
  oldest(): Tid | undefined {
    let oldest: Tid | undefined = this.newestCount > 0 ? this.newest : undefined;
    for (const tid of this.counts.keys()) if (oldest === undefined || tid < oldest) oldest = tid;
    return oldest;
  }

  /** How many snapshots are open. */
  get size(): number {
    let size = this.newestCount;
    for (const count of this.counts.values()) size += count;
    return size;
  }
}
