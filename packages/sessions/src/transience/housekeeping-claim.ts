import type { Persistent, Transaction } from '@zoa/core';
import { Connection } from '@zoa/core';

/** Per database: which container indexes a transaction of this process is housekeeping. */
const claims = new WeakMap<object, Map<number, Transaction>>();

/**
 * Claims in-band housekeeping of a stored container index for the current transaction, so that
 * concurrent requests of one process do not all finalize the same expired items (and all but one
 * then conflict). True when the caller may go ahead: the index is not stored, or no other open
 * transaction of this process holds the claim. The claim ends with the transaction.
 */
export function claimHousekeeping(index: Persistent): boolean {
  const jar = index._p_jar;
  const oid = index._p_oid;
  if (!(jar instanceof Connection) || oid === undefined) return true;
  const txn = jar.transaction;
  let held = claims.get(jar.db);
  if (!held) {
    held = new Map();
    claims.set(jar.db, held);
  }
  const owner = held.get(oid);
  if (owner !== undefined) return owner === txn;
  held.set(oid, txn);
  const claimed = held;
  txn.addAfterCommitHook(() => {
    if (claimed.get(oid) === txn) claimed.delete(oid);
  });
  return true;
}
