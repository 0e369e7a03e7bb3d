import { ZoaError } from '../errors';
import type { Oid, RecordWrite, Tid, WriteConflict } from './interfaces';

/** The writes buffered by one two-phase commit, between `tpcBegin` and `tpcFinish`/`tpcAbort`. */
export class PendingCommit {
  /** The buffered writes by oid; a second store of an oid replaces the first. */
  readonly writes = new Map<Oid, RecordWrite>();
  /** True once a vote succeeded; `tpcFinish` requires it. */
  voted = false;
  /** The tid the storage reserved for this commit at vote (0 before). */
  tid: Tid = 0;

  /** Buffers `write`; throws when the commit already voted (vote is the last chance to write). */
  store(write: RecordWrite): void {
    if (this.voted) throw new ZoaError(`store(oid ${write.oid}) after a successful tpcVote`);
    this.writes.set(write.oid, write);
  }

  /** The writes whose `baseSerial` is not the current serial (`0` for an absent object). */
  conflicts(currentSerial: (oid: Oid) => Tid): WriteConflict[] {
    const conflicts: WriteConflict[] = [];
    for (const write of this.writes.values()) {
      const current = currentSerial(write.oid);
      if (current !== write.baseSerial) {
        conflicts.push({ oid: write.oid, baseSerial: write.baseSerial, currentSerial: current });
      }
    }
    return conflicts;
  }

  /** Oids this commit overwrites (as opposed to creates): their older revisions become prunable. */
  updatedOids(): Oid[] {
    const oids: Oid[] = [];
    for (const write of this.writes.values()) if (write.baseSerial !== 0) oids.push(write.oid);
    return oids;
  }

  /** The largest oid written, or -1 when there are no writes. */
  maxOid(): Oid {
    let max = -1;
    for (const oid of this.writes.keys()) if (oid > max) max = oid;
    return max;
  }
}
