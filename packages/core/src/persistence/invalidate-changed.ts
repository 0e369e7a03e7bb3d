import type { Oid, Snapshot, Storage, Tid } from './interfaces';
import type { ObjectCache } from './object-cache';

/**
 * Turns into ghosts the cached objects that others changed since a connection's last snapshot:
 * `changed` (null: the storage cannot tell, so every cached object), except what the
 * connection's own last commit (`ownWrites`, at `ownTid`) wrote and nobody wrote after it —
 * those are current already. Synchronous unless the storage opens snapshots with a promise.
 * @internal
 */
export function invalidateChanged(
  cache: ObjectCache,
  storage: Storage,
  changed: readonly Oid[] | null,
  ownWrites: ReadonlySet<Oid>,
  ownTid: Tid | undefined,
): void | Promise<void> {
  if (changed === null || ownTid === undefined || !hasOwnWrite(changed, ownWrites)) {
    return invalidate(cache, changed);
  }
  // Our own last commit is in `changed`; what we wrote then is current unless another
  // transaction wrote it after us (an earlier one would have conflicted at our vote).
  const after = storage.openSnapshot(ownTid);
  if (!(after instanceof Promise))
    return invalidateAfterOwn(cache, storage, changed, ownWrites, after);
  return after.then((later) => invalidateAfterOwn(cache, storage, changed, ownWrites, later));
}

/** True when `changed` names an object the connection's last commit wrote. */
function hasOwnWrite(changed: readonly Oid[], ownWrites: ReadonlySet<Oid>): boolean {
  if (ownWrites.size === 0) return false;
  for (const oid of changed) if (ownWrites.has(oid)) return true;
  return false;
}

/** Invalidates `changed` except what our last commit wrote and nobody wrote after. */
function invalidateAfterOwn(
  cache: ObjectCache,
  storage: Storage,
  changed: readonly Oid[],
  ownWrites: ReadonlySet<Oid>,
  after: Snapshot,
): void {
  storage.closeSnapshot(after.tid);
  const later = after.changed;
  if (later === null) return invalidate(cache, null);
  for (const oid of changed) {
    if (!ownWrites.has(oid) || later.includes(oid)) cache.invalidate(oid);
  }
}

function invalidate(cache: ObjectCache, changed: readonly Oid[] | null): void {
  if (changed === null) cache.invalidateAll();
  else for (const oid of changed) cache.invalidate(oid);
}
