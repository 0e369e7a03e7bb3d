import {
  ConflictError,
  MemoryStorage,
  type DataRecord,
  type MemoryStorageOptions,
  type Oid,
  type RecordWrite,
  type StorageTransaction,
  type Tid,
} from '@zoa/core';
import { ArenaRevisionStore } from './arena-revision-store';
import { ReferenceCounts, type ReferenceChange } from './reference-counts';
import { referencesOfState } from './references-of-state';

/** Options of {@link TemporaryStorage}. */
export interface TemporaryStorageOptions extends MemoryStorageOptions {
  /**
   * Runs a full garbage collection (a pack: mark from the root, sweep the rest) after every this
   * many commits, to collect the reference cycles reference counting cannot see; 0 (default)
   * never does. It holds the commit lock while it marks, so keep it rare on large data.
   */
  cycleGcEvery?: number;
}

/** What {@link TemporaryStorage.metrics} reports. */
export interface TemporaryStorageMetrics {
  /** Live objects. */
  readonly objects: number;
  /** Stored revisions, old ones kept for open snapshots included. */
  readonly records: number;
  /** Approximate bytes of stored states and class names. */
  readonly bytes: number;
  /** Snapshots (transactions) open now. */
  readonly openSnapshots: number;
  /** The tid of the last committed transaction. */
  readonly lastTransaction: Tid;
  /** Unreferenced objects waiting for older snapshots to close before they are removed. */
  readonly garbagePending: number;
  /** Objects removed by reference counting since the storage was created. */
  readonly garbageCollected: number;
  /** Objects removed by packs (manual or `cycleGcEvery`) since the storage was created. */
  readonly packed: number;
}

/**
 * The storage of the temporary folder (Zope's `tempstorage`): RAM only, non-undoing, empty in
 * every process. It is a {@link MemoryStorage} — MVCC with per-oid revision lists, so concurrent
 * connections read consistent snapshots and conflicting writes reach the objects'
 * `resolveConflict` through the connection — plus garbage collection without a manual pack:
 * reference counts over current revisions, and an object that loses its last reference is
 * removed once no open snapshot can still reach it (objects that were never referenced, such as
 * the root or a new object, are never removed this way). A vote that stores a reference to an
 * object already removed fails with a {@link ConflictError}, so the request is retried on a fresh
 * snapshot instead of committing a dangling reference.
 *
 * @example
 * ```ts
 * const storage = new TemporaryStorage();
 * const db = await Database.open(storage, {
 *   name: 'temporary',
 *   rootFactory: () => new TemporaryContainer('temp_folder'),
 * });
 * storage.metrics(); // { objects: 1, records: 1, bytes: 44, garbagePending: 0, ... }
 * ```
 */
export class TemporaryStorage extends MemoryStorage {
  private readonly counts = new ReferenceCounts();
  /** The transaction holding the commit lock, as far as store and vote have seen it. */
  private holder: StorageTransaction | undefined;
  /** The holder's writes. */
  private readonly writes = new Map<Oid, RecordWrite>();
  /** The references of the holder's writes, once its vote checked them. */
  private readonly voted = new Map<Oid, readonly Oid[]>();
  private readonly cycleGcEvery: number;
  private finishing: ReadonlyMap<Oid, readonly Oid[]> | undefined;
  private lastTid: Tid = 0;
  private commitsSinceCycleGc = 0;
  private garbageCollected = 0;
  private packed = 0;
  private isClosed = false;

  constructor(options: TemporaryStorageOptions = {}) {
    super({
      ...options,
      name: options.name ?? 'temporary',
      revisions: options.revisions ?? new ArenaRevisionStore(),
    });
    const every = options.cycleGcEvery ?? 0;
    if (!Number.isInteger(every) || every < 0) {
      throw new TypeError('TemporaryStorage: cycleGcEvery must be a non-negative integer');
    }
    this.cycleGcEvery = every;
  }

  override store(txn: StorageTransaction, write: RecordWrite): void {
    super.store(txn, write);
    // Only the holder of the commit lock gets here, so one slot is enough.
    if (this.holder !== txn) this.forgetTransaction(this.holder);
    this.holder = txn;
    this.writes.set(write.oid, write);
  }

  override tpcVote(txn: StorageTransaction): Promise<void> {
    try {
      if (this.holder === txn) this.checkReferences();
    } catch (error) {
      return Promise.reject(error);
    }
    return super.tpcVote(txn);
  }

  override tpcFinish(txn: StorageTransaction): Promise<Tid> {
    // MemoryStorage calls afterFinish before the returned promise settles; should it ever call
    // it later, afterFinish finds no voted references and scans the records itself.
    this.finishing = this.holder === txn ? this.voted : undefined;
    try {
      return super.tpcFinish(txn);
    } finally {
      this.finishing = undefined;
      this.forgetTransaction(txn);
    }
  }

  override tpcAbort(txn: StorageTransaction): Promise<void> {
    this.forgetTransaction(txn);
    const aborted = super.tpcAbort(txn); // releases the lock before it returns
    this.collectIfIdle();
    return aborted;
  }

  override closeSnapshot(tid: Tid): void {
    super.closeSnapshot(tid);
    this.collectIfIdle();
  }

  override async pack(
    referencesOf: (record: DataRecord) => Iterable<Oid>,
  ): Promise<{ removed: number }> {
    const result = await super.pack(referencesOf);
    this.packed += result.removed;
    this.collectIfIdle();
    return result;
  }

  override async close(): Promise<void> {
    this.isClosed = true;
    await super.close();
    for (const oid of [...this.revisions.oids()]) this.revisions.remove(oid);
    this.counts.clear();
  }

  /**
   * Figures for the ZMI and monitoring: what the storage holds and what its garbage collection
   * did.
   *
   * @example
   * ```ts
   * const { objects, bytes, garbagePending } = storage.metrics();
   * ```
   */
  metrics(): TemporaryStorageMetrics {
    const { objects, records, bytes } = this.revisions;
    return {
      objects,
      records,
      bytes,
      openSnapshots: this.snapshots.size,
      lastTransaction: this.lastTid,
      garbagePending: this.counts.pending,
      garbageCollected: this.garbageCollected,
      packed: this.packed,
    };
  }

  protected override afterFinish(tid: Tid, records: readonly DataRecord[]): void {
    this.lastTid = tid;
    const voted = this.finishing;
    const changes: ReferenceChange[] = [];
    for (const { oid, state } of records) {
      changes.push({ oid, refs: voted?.get(oid) ?? referencesOfState(state) });
    }
    this.counts.apply(changes, tid);
    this.collectGarbage();
    if (this.cycleGcEvery > 0) {
      this.commitsSinceCycleGc += 1;
      if (this.commitsSinceCycleGc >= this.cycleGcEvery) {
        this.commitsSinceCycleGc = 0;
        this.pack((record) => referencesOfState(record.state)).catch(() => undefined);
      }
    }
  }

  protected override afterRemove(oids: readonly Oid[]): void {
    this.counts.forget(oids, this.lastTid);
    this.collectGarbage();
  }

  /**
   * Collects ready garbage now if nobody holds the commit lock; otherwise the holder's finish,
   * abort or pack end will (removals must not interleave with a vote).
   */
  private collectIfIdle(): void {
    if (this.isClosed || this.commitLockBusy || !this.counts.waiting) return;
    if (this.counts.hasReady(this.floor())) this.collectGarbage();
  }

  /** Removes the unreferenced objects no open snapshot can reach; call with the commit lock. */
  private collectGarbage(): void {
    if (!this.counts.waiting) return; // most commits leave no garbage: skip finding the floor
    const removed = this.counts.collect(this.floor(), this.lastTid, (oid) =>
      this.revisions.remove(oid),
    );
    this.garbageCollected += removed;
  }

  /** The tid of the oldest open snapshot, or Infinity when none is open. */
  private floor(): Tid {
    return this.snapshots.oldest() ?? Infinity;
  }

  /**
   * Finds the references of the holder's writes (into {@link voted}) and checks that each names
   * an object that exists or is written in the same transaction.
   *
   * @throws ConflictError when a write refers to an object the garbage collection removed.
   */
  private checkReferences(): void {
    if (this.voted.size > 0) this.voted.clear();
    for (const { oid, state } of this.writes.values()) {
      const refs = referencesOfState(state);
      // references the current revision holds are counted, so their targets still exist
      for (const ref of this.counts.gained(oid, refs)) {
        if (!this.writes.has(ref) && !this.revisions.has(ref)) {
          this.voted.clear();
          throw new ConflictError(
            `Oid ${oid} refers to oid ${ref}, which no longer exists in storage ${this.name} ` +
              '(it was removed as garbage); retry the transaction on a fresh snapshot',
          );
        }
      }
      this.voted.set(oid, refs);
    }
  }

  private forgetTransaction(txn: StorageTransaction | undefined): void {
    if (txn === undefined || this.holder !== txn) return;
    this.holder = undefined;
    if (this.writes.size > 0) this.writes.clear();
    if (this.voted.size > 0) this.voted.clear();
  }
}
