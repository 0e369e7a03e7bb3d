import { Broken } from './broken';
import { blankInstance } from './blank-instance';
import { checkUnmarked } from './check-unmarked';
import { ConflictError } from './conflict-error';
import { mergeConflictingWrite } from './conflict-resolver';
import type { Database } from './database';
import { DatabaseSet } from './database-set';
import { DETACHED_JAR, detachedError } from './detached-jar';
import { invalidateChanged } from './invalidate-changed';
import type { DataRecord, Oid, RecordWrite, ResourceManager, Snapshot, Tid } from './interfaces';
import { ROOT_OID } from './interfaces';
import type { Persistent } from './persistent';
import { cachesOnReuse, ghostify, metaOf } from './persistent';
import { ObjectCache } from './object-cache';
import type { PeekedState } from './peeked-state';
import { peekedStateOf } from './peeked-state';
import { classNameOf, decodeOwnedState, encodeStateToStore, RefCell } from './serializer';
import { SettledPromise } from './settled-promise';
import type { LazyReference } from './serializer-lazy-reference';
import type { Transaction } from './transaction';

interface PendingWrite {
  obj: Persistent;
  className: string;
  tree: unknown;
  baseSerial: Tid;
  /** The state text handed to the storage. */
  state?: string;
}

/** A fulfilled promise for callers that await (an ordinary one: it can be shared). */
const DONE: Promise<void> = Promise.resolve();

/** What {@link Connection.commit} keeps while it encodes (most commits make no new objects). */
interface CommitPass {
  /** The objects to store: the modified ones, then new ones as references reach them. */
  readonly queue: Persistent[];
  cells: Map<Persistent, RefCell> | undefined;
  newObjects: NewObject[] | undefined;
}

interface NewObject {
  readonly obj: Persistent;
  readonly cell: RefCell;
}

/**
 * One view of a {@link Database} for one unit of work at a time: an identity map (each oid is one
 * object per connection), the set of objects changed in the current transaction, and a snapshot
 * (the committed state as of the transaction's start). Get one with `transaction.open(db)`.
 */
export class Connection implements ResourceManager {
  /** The database this connection reads from and writes to. */
  readonly db: Database;
  /** The identity map: one object per oid, the recently loaded ones held. */
  private readonly cache = new ObjectCache();
  /** Resolves the references of loaded states (one function, so lazy ones can be told apart). */
  private readonly ghostOf = (oid: Oid, className: string, once = false): Persistent =>
    this.ghost(oid, className, once);
  /** A lazy reference this connection loaded is written back as it was, without a ghost. */
  private readonly lazyRefOf = (lazy: LazyReference): RefCell | undefined =>
    lazy.isFrom(this.ghostOf) ? new RefCell(lazy.oid, lazy.className) : undefined;
  /**
   * The reference of each persistent object met while encoding a commit; a new object gets a
   * cell whose oid is filled in later, and is queued to be stored too.
   */
  private readonly refOf = (target: Persistent): RefCell => {
    const pass = this.pass as CommitPass;
    const meta = metaOf(target);
    if (meta.jar === DETACHED_JAR) throw detachedError(target);
    if (meta.oid !== undefined) this.cache.pin(meta.oid, target); // a stored state holds it
    if (meta.jar && meta.jar !== this) {
      throw new Error(`${target.describe()} belongs to another database; use a mount point`);
    }
    const cells = (pass.cells ??= new Map());
    let cell = cells.get(target);
    if (cell) return cell;
    cell = new RefCell(meta.oid, classNameOf(target, this.db.registry));
    cells.set(target, cell);
    if (meta.status === 'unsaved') {
      (pass.newObjects ??= []).push({ obj: target, cell });
      pass.queue.push(target);
    }
    return cell;
  };
  /** The commit being encoded. */
  private pass: CommitPass | undefined;
  private readonly modified = new Set<Persistent>();
  /** Dev checks: objects loaded in this transaction or written by the previous one. */
  private readonly watched = new Set<Persistent>();
  private snapshotTid: Tid | null = null;
  private lastSeenTid: Tid | null = null;
  private txn: Transaction | undefined;
  private storageTxn: object | undefined;
  private written: PendingWrite[] = [];
  private resolved = new Set<Persistent>();
  /**
   * The tid of this connection's last commit, until the next snapshot, and the oids it wrote:
   * the next snapshot need not reload them. The set is reused from commit to commit.
   */
  private ownTid: Tid | undefined;
  private readonly ownWrites = new Set<Oid>();

  /** @internal Use `transaction.open(db)`. */
  constructor(db: Database) {
    this.db = db;
  }

  get sortKey(): string {
    return this.db.name;
  }

  /** The transaction this connection is joined to. */
  get transaction(): Transaction {
    if (!this.txn) throw new Error('Connection is not part of a transaction');
    return this.txn;
  }

  /** A connection to the database named `name` in the same transaction (multi-database). */
  async getConnection(name: string): Promise<Connection> {
    const db = this.db.databases.get(name);
    if (!db) {
      const databases = this.db.databases;
      throw new Error(
        databases instanceof DatabaseSet
          ? databases.whyMissing(name)
          : `No database named "${name}"`,
      );
    }
    return this.transaction.open(db);
  }

  /** @internal Called by {@link Transaction.open}: start a unit of work on a fresh snapshot. */
  begin(txn: Transaction): void | Promise<void> {
    this.txn = txn;
    // Synchronous when the storage answers openSnapshot without a promise (SQLite, memory).
    const opened = this.db.storage.openSnapshot(this.lastSeenTid);
    return opened instanceof Promise
      ? opened.then((snapshot) => this.useSnapshot(snapshot))
      : this.useSnapshot(opened);
  }

  private useSnapshot(snapshot: Snapshot): void | Promise<void> {
    this.snapshotTid = snapshot.tid;
    this.lastSeenTid = snapshot.tid;
    const ownTid = this.ownTid;
    this.ownTid = undefined;
    return invalidateChanged(this.cache, this.db.storage, snapshot.changed, this.ownWrites, ownTid);
  }

  /** The root object of the database, activated. */
  root<T extends Persistent = Persistent>(): Promise<T> {
    return this.get(ROOT_OID) as Promise<T>;
  }

  /**
   * The object with this oid, activated.
   *
   * @throws Error when no such object exists in this snapshot.
   */
  async get(oid: Oid): Promise<Persistent> {
    const cached = this.cache.use(oid);
    if (cached) {
      this.cache.pin(oid, cached);
      if (metaOf(cached).status === 'ghost') await cached.activate();
      return cached;
    }
    const loading = this.db.storage.load(oid, this.snapshot());
    const record = loading instanceof SettledPromise ? loading.value : await loading;
    if (!record) throw new Error(`No object with oid ${oid} in database "${this.db.name}"`);
    const obj = this.ghost(oid, record.className);
    if (metaOf(obj).status === 'ghost') this.restore(obj, record.state, record.serial);
    return obj;
  }

  /**
   * @internal {@link get} without a promise when the object is cached and loaded (for hot paths
   * that would otherwise await a settled promise).
   */
  getNow(oid: Oid): Persistent | Promise<Persistent> {
    const cached = this.cache.use(oid);
    if (cached !== undefined && metaOf(cached).status !== 'ghost') return cached;
    return this.get(oid);
  }

  /** Loads the state of a ghost (called by {@link Persistent.activate}). @internal */
  setstate(obj: Persistent): Promise<void> {
    const meta = metaOf(obj);
    if (meta.oid === undefined) return DONE;
    let loading: Promise<DataRecord | undefined>;
    try {
      loading = this.db.storage.load(meta.oid, this.snapshot());
      if (loading instanceof SettledPromise) {
        this.restoreLoaded(obj, loading.value);
        return DONE;
      }
    } catch (error) {
      return Promise.reject(error as Error);
    }
    // one reaction rather than an async function's suspension
    return loading.then((record) => this.restoreLoaded(obj, record));
  }

  private restoreLoaded(obj: Persistent, record: DataRecord | undefined): void {
    if (!record) {
      throw new Error(`${obj.describe()} no longer exists in database "${this.db.name}"`);
    }
    if (metaOf(obj).status === 'ghost') this.restore(obj, record.state, record.serial);
  }

  /**
   * The stored state of a ghost at this transaction's snapshot, without loading it; undefined
   * when it should be loaded instead (see `ObjectCache.admits`). Called by `peekState`. @internal
   */
  peekState(obj: Persistent): PeekedState | undefined | Promise<PeekedState | undefined> {
    const oid = metaOf(obj).oid;
    return oid === undefined ? undefined : this.peekOid(oid, obj);
  }

  /**
   * {@link peekState} of what a lazy reference this connection loaded names, making no ghost;
   * undefined when it should be resolved instead. Called by `peekReferenced`. @internal
   */
  peekReferenced(ref: LazyReference): PeekedState | undefined | Promise<PeekedState | undefined> {
    if (!ref.isFrom(this.ghostOf)) return undefined;
    const cached = this.cache.get(ref.oid);
    if (cached !== undefined) {
      return metaOf(cached).status === 'ghost' ? this.peekState(cached) : undefined;
    }
    return this.peekOid(ref.oid, ref);
  }

  /** The peeked state of `oid` (`of` names it in errors), or undefined when it is admitted. */
  private peekOid(
    oid: Oid,
    of: Persistent | LazyReference,
  ): PeekedState | undefined | Promise<PeekedState> {
    if (this.cache.admits(oid, this.db.cacheSize)) return undefined;
    const loading = this.db.storage.load(oid, this.snapshot());
    return peekedStateOf(loading, of, this.db.name, this.db.registry, this.ghostOf);
  }

  /** Notes a use (called by {@link Persistent._p_accessed}). @internal */
  accessed(obj: Persistent): void {
    metaOf(obj).accessed = true;
  }

  /** Records a change (called by {@link Persistent.markChanged}). @internal */
  register(obj: Persistent): void {
    this.modified.add(obj);
  }

  /** Adds a new object explicitly (objects reachable from a stored one are added at commit). */
  add(obj: Persistent): void {
    const meta = metaOf(obj);
    if (meta.jar && meta.jar !== this)
      throw new Error(`${obj.describe()} belongs to another connection`);
    if (meta.status !== 'unsaved') return;
    meta.jar = this;
    this.modified.add(obj);
  }

  // --- ResourceManager ------------------------------------------------------------------------

  hasChanges(): boolean {
    return this.modified.size > 0;
  }

  commitReadOnly(): void {
    if (this.db.devChecks) checkUnmarked(this.watched, this.db.registry);
    if (this.watched.size > 0) this.watched.clear();
  }

  // The steps below read a SettledPromise's value (see there) instead of awaiting it, so that
  // two-phase commit on a storage in RAM takes no microtask turn.

  tpcBegin(): void | Promise<void> {
    const storageTxn = {};
    this.storageTxn = storageTxn;
    const begun = this.db.storage.tpcBegin(storageTxn);
    return begun instanceof SettledPromise ? undefined : begun;
  }

  /** Hands the changes to the storage; a promise only when new objects need oids. */
  commit(): void | Promise<void> {
    if (this.db.devChecks) checkUnmarked(this.watched, this.db.registry);
    const storageTxn = this.storageTxn;
    if (!storageTxn) throw new Error('commit() outside two-phase commit');
    const queue = [...this.modified];
    const pass: CommitPass = { queue, cells: undefined, newObjects: undefined };
    this.pass = pass;
    this.written = [];
    // objects in `modified` appear once; only new objects may be queued again by refOf
    let done: Set<Persistent> | undefined;
    try {
      for (let i = 0; i < queue.length; i += 1) {
        const obj = queue[i] as Persistent;
        const meta = metaOf(obj);
        if (meta.status === 'unsaved') {
          done ??= new Set();
          if (done.has(obj)) continue;
          done.add(obj);
          if (!pass.cells?.has(obj)) this.refOf(obj);
        }
        const encoded = encodeStateToStore(obj, this.db.registry, this.refOf, this.lazyRefOf);
        const { className, tree } = encoded;
        this.written.push({ obj, className, tree, baseSerial: meta.serial });
      }
    } finally {
      this.pass = undefined;
    }
    const assigned = pass.newObjects === undefined ? undefined : this.assignOids(pass.newObjects);
    if (assigned === undefined) return this.storeWritten(storageTxn);
    return assigned.then(() => this.storeWritten(storageTxn));
  }

  tpcVote(): void | Promise<void> {
    const voted = this.db.storage.tpcVote(this.storageTxn as object);
    if (voted instanceof SettledPromise) return undefined;
    // a conflict is resolved through the classes' resolveConflict, then voted again
    return voted.catch((error: unknown) => this.revote(error));
  }

  tpcFinish(): void | Promise<void> {
    const tid = this.db.storage.tpcFinish(this.storageTxn as object);
    if (tid instanceof SettledPromise) return this.finished(tid.value);
    return tid.then((finished) => this.finished(finished));
  }

  tpcAbort(): void | Promise<void> {
    if (!this.storageTxn) return this.abort();
    const aborted = this.db.storage.tpcAbort(this.storageTxn);
    if (aborted instanceof SettledPromise) return this.abort();
    return aborted.then(() => this.abort());
  }

  abort(): void {
    for (const obj of this.modified) {
      const meta = metaOf(obj);
      if (meta.serial === 0) {
        meta.oid = undefined;
        meta.jar = undefined;
        meta.status = 'unsaved';
      } else {
        ghostify(obj);
      }
    }
    for (const { obj } of this.written) {
      const meta = metaOf(obj);
      if (meta.serial === 0) {
        meta.oid = undefined;
        meta.jar = undefined;
        meta.status = 'unsaved';
      }
    }
    if (this.modified.size > 0) this.modified.clear();
  }

  /** Gives new objects their oids (from `from` on); a promise only while the storage makes one. */
  private assignOids(newObjects: readonly NewObject[], from = 0): void | Promise<void> {
    for (let i = from; i < newObjects.length; i += 1) {
      const { obj, cell } = newObjects[i] as NewObject;
      const meta = metaOf(obj);
      if (meta.oid === undefined) {
        const oid = this.db.storage.newOid();
        if (!(oid instanceof SettledPromise)) {
          return oid.then((value) => {
            meta.oid = value;
            return this.assignOids(newObjects, i);
          });
        }
        meta.oid = oid.value;
      }
      meta.jar = this;
      cell.oid = meta.oid;
    }
  }

  /** Hands the encoded writes to the storage. */
  private storeWritten(storageTxn: object): void {
    for (const write of this.written) {
      const record = this.recordOf(write);
      write.state = record.state;
      this.db.storage.store(storageTxn, record);
    }
  }

  /** After a vote that failed: resolves the conflicts it names, if it can, and votes again. */
  private async revote(error: unknown): Promise<void> {
    if (!(error instanceof ConflictError)) throw error;
    for (const conflict of error.conflicts) await this.resolve(conflict.oid, error);
    await this.db.storage.tpcVote(this.storageTxn as object);
  }

  /** Marks the written objects saved at `tid` (after the storage finished the commit). */
  private finished(tid: Tid): void {
    const ownWrites = this.ownWrites;
    if (ownWrites.size > 0) ownWrites.clear();
    this.ownTid = tid;
    if (this.watched.size > 0) this.watched.clear();
    for (const { obj, state } of this.written) {
      const meta = metaOf(obj);
      meta.serial = tid;
      meta.status = 'saved';
      meta.loadedState = this.db.devChecks ? state : undefined;
      if (this.db.devChecks) this.watched.add(obj);
      this.cache.remember(meta.oid as Oid, obj);
      this.cache.keep(meta.oid as Oid, obj);
      if (this.resolved.has(obj)) ghostify(obj);
      else ownWrites.add(meta.oid as Oid);
    }
    if (this.modified.size > 0) this.modified.clear();
  }

  release(): void {
    if (this.snapshotTid !== null) this.db.storage.closeSnapshot(this.snapshotTid);
    this.snapshotTid = null;
    this.storageTxn = undefined;
    if (this.written.length > 0) this.written = [];
    if (this.resolved.size > 0) this.resolved.clear();
    this.txn = undefined;
    this.cache.endTransaction();
    this.cache.trim(this.db.cacheSize);
    this.db.releaseConnection(this);
  }

  // --- internals --------------------------------------------------------------------------------

  private snapshot(): Tid {
    if (this.snapshotTid === null) throw new Error('Connection used outside a transaction');
    return this.snapshotTid;
  }

  /**
   * The cached object for `oid`, or a new ghost of `className` registered in the cache — for
   * this transaction only when `once` (a lazy reference resolved for one use) and its class
   * caches on reuse (see `Persistent.cacheOnReuse`).
   */
  private ghost(oid: Oid, className: string, once = false): Persistent {
    const cached = this.cache.use(oid);
    if (cached) {
      if (!once) this.cache.pin(oid, cached);
      return cached;
    }
    const cls = this.db.registry.classFor(className);
    const obj = cls ? blankInstance<Persistent>(cls) : Broken.of(className);
    const meta = metaOf(obj);
    meta.oid = oid;
    meta.jar = this;
    meta.status = 'ghost';
    if (once && cachesOnReuse(cls)) {
      this.cache.rememberForTransaction(oid, obj, this.db.cacheSize);
    } else {
      this.cache.remember(oid, obj);
    }
    return obj;
  }

  private restore(obj: Persistent, state: string, serial: Tid): void {
    const meta = metaOf(obj);
    if (obj instanceof Broken) {
      obj.restore(state);
    } else {
      const decoded = decodeOwnedState(JSON.parse(state), this.db.registry, this.ghostOf);
      obj.setState(decoded);
    }
    meta.serial = serial;
    meta.status = 'saved';
    if (this.db.devChecks) {
      meta.loadedState = state;
      this.watched.add(obj);
    }
    this.cache.keep(meta.oid as Oid, obj);
  }

  private recordOf(write: PendingWrite): RecordWrite {
    const meta = metaOf(write.obj);
    const state =
      write.obj instanceof Broken ? (write.obj._v_brokenState ?? '{}') : JSON.stringify(write.tree);
    return {
      oid: meta.oid as Oid,
      baseSerial: write.baseSerial,
      className: write.className,
      state,
    };
  }

  /** Merges a conflicting write with the committed state through the class's resolver. */
  private async resolve(oid: Oid, error: ConflictError): Promise<void> {
    const write = this.written.find((w) => metaOf(w.obj).oid === oid);
    if (!write) throw error;
    const merged = await mergeConflictingWrite(this.db.storage, oid, write, error);
    write.tree = merged.tree;
    write.baseSerial = merged.baseSerial;
    this.resolved.add(write.obj);
    const record = this.recordOf(write);
    write.state = record.state;
    this.db.storage.store(this.storageTxn as object, record);
  }
}
