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
  private readonly counts = new Map<Tid, number>();

  /** Registers one reader at `tid`. */
  open(tid: Tid): void {
    this.counts.set(tid, (this.counts.get(tid) ?? 0) + 1);
  }

  /** Ends one reader at `tid`; returns false when none was open there (the call is then ignored). */
  close(tid: Tid): boolean {
    const count = this.counts.get(tid);
    if (count === undefined) return false;
    if (count > 1) this.counts.set(tid, count - 1);
    else this.counts.delete(tid);
    return true;
  }

  /** The tid of the oldest open snapshot, or undefined when none is open. */
  oldest(): Tid | undefined {
    let oldest: Tid | undefined;
    for (const tid of this.counts.keys()) if (oldest === undefined || tid < oldest) oldest = tid;
    return oldest;
  }

  /** How many snapshots are open. */
  get size(): number {
    let size = 0;
    for (const count of this.counts.values()) size += count;
    return size;
  }
}
