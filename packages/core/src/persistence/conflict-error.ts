import { ZoaError } from '../errors';
import type { WriteConflict } from './interfaces';

/**
 * A write-write conflict: another transaction committed a change to an object this one changed
 * too. The publisher retries the whole request; after the last retry the client gets 409.
 */
export class ConflictError extends ZoaError {
  /** The conflicting writes, when the storage reported them. */
  readonly conflicts: readonly WriteConflict[];

  constructor(message: string, conflicts: readonly WriteConflict[] = []) {
    super(message, { status: 409 });
    this.conflicts = conflicts;
  }

  /** A conflict error naming every conflicting oid. */
  static of(conflicts: readonly WriteConflict[]): ConflictError {
    const list = conflicts
      .map((c) => `oid ${c.oid} (based on ${c.baseSerial}, now ${c.currentSerial})`)
      .join(', ');
    return new ConflictError(`Write conflict on ${list}`, conflicts);
  }
}
