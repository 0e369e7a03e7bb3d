/**
 * The storage contract. Every storage (memory, SQLite, PostgreSQL, the temporary storage) runs
 * the shared contract suite in `@zoa/core/testing` (`describeStorageContract`).
 *
 * Vocabulary (ZODB's): an *oid* names a persistent object; a *tid* names a committed
 * transaction; an object's *serial* is the tid of the transaction that last wrote it.
 * Tids grow strictly within one storage; `0` means "before the first transaction".
 */
export type Oid = number;
/** Transaction id, strictly increasing per storage. */
export type Tid = number;

/** The oid of the root object of every database. */
export const ROOT_OID: Oid = 0;

/** One revision of one persistent object, as stored. */
export interface DataRecord {
  readonly oid: Oid;
  /** The tid of the transaction that wrote this revision. */
  readonly serial: Tid;
  /** The registered class name (see `ClassRegistry`). */
  readonly className: string;
  /** The object's state as a JSON string (see the serializer for its encoding). */
  readonly state: string;
}

/** One write handed to {@link Storage.store}. */
export interface RecordWrite {
  readonly oid: Oid;
  /** The serial the writer based its change on; `0` for an object new in this transaction. */
  readonly baseSerial: Tid;
  readonly className: string;
  readonly state: string;
}

/** What {@link Storage.openSnapshot} returns. */
export interface Snapshot {
  /** The last committed tid: loads at this tid see one consistent state. */
  readonly tid: Tid;
  /**
   * Oids written by transactions after `since` up to `tid`, so a connection can drop them from
   * its cache; `null` when the storage cannot tell (the caller then drops its whole cache).
   */
  readonly changed: readonly Oid[] | null;
}

/** One write-write conflict found at vote. */
export interface WriteConflict {
  readonly oid: Oid;
  readonly baseSerial: Tid;
  readonly currentSerial: Tid;
}

/** Opaque handle identifying one two-phase commit; the storage may attach nothing to it. */
export type StorageTransaction = object;

/** Figures a storage reports about itself (for the ZMI control panel and metrics). */
export interface StorageStats {
  /** Live objects (current revisions). */
  readonly objects: number;
  /** Stored revisions, including old ones kept for open snapshots. */
  readonly records: number;
  /** Bytes of stored state, approximately. */
  readonly bytes: number;
}

/**
 * The storage contract.
 *
 * - **Snapshots (MVCC).** `openSnapshot()` registers a reader at the last committed tid. While
 *   it is open, `load(oid, tid)` returns, for every oid, the newest revision whose serial is
 *   `<= tid`, however many transactions commit meanwhile. `closeSnapshot(tid)` lets the storage
 *   drop revisions no open snapshot needs.
 * - **Two-phase commit.** `tpcBegin` takes the storage's commit lock (waiting for other
 *   committers, in this process or another); `store` buffers writes (a second `store` of the same
 *   oid replaces the first); `tpcVote` checks every write's `baseSerial` against the current
 *   serial and throws {@link ConflictError} listing all conflicts — the transaction then stays
 *   open, so the caller may `store` resolved writes and vote again, or abort; after a successful
 *   vote, `tpcFinish` cannot fail for reasons of content and makes all writes visible at once
 *   with a new tid, which it returns; `tpcAbort` drops everything and releases the lock at any
 *   point before finish.
 * - **Durability.** Once `tpcFinish` resolves, the transaction survives a process crash (for
 *   persistent storages). A crash at any moment leaves the last finished transaction intact and
 *   no part of an unfinished one.
 * - **Pack.** `pack(referencesOf)` removes every object not reachable from {@link ROOT_OID},
 *   following the oids that `referencesOf(record)` names, and drops old revisions.
 */
export interface Storage {
  /** A human-readable name for messages and the ZMI. */
  readonly name: string;
  /** The tid of the last committed transaction (0 when none). */
  lastTransaction(): Promise<Tid>;
  /**
   * Registers a reader at the last committed tid; reports what changed since `since`. A storage
   * that knows the answer in memory may return it without a promise (it begins every
   * transaction, so that saves a few microtask turns per request).
   */
  openSnapshot(since: Tid | null): Snapshot | Promise<Snapshot>;
  /** Ends a reader registered by {@link openSnapshot}. */
  closeSnapshot(tid: Tid): void;
  /** The newest revision of `oid` with serial `<= at` (default: the latest), or undefined. */
  load(oid: Oid, at?: Tid): Promise<DataRecord | undefined>;
  /** A fresh oid, never handed out before by this storage. */
  newOid(): Promise<Oid>;
  tpcBegin(txn: StorageTransaction): Promise<void>;
  store(txn: StorageTransaction, write: RecordWrite): void;
  tpcVote(txn: StorageTransaction): Promise<void>;
  tpcFinish(txn: StorageTransaction): Promise<Tid>;
  tpcAbort(txn: StorageTransaction): Promise<void>;
  /** Removes what is unreachable from the root; returns how many objects were removed. */
  pack(referencesOf: (record: DataRecord) => Iterable<Oid>): Promise<{ removed: number }>;
  stats(): Promise<StorageStats>;
  close(): Promise<void>;
}

/**
 * A participant in a {@link Transaction}: each open {@link Connection} is one. The transaction
 * calls, in order, `tpcBegin`, `commit` (hand over changes), `tpcVote`, `tpcFinish` on every
 * resource manager, or `abort` / `tpcAbort` on all of them when anything fails.
 *
 * Each step may finish without a promise (return `undefined`) when it needs no I/O; the
 * transaction awaits only the promises it gets, and treats a step that throws like one whose
 * promise rejects. Implementations written with `async` methods satisfy the contract as before.
 */
export interface ResourceManager {
  /** Orders resource managers so that locks are always taken in the same order. */
  readonly sortKey: string;
  tpcBegin(): void | Promise<void>;
  commit(): void | Promise<void>;
  tpcVote(): void | Promise<void>;
  tpcFinish(): void | Promise<void>;
  tpcAbort(): void | Promise<void>;
  /** Drops the changes of a transaction that is not committed (called outside two-phase commit). */
  abort(): void | Promise<void>;
  /**
   * False when the resource has nothing to write: the transaction then skips its two-phase
   * commit (no lock, no new tid) and calls {@link commitReadOnly} instead. Default: true.
   */
  hasChanges?(): boolean;
  /** Finishes a transaction in which this resource wrote nothing (checks may still throw). */
  commitReadOnly?(): void | Promise<void>;
  /** Called once the transaction is over, committed or not. */
  release(): void;
}

/**
 * Where a {@link MemoryStorage}-based storage keeps the revisions of its objects, oldest first
 * per oid. The storage reads it freely and changes it only while it holds its commit lock.
 * `HeapRevisionStore` (the default) keeps records as JavaScript objects; the temporary storage
 * keeps them off the JavaScript heap. Every implementation runs `describeRevisionStoreContract`
 * from `@zoa/core/testing`.
 *
 * Records handed out are snapshots of what is stored: an implementation may build a new object
 * per call, so compare serials, not identities.
 */
export interface RevisionStore {
  /** Objects with at least one revision. */
  readonly objects: number;
  /** Revisions kept, old ones included. */
  readonly records: number;
  /** Approximate bytes of the kept class names and states. */
  readonly bytes: number;
  /** True when `oid` has a revision. */
  has(oid: Oid): boolean;
  /** The serial of the newest revision of `oid`; `0` when it has none. */
  serialOf(oid: Oid): Tid;
  /** The newest revision of `oid`. */
  latest(oid: Oid): DataRecord | undefined;
  /** The newest revision of `oid` whose serial is `<= tid`. */
  at(oid: Oid, tid: Tid): DataRecord | undefined;
  /** Every kept revision of `oid`, oldest first. */
  revisionsOf(oid: Oid): readonly DataRecord[];
  /** The oids of all objects (a live view: copy it before removing while iterating). */
  oids(): IterableIterator<Oid>;
  /**
   * Appends a revision.
   *
   * @throws ZoaError when its serial is not greater than the object's newest one
   */
  add(record: DataRecord): void;
  /**
   * Drops the revisions of `oid` that no reader at `tid` or later can see: every revision older
   * than the one visible at `tid`, or, with `all`, every revision older than `tid`. The object
   * disappears when none is left.
   *
   * @returns how many revisions were dropped
   */
  dropBefore(oid: Oid, tid: Tid, all?: boolean): number;
  /** Removes every revision of `oid`; returns whether it existed. */
  remove(oid: Oid): boolean;
}
