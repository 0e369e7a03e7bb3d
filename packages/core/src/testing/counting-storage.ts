import type {
  DataRecord,
  Oid,
  RecordWrite,
  Snapshot,
  Storage,
  StorageStats,
  StorageTransaction,
  Tid,
} from '../persistence/interfaces';

/**
 * A storage that forwards to another one and counts loads and stores: for tests and benches
 * that measure how many records an operation reads or writes.
 *
 * @example
 * ```ts
 * const storage = new CountingStorage(new MemoryStorage());
 * // ... commit something ...
 * storage.lastCommitWrites; // records written by the last finished transaction
 * ```
 */
export class CountingStorage implements Storage {
  loads = 0;
  stores = 0;
  /** Writes of the last finished transaction. */
  lastCommitWrites = 0;
  private pending = new Map<StorageTransaction, number>();

  constructor(readonly inner: Storage) {}

  /** Zeroes the load and store counters. */
  reset(): void {
    this.loads = 0;
    this.stores = 0;
  }

  get name(): string {
    return this.inner.name;
  }
  lastTransaction(): Promise<Tid> {
    return this.inner.lastTransaction();
  }
  openSnapshot(since: Tid | null): Snapshot | Promise<Snapshot> {
    return this.inner.openSnapshot(since);
  }
  closeSnapshot(tid: Tid): void {
    this.inner.closeSnapshot(tid);
  }
  load(oid: Oid, at?: Tid): Promise<DataRecord | undefined> {
    this.loads += 1;
    return this.inner.load(oid, at);
  }
  newOid(): Promise<Oid> {
    return this.inner.newOid();
  }
  tpcBegin(txn: StorageTransaction): Promise<void> {
    this.pending.set(txn, 0);
    return this.inner.tpcBegin(txn);
  }
  store(txn: StorageTransaction, write: RecordWrite): void {
    this.stores += 1;
    this.pending.set(txn, (this.pending.get(txn) ?? 0) + 1);
    this.inner.store(txn, write);
  }
  tpcVote(txn: StorageTransaction): Promise<void> {
    return this.inner.tpcVote(txn);
  }
  async tpcFinish(txn: StorageTransaction): Promise<Tid> {
    const tid = await this.inner.tpcFinish(txn);
    this.lastCommitWrites = this.pending.get(txn) ?? 0;
    this.pending.delete(txn);
    return tid;
  }
  tpcAbort(txn: StorageTransaction): Promise<void> {
    this.pending.delete(txn);
    return this.inner.tpcAbort(txn);
  }
  pack(referencesOf: (record: DataRecord) => Iterable<Oid>): Promise<{ removed: number }> {
    return this.inner.pack(referencesOf);
  }
  stats(): Promise<StorageStats> {
    return this.inner.stats();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
