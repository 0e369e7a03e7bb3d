import { ROOT_OID, type Oid, type Tid } from '@zoa/core';
import { OidMap } from './oid-map';

const NONE: readonly Oid[] = Object.freeze([]);

/** One object's references after a commit, as handed to {@link ReferenceCounts.apply}. */
export interface ReferenceChange {
  readonly oid: Oid;
  /** The oids the object's new revision refers to, once per reference (repeats allowed). */
  readonly refs: readonly Oid[];
}

interface Candidate {
  readonly oid: Oid;
  /** The last tid when the object lost its last reference. */
  readonly stamp: Tid;
}

/**
 * Reference counts of the objects of a storage — how many references the current revisions hold
 * to each (a revision referring to an object twice counts twice) — and the
 * garbage they reveal: an object becomes a *candidate* when its count drops to zero at a tid
 * (its *stamp*), and may be removed once no open snapshot is older than the stamp — only
 * snapshots older than that can still reach it. An object that gets a reference again before
 * then stops being a candidate. Objects that were never referenced (the root, objects just
 * created) never become candidates; removing an object releases its own references (cascade).
 * Cycles are never found: `pack` collects those.
 *
 * @example
 * ```ts
 * const counts = new ReferenceCounts();
 * counts.apply([{ oid: 0, refs: [1] }, { oid: 1, refs: [] }], 1); // the root refers to 1
 * counts.apply([{ oid: 0, refs: [] }], 2); // 1 loses its last reference at tid 2
 * counts.collect(Infinity, 2, (oid) => store.remove(oid)); // removes 1 when no snapshot is open
 * ```
 */
export class ReferenceCounts {
  /** Off the heap: at a million sessions this map holds an entry per session. */
  private readonly counts = new OidMap();
  private readonly outgoing = new Map<Oid, readonly Oid[]>();
  private readonly candidates = new Map<Oid, Tid>();
  private queue: Candidate[] = [];
  private head = 0;

  /** Objects unreferenced now, waiting for older snapshots to close before removal. */
  get pending(): number {
    return this.candidates.size;
  }

  /** Objects with at least one reference. */
  get referenced(): number {
    return this.counts.size;
  }

  /** How many current references `oid` has. */
  countOf(oid: Oid): number {
    return this.counts.get(oid) ?? 0;
  }

  /**
   * Records the new revisions of one committed transaction. References gained are counted before
   * references lost, so an object moved from one container to another never looks unreferenced.
   *
   * @param tid - the transaction's tid: the stamp of objects that lose their last reference
   */
  apply(changes: Iterable<ReferenceChange>, tid: Tid): void {
    const lost: Oid[] = [];
    for (const { oid, refs } of changes) {
      const before = this.outgoing.get(oid) ?? NONE;
      const { start, endBefore, endAfter } = middle(before, refs);
      if (endBefore === start) {
        for (let i = start; i < endAfter; i += 1) this.increment(refs[i] as Oid);
      } else if (endAfter === start) {
        for (let i = start; i < endBefore; i += 1) lost.push(before[i] as Oid);
      } else {
        const delta = new Map<Oid, number>();
        for (let i = start; i < endAfter; i += 1) {
          const ref = refs[i] as Oid;
          delta.set(ref, (delta.get(ref) ?? 0) + 1);
        }
        for (let i = start; i < endBefore; i += 1) {
          const ref = before[i] as Oid;
          delta.set(ref, (delta.get(ref) ?? 0) - 1);
        }
        for (const [ref, change] of delta) {
          for (let n = 0; n < change; n += 1) this.increment(ref);
          for (let n = 0; n > change; n -= 1) lost.push(ref);
        }
      }
      if (refs.length > 0) this.outgoing.set(oid, refs);
      else this.outgoing.delete(oid);
    }
    for (const ref of lost) this.decrement(ref, tid);
  }

  /**
   * The references of `refs` that the current revision of `oid` does not hold already (possibly
   * a few more): only those can name an object that no longer exists.
   */
  gained(oid: Oid, refs: readonly Oid[]): readonly Oid[] {
    const before = this.outgoing.get(oid);
    if (before === undefined) return refs;
    const { start, endAfter } = middle(before, refs);
    return start === 0 && endAfter === refs.length ? refs : refs.slice(start, endAfter);
  }

  /** True when some object waits for removal (ready or not): {@link collect} has work. */
  get waiting(): boolean {
    return this.head < this.queue.length;
  }

  /** True when a candidate may be ready for removal at `floor` (the oldest open snapshot). */
  hasReady(floor: Tid): boolean {
    const next = this.queue[this.head];
    return next !== undefined && next.stamp <= floor;
  }

  /**
   * Removes the candidates whose stamp is `<= floor` and that are still unreferenced, and then
   * the objects that only they referred to, as far as `floor` allows.
   *
   * @param floor - the tid of the oldest open snapshot (`Infinity` when none is open)
   * @param now - the last committed tid: the stamp of objects released by a removal
   * @param remove - removes an object's revisions; returns whether it existed
   * @returns how many objects were removed
   */
  collect(floor: Tid, now: Tid, remove: (oid: Oid) => boolean): number {
    let removed = 0;
    while (this.head < this.queue.length) {
      const next = this.queue[this.head] as Candidate;
      if (next.stamp > floor) break;
      this.head += 1;
      if (this.candidates.get(next.oid) !== next.stamp) continue;
      this.candidates.delete(next.oid);
      if (!remove(next.oid)) continue;
      removed += 1;
      this.release(next.oid, now);
    }
    this.compact();
    return removed;
  }

  /**
   * Forgets objects that were removed by other means (pack) and releases their references.
   *
   * @param now - the last committed tid: the stamp of objects left unreferenced
   */
  forget(oids: Iterable<Oid>, now: Tid): void {
    const gone = new Set(oids);
    for (const oid of gone) {
      this.counts.delete(oid);
      this.candidates.delete(oid);
    }
    for (const oid of gone) this.release(oid, now, gone);
  }

  /** Forgets everything. */
  clear(): void {
    this.counts.clear();
    this.outgoing.clear();
    this.candidates.clear();
    this.queue = [];
    this.head = 0;
  }

  private release(oid: Oid, now: Tid, skip?: ReadonlySet<Oid>): void {
    const refs = this.outgoing.get(oid);
    if (refs === undefined) return;
    this.outgoing.delete(oid);
    for (const ref of refs) if (!skip?.has(ref)) this.decrement(ref, now);
  }

  private increment(oid: Oid): void {
    const count = this.counts.get(oid) ?? 0;
    this.counts.set(oid, count + 1);
    if (count === 0) this.candidates.delete(oid);
  }

  private decrement(oid: Oid, stamp: Tid): void {
    const count = this.counts.get(oid);
    if (count === undefined) return;
    if (count > 1) {
      this.counts.set(oid, count - 1);
      return;
    }
    this.counts.delete(oid);
    if (oid === ROOT_OID) return;
    this.candidates.set(oid, stamp);
    this.queue.push({ oid, stamp });
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      if (this.head > 0) this.queue.length = 0; // no new array per commit
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The part of two reference lists between their common prefix and common suffix: states are
 * written in a stable order, so a change of one reference touches only a short middle part.
 */
function middle(
  before: readonly Oid[],
  after: readonly Oid[],
): { start: number; endBefore: number; endAfter: number } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) {
    start += 1;
  }
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore -= 1;
    endAfter -= 1;
  }
  return { start, endBefore, endAfter };
}
