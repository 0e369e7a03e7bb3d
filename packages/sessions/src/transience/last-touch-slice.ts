import type { IndexEntry } from './timeslice-index';
import { TransientObject } from './transient-object';

/**
 * The timeslice the item of a key index entry was last touched in: the one the entry records,
 * or — for a `TransientObject`, activated here — the later one the object records itself (a
 * touch writes only the session; the entry catches up in housekeeping). Without a promise when
 * nothing needs loading.
 *
 * @example
 * ```ts
 * const entry = await index.lookup(browserId); // [slice, session] or undefined
 * if (entry && isLive(await lastTouchSlice(entry), currentSlice, timeoutSeconds)) { ... }
 * ```
 */
export function lastTouchSlice(entry: IndexEntry): number | Promise<number> {
  const [recorded, value] = entry;
  if (!(value instanceof TransientObject)) return recorded;
  if (value._p_status === 'ghost') return value.activate().then(() => lastTouchSlice(entry));
  return Math.max(recorded, value.getTimeslice() ?? recorded);
}
