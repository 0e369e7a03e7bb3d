import { ZoaError } from '../errors';
import { ChangeLog } from './change-log';
import { CommitLock } from './commit-lock';
import { ConflictError } from './conflict-error';
import {
  ROOT_OID,
  type DataRecord,
  type Oid,
  type Snapshot,
  type Storage,
  type StorageStats,
  type StorageTransaction,
  type RecordWrite,
  type RevisionStore,
  type Tid,
} from './interfaces';
import { markReachable } from './mark-reachable';
import { PruneQueue, type PruneEntry } from './prune-queue';
import { HeapRevisionStore } from './heap-revision-store';
import { SETTLED, SettledPromise } from './settled-promise';
import { SnapshotRegistry } from './snapshot-registry';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** The storage's name in messages and the ZMI (default `'memory'`). */
  name?: string;
  /** How many recent transactions `openSnapshot(since)` can report changes for (default 10000). */
  changeLogSize?: number;
  /**
   * Where the revisions are kept (default: a new {@link HeapRevisionStore}). Give each storage a
   * store of its own; the temporary storage passes one that keeps records off the JavaScript heap.
   */
  revisions?: RevisionStore;
}

/**
 * A {@link Storage} in RAM: MVCC with per-oid revision lists, an in-process commit lock, and
 * pruning of the revisions no open snapshot needs. Nothing survives the process; meant for tests
 * and as the base of `TemporaryStorage`.
 *
 * Extension points for subclasses: {@link MemoryStorage.revisions} (the revision store),
 * {@link MemoryStorage.snapshots}, the hooks {@link MemoryStorage.afterFinish} and
 * {@link MemoryStorage.afterRemove}, {@link MemoryStorage.removeObjects} and
 * {@link MemoryStorage.commitLockBusy}.
 *
 * @example
 * ```ts
 * const storage = new MemoryStorage();
 * const txn = {};
 * await storage.tpcBegin(txn);
 * storage.store(txn, { oid: ROOT_OID, baseSerial: 0, className: 'Root', state: '{}' });
 * await storage.tpcVote(txn);
 * const tid = await storage.tpcFinish(txn);
 * (await storage.load(ROOT_OID))?.serial === tid; // true
 * ```
 */
export class MemoryStorage implements Storage {
  readonly name: string;
  /** Every kept revision. Change it only while holding the commit lock (see {@link exclusive}). */
  protected readonly revisions: RevisionStore;
  /** The open snapshots (read-only for subclasses). */
  protected readonly snapshots = new SnapshotRegistry();
  readonly #commitLock = new CommitLock();
  readonly #pruneQueue = new PruneQueue();
  readonly #changeLog: ChangeLog;
  #lastTid: Tid = 0;
  #nextOid: Oid = 1;
  #closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    const changeLogSize = options.changeLogSize ?? 10_000;
    if (!Number.isInteger(changeLogSize) || changeLogSize < 1) {
      throw new TypeError(`MemoryStorage: changeLogSize must be a positive integer`);
    }
    this.name = options.name ?? 'memory';
    this.revisions = options.revisions ?? new HeapRevisionStore();
    this.#changeLog = new ChangeLog(changeLogSize);
  }

  async lastTransaction(): Promise<Tid> {
    this.#assertOpen();
    return this.#lastTid;
  }

  openSnapshot(since: Tid | null): Snapshot {
    this.#assertOpen();
    const tid = this.#lastTid;
    this.snapshots.open(tid);
    return { tid, changed: since === null ? null : this.#changeLog.changedSince(since, tid) };
  }

  closeSnapshot(tid: Tid): void {
    if (this.snapshots.close(tid) && !this.#commitLock.busy) this.#prune();
  }

  load(oid: Oid, at?: Tid): Promise<DataRecord | undefined> {
    try {
      this.#assertOpen();
      return SettledPromise.of(
        at === undefined ? this.revisions.latest(oid) : this.revisions.at(oid, at),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  newOid(): Promise<Oid> {
    try {
      this.#assertOpen();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const oid = this.#nextOid;
    this.#nextOid += 1;
    return SettledPromise.of(oid);
  }

  // Loads and the two-phase commit steps need no I/O: they answer with SettledPromises (see
  // there), which a connection reads without awaiting; errors reject as the Storage contract says.

  tpcBegin(txn: StorageTransaction): Promise<void> {
    try {
      this.#assertOpen();
      const begun = this.#commitLock.begin(txn); // no promise when the lock is free
      if (!(begun instanceof Promise)) return SETTLED;
      return begun.then(() => {
        if (this.#closed) {
          this.#commitLock.end(txn);
          this.#assertOpen();
        }
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  store(txn: StorageTransaction, write: RecordWrite): void {
    this.#commitLock.pendingOf(txn, 'store').store(write);
  }

  tpcVote(txn: StorageTransaction): Promise<void> {
    try {
      const pending = this.#commitLock.pendingOf(txn, 'tpcVote');
      const conflicts = pending.conflicts(this.#currentSerial);
      if (conflicts.length > 0) throw ConflictError.of(conflicts);
      pending.voted = true;
      return SETTLED;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  tpcFinish(txn: StorageTransaction): Promise<Tid> {
    try {
      return SettledPromise.of(this.#finish(txn));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  tpcAbort(txn: StorageTransaction): Promise<void> {
    try {
      if (this.#commitLock.end(txn) && !this.#commitLock.busy) this.#prune();
      return SETTLED;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * Removes the objects unreachable from the root (reachability follows old revisions that open
   * snapshots may need too) and the revisions no open snapshot needs. Removes nothing when the
   * root does not exist.
   */
  async pack(referencesOf: (record: DataRecord) => Iterable<Oid>): Promise<{ removed: number }> {
    this.#assertOpen();
    return this.exclusive(async () => {
      this.#prune();
      if (!this.revisions.has(ROOT_OID)) return { removed: 0 };
      const oidsOf = (oid: Oid): readonly DataRecord[] => this.revisions.revisionsOf(oid);
      const reachable = await markReachable(ROOT_OID, oidsOf, referencesOf);
      const removed = [...this.revisions.oids()].filter((oid) => !reachable.has(oid));
      for (const oid of removed) this.revisions.remove(oid);
      if (removed.length > 0) this.afterRemove(removed);
      return { removed: removed.length };
    });
  }

  async stats(): Promise<StorageStats> {
    this.#assertOpen();
    const { objects, records, bytes } = this.revisions;
    return { objects, records, bytes };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#commitLock.abandon();
  }

  /**
   * Hook called once per finished transaction, after its records became visible and before the
   * commit lock is released (so no other commit interleaves). Default: nothing. Must not throw.
   *
   * @param tid - the transaction's tid
   * @param records - the revisions it wrote
   */
  protected afterFinish(tid: Tid, records: readonly DataRecord[]): void {
    void tid;
    void records;
  }

  /**
   * Hook called with the oids whose last revision was removed (by pack or by
   * {@link removeObjects}), after the removal. Default: nothing. Must not throw.
   */
  protected afterRemove(oids: readonly Oid[]): void {
    void oids;
  }

  /**
   * Removes objects (for reference-counting GC in subclasses): at once when no snapshot is
   * open, otherwise once every snapshot open now has closed (and a later transaction or close
   * triggered pruning); until then, loads still return them. Takes the commit lock.
   *
   * @returns how many of `oids` existed
   */
  protected async removeObjects(oids: Iterable<Oid>): Promise<number> {
    const list = [...oids];
    return this.exclusive(() => {
      const existing = list.filter((oid) => this.revisions.has(oid));
      this.#pruneQueue.push({ tid: this.#lastTid + 1, oids: existing, removal: true });
      this.#prune();
      return existing.length;
    });
  }

  /** Runs `fn` holding the commit lock, with no transaction attached. */
  protected exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#commitLock.exclusive(fn);
  }

  /** True while a two-phase commit or an {@link exclusive} section holds the commit lock. */
  protected get commitLockBusy(): boolean {
    return this.#commitLock.busy;
  }

  /** The serial of the latest revision of `oid`, 0 when there is none (for votes). */
  readonly #currentSerial = (oid: Oid): Tid => this.revisions.serialOf(oid);

  /** Makes the voted writes of `txn` visible at a new tid, and releases the commit lock. */
  #finish(txn: StorageTransaction): Tid {
    const pending = this.#commitLock.pendingOf(txn, 'tpcFinish');
    if (!pending.voted) throw new ZoaError('tpcFinish before a successful tpcVote');
    const tid = this.#lastTid + 1;
    const records: DataRecord[] = [];
    for (const write of pending.writes.values()) {
      const { oid, className, state } = write;
      const record: DataRecord = { oid, serial: tid, className, state };
      this.revisions.add(record);
      records.push(record);
    }
    this.#lastTid = tid;
    this.#nextOid = Math.max(this.#nextOid, pending.maxOid() + 1);
    this.#changeLog.add(tid, [...pending.writes.keys()]);
    this.#pruneQueue.push({ tid, oids: pending.updatedOids(), removal: false });
    try {
      this.#prune();
      this.afterFinish(tid, records);
    } finally {
      this.#commitLock.end(txn);
    }
    return tid;
  }

  /** Applies the queued clean-ups no open snapshot needs any more. */
  #prune(): void {
    const ready = this.#pruneQueue.takeReady(this.snapshots.oldest() ?? Infinity);
    if (ready.length > 0) this.#applyPrune(ready);
  }

  #applyPrune(entries: readonly PruneEntry[]): void {
    const gone: Oid[] = [];
    for (const { tid, oids, removal } of entries) {
      for (const oid of oids) {
        this.revisions.dropBefore(oid, tid, removal);
        if (removal && !this.revisions.has(oid)) gone.push(oid);
      }
    }
    if (gone.length > 0) this.afterRemove(gone);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ZoaError(`Storage ${this.name} is closed`);
  }
}
