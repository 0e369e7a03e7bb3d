import type Database from 'better-sqlite3';
import { ZoaError } from '../errors';
import { CommitLock } from './commit-lock';
import { ConflictError } from './conflict-error';
import {
  ROOT_OID,
  type DataRecord,
  type Oid,
  type RecordWrite,
  type Snapshot,
  type Storage,
  type StorageStats,
  type StorageTransaction,
  type Tid,
} from './interfaces';
import { markReachable } from './mark-reachable';
import { openSqliteDatabase } from './open-sqlite-database';
import { PruneQueue } from './prune-queue';
import { SnapshotRegistry } from './snapshot-registry';
import { sqliteIntegrityCheck } from './sqlite-integrity-check';
import {
  prepareSqliteStatements,
  SQLITE_SCHEMA,
  SQLITE_SCHEMA_VERSION,
  type ObjectRow,
  type SqliteStatements,
} from './sqlite-statements';

/** Options of {@link SqliteStorage}. */
export interface SqliteStorageOptions {
  /** The database file (created when missing); its `-wal` and `-shm` files live beside it. */
  path: string;
  /**
   * SQLite's `synchronous` pragma. `'normal'` (default) survives a crash of the process at any
   * moment — with WAL, a finished transaction is in the OS's hands before `tpcFinish` resolves —
   * but an OS crash or power loss may lose the last transactions (never corrupt the file).
   * `'full'` also survives those, at the price of an fsync per commit.
   */
  synchronous?: 'normal' | 'full';
}

/**
 * A {@link Storage} in one SQLite file (better-sqlite3, WAL): the embedded default.
 *
 * Every revision is a row of `objects(oid, tid, class, state)`; a load at tid `t` reads the
 * newest row with `tid <= t`. Revisions no open snapshot needs are deleted as snapshots close
 * (and all of them when the file is opened). Commits take an in-process lock and SQLite's write
 * lock (`BEGIN IMMEDIATE`), so another process cannot corrupt the file; but snapshots and
 * pruning are tracked per process, so the file is meant to be opened by one process at a time
 * (use PostgresStorage to share a database between processes).
 *
 * @example
 * ```ts
 * const storage = new SqliteStorage({ path: 'var/Data.sqlite' });
 * const db = await Database.open(storage);
 * // ...
 * await db.close();
 * ```
 */
export class SqliteStorage implements Storage {
  readonly name: string;
  /** The database file. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly sql: SqliteStatements;
  private readonly commitLock = new CommitLock();
  private readonly snapshots = new SnapshotRegistry();
  private readonly pruneQueue = new PruneQueue();
  private lastTid: Tid = 0;
  private nextOid: Oid = 1;
  private closed = false;

  /** Opens (or creates) the file; throws at once on bad options or an unusable file. */
  constructor(options: SqliteStorageOptions) {
    const synchronous = options.synchronous ?? 'normal';
    if (typeof options.path !== 'string' || options.path === '') {
      throw new TypeError('SqliteStorage: path must be a non-empty string');
    }
    if (synchronous !== 'normal' && synchronous !== 'full') {
      throw new TypeError(`SqliteStorage: synchronous must be 'normal' or 'full'`);
    }
    this.path = options.path;
    this.name = `sqlite:${options.path}`;
    this.db = openSqliteDatabase(options.path, synchronous);
    try {
      this.db.exec(SQLITE_SCHEMA);
      this.sql = prepareSqliteStatements(this.db);
      this.recover();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async lastTransaction(): Promise<Tid> {
    this.assertOpen();
    return this.lastTid;
  }

  openSnapshot(since: Tid | null): Snapshot {
    this.assertOpen();
    const tid = this.lastTid;
    let changed: Oid[] | null = null;
    if (since !== null) changed = since >= tid ? [] : this.sql.changedSince.all(since, tid);
    this.snapshots.open(tid);
    return { tid, changed };
  }

  closeSnapshot(tid: Tid): void {
    // Pruning needs a write transaction: it happens at the next commit, pack or close.
    this.snapshots.close(tid);
  }

  async load(oid: Oid, at?: Tid): Promise<DataRecord | undefined> {
    this.assertOpen();
    // Never beyond lastTid: rows of a voted, unfinished commit are visible on this connection.
    const row = this.sql.loadAt.get(oid, Math.min(at ?? this.lastTid, this.lastTid));
    return row && toRecord(row);
  }

  async newOid(): Promise<Oid> {
    this.assertOpen();
    const oid = this.nextOid;
    this.nextOid += 1;
    return oid;
  }

  async tpcBegin(txn: StorageTransaction): Promise<void> {
    this.assertOpen();
    await this.commitLock.begin(txn);
    try {
      this.assertOpen();
      this.sql.begin.run();
      // Another process may have committed since (see the class comment).
      this.lastTid = Math.max(this.lastTid, this.sql.maxTid.get() ?? 0);
    } catch (error) {
      if (!this.closed && this.db.inTransaction) this.sql.rollback.run();
      this.commitLock.end(txn);
      throw error;
    }
  }

  store(txn: StorageTransaction, write: RecordWrite): void {
    this.commitLock.pendingOf(txn, 'store').store(write);
  }

  async tpcVote(txn: StorageTransaction): Promise<void> {
    const pending = this.commitLock.pendingOf(txn, 'tpcVote');
    this.assertOpen();
    if (pending.tid !== 0) {
      // An earlier vote failed half-way (an I/O error): drop what it wrote.
      this.sql.deleteTid.run(pending.tid);
      pending.tid = 0;
    }
    const lastTid = this.lastTid;
    const conflicts = pending.conflicts((oid) => this.sql.serialAt.get(oid, lastTid) ?? 0);
    if (conflicts.length > 0) throw ConflictError.of(conflicts);
    const tid = lastTid + 1;
    pending.tid = tid;
    for (const write of pending.writes.values()) {
      this.sql.insert.run(write.oid, tid, write.className, write.state);
    }
    pending.voted = true;
  }

  async tpcFinish(txn: StorageTransaction): Promise<Tid> {
    const pending = this.commitLock.pendingOf(txn, 'tpcFinish');
    if (!pending.voted) throw new ZoaError('tpcFinish before a successful tpcVote');
    this.assertOpen();
    const tid = pending.tid;
    const floor = this.snapshots.oldest() ?? Infinity;
    const updated = pending.updatedOids();
    try {
      this.pruneReady(floor);
      // No snapshot open (all would be older than tid): the replaced revisions go at once.
      if (tid <= floor) for (const oid of updated) this.sql.pruneOlder.run(oid, tid);
      this.sql.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.sql.rollback.run();
      this.commitLock.end(txn);
      throw error;
    }
    if (tid > floor) this.pruneQueue.push({ tid, oids: updated, removal: false });
    this.lastTid = tid;
    this.nextOid = Math.max(this.nextOid, pending.maxOid() + 1);
    this.commitLock.end(txn);
    return tid;
  }

  async tpcAbort(txn: StorageTransaction): Promise<void> {
    if (!this.commitLock.holds(txn)) return;
    try {
      if (!this.closed && this.db.inTransaction) this.sql.rollback.run();
    } finally {
      this.commitLock.end(txn);
    }
  }

  /**
   * Removes the objects unreachable from the root (reachability follows old revisions that open
   * snapshots may need too) and the revisions no open snapshot needs, in one SQLite
   * transaction. Removes nothing when the root does not exist.
   */
  async pack(referencesOf: (record: DataRecord) => Iterable<Oid>): Promise<{ removed: number }> {
    this.assertOpen();
    return this.commitLock.exclusive(async () => {
      this.assertOpen();
      this.sql.begin.run();
      try {
        this.lastTid = Math.max(this.lastTid, this.sql.maxTid.get() ?? 0);
        this.pruneReady(this.snapshots.oldest() ?? Infinity);
        let removed = 0;
        if (this.sql.serialAt.get(ROOT_OID, this.lastTid) !== undefined) {
          const revisionsOf = (oid: Oid): DataRecord[] => this.sql.revisions.all(oid).map(toRecord);
          const reachable = await markReachable(ROOT_OID, revisionsOf, referencesOf);
          this.assertOpen();
          for (const oid of this.sql.allOids.all()) {
            if (reachable.has(oid)) continue;
            this.sql.removeObject.run(oid);
            removed += 1;
          }
        }
        this.saveCounters();
        this.sql.commit.run();
        return { removed };
      } catch (error) {
        if (!this.closed && this.db.inTransaction) this.sql.rollback.run();
        throw error;
      }
    });
  }

  async stats(): Promise<StorageStats> {
    this.assertOpen();
    const row = this.sql.stats.get(this.lastTid);
    return { objects: row?.objects ?? 0, records: row?.records ?? 0, bytes: row?.bytes ?? 0 };
  }

  /** Rolls back an unfinished commit, drops every old revision and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.commitLock.abandon();
    try {
      if (this.db.inTransaction) this.sql.rollback.run();
      this.sql.begin.run();
      this.pruneReady(Infinity);
      this.saveCounters();
      this.sql.setMeta.run('clean_shutdown', 1);
      this.sql.commit.run();
    } finally {
      this.db.close();
    }
  }

  /**
   * Checks the file: SQLite's `PRAGMA integrity_check` plus this storage's invariants (see
   * `sqliteIntegrityCheck`). Returns the problems found (none: `[]`). Call it outside a
   * two-phase commit.
   */
  integrityCheck(): string[] {
    this.assertOpen();
    return sqliteIntegrityCheck(this.db, { lastTid: this.lastTid, nextOid: this.nextOid });
  }

  /** Checks the schema version, drops old revisions and restores the counters. */
  private recover(): void {
    const version = this.sql.getMeta.get('schema_version');
    if (version !== undefined && version !== SQLITE_SCHEMA_VERSION) {
      throw new ZoaError(`${this.path}: unsupported schema version ${version}`);
    }
    this.sql.begin.run();
    try {
      if (version === undefined) this.sql.setMeta.run('schema_version', SQLITE_SCHEMA_VERSION);
      // No snapshot exists yet; after a clean close there is nothing to drop.
      if (this.sql.getMeta.get('clean_shutdown') !== 1) this.sql.pruneAll.run();
      this.sql.setMeta.run('clean_shutdown', 0);
      this.lastTid = Math.max(this.sql.getMeta.get('last_tid') ?? 0, this.sql.maxTid.get() ?? 0);
      const maxOid = this.sql.maxOid.get() ?? 0;
      this.nextOid = Math.max(this.sql.getMeta.get('next_oid') ?? 1, maxOid + 1, 1);
      this.sql.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.sql.rollback.run();
      throw error;
    }
  }

  /** Deletes the old revisions of the queued entries no snapshot older than `floor` needs. */
  private pruneReady(floor: Tid): void {
    for (const entry of this.pruneQueue.takeReady(floor)) {
      for (const oid of entry.oids) this.sql.pruneOlder.run(oid, entry.tid);
    }
  }

  /** Saves what the rows alone cannot tell (pack may delete the newest rows). */
  private saveCounters(): void {
    this.sql.setMeta.run('last_tid', this.lastTid);
    this.sql.setMeta.run('next_oid', this.nextOid);
  }

  private assertOpen(): void {
    if (this.closed) throw new ZoaError(`Storage ${this.name} is closed`);
  }
}

function toRecord(row: ObjectRow): DataRecord {
  return { oid: row.oid, serial: row.tid, className: row.class, state: row.state };
}
