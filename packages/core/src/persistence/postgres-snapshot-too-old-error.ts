import { ConflictError } from './conflict-error';
import type { Oid, Tid } from './interfaces';

/**
 * A load at a snapshot older than what another process already pruned (ZODB's read conflict):
 * the revision the snapshot needs may be gone. A `ConflictError`, so the publisher re-runs the
 * request on a fresh snapshot. Happens only to units of work longer than the storage's
 * `snapshotWindowSeconds` (see ADR 0005).
 */
export class PostgresSnapshotTooOldError extends ConflictError {
  /** The object that could not be loaded. */
  readonly oid: Oid;
  /** The snapshot's tid. */
  readonly snapshotTid: Tid;
  /** Revisions replaced at or before this tid were pruned. */
  readonly prunedTid: Tid;

  constructor(oid: Oid, snapshotTid: Tid, prunedTid: Tid) {
    super(
      `Snapshot ${snapshotTid} is too old to load oid ${oid}: revisions up to tid ${prunedTid} ` +
        'were pruned (a unit of work lasted longer than snapshotWindowSeconds)',
    );
    this.oid = oid;
    this.snapshotTid = snapshotTid;
    this.prunedTid = prunedTid;
  }
}
