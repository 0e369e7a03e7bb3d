import { classRegistry } from './class-registry';
import { ConflictError } from './conflict-error';
import { Persistent } from './persistent';

/**
 * A persistent counter whose concurrent changes merge, like ZODB's `BTrees.Length`: when two
 * transactions change it at once, the result counts both changes (the committed value plus this
 * transaction's delta) instead of conflicting. `BTree` keeps its size in one, so that its root
 * record is not rewritten on every insert and concurrent inserts do not conflict on the count.
 *
 * The state is one record `{ "value": n }`. Activate it (`await length.activate()`) before
 * reading `value` when it was loaded as a reference.
 *
 * @example
 * ```ts
 * const visits = new Length();
 * root.set('visits', visits);
 * // in a later transaction, concurrently with others:
 * await visits.activate();
 * visits.change(1);
 * ```
 */
export class Length extends Persistent {
  /** The current count. */
  value: number;

  /** Makes a counter starting at `value`. */
  constructor(value = 0) {
    super();
    this.value = value;
  }

  /** Adds `delta` (negative to subtract). */
  change(delta: number): void {
    if (!Number.isFinite(delta)) throw new TypeError(`Length.change needs a finite number`);
    if (delta === 0) return;
    this.value += delta;
    this.markChanged();
  }

  /**
   * Merges two concurrent changes: the committed value plus this transaction's delta.
   *
   * @throws ConflictError when a state is not a `Length` state.
   */
  static resolveConflict(old: unknown, committed: unknown, mine: unknown): unknown {
    const base = valueOf(old);
    const theirs = valueOf(committed);
    const ours = valueOf(mine);
    return { ...(mine as Record<string, unknown>), value: theirs + (ours - base) };
  }
}

function valueOf(state: unknown): number {
  const value = (state as { value?: unknown } | null)?.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConflictError('Length conflict: not a Length state');
  }
  return value;
}

classRegistry.register('Length', Length);
