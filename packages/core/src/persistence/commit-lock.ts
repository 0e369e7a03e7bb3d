import { ZoaError } from '../errors';
import { AsyncMutex } from './async-mutex';
import type { StorageTransaction } from './interfaces';
import { PendingCommit } from './pending-commit';

interface Holder {
  readonly txn: StorageTransaction;
  readonly pending: PendingCommit;
  readonly release: () => void;
}

/**
 * A storage's in-process commit lock plus the bookkeeping of the one two-phase commit holding
 * it: which transaction object owns the lock and what it has stored so far.
 *
 * @example
 * ```ts
 * const lock = new CommitLock();
 * const pending = await lock.begin(txn); // waits for the previous committer
 * lock.pendingOf(txn, 'store').store(write);
 * lock.end(txn);
 * ```
 */
export class CommitLock {
  private readonly mutex = new AsyncMutex();
  private holder: Holder | undefined;

  /**
   * Makes `txn` the holder of the lock: at once (without a promise) when the lock is free,
   * else once the previous holders are done.
   *
   * @throws ZoaError when `txn` holds the lock already.
   */
  begin(txn: StorageTransaction): PendingCommit | Promise<PendingCommit> {
    if (this.holder?.txn === txn) throw new ZoaError('tpcBegin called twice for one transaction');
    const release = this.mutex.tryLock();
    if (release !== undefined) return this.hold(txn, release);
    return this.mutex.lock().then((granted) => this.hold(txn, granted));
  }

  private hold(txn: StorageTransaction, release: () => void): PendingCommit {
    const pending = new PendingCommit();
    this.holder = { txn, pending, release };
    return pending;
  }

  /** True when `txn` holds the lock. */
  holds(txn: StorageTransaction): boolean {
    return this.holder?.txn === txn;
  }

  /** True while a two-phase commit or an {@link exclusive} section holds the lock. */
  get busy(): boolean {
    return this.mutex.isLocked;
  }

  /** The pending commit of `txn`; throws when `txn` does not hold the lock. */
  pendingOf(txn: StorageTransaction, operation: string): PendingCommit {
    const holder = this.holder;
    if (holder?.txn !== txn)
      throw new ZoaError(`${operation} outside tpcBegin for this transaction`);
    return holder.pending;
  }

  /** Releases the lock if `txn` holds it; returns whether it did. */
  end(txn: StorageTransaction): boolean {
    const holder = this.holder;
    if (holder?.txn !== txn) return false;
    this.holder = undefined;
    holder.release();
    return true;
  }

  /**
   * Forgets the current holder and releases the lock for it (for `close()`: a holder that never
   * finishes must not block waiters, which then find the storage closed).
   */
  abandon(): void {
    const holder = this.holder;
    this.holder = undefined;
    holder?.release();
  }

  /** Runs `fn` while holding the lock with no transaction attached (for pack and the like). */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.mutex.runExclusive(fn);
  }
}
