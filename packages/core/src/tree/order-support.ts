/**
 * Pure reordering of id lists, the arithmetic behind an ordered folder's move operations
 * (Zope's `OrderSupport`). Each function returns the new order; unknown ids are ignored.
 */

/**
 * Moves each of `ids` by `delta` positions (negative: up, towards the start), processing them in
 * the order given; a moved id does not jump over one already moved to the edge (Zope's
 * `moveObjectsByDelta`). Returns the new order and how many ids moved.
 *
 * @example
 * ```ts
 * moveByDelta(['a', 'b', 'c'], ['c'], -1).order; // ['a', 'c', 'b']
 * ```
 */
export function moveByDelta(
  order: readonly string[],
  ids: readonly string[],
  delta: number,
): { order: string[]; moved: number } {
  const present = new Set(order);
  const selected = ids.filter((id, index) => present.has(id) && ids.indexOf(id) === index);
  const result = delta > 0 ? [...order].reverse() : [...order];
  if (delta > 0) selected.reverse();
  let minPosition = 0;
  let moved = 0;
  for (const id of selected) {
    const oldPosition = result.indexOf(id);
    const newPosition = Math.max(oldPosition - Math.abs(delta), minPosition);
    if (newPosition === minPosition) minPosition += 1;
    if (newPosition !== oldPosition) {
      result.splice(oldPosition, 1);
      result.splice(newPosition, 0, id);
      moved += 1;
    }
  }
  if (delta > 0) result.reverse();
  return { order: result, moved };
}

/**
 * Moves `ids` (in the order given) so that the first of them ends at `position` and the others
 * follow it; `position` is clamped to the list.
 *
 * @example
 * ```ts
 * moveToPosition(['a', 'b', 'c', 'd'], ['d', 'a'], 1); // ['b', 'd', 'a', 'c']
 * ```
 */
export function moveToPosition(
  order: readonly string[],
  ids: readonly string[],
  position: number,
): string[] {
  const present = new Set(order);
  const moving = ids.filter((id, index) => present.has(id) && ids.indexOf(id) === index);
  const movingSet = new Set(moving);
  const rest = order.filter((id) => !movingSet.has(id));
  const at = Math.min(Math.max(0, Math.trunc(position)), rest.length);
  return [...rest.slice(0, at), ...moving, ...rest.slice(at)];
}

/** Sorts `order` by `keyOf` (stable; numbers numerically, text by code units), optionally reversed. */
export function sortIds(
  order: readonly string[],
  keyOf: (id: string) => string | number,
  reverse = false,
): string[] {
  const keyed = order.map((id) => ({ id, key: keyOf(id) }));
  keyed.sort((a, b) => {
    const result = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return reverse ? -result : result;
  });
  return keyed.map(({ id }) => id);
}
