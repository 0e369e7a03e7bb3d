import type { Oid, Tid } from './interfaces';

/**
 * One deferred clean-up: at `tid`, `oids` got a newer revision (`removal: false`, so revisions
 * older than the one visible at `tid` become garbage) or were removed (`removal: true`, so every
 * revision older than `tid` becomes garbage). Either is safe once no snapshot older than `tid`
 * is open.
 */
export interface PruneEntry {
  readonly tid: Tid;
  readonly oids: readonly Oid[];
  readonly removal: boolean;
}

/**
 * Clean-ups waiting for old snapshots to close, in tid order.
 *
 * @example
 * ```ts
 * const queue = new PruneQueue();
 * queue.push({ tid: 5, oids: [1], removal: false });
 * queue.takeReady(snapshots.oldest() ?? Infinity); // entries no open snapshot still needs
 * ```
 */
export class PruneQueue {
  private entries: PruneEntry[] = [];
  private head = 0;

  /** Queues `entry`; its tid must not be lower than the last queued one. */
  push(entry: PruneEntry): void {
    if (entry.oids.length > 0) this.entries.push(entry);
  }

  /** Removes and returns the entries with `tid <= floor` (the oldest open snapshot's tid). */
  takeReady(floor: Tid): PruneEntry[] {
    const start = this.head;
    while (this.head < this.entries.length && (this.entries[this.head]?.tid ?? Infinity) <= floor) {
      this.head += 1;
    }
    const ready = this.entries.slice(start, this.head);
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return ready;
  }

  /** How many entries wait. */
  get length(): number {
    return this.entries.length - this.head;
  }
}
