import type { DataRecord, Oid } from './interfaces';

/** How many objects {@link markReachable} visits between two yields to the event loop. */
const YIELD_EVERY = 5000;

/**
 * The oids reachable from `root`, following `referencesOf` through every kept revision (old
 * revisions included, so that objects open snapshots can still reach are kept), for pack.
 *
 * @param revisionsOf - every kept revision of an oid (empty when the oid does not exist)
 * @param referencesOf - the oids one record refers to
 * @example
 * ```ts
 * const live = await markReachable(ROOT_OID, (oid) => store.revisionsOf(oid), refsOf);
 * ```
 */
export async function markReachable(
  root: Oid,
  revisionsOf: (oid: Oid) => Iterable<DataRecord>,
  referencesOf: (record: DataRecord) => Iterable<Oid>,
): Promise<Set<Oid>> {
  const reached = new Set<Oid>([root]);
  const todo: Oid[] = [root];
  let visited = 0;
  for (let oid = todo.pop(); oid !== undefined; oid = todo.pop()) {
    for (const record of revisionsOf(oid)) {
      for (const ref of referencesOf(record)) {
        if (!reached.has(ref)) {
          reached.add(ref);
          todo.push(ref);
        }
      }
    }
    visited += 1;
    if (visited % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return reached;
}
